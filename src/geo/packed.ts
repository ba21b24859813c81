/**
 * Polygons packed into flat typed arrays — the overlay's working form. Packing 300 000 footprints
 * into a handful of buffers instead of millions of small arrays is what keeps the overlay fast (and
 * the garbage collector idle). Rings are open (closing vertex dropped) and oriented: shells
 * counter-clockwise, holes clockwise, so the non-zero winding rule gives the union of all parts — and
 * of several overlapping features, when their rings are put together.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

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
export function signedArea(xy: Float64Array, v0: number, v1: number): number {
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

/** Growable packing buffers. */
class Packer {
  xy = new Float64Array(1024);
  nv = 0;
  ringEnd: number[] = [];
  ringBox: number[] = [];
  featureEnd: number[] = [];
  box: number[] = [];
  area: number[] = [];
  problems = new Map<number, PackProblem>();

  private grow(need: number): void {
    if (2 * need <= this.xy.length) return;
    const next = new Float64Array(Math.max(2 * need, this.xy.length * 2));
    next.set(this.xy.subarray(0, 2 * this.nv));
    this.xy = next;
  }

  /** Appends a flat open ring (x, y pairs) with the wanted orientation; returns its signed area. */
  addFlatRing(src: ArrayLike<number>, shell: boolean): number {
    const n = src.length >> 1;
    this.grow(this.nv + n);
    const v0 = this.nv;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = src[2 * i]!, y = src[2 * i + 1]!;
      this.xy[2 * (v0 + i)] = x;
      this.xy[2 * (v0 + i) + 1] = y;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    return this.commitRing(v0, n, shell, minX, minY, maxX, maxY);
  }

  /** Appends a GeoJSON ring; returns a problem or null. */
  addRing(ring: readonly Position[], shell: boolean): PackProblem | null {
    let n = ring.length;
    if (n === 0) return 'short-ring';
    const first = ring[0]!, last = ring[n - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) return 'unclosed';
    n--; // drop the closing vertex
    if (n < 3) return 'short-ring';
    this.grow(this.nv + n);
    const v0 = this.nv;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const p = ring[i]!;
      const x = p[0]!, y = p[1]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) return 'non-finite';
      this.xy[2 * (v0 + i)] = x;
      this.xy[2 * (v0 + i) + 1] = y;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    this.commitRing(v0, n, shell, minX, minY, maxX, maxY);
    return null;
  }

  private commitRing(v0: number, n: number, shell: boolean, minX: number, minY: number, maxX: number, maxY: number): number {
    let a = signedArea(this.xy, v0, v0 + n);
    if ((a > 0) !== shell && a !== 0) {
      reverseVertices(this.xy, v0, v0 + n);
      a = -a;
    }
    this.nv = v0 + n;
    this.ringEnd.push(this.nv);
    this.ringBox.push(minX, minY, maxX, maxY);
    return a;
  }

  /** Closes the current feature, whose rings start at ring index r0. */
  endFeature(r0: number, area: number): void {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let r = r0; r < this.ringEnd.length; r++) {
      minX = Math.min(minX, this.ringBox[4 * r]!);
      minY = Math.min(minY, this.ringBox[4 * r + 1]!);
      maxX = Math.max(maxX, this.ringBox[4 * r + 2]!);
      maxY = Math.max(maxY, this.ringBox[4 * r + 3]!);
    }
    this.featureEnd.push(this.ringEnd.length);
    this.box.push(minX, minY, maxX, maxY);
    this.area.push(area);
  }

  /** Drops the rings of the current feature (after a problem). */
  rollback(r0: number): void {
    this.nv = ringStartOf(this.ringEnd, r0);
    this.ringEnd.length = r0;
    this.ringBox.length = 4 * r0;
  }

  finish(): PackedPolygons {
    return {
      count: this.featureEnd.length,
      xy: this.xy.slice(0, 2 * this.nv),
      ringEnd: Uint32Array.from(this.ringEnd),
      ringBox: Float64Array.from(this.ringBox),
      featureEnd: Uint32Array.from(this.featureEnd),
      box: Float64Array.from(this.box),
      area: Float64Array.from(this.area),
      problems: this.problems,
    };
  }
}

const ringStartOf = (ringEnd: number[], r: number): number => (r === 0 ? 0 : ringEnd[r - 1]!);

/**
 * Packs GeoJSON polygons (metres). A feature with missing, non-finite, unclosed or too-short rings is
 * packed with no rings (and its problem recorded), so it matches nothing and breaks nothing.
 */
export function packPolygons(geoms: readonly (Polygonal | null | undefined)[]): PackedPolygons {
  const pk = new Packer();
  geoms.forEach((g, f) => {
    const r0 = pk.ringEnd.length;
    const polys = !g ? [] : g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    let problem: PackProblem | null = polys.length === 0 ? 'empty' : null;
    for (let p = 0; p < polys.length && !problem; p++) {
      const rings = polys[p]!;
      if (!Array.isArray(rings) || rings.length === 0) problem = 'empty';
      for (let k = 0; k < rings.length && !problem; k++) problem = pk.addRing(rings[k]!, k === 0);
    }
    if (problem) {
      pk.problems.set(f, problem);
      pk.rollback(r0);
      pk.endFeature(r0, 0);
      return;
    }
    let area = 0;
    for (let r = r0; r < pk.ringEnd.length; r++) area += signedArea(pk.xy, ringStartOf(pk.ringEnd, r), pk.ringEnd[r]!);
    pk.endFeature(r0, area);
  });
  return pk.finish();
}

/**
 * Packs features given as lists of flat open rings (x, y pairs), already oriented for the non-zero
 * rule (shells CCW, holes CW) — used for tiles cut from larger polygons.
 */
export function packFlatRings(features: readonly (readonly Float64Array[])[]): PackedPolygons {
  const pk = new Packer();
  for (const rings of features) {
    const r0 = pk.ringEnd.length;
    let area = 0;
    for (const ring of rings) {
      const a = signedArea(ring, 0, ring.length >> 1);
      area += pk.addFlatRing(ring, a >= 0);
    }
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
