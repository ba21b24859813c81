/**
 * A layer of large polygons (block lines, parks, towns, a user-drawn zone) cut into quadtree tiles so
 * that testing one small parcel against it touches only a few dozen vertices. Each feature is split
 * recursively (Sutherland–Hodgman on the quadrants) until a tile holds ≤ MAX_TILE_VERTICES vertices;
 * a tile wholly inside a feature is then just its 4-corner square.
 * Features carry a `group` (a block-line tier, a park or town name): overlaps are reported per group,
 * and features of one group that overlap each other are counted once (non-zero union).
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { Bbox } from './bbox';
import { clipRingToRect, intersectionArea } from './clip';
import { areaInsideConvex, convexRing, relateToConvex } from './convex';
import { buildGridIndex, type GridIndex } from './grid-index';
import { featureRings, packFlatRings, packPolygons, signedArea, type PackedPolygons } from './packed';
import { relate } from './predicates';
import type { SpatialIndex } from './spatial-index';

const MAX_TILE_VERTICES = 48;
const MIN_TILE_SIZE_M = 8;

export interface ZoneLayer {
  readonly groupCount: number;
  /** One packed feature per tile. */
  readonly tiles: PackedPolygons;
  readonly tileGroup: Int32Array;
  /** Ring index of the tile's piece when it is one convex ring (e.g. a full square), else -1. */
  readonly tileConvexRing: Int32Array;
  /** Source feature of each tile: tiles of one feature never overlap each other. */
  readonly tileFeature: Int32Array;
  /** Over the tiles' packed boxes. */
  readonly index: GridIndex;
}

export interface ZoneFeature { geometry: Polygon | MultiPolygon; group: number }

interface Tile { box: Bbox; group: number; feature: number; rings: Float64Array[] }

const ringArea = (r: Float64Array): number => signedArea(r, 0, r.length >> 1);

function splitIntoTiles(rings: Float64Array[], box: Bbox, group: number, feature: number, out: Tile[]): void {
  let vertices = 0;
  for (const r of rings) vertices += r.length >> 1;
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  if (vertices <= MAX_TILE_VERTICES || Math.max(w, h) < MIN_TILE_SIZE_M) {
    let area = 0;
    for (const r of rings) area += ringArea(r);
    if (Math.abs(area) > 1e-6) out.push({ box, group, feature, rings }); // e.g. a tile inside a hole nets to zero
    return;
  }
  const mx = box[0] + w / 2;
  const my = box[1] + h / 2;
  const quads: Bbox[] = [[box[0], box[1], mx, my], [mx, box[1], box[2], my], [box[0], my, mx, box[3]], [mx, my, box[2], box[3]]];
  for (const q of quads) {
    const clipped: Float64Array[] = [];
    for (const r of rings) {
      const c = clipRingToRect(r, q);
      // Drop slivers under 1 mm² (e.g. the zero-area bridges Sutherland–Hodgman leaves on the cut line).
      if (c.length >= 6 && Math.abs(ringArea(c)) > 1e-6) clipped.push(c);
    }
    if (clipped.length > 0) splitIntoTiles(clipped, q, group, feature, out);
  }
}

/** Prepares a layer; `groupCount` must exceed every feature's `group`. Empty or broken features are skipped. */
export function buildZoneLayer(features: readonly ZoneFeature[], groupCount: number): ZoneLayer {
  const packed = packPolygons(features.map((f) => f.geometry));
  const tiles: Tile[] = [];
  features.forEach((feat, f) => {
    const rings = featureRings(packed, f);
    if (rings.length === 0) return;
    const b = packed.box;
    splitIntoTiles(rings, [b[4 * f]!, b[4 * f + 1]!, b[4 * f + 2]!, b[4 * f + 3]!], feat.group, f, tiles);
  });
  const packedTiles = packFlatRings(tiles.map((t) => t.rings));
  return {
    groupCount,
    tiles: packedTiles,
    tileConvexRing: Int32Array.from(tiles, (_, t) => convexRing(packedTiles, t)),
    tileGroup: Int32Array.from(tiles, (t) => t.group),
    tileFeature: Int32Array.from(tiles, (t) => t.feature),
    index: buildGridIndex(packedTiles.box),
  };
}

let settledScratch = new Uint8Array(16);

/**
 * Writes into `out` (length ≥ groupCount) the overlap area (m²) of parcel feature f of `parcels` with
 * each group. `parcelArea` is the parcel's own area, returned as-is when the parcel lies wholly inside a
 * group (no clipping). Returns `out`.
 */
export function overlapByGroup(layer: ZoneLayer, parcels: PackedPolygons, f: number, parcelArea: number, out: Float64Array): Float64Array {
  out.fill(0);
  const b = 4 * f;
  const count = layer.index.searchInto(parcels.box[b]!, parcels.box[b + 1]!, parcels.box[b + 2]!, parcels.box[b + 3]!);
  if (count === 0) return out;
  const hits = layer.index.found;
  // Relate every hit tile once; 'inside' settles its group.
  if (settledScratch.length < layer.groupCount) settledScratch = new Uint8Array(layer.groupCount);
  const settled = settledScratch;
  settled.fill(0, 0, layer.groupCount);
  let mixed: number[] | null = null;
  for (let k = 0; k < count; k++) {
    const t = hits[k]!;
    const g = layer.tileGroup[t]!;
    if (settled[g]) continue;
    const ct = layer.tileConvexRing[t]!;
    const rel = (ct >= 0 ? relateToConvex(layer.tiles, ct, parcels, f) : null) ?? relate(layer.tiles, t, parcels, f);
    if (rel === 'inside') { settled[g] = 1; out[g] = parcelArea; } else if (rel === 'mixed') (mixed ??= []).push(t);
  }
  if (!mixed) return out;
  const convex = convexRing(parcels, f);
  for (let k = 0; k < mixed.length; k++) {
    const t = mixed[k]!;
    const g = layer.tileGroup[t]!;
    if (settled[g]) continue;
    settled[g] = 1;
    const ofGroup = mixed.filter((u) => layer.tileGroup[u] === g);
    // Tiles of one feature never overlap, so their clipped areas add up; else the non-zero union.
    const oneFeature = ofGroup.every((u) => layer.tileFeature[u] === layer.tileFeature[t]);
    if (convex >= 0 && oneFeature) {
      let a = 0;
      for (const u of ofGroup) a += areaInsideConvex(layer.tiles, u, parcels, convex);
      out[g] = a;
    } else out[g] = intersectionArea(layer.tiles, ofGroup, parcels, f);
  }
  return out;
}

/**
 * Zone statistics: the exact clipped area (m²) of every parcel that shares area with `zone` (e.g. a
 * polygon the user drew), as parcel index → m². Parcels are prefiltered by `parcelIndex` (built once
 * per dataset over `parcels.box`); the zone is tiled once, so a large zone costs little per parcel.
 */
export function clippedAreas(parcels: PackedPolygons, parcelIndex: SpatialIndex, zone: Polygon | MultiPolygon): Map<number, number> {
  const layer = buildZoneLayer([{ geometry: zone, group: 0 }], 1);
  const out = new Map<number, number>();
  if (layer.tiles.count === 0) return out;
  const zb = packPolygons([zone]).box;
  const one = new Float64Array(1);
  for (const f of parcelIndex.searchXY(zb[0]!, zb[1]!, zb[2]!, zb[3]!)) {
    const a = overlapByGroup(layer, parcels, f, Math.abs(parcels.area[f]!), one)[0]!;
    if (a > 0) out.set(f, a);
  }
  return out;
}
