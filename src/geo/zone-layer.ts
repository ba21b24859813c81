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
import { relate } from './predicates';
import { flatRingSignedArea, shapeFromRings, toShape, type Shape } from './shape';
import { buildSpatialIndex, type SpatialIndex } from './spatial-index';

const MAX_TILE_VERTICES = 48;
const MIN_TILE_SIZE_M = 8;

interface Tile { box: Bbox; group: number; piece: Shape }

export interface ZoneLayer {
  readonly groupCount: number;
  readonly tiles: readonly Tile[];
  readonly index: SpatialIndex;
}

export interface ZoneFeature { geometry: Polygon | MultiPolygon; group: number }

function vertexCount(rings: readonly Float64Array[]): number {
  let n = 0;
  for (const r of rings) n += r.length / 2;
  return n;
}

function splitIntoTiles(rings: Float64Array[], box: Bbox, group: number, out: Tile[]): void {
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  if (vertexCount(rings) <= MAX_TILE_VERTICES || Math.max(w, h) < MIN_TILE_SIZE_M) {
    out.push({ box, group, piece: shapeFromRings(rings) });
    return;
  }
  const mx = box[0] + w / 2;
  const my = box[1] + h / 2;
  const quads: Bbox[] = [[box[0], box[1], mx, my], [mx, box[1], box[2], my], [box[0], my, mx, box[3]], [mx, my, box[2], box[3]]];
  for (const q of quads) {
    const clipped: Float64Array[] = [];
    for (const r of rings) {
      const c = clipRingToRect(r, q);
      // Drop slivers of < 1 mm² (e.g. the zero-area bridges Sutherland–Hodgman leaves on the cut line).
      if (c.length >= 6 && Math.abs(flatRingSignedArea(c)) > 1e-6) clipped.push(c);
    }
    if (clipped.length > 0) splitIntoTiles(clipped, q, group, out);
  }
}

/** Prepares a layer; `groupCount` must exceed every feature's `group`. Features with empty geometry are skipped. */
export function buildZoneLayer(features: readonly ZoneFeature[], groupCount: number): ZoneLayer {
  const tiles: Tile[] = [];
  for (const f of features) {
    const s = toShape(f.geometry);
    if (s.rings.length === 0) continue;
    splitIntoTiles(s.rings, s.bbox, f.group, tiles);
  }
  return { groupCount, tiles, index: buildSpatialIndex(tiles.map((t) => t.box)) };
}

/**
 * Overlap area (m²) of `parcel` with each group of the layer; `parcelArea` is the parcel's own area,
 * returned as-is when the parcel lies wholly inside a group (no clipping).
 */
export function overlapByGroup(layer: ZoneLayer, parcel: Shape, parcelArea: number): Float64Array {
  const out = new Float64Array(layer.groupCount);
  const hits = layer.index.search(parcel.bbox);
  if (hits.length === 0) return out;
  const byGroup = new Map<number, Tile[]>();
  for (const i of hits) {
    const t = layer.tiles[i]!;
    const list = byGroup.get(t.group);
    if (list) list.push(t);
    else byGroup.set(t.group, [t]);
  }
  for (const [group, tiles] of byGroup) {
    const zone = tiles.length === 1 ? tiles[0]!.piece : shapeFromRings(tiles.flatMap((t) => t.piece.rings));
    const rel = relate(zone, parcel);
    out[group] = rel === 'inside' ? parcelArea : rel === 'outside' ? 0 : intersectionArea(zone, parcel);
  }
  return out;
}
