/**
 * geojson-vt's index of polygons given as flat lon/lat arrays, without making their GeoJSON first. At 100k
 * parcels the GeoJSON (millions of small arrays) cost more to make and to collect than geojson-vt's own
 * conversion. The features are built exactly as geojson-vt 5's `convert` builds them from that GeoJSON
 * (src/convert.js `writeLine`, src/feature.js `createFeature`, src/simplify.js): projected and quantised to
 * its Int32 storage, rings wound outer-positive, Douglas-Peucker weights in the z slot. tiles-flat.test.ts
 * holds every tile to the GeoJSON path's, so a geojson-vt upgrade that changes its internals fails there.
 */
import GeoJSONVT from 'geojson-vt';
import type { Options } from 'geojson-vt';
import { flatStart, type FlatPolygons } from '../geo/flat-polygons';

/** Rings as flat arrays: vertex v at xy[2v], xy[2v + 1]; a ring's vertices are [start, end). */
export interface FlatRings {
  xy: Float64Array;
  /** Whether a ring's last vertex repeats its first (else the writer closes it, as GeoJSON would). */
  closed: boolean;
}

/** One feature: its polygons, each a list of rings [start, end) (the first the shell, the rest holes). */
export type FlatFeatureRings = (rings: (start: number, end: number, shell: boolean) => void) => void;

/** Feature i's rings in `flat`: each part's shell, then its holes. */
export const flatFeatureRings = (flat: FlatPolygons, i: number): FlatFeatureRings => (visit) => {
  for (let p = flatStart(flat.featureEnd, i); p < flat.featureEnd[i]!; p++) {
    const q0 = flatStart(flat.partEnd, p);
    for (let q = q0; q < flat.partEnd[p]!; q++) visit(flatStart(flat.ringEnd, q), flat.ringEnd[q]!, q === q0);
  }
};

const KEEP_Z = 0x7fffffff;
const POLYGON = 3;

