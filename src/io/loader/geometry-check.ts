/**
 * Structural checks on one feature's geometry as the file has it, with the safe repairs: closing an open
 * ring, dropping repeated consecutive vertices, dropping a degenerate hole. What cannot be repaired safely
 * (no geometry, not a polygon, a non-finite coordinate, an outer ring with fewer than 3 corners) makes the
 * feature unusable. Self-intersection is checked later, on the projected layer (geo/validate.ts).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { PolygonGeometry } from '../formats/types';
import type { ProblemCode } from './problems';

export type GeometryMode = 'repair' | 'skip';

export interface CheckedGeometry {
  /** The usable geometry (repaired when mode is 'repair'), or null when the feature cannot be used. */
  geometry: PolygonGeometry | null;
  /** The first unrepairable problem, when geometry is null. */
  fatal?: { code: ProblemCode; detail: string };
  /** Repairable problems found (repaired in 'repair' mode; in 'skip' mode they make the feature unusable). */
  repairs: { code: ProblemCode; detail: string }[];
}

type Ring = Position[];

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** True when the ring needs nothing: finite [x, y] pairs, no repeated neighbours, closed, ≥ 4 positions. */
function isCleanRing(ring: unknown[]): ring is Ring {
  const n = ring.length;
  if (n < 4) return false;
  let px = NaN, py = NaN;
  for (let i = 0; i < n; i++) {
    const p = ring[i] as unknown[];
    if (!Array.isArray(p)) return false;
    const x = p[0], y = p[1];
    if (!isNum(x) || !isNum(y) || (x === px && y === py)) return false;
    px = x;
    py = y;
  }
  const a = ring[0] as number[];
  return a[0] === px && a[1] === py;
}

/** Checks and repairs one ring; returns the clean ring (the same array when nothing was wrong) or the problem. */
function cleanRing(ring: unknown, where: string, r: number, repairs: CheckedGeometry['repairs']): Ring | { code: ProblemCode; detail: string } {
  if (Array.isArray(ring) && isCleanRing(ring)) return ring;
  const what = `${where}${r === 0 ? 'outer ring' : `hole ${r}`}`;
  if (!Array.isArray(ring)) return { code: 'no-geometry', detail: `${what} is not a list of positions` };
  const out: Ring = [];
  let repeated = 0;
  for (let i = 0; i < ring.length; i++) {
    const p: unknown = ring[i];
    if (!Array.isArray(p) || !isNum(p[0]) || !isNum(p[1])) {
      const shown = Array.isArray(p) ? `[${p.slice(0, 2).map((v) => String(v).slice(0, 20)).join(', ')}]` : String(p).slice(0, 20);
      return { code: 'non-finite', detail: `${what}, vertex ${i + 1}: ${shown}` };
    }
    const prev = out[out.length - 1];
    if (prev && prev[0] === p[0] && prev[1] === p[1]) {
      repeated++;
      continue;
    }
    out.push([p[0], p[1]]);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && out.length > 1 && (first[0] !== last[0] || first[1] !== last[1])) {
    repairs.push({ code: 'unclosed-ring', detail: `${what} starts at [${first[0]}, ${first[1]}] and ends at [${last[0]}, ${last[1]}]` });
    out.push([first[0]!, first[1]!]);
  }
  // A closed ring's repeated closing vertex is not a "repeated point"; anything else dropped is.
  if (repeated > 0) repairs.push({ code: 'repeated-points', detail: `${what}: ${repeated} repeated vertex(es)` });
  if (out.length < 4) return { code: 'too-few-points', detail: `${what} has ${Math.max(0, out.length - 1)} distinct corner(s)` };
  return out;
}

function cleanPolygon(rings: unknown, where: string, repairs: CheckedGeometry['repairs']): Ring[] | { code: ProblemCode; detail: string } {
  if (!Array.isArray(rings) || rings.length === 0) return { code: 'no-geometry', detail: `${where}has no rings` };
  const out: Ring[] = [];
  for (let r = 0; r < rings.length; r++) {
    const ring = cleanRing(rings[r], where, r, repairs);
    if (!Array.isArray(ring)) {
      // A hole too small to be a ring has no area: leaving it out changes nothing.
      if (r > 0 && ring.code === 'too-few-points') {
        repairs.push({ code: 'too-few-points', detail: ring.detail });
        continue;
      }
      return ring;
    }
    out.push(ring);
  }
  return out;
}

/** Checks one feature's geometry; in 'skip' mode a repairable problem makes it unusable too. */
export function checkGeometry(g: unknown, mode: GeometryMode): CheckedGeometry {
  const repairs: CheckedGeometry['repairs'] = [];
  const fatal = (code: ProblemCode, detail: string): CheckedGeometry => ({ geometry: null, fatal: { code, detail }, repairs });
  if (g === null || g === undefined || typeof g !== 'object') return fatal('no-geometry', 'no geometry');
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  let geometry: PolygonGeometry;
  if (type === 'Polygon') {
    const p = cleanPolygon(coordinates, '', repairs);
    if (!Array.isArray(p)) return fatal(p.code, p.detail);
    geometry = { type: 'Polygon', coordinates: p } satisfies Polygon;
  } else if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) return fatal('no-geometry', 'a MultiPolygon with no polygons');
    const polys: Ring[][] = [];
    for (let i = 0; i < coordinates.length; i++) {
      const p = cleanPolygon(coordinates[i], coordinates.length > 1 ? `polygon ${i + 1}, ` : '', repairs);
      if (!Array.isArray(p)) return fatal(p.code, p.detail);
      polys.push(p);
    }
    geometry = polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : ({ type: 'MultiPolygon', coordinates: polys } satisfies MultiPolygon);
  } else {
    return fatal('not-polygon', `a ${typeof type === 'string' ? type : 'geometry of unknown type'}`);
  }
  if (mode === 'skip' && repairs.length > 0) return { geometry: null, fatal: repairs[0], repairs };
  return { geometry, repairs };
}
