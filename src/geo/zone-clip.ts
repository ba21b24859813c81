/**
 * Exact clipping of parcels to a user-drawn zone, in EPSG:4549 metres. The parcels are packed and
 * indexed once per parcel layer (`prepareZoneParcels`); per edit only the zone is tiled (zone-layer.ts:
 * a small zone is one tile, a long freehand outline a few dozen), the parcels under its box are found
 * by the grid index, and each is related to the tiles: wholly inside → its own area, no clipping;
 * meeting the edge → clipped exactly (convex Sutherland–Hodgman, else clipper2).
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { intersection } from './clip';
import { buildGridIndex, type GridIndex } from './grid-index';
import { packPolygons, type PackedPolygons } from './packed';
import { buildZoneLayer, overlapByGroup, type ZoneLayer } from './zone-layer';

type Polygonal = Polygon | MultiPolygon;

/** Below this (m²) a parcel merely touches the zone: 1 cm² (as the overlay treats touches). */
export const ZONE_TOUCH_M2 = 1e-4;
/** A parcel whose clipped area is within this (m²) of its own area counts as wholly inside. */
export const ZONE_WHOLE_TOLERANCE_M2 = 1e-3;

/** The parcel layer prepared once for zone queries. */
export interface ZoneParcels {
  packed: PackedPolygons;
  /** |planar area| of each parcel, m². */
  area: Float64Array;
  index: GridIndex;
}

export function prepareZoneParcels(geoms: readonly (Polygonal | null | undefined)[]): ZoneParcels {
  const packed = packPolygons(geoms);
  const area = Float64Array.from(packed.area, Math.abs);
  return { packed, area, index: buildGridIndex(packed.box) };
}

/** The parcels sharing area with a zone: parallel arrays, wholly-inside first. */
export interface ZoneClip {
  count: number;
  whole: number;
  fids: Int32Array;
  /** Clipped area inside the zone, m² (the parcel's own area when wholly inside). */
  clippedM2: Float64Array;
  /** Parcels whose clipping threw (a geometry clipper2 could not take): left out, listed here. */
  failed: number[];
}

/** The zone (one packed feature) tiled for clipping. */
export interface PreparedZone {
  packed: PackedPolygons;
  layer: ZoneLayer;
  /** |planar area| of the zone, m². */
  area: number;
}

export function prepareZone(zone: Polygonal): PreparedZone {
  const g = zone.type === 'MultiPolygon' && partsMayOverlap(zone) ? unionOfParts(zone) : zone;
  const packed = packPolygons([g]);
  return { packed, layer: buildZoneLayer([{ geometry: g, group: 0 }], 1), area: Math.abs(packed.area[0]!) };
}

/** Whether two parts' outer boxes meet (then a part may lie inside another: geo/validate.ts does not see it). */
function partsMayOverlap(g: MultiPolygon): boolean {
  const boxes = g.coordinates.map((poly) => {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const p of poly[0] ?? []) {
      minX = Math.min(minX, p[0]!); maxX = Math.max(maxX, p[0]!);
      minY = Math.min(minY, p[1]!); maxY = Math.max(maxY, p[1]!);
    }
    return [minX, minY, maxX, maxY] as const;
  });
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!, b = boxes[j]!;
      if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) return true;
    }
  }
  return false;
}

/**
 * The union of a MultiPolygon's parts, so that a part drawn inside another counts once: the parts
 * (non-zero fill) intersected with their common box, by clipper2 (snapped to ≤ 0.1 mm for a zone under 9 km).
 */
function unionOfParts(g: MultiPolygon): MultiPolygon {
  const b = packPolygons([g]).box;
  if (!(b[0]! <= b[2]!)) return g;
  const [x0, y0, x1, y1] = [b[0]! - 1, b[1]! - 1, b[2]! + 1, b[3]! + 1];
  return intersection(g, { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
}

let candidates = new Int32Array(1024);

/** Every parcel of `parcels` sharing more than a touch of area with `zone`, with its exact clipped area. */
export function clipParcelsToZone(parcels: ZoneParcels, zone: PreparedZone): ZoneClip {
  const zb = zone.packed.box;
  if (!(zb[0]! <= zb[2]!) || zone.layer.tiles.count === 0) return { count: 0, whole: 0, fids: new Int32Array(0), clippedM2: new Float64Array(0), failed: [] };
  const n = parcels.index.searchInto(zb[0]!, zb[1]!, zb[2]!, zb[3]!);
  if (candidates.length < n) candidates = new Int32Array(2 * n);
  candidates.set(parcels.index.found.subarray(0, n));
  const wholeF: number[] = [];
  const partF: number[] = [];
  const partA: number[] = [];
  const failed: number[] = [];
  const out = new Float64Array(1);
  for (let k = 0; k < n; k++) {
    const f = candidates[k]!;
    const area = parcels.area[f]!;
    let a: number;
    try {
      a = overlapByGroup(zone.layer, parcels.packed, f, area, out)[0]!;
    } catch {
      failed.push(f); // one unclippable parcel must not cost the planner the whole zone
      continue;
    }
    if (!Number.isFinite(a)) { failed.push(f); continue; }
    if (a <= ZONE_TOUCH_M2) continue;
    if (area - a <= ZONE_WHOLE_TOLERANCE_M2) wholeF.push(f);
    else { partF.push(f); partA.push(a); }
  }
  const count = wholeF.length + partF.length;
  const fids = new Int32Array(count);
  const clippedM2 = new Float64Array(count);
  wholeF.sort((a, b) => a - b);
  for (let i = 0; i < wholeF.length; i++) { fids[i] = wholeF[i]!; clippedM2[i] = parcels.area[wholeF[i]!]!; }
  const order = partF.map((_, i) => i).sort((a, b) => partF[a]! - partF[b]!);
  for (let i = 0; i < order.length; i++) { fids[wholeF.length + i] = partF[order[i]!]!; clippedM2[wholeF.length + i] = partA[order[i]!]!; }
  return { count, whole: wholeF.length, fids, clippedM2, failed };
}

/** The zone's overlap with each group of an overlay layer (block-line tiers, parks), m². */
export function zoneOverlapByGroup(layer: ZoneLayer, zone: PreparedZone): Float64Array {
  const out = new Float64Array(layer.groupCount);
  if (zone.packed.count === 0 || !(zone.packed.box[0]! <= zone.packed.box[2]!)) return out;
  return overlapByGroup(layer, zone.packed, 0, zone.area, out);
}