/** geojson-vt's internal feature (src/internal.d.ts). */
interface VtFeature {
  id: number;
  type: number;
  geometry: Int32Array;
  tags: null;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** What GeoJSONVT sets on its options (src/index.js): the Int32 storage's scale and origin. */
interface StorageOptions extends Options {
  useInt32: boolean;
  worldScale: number;
  originShift: number;
  maxZoom: number;
  extent: number;
  tolerance: number;
  buffer: number;
}

const projectX = (x: number, S: number, O: number): number => (x / 360 + 0.5 - O) * S;
function projectY(y: number, S: number, O: number): number {
  const sin = Math.sin((y * Math.PI) / 180);
  const y2 = 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
  const yc = y2 < 0 ? 0 : y2 > 1 ? 1 : y2;
  return (yc - O) * S;
}

function sqSegDist(px: number, py: number, x: number, y: number, bx: number, by: number): number {
  let dx = bx - x;
  let dy = by - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = bx;
      y = by;
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}

/** geojson-vt's simplify (src/simplify.js) on coords [first, last] of `c` (x, y, z triples). */
function simplify(c: Int32Array, first: number, last: number, sqTolerance: number): void {
  let maxSqDist = sqTolerance;
  const mid = first + ((last - first) >> 1);
  let minPosToMid = last - first;
  let index = -1;
  const ax = c[first]!, ay = c[first + 1]!, bx = c[last]!, by = c[last + 1]!;
  for (let i = first + 3; i < last; i += 3) {
    const d = sqSegDist(c[i]!, c[i + 1]!, ax, ay, bx, by);
    if (d > maxSqDist) {
      index = i;
      maxSqDist = d;
    } else if (d === maxSqDist) {
      const posToMid = Math.abs(i - mid);
      if (posToMid < minPosToMid) {
        index = i;
        minPosToMid = posToMid;
      }
    }
  }
  if (maxSqDist > sqTolerance) {
    if (index - first > 3) simplify(c, first, index, sqTolerance);
    c[index + 2] = Math.min(Math.sqrt(maxSqDist), KEEP_Z);
    if (last - index > 3) simplify(c, index, last, sqTolerance);
  }
}

/** Thrown when a coordinate leaves the Int32 storage (geojson-vt would then store that feature in doubles). */
class StorageOverflow extends Error {}

/**
 * Writes ring [start, end) of `xy` (closed by its first vertex when `close`) at `idx` as geojson-vt's
 * `writeLine` does for a polygon ring; returns the next position.
 */
function writeRing(out: Int32Array, idx: number, xy: Float64Array, start: number, end: number, close: boolean, shell: boolean, sqTolerance: number, S: number, O: number): number {
  const n = end > start ? end - start + (close ? 1 : 0) : 0;
  if (n === 0) return idx;
  const headerIdx = idx;
  idx += 2;
  const coords0 = idx;
  let x0 = 0, y0 = 0, size = 0;
  for (let j = 0; j < n; j++) {
    const v = j === end - start ? start : start + j;
    const x = Math.floor(projectX(xy[2 * v]!, S, O) + 0.5);
    const y = Math.floor(projectY(xy[2 * v + 1]!, S, O) + 0.5);
    if (Math.abs(x) >= 0x80000000) throw new StorageOverflow();
    out[idx] = x;
    out[idx + 1] = y;
    idx += 3;
    if (j > 0) size += (x0 * y - x * y0) / 2;
    x0 = x;
    y0 = y;
  }
  const coordsEnd = idx;
  if ((shell && size < 0) || (!shell && size >= 0)) {
    const nCoords = coordsEnd - coords0;
    for (let k = 0; k < nCoords / 2; k += 3) {
      const i = coords0 + k, j = coordsEnd - 3 - k;
      const x = out[i]!, y = out[i + 1]!, z = out[i + 2]!;
      out[i] = out[j]!;
      out[i + 1] = out[j + 1]!;
      out[i + 2] = out[j + 2]!;
      out[j] = x;
      out[j + 1] = y;
      out[j + 2] = z;
    }
    size = -size;
  }
  const lastIdx = coordsEnd - 3;
  out[coords0 + 2] = KEEP_Z;
  simplify(out, coords0, lastIdx, sqTolerance);
  out[lastIdx + 2] = KEEP_Z;
  out[headerIdx] = (coordsEnd - coords0) / 3;
  out[headerIdx + 1] = Math.sign(size) * Math.sqrt(Math.abs(size));
  return idx;
}

/** geojson-vt's `createFeature` for a polygon: the box of its outer rings. */
function vtFeature(id: number, geometry: Int32Array): VtFeature {
  const f: VtFeature = { id, type: POLYGON, geometry, tags: null, minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (let i = 0; i < geometry.length;) {
    const coordsEnd = i + 2 + geometry[i]! * 3;
    if (geometry[i + 1]! >= 0) {
      for (let k = i + 2; k < coordsEnd; k += 3) {
        const x = geometry[k]!, y = geometry[k + 1]!;
        if (x < f.minX) f.minX = x;
        if (x > f.maxX) f.maxX = x;
        if (y < f.minY) f.minY = y;
        if (y > f.maxY) f.maxY = y;
      }
    }
    i = coordsEnd;
  }
  return f;
}

/**
 * The index geojson-vt would make of `count` polygon features (`generateId`: feature i has id i) whose
 * rings `ringsOf(i)` lists in `source`; null when geojson-vt would treat them differently (a coordinate
 * outside its Int32 storage, a feature at the antimeridian) or there is no ring at all: the caller then
 * gives geojson-vt their GeoJSON. A feature with no vertex is left out (geojson-vt keeps an empty
 * Polygon as a feature with no rings, which no tile shows).
 */
export function flatIndex(count: number, source: FlatRings, ringsOf: (i: number) => FlatFeatureRings, options: Options): GeoJSONVT | null {
  const index = new GeoJSONVT({ type: 'FeatureCollection', features: [] }, options);
  const o = index.options as StorageOptions;
  if (!o.useInt32) return null;
  const S = o.worldScale, O = o.originShift;
  const tolerance = (o.tolerance * S) / ((1 << o.maxZoom) * o.extent);
  const sqTolerance = tolerance * tolerance;
  const close = !source.closed;
  const features: VtFeature[] = [];
  for (let i = 0; i < count; i++) {
    const rings = ringsOf(i);
    // Sized first, as geojson-vt sizes its buffer: 2 + 3 per vertex for each non-empty ring.
    let total = 0;
    rings((start, end) => {
      if (end > start) total += 2 + 3 * (end - start + (close ? 1 : 0));
    });
    if (total === 0) continue;
    const geometry = new Int32Array(total);
    let idx = 0;
    try {
      rings((start, end, shell) => {
        idx = writeRing(geometry, idx, source.xy, start, end, close, shell, sqTolerance, S, O);
      });
    } catch (e) {
      if (e instanceof StorageOverflow) return null;
      throw e;
    }
    features.push(vtFeature(i, geometry));
  }
  // What GeoJSONVT's constructor does after its conversion. Its `wrap` keeps features as they are unless one
  // comes within a tile buffer of the antimeridian; such data is left to geojson-vt itself.
  const buf = (o.buffer * S) / o.extent;
  if (features.length === 0 || features.some((f) => f.minX < -O * S + buf || f.maxX >= (1 - O) * S - buf)) return null;
  (index as unknown as { splitTile(f: VtFeature[], z: number, x: number, y: number): void }).splitTile(features, 0, 0, 0);
  return index;
}
