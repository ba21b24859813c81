/**
 * The geometry overlay: for every parcel, its planar area, building footprint (union of the buildings
 * clipped to it), block-line overlap per tier, park and town. All in EPSG:4549 metres.
 *
 * Speed comes from not clipping what need not be clipped: a grid prefilter (grid-index.ts) finds
 * candidate buildings; a building wholly inside the parcel (no boundary contact, one vertex inside)
 * whose box overlaps no other candidate's adds its own shoelace area; convex footprints crossing the
 * boundary, alone or in clusters of up to three, are clipped exactly by Sutherland–Hodgman (convex.ts);
 * only the rest (concave footprints, larger clusters: 627 of the 4,238 clusters clipper2 took at 100k)
 * go through clipper2. Large layers are tiled (zone-layer.ts) so a parcel meets only a few dozen of
 * their vertices. All geometry is packed in typed arrays (packed.ts); what depends
 * on one layer alone (packing, validity, indexes, tiles) is prepared once per layer object and cached,
 * and parcels are visited in Z-order so that neighbours reuse what is already in the CPU cache.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { BlocklineLevel, BlocklineOverlap, ParcelGeoFacts, ParcelLand } from '../domain/facts';
import { squareMetres } from '../domain/units';
import { planarArea } from './area';
import { zOrder } from './bbox';
import { intersectionArea } from './clip';
import { buildGridIndex, type GridIndex } from './grid-index';
import { areaInsideConvex, areaInsideConvexes, convexRing, relateToConvex } from './convex';
import { packPolygons, type PackedPolygons } from './packed';
import { relate } from './predicates';
import { validatePacked } from './validate';
import { buildZoneLayer, overlapByGroup, type ZoneLayer } from './zone-layer';

type Polygonal = Polygon | MultiPolygon;

/**
 * The layers, in EPSG:4549 metres. Each layer (array, or packed object) is treated as immutable: what
 * is derived from it is cached against its identity, so a changed layer must come as a new object.
 */
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

/** `parcels` already packed (`packPolygons`) with `validatePacked` of each, e.g. by the loader that checked them. */
export interface PackedParcelLayer {
  packed: PackedPolygons;
  problem: readonly (string | null)[];
  /** `planarArea` of each parcel (m²), when known. */
  area?: readonly number[];
}

const LEVELS: readonly BlocklineLevel[] = ['一级', '二级', '未分级'];

const isPacked = (x: readonly Polygonal[] | PackedPolygons): x is PackedPolygons => 'xy' in x;

/** A building layer prepared once: packed footprints, their index and which are convex (ring, or -1). */
interface Buildings { packed: PackedPolygons; index: GridIndex; convex: Int32Array }

/** Below this (m²) two footprints count as merely touching (shared walls). */
const TOUCH_OVERLAP_M2 = 1e-6;

/**
 * Whether buildings i and j may share area: their boxes overlap and, when both are convex (nearly all
 * footprints), their exact convex intersection is more than a touch. Rotated rectangles side by side
 * have overlapping boxes but no common area — they must not be sent to clipper as a cluster.
 */
function mayOverlap(b: Buildings, i: number, j: number): boolean {
  const box = b.packed.box;
  if (!(box[4 * i]! < box[4 * j + 2]! && box[4 * j]! < box[4 * i + 2]! && box[4 * i + 1]! < box[4 * j + 3]! && box[4 * j + 1]! < box[4 * i + 3]!)) return false;
  const cj = b.convex[j]!;
  if (cj < 0 || b.convex[i]! < 0) return true;
  return Math.abs(areaInsideConvex(b.packed, i, b.packed, cj)) > TOUCH_OVERLAP_M2;
}

/**
 * Scratch for footprintArea, reused across parcels (a parcel meets a handful of buildings, but 100 000
 * parcels × a few small arrays each kept the garbage collector busy). Grown on demand.
 */
let candidates = new Int32Array(64);
let candidateInside = new Uint8Array(64);
let clusterOf = new Int32Array(64);
let members = new Int32Array(64);
let memberIds = new Int32Array(64);

function growScratch(n: number): void {
  if (candidates.length >= n) return;
  const size = 2 * n;
  candidates = new Int32Array(size);
  candidateInside = new Uint8Array(size);
  clusterOf = new Int32Array(size);
  members = new Int32Array(size);
  memberIds = new Int32Array(size);
}

/** Up to this many convex buildings in a cluster, inclusion–exclusion (2^n − 1 convex clips) beats clipper2. */
const MAX_CONVEX_CLUSTER = 3;
const subsetRings = new Int32Array(MAX_CONVEX_CLUSTER);

