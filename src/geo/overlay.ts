/**
 * The geometry overlay: for every parcel, its planar area, building footprint (union of the buildings
 * clipped to it), block-line overlap per tier, park and town. All in EPSG:4549 metres.
 *
 * Speed comes from not clipping what need not be clipped: a flatbush prefilter finds candidate
 * buildings; a building wholly inside the parcel (no boundary contact, one vertex inside) whose box
 * overlaps no other candidate's adds its own shoelace area; only boundary-crossing or overlapping
 * footprints go through clipper2. Large layers are tiled (zone-layer.ts) so a parcel meets only a few
 * dozen of their vertices. All geometry is packed in typed arrays (packed.ts).
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { BlocklineLevel, ParcelGeoFacts } from '../domain/facts';
import { squareMetres, type SquareMetres } from '../domain/units';
import { planarArea } from './area';
import { intersectionArea } from './clip';
import { areaInsideConvex, convexRing, relateToConvex } from './convex';
import { packPolygons, type PackedPolygons } from './packed';
import { relate } from './predicates';
import { buildSpatialIndexFromBoxes, type SpatialIndex } from './spatial-index';
import { validatePacked } from './validate';
import { buildZoneLayer, overlapByGroup, type ZoneLayer } from './zone-layer';

type Polygonal = Polygon | MultiPolygon;

export interface OverlayInput {
  parcels: readonly Polygonal[];
  /** GeoJSON, or already packed (`packPolygons`) — a worker can keep 300 000 footprints packed in
   *  transferable buffers instead of as millions of small arrays the garbage collector must walk. */
  buildings?: readonly Polygonal[] | PackedPolygons;
  blocklines?: readonly { geometry: Polygonal; level: BlocklineLevel }[];
  parks?: readonly { geometry: Polygonal; name: string }[];
  towns?: readonly { geometry: Polygonal; name: string }[];
}

/**
 * A parcel belongs to the park holding the largest share of it, provided that share is at least half
 * of the parcel's area; a parcel straddling two parks half-and-half, or mostly outside, gets null.
 * A parcel wholly inside two nested parks (a 小微园 inside an 开发区) goes to the one listed first.
 */
export const PARK_MIN_SHARE = 0.5;

/** Below this (m²) an overlap is treated as a mere touch: 1 cm². */
const NEGLIGIBLE_M2 = 1e-4;

const LEVELS: readonly BlocklineLevel[] = ['一级', '二级'];

const isPacked = (x: readonly Polygonal[] | PackedPolygons): x is PackedPolygons => 'xy' in x;

interface Buildings { packed: PackedPolygons; index: SpatialIndex }

/** Below this (m²) two footprints count as merely touching (shared walls). */
const TOUCH_OVERLAP_M2 = 1e-6;

/**
 * Whether buildings i and j may share area: their boxes overlap and, when both are convex (nearly all
 * footprints), their exact convex intersection is more than a touch. Rotated rectangles side by side
 * have overlapping boxes but no common area — they must not be sent to clipper as a cluster.
 */
function mayOverlap(p: PackedPolygons, i: number, j: number): boolean {
  const box = p.box;
  if (!(box[4 * i]! < box[4 * j + 2]! && box[4 * j]! < box[4 * i + 2]! && box[4 * i + 1]! < box[4 * j + 3]! && box[4 * j + 1]! < box[4 * i + 3]!)) return false;
  const cj = convexRing(p, j);
  if (cj < 0 || convexRing(p, i) < 0) return true;
  return Math.abs(areaInsideConvex(p, i, p, cj)) > TOUCH_OVERLAP_M2;
}

/**
 * Union of building footprints clipped to parcel f, in m². Candidates are grouped into clusters of
 * overlapping boxes; per cluster, cheapest exact method first:
 * - one building wholly inside: its own area;
 * - one convex building crossing the parcel edge: the parcel clipped to it (Sutherland–Hodgman);
 * - two convex buildings wholly inside: A + B − |A ∩ B|;
 * - anything else: clipper2 union ∩ parcel.
 */
function footprintArea(parcels: PackedPolygons, f: number, b: Buildings): number {
  const pb = parcels.box;
  const hits = b.index.searchXY(pb[4 * f]!, pb[4 * f + 1]!, pb[4 * f + 2]!, pb[4 * f + 3]!);
  // Keep the candidates that are not wholly outside; inside[k] says whether k is wholly inside.
  let n = 0;
  const inside: boolean[] = [];
  const convex = convexRing(parcels, f); // most parcels: then half-plane tests decide most buildings
  for (const i of hits) {
    const rel = (convex >= 0 ? relateToConvex(parcels, convex, b.packed, i) : null) ?? relate(parcels, f, b.packed, i);
    if (rel === 'outside') continue;
    hits[n++] = i;
    inside.push(rel === 'inside');
  }
  const areas = b.packed.area;
  if (n === 1 && inside[0]) return areas[hits[0]!]!;
  const cluster = new Int32Array(n).fill(-1);
  let area = 0;
  for (let s = 0; s < n; s++) {
    if (cluster[s] !== -1) continue;
    // Flood the cluster of s (candidates are few: quadratic is fine).
    const members = [s];
    cluster[s] = s;
    for (let m = 0; m < members.length; m++) {
      for (let t = 0; t < n; t++) {
        if (cluster[t] === -1 && mayOverlap(b.packed, hits[members[m]!]!, hits[t]!)) { cluster[t] = s; members.push(t); }
      }
    }
    const first = hits[s]!;
    if (members.length === 1) {
      if (inside[s]) { area += areas[first]!; continue; }
      const cr = convexRing(b.packed, first);
      area += cr >= 0 ? areaInsideConvex(parcels, f, b.packed, cr) : intersectionArea(b.packed, [first], parcels, f);
      continue;
    }
    if (members.length === 2 && inside[members[0]!] && inside[members[1]!]) {
      const second = hits[members[1]!]!;
      const cr = convexRing(b.packed, second);
      if (cr >= 0 && convexRing(b.packed, first) >= 0) {
        area += areas[first]! + areas[second]! - areaInsideConvex(b.packed, first, b.packed, cr);
        continue;
      }
    }
    area += intersectionArea(b.packed, members.map((k) => hits[k]!), parcels, f);
  }
  return area;
}

