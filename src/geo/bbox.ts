/**
 * Axis-aligned bounding boxes in analysis metres (EPSG:4549), as `[minX, minY, maxX, maxY]`.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

export type Bbox = [minX: number, minY: number, maxX: number, maxY: number];

/** An "inverted" box that any point extends; `isEmptyBbox` is true until then. */
export const emptyBbox = (): Bbox => [Infinity, Infinity, -Infinity, -Infinity];

export const isEmptyBbox = (b: Bbox): boolean => !(b[0] <= b[2] && b[1] <= b[3]);

/** Grows `b` in place to cover the ring and returns it. */
export function extendByRing(b: Bbox, ring: readonly Position[]): Bbox {
  for (const p of ring) {
    const x = p[0]!;
    const y = p[1]!;
    if (x < b[0]) b[0] = x;
    if (y < b[1]) b[1] = y;
    if (x > b[2]) b[2] = x;
    if (y > b[3]) b[3] = y;
  }
  return b;
}

/** Bounding box of a Polygon or MultiPolygon (holes included; they lie inside the shell anyway). */
export function geometryBbox(g: Polygon | MultiPolygon): Bbox {
  const b = emptyBbox();
  if (g.type === 'Polygon') for (const r of g.coordinates) extendByRing(b, r);
  else for (const poly of g.coordinates) for (const r of poly) extendByRing(b, r);
  return b;
}

/** True when the boxes share any point (touching counts). */
export const bboxIntersects = (a: Bbox, b: Bbox): boolean =>
  a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** True when `inner` lies inside `outer` (boundaries may touch). */
export const bboxContains = (outer: Bbox, inner: Bbox): boolean =>
  outer[0] <= inner[0] && outer[1] <= inner[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
