/**
 * Structural checks on a polygon geometry as it comes out of a file, before anything else reads it:
 * the right type, arrays of finite [x, y] numbers, closed rings of at least four positions.
 * Returns the problem as text (no throwing); null when the geometry is usable.
 */
import type { PolygonGeometry } from './types';

export function polygonProblem(g: unknown): string | null {
  if (g === null || g === undefined) return 'has no geometry';
  if (typeof g !== 'object') return 'has a geometry that is not an object';
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  if (type === 'Polygon') return polygonRingsProblem(coordinates, '');
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) return 'is a MultiPolygon with no polygons';
    for (let i = 0; i < coordinates.length; i++) {
      const p = polygonRingsProblem(coordinates[i], `polygon ${i + 1}, `);
      if (p) return p;
    }
    return null;
  }
  return `is a ${typeof type === 'string' ? type : 'geometry of unknown type'}, but this layer takes polygons only (Polygon or MultiPolygon)`;
}

function polygonRingsProblem(rings: unknown, where: string): string | null {
  if (!Array.isArray(rings) || rings.length === 0) return `has a polygon with no rings (${where}coordinates)`;
  for (let r = 0; r < rings.length; r++) {
    const ring: unknown = rings[r];
    const name = `${where}${r === 0 ? 'outer ring' : `hole ${r}`}`;
    const aName = /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
    if (!Array.isArray(ring)) return `has ${aName} that is not a list of positions`;
    for (let i = 0; i < ring.length; i++) {
      const p: unknown = ring[i];
      if (!Array.isArray(p) || p.length < 2) return `has ${aName} whose vertex ${i + 1} is not an [x, y] pair`;
      if (typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
        return `has ${aName} whose vertex ${i + 1} is not a finite number ([${p.slice(0, 2).map((v) => String(v).slice(0, 30)).join(', ')}])`;
      }
    }
    if (ring.length < 4) return `has ${aName} with ${ring.length} positions; a ring needs at least 4 (3 corners and the first repeated)`;
    const first = ring[0] as number[];
    const last = ring[ring.length - 1] as number[];
    if (first[0] !== last[0] || first[1] !== last[1]) {
      return `has ${aName} that is not closed: it starts at [${first[0]}, ${first[1]}] and ends at [${last[0]}, ${last[1]}]`;
    }
  }
  return null;
}

export const isPolygonGeometry = (g: unknown): g is PolygonGeometry => polygonProblem(g) === null;
