/**
 * Polygons packed into flat typed arrays — the overlay's working form. Packing 300 000 footprints
 * into a handful of buffers instead of millions of small arrays is what keeps the overlay fast (and
 * the garbage collector idle). Rings are open (closing vertex dropped) and oriented: shells
 * counter-clockwise, holes clockwise, so the non-zero winding rule gives the union of all parts — and
 * of several overlapping features, when their rings are put together.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { flatStart, type FlatPolygons } from './flat-polygons';

type Polygonal = Polygon | MultiPolygon;

/** A problem found while packing: coordinates missing or non-finite, a ring not closed, too short. */
export type PackProblem = 'non-finite' | 'unclosed' | 'short-ring' | 'empty';

export interface PackedPolygons {
  readonly count: number;
  /** x, y of every vertex. */
  readonly xy: Float64Array;
  /** Ring r covers vertices [ringEnd[r−1] (0 for r = 0), ringEnd[r]). */
  readonly ringEnd: Uint32Array;
  /** Box of ring r at [4r … 4r+3] = minX, minY, maxX, maxY. */
  readonly ringBox: Float64Array;
  /** Feature f covers rings [featureEnd[f−1] (0 for f = 0), featureEnd[f]). */
  readonly featureEnd: Uint32Array;
  /** Box of feature f at [4f … 4f+3]; an empty feature has minX = +∞. */
  readonly box: Float64Array;
  /** Planar area of feature f in m² (Σ signed areas of its oriented rings). */
  readonly area: Float64Array;
  /** First problem found in feature f's coordinates, if any (the feature is then packed empty). */
  readonly problems: ReadonlyMap<number, PackProblem>;
}

export const ringStart = (p: PackedPolygons, r: number): number => (r === 0 ? 0 : p.ringEnd[r - 1]!);
export const firstRing = (p: PackedPolygons, f: number): number => (f === 0 ? 0 : p.featureEnd[f - 1]!);
export const endRing = (p: PackedPolygons, f: number): number => p.featureEnd[f]!;

/** Signed shoelace area of vertices [v0, v1) of `xy` (shifted to the first vertex for precision). */
export function signedArea(xy: Float64Array | Float32Array, v0: number, v1: number): number {
  if (v1 - v0 < 3) return 0;
  const x0 = xy[2 * v0]!;
  const y0 = xy[2 * v0 + 1]!;
  let sum = 0;
  for (let i = v0 + 1; i < v1 - 1; i++) {
    sum += (xy[2 * i]! - x0) * (xy[2 * i + 3]! - y0) - (xy[2 * i + 2]! - x0) * (xy[2 * i + 1]! - y0);
  }
  return sum / 2;
}

function reverseVertices(xy: Float64Array, v0: number, v1: number): void {
  for (let i = v0, j = v1 - 1; i < j; i++, j--) {
    const x = xy[2 * i]!, y = xy[2 * i + 1]!;
    xy[2 * i] = xy[2 * j]!;
    xy[2 * i + 1] = xy[2 * j + 1]!;
    xy[2 * j] = x;
    xy[2 * j + 1] = y;
  }
}

/**
 * Fills exactly pre-sized typed arrays (sizes counted beforehand): large `number[]`s that grow by
 * copying would push the garbage collector into full collections on a 300 000-feature layer.
 */
class Packer {
  readonly xy: Float64Array;
  readonly ringEnd: Uint32Array;
  readonly ringBox: Float64Array;
  readonly featureEnd: Uint32Array;
  readonly box: Float64Array;
  readonly area: Float64Array;
  readonly problems = new Map<number, PackProblem>();
  nv = 0;
  nr = 0;
  nf = 0;

  constructor(features: number, rings: number, vertices: number) {
    this.xy = new Float64Array(2 * vertices);
    this.ringEnd = new Uint32Array(rings);
    this.ringBox = new Float64Array(4 * rings);
    this.featureEnd = new Uint32Array(features);
    this.box = new Float64Array(4 * features);
    this.area = new Float64Array(features);
  }

