/**
 * Static bbox index over polygons (flatbush). Item i of the index is the i-th box given. The index
 * lives in one ArrayBuffer (`data`), so it can be transferred to or from a worker and rebuilt there
 * with `spatialIndexFromData` without re-indexing.
 */
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon } from 'geojson';
import { geometryBbox, isEmptyBbox, type Bbox } from './bbox';

export interface SpatialIndex {
  readonly size: number;
  /** Indices of the items whose box intersects `b` (touching counts), in no particular order. */
  search(b: Bbox): number[];
  /** Same as `search`, without a box array (for hot loops). */
  searchXY(minX: number, minY: number, maxX: number, maxY: number): number[];
  /** The transferable buffer (null for an empty index, which flatbush cannot represent). */
  readonly data: ArrayBufferLike | null;
}

const EMPTY: SpatialIndex = { size: 0, search: () => [], searchXY: () => [], data: null };

function wrap(fb: Flatbush): SpatialIndex {
  return {
    size: fb.numItems,
    search: (b) => fb.search(b[0], b[1], b[2], b[3]),
    searchXY: (minX, minY, maxX, maxY) => fb.search(minX, minY, maxX, maxY),
    data: fb.data,
  };
}

/** Indexes boxes; an empty box (from an empty geometry) is parked at +∞ where no finite search reaches it. */
export function buildSpatialIndex(boxes: readonly Bbox[]): SpatialIndex {
  if (boxes.length === 0) return EMPTY;
  const fb = new Flatbush(boxes.length);
  for (const b of boxes) {
    if (isEmptyBbox(b)) fb.add(Infinity, Infinity, Infinity, Infinity);
    else fb.add(b[0], b[1], b[2], b[3]);
  }
  fb.finish();
  return wrap(fb);
}

/** Indexes packed boxes (4 numbers per item, as in `PackedPolygons.box`); +∞ boxes are never matched. */
export function buildSpatialIndexFromBoxes(box: Float64Array): SpatialIndex {
  const n = box.length >> 2;
  if (n === 0) return EMPTY;
  const fb = new Flatbush(n);
  for (let i = 0; i < n; i++) {
    const minX = box[4 * i]!;
    if (minX === Infinity) fb.add(Infinity, Infinity, Infinity, Infinity);
    else fb.add(minX, box[4 * i + 1]!, box[4 * i + 2]!, box[4 * i + 3]!);
  }
  fb.finish();
  return wrap(fb);
}

/** Indexes the bounding boxes of polygons; item i is geometry i. */
export const indexGeometries = (geoms: readonly (Polygon | MultiPolygon)[]): SpatialIndex =>
  buildSpatialIndex(geoms.map(geometryBbox));

/** Rebuilds an index from `SpatialIndex.data` (e.g. after a worker transfer); no re-sorting. */
export function spatialIndexFromData(data: ArrayBufferLike | null): SpatialIndex {
  return data ? wrap(Flatbush.from(data)) : EMPTY;
}
