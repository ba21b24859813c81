/**
 * Axis-aligned bounding boxes as `[minX, minY, maxX, maxY]`, in the coordinates given (analysis metres,
 * EPSG:4549, for the engine; lon/lat for the display).
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

/** geometryBbox written into `out` at `o` (minX, minY, maxX, maxY; empty: +∞, +∞, −∞, −∞), with no array per call (a box per parcel at load). */
export function geometryBboxInto(g: Polygon | MultiPolygon, out: Float64Array, o: number): void {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (let p = 0; p < polygons.length; p++) {
    const rings = polygons[p]!;
    for (let r = 0; r < rings.length; r++) {
      const ring = rings[r]!;
      for (let i = 0; i < ring.length; i++) {
        const x = ring[i]![0]!, y = ring[i]![1]!;
        if (x < x0) x0 = x;
        if (y < y0) y0 = y;
        if (x > x1) x1 = x;
        if (y > y1) y1 = y;
      }
    }
  }
  out[o] = x0;
  out[o + 1] = y0;
  out[o + 2] = x1;
  out[o + 3] = y1;
}

/** True when the boxes share any point (touching counts). */
export const bboxIntersects = (a: Bbox, b: Bbox): boolean =>
  a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** True when `inner` lies inside `outer` (boundaries may touch). */
export const bboxContains = (outer: Bbox, inner: Bbox): boolean =>
  outer[0] <= inner[0] && outer[1] <= inner[1] && inner[2] <= outer[2] && inner[3] <= outer[3];

/** Interleaves the low 16 bits of x and y (x in the even bits): a Morton code. */
function morton(x: number, y: number): number {
  const spread = (v: number): number => {
    v = (v | (v << 8)) & 0x00ff00ff;
    v = (v | (v << 4)) & 0x0f0f0f0f;
    v = (v | (v << 2)) & 0x33333333;
    return (v | (v << 1)) & 0x55555555;
  };
  return (spread(x) | (spread(y) << 1)) >>> 0;
}

/**
 * The item indices of packed boxes (4 numbers per item) sorted along a Z-order curve of their centres
 * on a 65 536² grid over their extent: consecutive items are mostly neighbours in space. Empty
 * (+∞) boxes come last. Every index appears once.
 */
export function zOrder(box: Float64Array): Int32Array {
  const n = box.length >> 2;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const cx = (box[4 * i]! + box[4 * i + 2]!) / 2, cy = (box[4 * i + 1]! + box[4 * i + 3]!) / 2;
    if (!Number.isFinite(cx) || !Number.isFinite(cy)) continue;
    if (cx < minX) minX = cx;
    if (cx > maxX) maxX = cx;
    if (cy < minY) minY = cy;
    if (cy > maxY) maxY = cy;
  }
  const sx = 65535 / Math.max(maxX - minX, 1e-9), sy = 65535 / Math.max(maxY - minY, 1e-9);
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const cx = (box[4 * i]! + box[4 * i + 2]!) / 2, cy = (box[4 * i + 1]! + box[4 * i + 3]!) / 2;
    key[i] = Number.isFinite(cx) && Number.isFinite(cy) ? morton(Math.round((cx - minX) * sx), Math.round((cy - minY) * sy)) : Infinity;
  }
  return Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => key[a]! - key[b]! || a - b);
}