  /** Appends a flat open ring (x, y pairs) with the wanted orientation; returns its signed area. */
  addFlatRing(src: ArrayLike<number>, shell: boolean): number {
    const n = src.length >> 1;
    const v0 = this.nv;
    for (let i = 0; i < 2 * n; i++) this.xy[2 * v0 + i] = src[i]!;
    return this.commitRing(v0, n, shell);
  }

  /** Appends clean flat feature f (see `isCleanFlatFeature`) as one feature, closing vertices dropped. */
  addFlatFeature(flat: FlatPolygons, f: number): void {
    const r0 = this.nr;
    const src = flat.xy;
    const xy = this.xy;
    let area = 0;
    for (let p = flatStart(flat.featureEnd, f); p < flat.featureEnd[f]!; p++) {
      const q0 = flatStart(flat.partEnd, p);
      for (let q = q0; q < flat.partEnd[p]!; q++) {
        const s0 = flatStart(flat.ringEnd, q);
        const n = flat.ringEnd[q]! - s0 - 1;
        const v0 = this.nv;
        for (let i = 0; i < 2 * n; i++) xy[2 * v0 + i] = src[2 * s0 + i]!;
        area += this.commitRing(v0, n, q === q0);
      }
    }
    this.endFeature(r0, area);
  }

  /** Appends a GeoJSON ring; returns its signed area, or a problem. */
  addRing(ring: readonly Position[], shell: boolean): number | PackProblem {
    let n = ring.length;
    if (n === 0) return 'short-ring';
    const first = ring[0]!, last = ring[n - 1]!;
    if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) return 'unclosed';
    n--; // drop the closing vertex
    if (n < 3) return 'short-ring';
    const v0 = this.nv;
    const xy = this.xy;
    for (let i = 0; i < n; i++) {
      const p = ring[i]!;
      const x = p[0]!, y = p[1]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) return 'non-finite';
      xy[2 * (v0 + i)] = x;
      xy[2 * (v0 + i) + 1] = y;
    }
    return this.commitRing(v0, n, shell);
  }

  private commitRing(v0: number, n: number, shell: boolean): number {
    const xy = this.xy;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = v0; i < v0 + n; i++) {
      const x = xy[2 * i]!, y = xy[2 * i + 1]!;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    let a = signedArea(xy, v0, v0 + n);
    if ((a > 0) !== shell && a !== 0) {
      reverseVertices(xy, v0, v0 + n);
      a = -a;
    }
    this.nv = v0 + n;
    const r = this.nr++;
    this.ringEnd[r] = this.nv;
    this.ringBox[4 * r] = minX;
    this.ringBox[4 * r + 1] = minY;
    this.ringBox[4 * r + 2] = maxX;
    this.ringBox[4 * r + 3] = maxY;
    return a;
  }

  /** Closes the current feature, whose rings start at ring index r0. */
  endFeature(r0: number, area: number): void {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    const rb = this.ringBox;
    for (let r = r0; r < this.nr; r++) {
      if (rb[4 * r]! < minX) minX = rb[4 * r]!;
      if (rb[4 * r + 1]! < minY) minY = rb[4 * r + 1]!;
      if (rb[4 * r + 2]! > maxX) maxX = rb[4 * r + 2]!;
      if (rb[4 * r + 3]! > maxY) maxY = rb[4 * r + 3]!;
    }
    const f = this.nf++;
    this.featureEnd[f] = this.nr;
    this.box[4 * f] = minX;
    this.box[4 * f + 1] = minY;
    this.box[4 * f + 2] = maxX;
    this.box[4 * f + 3] = maxY;
    this.area[f] = area;
  }

  /** Drops the rings of the current feature (after a problem). */
  rollback(r0: number): void {
    this.nr = r0;
    this.nv = r0 === 0 ? 0 : this.ringEnd[r0 - 1]!;
  }

  finish(): PackedPolygons {
    return {
      count: this.nf,
      xy: this.xy.subarray(0, 2 * this.nv),
      ringEnd: this.ringEnd.subarray(0, this.nr),
      ringBox: this.ringBox.subarray(0, 4 * this.nr),
      featureEnd: this.featureEnd,
      box: this.box,
      area: this.area,
      problems: this.problems,
    };
  }
}