/**
 * |P ∩ (B1 ∪ … ∪ Bn)| for the cluster in `members[0..size)` (each convex), by inclusion–exclusion over
 * the intersections of the buildings, each convex: Σ over non-empty subsets S of (−1)^(|S|+1) |P ∩ ⋂S|.
 * A subset with a building wholly inside P is clipped without P. null when a member is not convex.
 */
function convexUnionInside(parcels: PackedPolygons, f: number, b: Buildings, size: number): number | null {
  for (let k = 0; k < size; k++) if (b.convex[candidates[members[k]!]!]! < 0) return null;
  let union = 0;
  for (let subset = 1; subset < 1 << size; subset++) {
    // The lead: a member wholly inside P if there is one (then ⋂S lies inside P, which need not be clipped).
    let k = 0, inside = false, lead = -1, count = 0;
    for (let j = 0; j < size; j++) {
      if (!(subset & (1 << j))) continue;
      count++;
      const i = candidates[members[j]!]!;
      if (!inside && candidateInside[members[j]!]) {
        if (lead >= 0) subsetRings[k++] = b.convex[lead]!;
        lead = i;
        inside = true;
      } else if (lead < 0) lead = i;
      else subsetRings[k++] = b.convex[i]!;
    }
    let term: number;
    if (k === 0) term = inside ? b.packed.area[lead]! : areaInsideConvex(parcels, f, b.packed, b.convex[lead]!);
    else if (inside) term = areaInsideConvexes(b.packed, lead, b.packed, subsetRings, k);
    else {
      subsetRings[k++] = b.convex[lead]!;
      term = areaInsideConvexes(parcels, f, b.packed, subsetRings, k);
    }
    union += count % 2 === 1 ? term : -term;
  }
  return union;
}

/**
 * Union of building footprints clipped to parcel f, in m². Candidates are grouped into clusters of
 * overlapping boxes; per cluster, cheapest exact method first:
 * - one building wholly inside: its own area;
 * - one convex building crossing the parcel edge: the parcel clipped to it (Sutherland–Hodgman);
 * - up to MAX_CONVEX_CLUSTER convex buildings: inclusion–exclusion of convex clips (convexUnionInside);
 * - anything else: clipper2 union ∩ parcel.
 * `convex` is the parcel's convex ring, or -1.
 */