/** Overlaps closer than this (m²) are a tie, which goes to the feature listed first in its layer. */
export const OVERLAP_TIE_M2 = 0.01;

/** Index of the largest overlap, if it exceeds a touch and reaches `minShare` of the parcel area; else -1. */
function dominantGroup(overlaps: Float64Array, parcelArea: number, minShare: number): number {
  let best = -1;
  for (let g = 0; g < overlaps.length; g++) if (best < 0 || overlaps[g]! > overlaps[best]! + OVERLAP_TIE_M2) best = g;
  if (best < 0) return -1;
  const a = overlaps[best]!;
  return a > NEGLIGIBLE_M2 && a >= minShare * parcelArea ? best : -1;
}

/** A layer whose groups are feature names (same-name features are unioned). */
function namedLayer(features: readonly { geometry: Polygonal; name: string }[]): { layer: ZoneLayer; names: string[] } {
  const names: string[] = [];
  const groupOf = new Map<string, number>();
  const zf = features.map((f) => {
    let g = groupOf.get(f.name);
    if (g === undefined) { g = names.length; names.push(f.name); groupOf.set(f.name, g); }
    return { geometry: f.geometry, group: g };
  });
  return { layer: buildZoneLayer(zf, names.length), names };
}

/**
 * Computes the geometry facts for every parcel (same order as `input.parcels`). An absent layer gives
 * `null` in its field (park: `undefined`). A parcel whose geometry is invalid, or whose overlay throws,
 * gets `geometryError` and unknown overlay fields (as if no layer were loaded); its area is the
 * shoelace area when finite, else 0. The other parcels are unaffected.
 */
export function computeGeoFacts(input: OverlayInput): ParcelGeoFacts[] {
  const parcels = packPolygons(input.parcels);
  let buildings: Buildings | null = null;
  if (input.buildings) {
    // Broken footprints are packed empty and match nothing.
    const packed = isPacked(input.buildings) ? input.buildings : packPolygons(input.buildings);
    buildings = { packed, index: buildSpatialIndexFromBoxes(packed.box) };
  }
  const blocklines = input.blocklines
    ? buildZoneLayer(input.blocklines.map((b) => ({ geometry: b.geometry, group: LEVELS.indexOf(b.level) })), LEVELS.length)
    : null;
  const parks = input.parks ? namedLayer(input.parks) : null;
  const towns = input.towns ? namedLayer(input.towns) : null;
  const blOut = new Float64Array(LEVELS.length);
  const parkOut = new Float64Array(parks?.names.length ?? 0);
  const townOut = new Float64Array(towns?.names.length ?? 0);

  return input.parcels.map((g, f): ParcelGeoFacts => {
    const problem = validatePacked(parcels, f);
    if (problem) return brokenParcel(g, problem);
    try {
      const area: number = planarArea(g);
      let blocklineOverlapM2: Record<BlocklineLevel, SquareMetres> | null = null;
      if (blocklines) {
        overlapByGroup(blocklines, parcels, f, area, blOut);
        blocklineOverlapM2 = { 一级: squareMetres(blOut[0]!), 二级: squareMetres(blOut[1]!) };
      }
      let park: string | null | undefined;
      if (parks) {
        const g = dominantGroup(overlapByGroup(parks.layer, parcels, f, area, parkOut), area, PARK_MIN_SHARE);
        park = g < 0 ? null : parks.names[g]!;
      }
      let townFromLayer: string | null = null;
      if (towns) {
        const g = dominantGroup(overlapByGroup(towns.layer, parcels, f, area, townOut), area, 0);
        townFromLayer = g < 0 ? null : towns.names[g]!;
      }
      return {
        areaM2: squareMetres(area),
        footprintM2: buildings ? squareMetres(footprintArea(parcels, f, buildings)) : null,
        blocklineOverlapM2,
        park,
        townFromLayer,
      };
    } catch (e) {
      return brokenParcel(g, `overlay failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}

function brokenParcel(g: Polygonal, geometryError: string): ParcelGeoFacts {
  let area: number;
  try {
    area = planarArea(g);
  } catch {
    area = 0; // not even readable as rings
  }
  return {
    areaM2: squareMetres(Number.isFinite(area) ? area : 0),
    footprintM2: null,
    blocklineOverlapM2: null,
    park: undefined,
    townFromLayer: null,
    geometryError,
  };
}
