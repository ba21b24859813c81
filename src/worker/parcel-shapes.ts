/**
 * The parcels as the worker's pictures and veils draw them (veil-raster.ts): every parcel's rings in
 * lon/lat, straight from the arrays the tiles are indexed from, with a box per parcel and a spatial index
 * over the boxes. A picture tile is drawn from these, not from geojson-vt's cut: cutting one tile at
 * zoom 10 made geojson-vt keep every ancestor tile's simplified copy of the parcels (z8–z10: 155k copies
 * at 100k parcels, +75 MB of small objects for the garbage collector, measured), and its simplification
 * leaves out the rings it finds too small at low zoom (at z9, half of the 100k parcels).
 */
import Flatbush from 'flatbush';
import type { Feature, Geometry } from 'geojson';
import type { FlatPolygons } from '../geo/flat-polygons';
import { endRing, firstRing, packPolygons, ringStart, signedArea, type PackedPolygons } from '../geo/packed';
import { flatFeatureRings, type FlatFeatureRings } from './tiles-flat';

export interface ParcelShapes {
  /** Parcels, fid 0 … count − 1. */
  count: number;
  /** Vertices, [lon, lat] pairs. */
  xy: Float64Array;
  /** Parcel fid's rings [start, end) of vertices in `xy` (a shell, then its holes; a part per shell). */
  ringsOf: (fid: number) => FlatFeatureRings;
  /** [w, s, e, n] at fid × 4 (w > e: a parcel with no vertex). */
  boxes: Float64Array;
}

/** Shapes from display polygons in flat arrays; `index[fid]` is the parcel's feature there (-1: none). */
export function shapesOfFlat(flat: FlatPolygons, index: Int32Array, boxes: Float64Array): ParcelShapes {
  return {
    count: index.length,
    xy: flat.xy,
    boxes,
    ringsOf: (fid) => {
      const i = index[fid] ?? -1;
      return i >= 0 && i < flat.count ? flatFeatureRings(flat, i) : () => undefined;
    },
  };
}

/** Shapes from packed polygons whose vertices `lonLat` holds (the packing's `xy`, projected). */
export function shapesOfPacked(p: PackedPolygons, lonLat: Float64Array, boxes: Float64Array): ParcelShapes {
  return { count: p.count, xy: lonLat, boxes, ringsOf: (f) => packedRings(p, f) };
}

/** Shapes from display features (lon/lat GeoJSON, feature i = fid i). */
export function shapesOfFeatures(features: readonly Feature<Geometry, unknown>[]): ParcelShapes {
  const p = packPolygons(features.map((f) => (f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon' ? f.geometry : null)));
  const boxes = new Float64Array(4 * p.count);
  packedBoxesInto(p, p.xy, boxes);
  return shapesOfPacked(p, p.xy, boxes);
}

/** Feature f's rings of 3 vertices or more: a shell (or a first ring) starts a part, a hole joins the one before. */
export const packedRings = (p: PackedPolygons, f: number): FlatFeatureRings => (visit) => {
  let parts = 0;
  for (let r = firstRing(p, f); r < endRing(p, f); r++) {
    const v0 = ringStart(p, r), v1 = p.ringEnd[r]!;
    if (v1 - v0 < 3) continue;
    const shell = parts === 0 || signedArea(p.xy, v0, v1) >= 0;
    if (shell) parts++;
    visit(v0, v1, shell);
  }
};

/** Each feature's box ([w, s, e, n] at f × 4) over `lonLat`, `p.xy` projected; a feature with no rings gets +∞, +∞, −∞, −∞. */
export function packedBoxesInto(p: PackedPolygons, lonLat: Float64Array, out: Float64Array): void {
  for (let f = 0; f < p.count; f++) {
    let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
    const r0 = firstRing(p, f), r1 = endRing(p, f);
    const v1 = r1 > r0 ? p.ringEnd[r1 - 1]! : 0;
    for (let v = r1 > r0 ? ringStart(p, r0) : 0; v < v1; v++) {
      const x = lonLat[2 * v]!, y = lonLat[2 * v + 1]!;
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
    out[4 * f] = w;
    out[4 * f + 1] = s;
    out[4 * f + 2] = e;
    out[4 * f + 3] = n;
  }
}

/** A spatial index over the parcels that have a box, and the fid of each of its items. */
interface BoxIndex {
  tree: Flatbush;
  fids: Int32Array;
}

const indexes = new WeakMap<ParcelShapes, BoxIndex | null>();

/** The fids, ascending, of parcels whose box meets [w, e] × [s, n] (lon/lat); a parcel with no vertex never does. */
export function parcelsInBox(shapes: ParcelShapes, w: number, s: number, e: number, n: number): number[] {
  let index = indexes.get(shapes);
  if (index === undefined) {
    const { boxes, count } = shapes;
    const real: number[] = [];
    for (let f = 0; f < count; f++) if (boxes[4 * f]! <= boxes[4 * f + 2]!) real.push(f);
    index = null;
    if (real.length > 0) {
      const tree = new Flatbush(real.length);
      for (const f of real) tree.add(boxes[4 * f]!, boxes[4 * f + 1]!, boxes[4 * f + 2]!, boxes[4 * f + 3]!);
      tree.finish();
      index = { tree, fids: Int32Array.from(real) };
    }
    indexes.set(shapes, index);
  }
  if (!index) return [];
  const { fids } = index;
  return index.tree.search(w, s, e, n).map((i) => fids[i]!).sort((a, b) => a - b);
}