const polygonsOf = (g: Polygonal | null | undefined): readonly (readonly (readonly Position[])[])[] =>
  !g ? [] : g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];

export const isPackedPolygons = (x: object): x is PackedPolygons => 'xy' in x && 'featureEnd' in x && 'area' in x;

/**
 * Packs GeoJSON polygons (metres). A feature with missing, non-finite, unclosed or too-short rings is
 * packed with no rings (and its problem recorded), so it matches nothing and breaks nothing. Polygons
 * already packed (a loader may deliver a big layer so) come back as they are.
 */
export function packPolygons(geoms: readonly (Polygonal | null | undefined)[] | PackedPolygons): PackedPolygons {
  if (isPackedPolygons(geoms)) return geoms;
  return packMixed(geoms, null);
}

/**
 * Packs features given either as GeoJSON or as the index of a feature of `flat` that `isCleanFlatFeature`
 * accepted (its closing vertices are dropped here): the same result as packing the GeoJSON of them all.
 */
export function packFlatFeatures(flat: FlatPolygons, items: readonly (number | Polygonal)[]): PackedPolygons {
  return packMixed(items, flat);
}

function packMixed(geoms: readonly (number | Polygonal | null | undefined)[], flat: FlatPolygons | null): PackedPolygons {
  let rings = 0, vertices = 0;
  for (const g of geoms) {
    if (typeof g === 'number') {
      const r0 = flatStart(flat!.partEnd, flatStart(flat!.featureEnd, g)), r1 = flat!.partEnd[flat!.featureEnd[g]! - 1]!;
      rings += r1 - r0;
      vertices += flat!.ringEnd[r1 - 1]! - flatStart(flat!.ringEnd, r0);
      continue;
    }
    for (const poly of polygonsOf(g)) {
      if (!Array.isArray(poly)) continue;
      rings += poly.length;
      for (const ring of poly) vertices += Array.isArray(ring) ? ring.length : 0;
    }
  }
  const pk = new Packer(geoms.length, rings, vertices);
  for (let f = 0; f < geoms.length; f++) {
    const g = geoms[f];
    if (typeof g === 'number') {
      pk.addFlatFeature(flat!, g);
      continue;
    }
    const polys = polygonsOf(g);
    const r0 = pk.nr;
    let problem: PackProblem | null = polys.length === 0 ? 'empty' : null;
    let area = 0;
    for (let p = 0; p < polys.length && !problem; p++) {
      const poly = polys[p]!;
      if (!Array.isArray(poly) || poly.length === 0) { problem = 'empty'; break; }
      for (let k = 0; k < poly.length && !problem; k++) {
        const ring = poly[k];
        const a = Array.isArray(ring) ? pk.addRing(ring, k === 0) : 'short-ring';
        if (typeof a === 'number') area += a;
        else problem = a;
      }
    }
    if (problem) {
      pk.problems.set(f, problem);
      pk.rollback(r0);
      area = 0;
    }
    pk.endFeature(r0, area);
  }
  return pk.finish();
}

/**
 * Packs features given as lists of flat open rings (x, y pairs), already oriented for the non-zero
 * rule (shells CCW, holes CW) — used for tiles cut from larger polygons.
 */
export function packFlatRings(features: readonly (readonly Float64Array[])[]): PackedPolygons {
  let rings = 0, vertices = 0;
  for (const f of features) for (const r of f) { rings++; vertices += r.length >> 1; }
  const pk = new Packer(features.length, rings, vertices);
  for (const fr of features) {
    const r0 = pk.nr;
    let area = 0;
    for (const ring of fr) area += pk.addFlatRing(ring, signedArea(ring, 0, ring.length >> 1) >= 0);
    pk.endFeature(r0, area);
  }
  return pk.finish();
}

/** The rings of features `fs` of `p` as flat open arrays (copies). */
export function featureRings(p: PackedPolygons, f: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (let r = firstRing(p, f); r < endRing(p, f); r++) out.push(p.xy.slice(2 * ringStart(p, r), 2 * p.ringEnd[r]!));
  return out;
}