function footprintArea(parcels: PackedPolygons, f: number, convex: number, b: Buildings): number {
  const pb = parcels.box;
  const count = b.index.searchInto(pb[4 * f]!, pb[4 * f + 1]!, pb[4 * f + 2]!, pb[4 * f + 3]!);
  const hits = b.index.found;
  growScratch(count);
  // Keep the candidates that are not wholly outside; candidateInside[k]: whether k is wholly inside.
  let n = 0;
  for (let k = 0; k < count; k++) {
    const i = hits[k]!;
    const rel = (convex >= 0 ? relateToConvex(parcels, convex, b.packed, i) : null) ?? relate(parcels, f, b.packed, i);
    if (rel === 'outside') continue;
    candidateInside[n] = rel === 'inside' ? 1 : 0;
    candidates[n++] = i;
  }
  const areas = b.packed.area;
  if (n === 1 && candidateInside[0]) return areas[candidates[0]!]!;
  clusterOf.fill(-1, 0, n);
  let area = 0;
  for (let s = 0; s < n; s++) {
    if (clusterOf[s] !== -1) continue;
    // Flood the cluster of s (candidates are few: quadratic is fine).
    let size = 1;
    members[0] = s;
    clusterOf[s] = s;
    for (let m = 0; m < size; m++) {
      const bm = candidates[members[m]!]!;
      for (let t = 0; t < n; t++) {
        if (clusterOf[t] === -1 && mayOverlap(b, bm, candidates[t]!)) { clusterOf[t] = s; members[size++] = t; }
      }
    }
    const first = candidates[s]!;
    if (size === 1) {
      if (candidateInside[s]) { area += areas[first]!; continue; }
      const cr = b.convex[first]!;
      area += cr >= 0 ? areaInsideConvex(parcels, f, b.packed, cr) : intersectionArea(b.packed, [first], parcels, f);
      continue;
    }
    if (size <= MAX_CONVEX_CLUSTER) {
      const union = convexUnionInside(parcels, f, b, size);
      if (union !== null) { area += union; continue; }
    }
    for (let k = 0; k < size; k++) memberIds[k] = candidates[members[k]!]!;
    area += intersectionArea(b.packed, memberIds.subarray(0, size), parcels, f);
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
 * What the overlay derives from a layer alone (packing, validity, spatial index, tiles), cached per
 * layer object: the worker and the benchmark analyse the same loaded layers again and again with
 * other rules, and only the per-parcel overlay itself need be redone. Layers are treated as immutable —
 * a changed layer must be a new array (or a new `PackedPolygons`).
 */
const preparedParcels = new WeakMap<readonly Polygonal[], PreparedParcels>();
const preparedBuildings = new WeakMap<readonly Polygonal[] | PackedPolygons, Buildings>();
const preparedBlocklines = new WeakMap<NonNullable<OverlayInput['blocklines']>, ZoneLayer>();
const preparedNamed = new WeakMap<NonNullable<OverlayInput['parks']>, { layer: ZoneLayer; names: string[] }>();

const convexRings = (p: PackedPolygons): Int32Array => Int32Array.from({ length: p.count }, (_, f) => convexRing(p, f));

interface PreparedParcels {
  packed: PackedPolygons;
  /** The parcel's ring when it is one convex ring, else -1 (worked out when first needed). */
  convex: () => Int32Array;
  /** Planar area (m²) of every parcel (`planarArea`, or the broken-parcel fallback). */
  area: Float64Array;
  /** Why parcel f cannot be overlaid (invalid geometry), or null. */
  problem: (string | null)[];
  /** Every parcel index once, in Z-order of box centres (see `zOrder`; worked out when first needed). */
  order: () => Int32Array;
}

/** `make()` once, when first asked for. */
function once<T>(make: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= make());
}

function prepareParcels(geoms: readonly Polygonal[], pre?: PackedParcelLayer): PreparedParcels {
  const given = pre && pre.packed.count === geoms.length ? pre : undefined;
  const packed = given?.packed ?? packPolygons(geoms);
  const n = geoms.length;
  const area = new Float64Array(n);
  const problem = new Array<string | null>(n);
  for (let f = 0; f < n; f++) {
    const why = given ? given.problem[f]! : validatePacked(packed, f);
    // A geometry is read only when the packing brought no area, or for a broken parcel: it may be made on first use.
    area[f] = why ? brokenArea(geoms[f]!) : (given?.area?.[f] ?? planarArea(geoms[f]!));
    problem[f] = why;
  }
  return { packed, convex: once(() => convexRings(packed)), area, problem, order: once(() => zOrder(packed.box)) };
}

function prepareBuildings(b: readonly Polygonal[] | PackedPolygons): Buildings {
  // Broken footprints are packed empty and match nothing.
  const packed = isPacked(b) ? b : packPolygons(b);
  return { packed, index: buildGridIndex(packed.box), convex: convexRings(packed) };
}

function cached<K extends object, V>(cache: WeakMap<K, V>, key: K, build: (key: K) => V): V {
  let v = cache.get(key);
  if (v === undefined) { v = build(key); cache.set(key, v); }
  return v;
}

/**
 * The per-layer preparation (packing, validity, areas, convexity, indexes, tiles), cached per layer object.
 * `computeGeoFacts` calls it; a loader may call it once at load so the first analysis is as fast as a re-run.
 */
export function prepareOverlay(input: OverlayInput, parcelsPacked?: PackedParcelLayer) {
  const parcelsPrep = cached(preparedParcels, input.parcels, (g) => prepareParcels(g, parcelsPacked));
  // Everything, now: a loader prepares so that the first analysis is as fast as a re-run.
  parcelsPrep.convex();
  parcelsPrep.order();
  return { parcelsPrep, ...prepareOtherLayers(input) };
}

/** The layers other than the parcels, prepared (cached per layer object); null for an absent one. */
function prepareOtherLayers(input: OverlayInput) {
  return {
    buildings: input.buildings ? cached(preparedBuildings, input.buildings, prepareBuildings) : null,
    blocklines: input.blocklines
      ? cached(preparedBlocklines, input.blocklines, (bl) =>
        buildZoneLayer(bl.map((b) => ({ geometry: b.geometry, group: LEVELS.indexOf(b.level) })), LEVELS.length))
      : null,
    parks: input.parks ? cached(preparedNamed, input.parks, namedLayer) : null,
    towns: input.towns ? cached(preparedNamed, input.towns, namedLayer) : null,
  };
}

/**
 * The overlay of every parcel worked out beforehand (`overlayColumns`, e.g. by a thread that holds the
 * buildings while another reads the parcels' attributes), as columns; `done[f]` 0: work parcel f out here.
 */
export interface OverlayColumns {
  done: Uint8Array;
  /** Building footprint, m². */
  footprint: Float64Array;
  /** Block-line overlap by tier (一级, 二级, 未分级), 3 per parcel, m². */
  blockline: Float64Array;
  /** The parcel's park and town as indexes into the layer's names (first-listed order of names), -1 for none. */
  park: Int32Array;
  town: Int32Array;
}

type OtherLayers = ReturnType<typeof prepareOtherLayers>;

/** One parcel's overlay before it becomes ParcelGeoFacts. */
interface OverlayParts { footprint: number; blockline: Float64Array; park: number; town: number }

/** Works out valid parcel f's overlay into `out`; may throw (the parcel is then reported broken). */
function overlayParcel(layers: OtherLayers, parcels: PackedPolygons, convex: number, f: number, area: number, out: OverlayParts, scratch: { park: Float64Array; town: Float64Array }): void {
  const { buildings, blocklines, parks, towns } = layers;
  if (blocklines) overlapByGroup(blocklines, parcels, f, area, out.blockline);
  out.park = parks ? dominantGroup(overlapByGroup(parks.layer, parcels, f, area, scratch.park), area, PARK_MIN_SHARE) : -1;
  out.town = towns ? dominantGroup(overlapByGroup(towns.layer, parcels, f, area, scratch.town), area, 0) : -1;
  out.footprint = buildings ? footprintArea(parcels, f, convex, buildings) : 0;
}

/**
 * The overlap of most parcels (no block line), one object for them all (100k parcels need no 100k copies).
 * Read only, and not frozen: a frozen object has a shape of its own for the reads (rules/d-class.ts).
 */
const NO_BLOCKLINE_OVERLAP: BlocklineOverlap = { 一级: squareMetres(0), 二级: squareMetres(0) };

/** A valid parcel's facts from its overlay; which layers exist and the names come from `input` and `layers`. */
function factsFrom(input: OverlayInput, names: { parks: readonly string[] | null; towns: readonly string[] | null }, area: number, o: OverlayParts): ParcelGeoFacts {
  let blocklineOverlapM2: BlocklineOverlap | null = null;
  if (input.blocklines) {
    const first = o.blockline[0]!, second = o.blockline[1]!, untiered = o.blockline[2]!;
    // Object.is: a -0 overlap keeps its own object, as the block-line rule tells -0 from 0.
    if (Object.is(first, 0) && Object.is(second, 0) && !(untiered > 0)) blocklineOverlapM2 = NO_BLOCKLINE_OVERLAP;
    else {
      blocklineOverlapM2 = { 一级: squareMetres(first), 二级: squareMetres(second) };
      if (untiered > 0) blocklineOverlapM2.未分级 = squareMetres(untiered);
    }
  }
  return {
    areaM2: squareMetres(area),
    footprintM2: input.buildings ? squareMetres(o.footprint) : null,
    blocklineOverlapM2,
    park: names.parks ? (o.park < 0 ? null : names.parks[o.park]!) : undefined,
    townFromLayer: names.towns && o.town >= 0 ? names.towns[o.town]! : null,
  };
}

/** The names of a parks or towns layer as `namedLayer` lists them (first-listed order), or null without the layer. */
function layerNames(features: OverlayInput['parks']): string[] | null {
  return features ? [...new Set(features.map((f) => f.name))] : null;
}

/**
 * Each parcel's land as computeGeoFacts will give it, before any overlay: its area, and the geometry
 * problem that flags it (a parcel whose overlay throws is flagged only by computeGeoFacts).
 */
export function parcelLand(input: OverlayInput, parcelsPacked?: PackedParcelLayer): ParcelLand[] {
  const { area, problem } = cached(preparedParcels, input.parcels, (g) => prepareParcels(g, parcelsPacked));
  return Array.from(area, (a, f) => (problem[f] ? { areaM2: squareMetres(a), geometryError: problem[f]! } : { areaM2: squareMetres(a) }));
}

/**
 * Computes the geometry facts for every parcel (same order as `input.parcels`). An absent layer gives
 * `null` in its field (park: `undefined`). A parcel whose geometry is invalid, or whose overlay throws,
 * gets `geometryError` and unknown overlay fields (as if no layer were loaded); its area is the
 * shoelace area when finite, else 0. The other parcels are unaffected. `given`: the overlay already
 * worked out for some parcels (`overlayColumns` of the same geometry and layers), in parcel order;
 * the other layers are then prepared only if some parcel is left to work out here.
 */
export function computeGeoFacts(input: OverlayInput, parcelsPacked?: PackedParcelLayer, given?: OverlayColumns): ParcelGeoFacts[] {
  const prepared = cached(preparedParcels, input.parcels, (g) => prepareParcels(g, parcelsPacked));
  const { packed: parcels, area: parcelArea, problem } = prepared;
  const done = given?.done.length === input.parcels.length ? given.done : undefined;
  const allDone = done !== undefined && problem.every((why, f) => why !== null || done[f] === 1);
  const layers = allDone ? null : prepareOtherLayers(input);
  const convex = allDone ? null : prepared.convex();
  const names = { parks: layerNames(input.parks), towns: layerNames(input.towns) };
  const parts: OverlayParts = { footprint: 0, blockline: new Float64Array(LEVELS.length), park: -1, town: -1 };
  const scratch = { park: new Float64Array(names.parks?.length ?? 0), town: new Float64Array(names.towns?.length ?? 0) };

  const factsOf = (f: number): ParcelGeoFacts => {
    const why = problem[f];
    if (why) return brokenParcel(parcelArea[f]!, why);
    const area = parcelArea[f]!;
    if (done?.[f] === 1) {
      parts.footprint = given!.footprint[f]!;
      // Value by value: a subarray per parcel is an object per parcel, after the join (CLI) on the critical path.
      parts.blockline[0] = given!.blockline[3 * f]!;
      parts.blockline[1] = given!.blockline[3 * f + 1]!;
      parts.blockline[2] = given!.blockline[3 * f + 2]!;
      parts.park = given!.park[f]!;
      parts.town = given!.town[f]!;
      return factsFrom(input, names, area, parts);
    }
    try {
      overlayParcel(layers!, parcels, convex![f]!, f, area, parts, scratch);
      return factsFrom(input, names, area, parts);
    } catch (e) {
      return brokenParcel(brokenArea(input.parcels[f]!), `overlay failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  // Visit parcels in space-filling-curve order: neighbours then meet the same index nodes, footprints
  // and tiles, which are still in the CPU cache (file order can jump across the district). With every
  // overlay given there is nothing to keep in cache: index order.
  const n = input.parcels.length;
  const facts = new Array<ParcelGeoFacts>(n);
  if (allDone) for (let f = 0; f < n; f++) facts[f] = factsOf(f);
  else for (const f of prepared.order()) facts[f] = factsOf(f);
  return facts;
}

/**
 * The overlay of every feature of `parcels` (packed; `area` their `planarArea`), as `computeGeoFacts`
 * works it out, in columns for `computeGeoFacts(…, given)`; a feature whose overlay throws is left not
 * done. `layers.parcels` is not read. Lets a thread that holds the buildings do the overlay while
 * another reads the parcels' attributes.
 */
export function overlayColumns(layers: Omit<OverlayInput, 'parcels'>, parcels: PackedPolygons, area: Float64Array): OverlayColumns {
  const prepared = prepareOtherLayers({ ...layers, parcels: [] });
  const convex = convexRings(parcels);
  const n = parcels.count;
  const out: OverlayColumns = { done: new Uint8Array(n), footprint: new Float64Array(n), blockline: new Float64Array(3 * n), park: new Int32Array(n), town: new Int32Array(n) };
  const parts: OverlayParts = { footprint: 0, blockline: new Float64Array(LEVELS.length), park: -1, town: -1 };
  const scratch = { park: new Float64Array(prepared.parks?.names.length ?? 0), town: new Float64Array(prepared.towns?.names.length ?? 0) };
  // In the parcels' own order: a FlatGeobuf with an index (the CLI's input) holds them along a Hilbert
  // curve already, as local as the Z-order computeGeoFacts sorts by (which costs a sort of 100k).
  for (let f = 0; f < n; f++) {
    try {
      overlayParcel(prepared, parcels, convex[f]!, f, area[f]!, parts, scratch);
    } catch {
      continue;
    }
    out.done[f] = 1;
    out.footprint[f] = parts.footprint;
    out.blockline.set(parts.blockline, 3 * f);
    out.park[f] = parts.park;
    out.town[f] = parts.town;
  }
  return out;
}

/** A broken parcel's area: the shoelace area when it is readable and finite, else 0. */
function brokenArea(g: Polygonal): number {
  try {
    const area = planarArea(g);
    return Number.isFinite(area) ? area : 0;
  } catch {
    return 0; // not even readable as rings
  }
}

function brokenParcel(area: number, geometryError: string): ParcelGeoFacts {
  return {
    areaM2: squareMetres(area),
    footprintM2: null,
    blocklineOverlapM2: null,
    park: undefined,
    townFromLayer: null,
    geometryError,
  };
}