/** Two packed layers as one (b's features after a's). */
export function concatPacked(a: PackedPolygons, b: PackedPolygons): PackedPolygons {
  const join = <T extends Float64Array | Uint32Array>(x: T, y: T, make: (n: number) => T, shift = 0): T => {
    const out = make(x.length + y.length);
    out.set(x);
    for (let i = 0; i < y.length; i++) out[x.length + i] = y[i]! + shift;
    return out;
  };
  const f64 = (n: number) => new Float64Array(n);
  const u32 = (n: number) => new Uint32Array(n);
  const problems = new Map(a.problems);
  for (const [f, p] of b.problems) problems.set(a.count + f, p);
  return {
    count: a.count + b.count,
    xy: join(a.xy, b.xy, f64),
    ringEnd: join(a.ringEnd, b.ringEnd, u32, a.xy.length >> 1),
    ringBox: join(a.ringBox, b.ringBox, f64),
    featureEnd: join(a.featureEnd, b.featureEnd, u32, a.ringEnd.length),
    box: join(a.box, b.box, f64),
    area: join(a.area, b.area, f64),
    problems,
  };
}

/** Features `keep` of `p`, in that order, as their own packed layer (the same as packing those features alone). */
export function subsetPacked(p: PackedPolygons, keep: readonly number[]): PackedPolygons {
  let rings = 0, vertices = 0;
  for (const f of keep) {
    const r0 = firstRing(p, f), r1 = endRing(p, f);
    rings += r1 - r0;
    vertices += (r1 > r0 ? p.ringEnd[r1 - 1]! : 0) - (r1 > r0 ? ringStart(p, r0) : 0);
  }
  const xy = new Float64Array(2 * vertices), ringEnd = new Uint32Array(rings), ringBox = new Float64Array(4 * rings);
  const featureEnd = new Uint32Array(keep.length), box = new Float64Array(4 * keep.length), area = new Float64Array(keep.length);
  const problems = new Map<number, PackProblem>();
  let nv = 0, nr = 0;
  keep.forEach((f, k) => {
    for (let r = firstRing(p, f); r < endRing(p, f); r++) {
      const v0 = ringStart(p, r), v1 = p.ringEnd[r]!;
      xy.set(p.xy.subarray(2 * v0, 2 * v1), 2 * nv);
      nv += v1 - v0;
      ringEnd[nr] = nv;
      ringBox.set(p.ringBox.subarray(4 * r, 4 * r + 4), 4 * nr);
      nr++;
    }
    featureEnd[k] = nr;
    box.set(p.box.subarray(4 * f, 4 * f + 4), 4 * k);
    area[k] = p.area[f]!;
    const problem = p.problems.get(f);
    if (problem) problems.set(k, problem);
  });
  return { count: keep.length, xy, ringEnd, ringBox, featureEnd, box, area, problems };
}

/** The keys of `T` whose values are typed arrays. */
type ArrayKeys<T> = { [K in keyof T]: T[K] extends Float64Array | Float32Array | Uint32Array | Int32Array | Uint8Array ? K : never }[keyof T];

/**
 * A copy of `obj` whose typed arrays under `keys` sit in buffers of their own, each the exact size of its
 * array, with those buffers to transfer: for a thread that posts arrays it still uses. Posting them as
 * they are copies twice (the structured clone writes them out, the receiver reads them back in) and copies
 * the whole buffer behind each `subarray` (with the room a packing reserves for closing vertices): 186 ms of
 * the CLI's building thread for the 100k set's footprints.
 */
export function movableCopy<T extends object>(obj: T, keys: readonly ArrayKeys<T>[]): { copy: T; transfer: ArrayBuffer[] } {
  const copy = { ...obj };
  const transfer: ArrayBuffer[] = [];
  for (const k of keys) {
    const a = (obj[k] as Float64Array | Uint32Array).slice();
    (copy as Record<keyof T, unknown>)[k] = a;
    transfer.push(a.buffer as ArrayBuffer);
  }
  return { copy, transfer };
}

/** `movableCopy` of a packing: every array of it. */
export const transferableCopy = (p: PackedPolygons): { copy: PackedPolygons; transfer: ArrayBuffer[] } =>
  movableCopy(p, ['xy', 'ringEnd', 'ringBox', 'featureEnd', 'box', 'area']);
