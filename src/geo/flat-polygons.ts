/**
 * Polygon features as a file holds them, flat (closed rings in one Float64Array), with the checks the
 * loader needs on them: whether a feature is clean as it stands, and its box. Packing them for the
 * overlay is packed.ts (`packFlatFeatures`).
 */
/**
 * Closed rings (the closing vertex repeated); parts and features as runs of the level below. Readers
 * fill it (FlatGeobuf) so that a 300 000-footprint layer reaches the overlay without ever becoming
 * millions of small GeoJSON arrays.
 */
export interface FlatPolygons {
  readonly count: number;
  /** x, y of every vertex, closing vertices included. */
  readonly xy: Float64Array;
  /** Ring r covers vertices [ringEnd[r−1] (0 for r = 0), ringEnd[r]). */
  readonly ringEnd: Uint32Array;
  /** Part p covers rings [partEnd[p−1], partEnd[p]). */
  readonly partEnd: Uint32Array;
  /** Feature f covers parts [featureEnd[f−1], featureEnd[f]). */
  readonly featureEnd: Uint32Array;
}

export const flatStart = (ends: Uint32Array, i: number): number => (i === 0 ? 0 : ends[i - 1]!);

/** Flat feature f's parts as GeoJSON coordinates (parts → rings → positions, closing vertices kept). */
export function flatFeatureParts(flat: FlatPolygons, f: number): number[][][][] {
  const { xy, ringEnd, partEnd, featureEnd } = flat;
  const parts: number[][][][] = [];
  for (let p = flatStart(featureEnd, f); p < featureEnd[f]!; p++) {
    const rings: number[][][] = [];
    for (let r = flatStart(partEnd, p); r < partEnd[p]!; r++) {
      const v0 = flatStart(ringEnd, r);
      const ring = new Array<number[]>(ringEnd[r]! - v0);
      for (let v = v0; v < ringEnd[r]!; v++) ring[v - v0] = [xy[2 * v]!, xy[2 * v + 1]!];
      rings.push(ring);
    }
    parts.push(rings);
  }
  return parts;
}

/**
 * True when flat feature f is what `packPolygons` takes as it is and the loader's geometry check
 * passes untouched: at least one part, each with at least one ring, each ring closed, with ≥ 4
 * finite positions and no vertex repeating its predecessor.
 */
export function isCleanFlatFeature(flat: FlatPolygons, f: number): boolean {
  const p0 = flatStart(flat.featureEnd, f), p1 = flat.featureEnd[f]!;
  if (p1 === p0) return false;
  const xy = flat.xy;
  for (let p = p0; p < p1; p++) {
    const r0 = flatStart(flat.partEnd, p), r1 = flat.partEnd[p]!;
    if (r1 === r0) return false;
    for (let r = r0; r < r1; r++) {
      const v0 = flatStart(flat.ringEnd, r), v1 = flat.ringEnd[r]!;
      if (v1 - v0 < 4) return false;
      let px = NaN, py = NaN;
      for (let v = v0; v < v1; v++) {
        const x = xy[2 * v]!, y = xy[2 * v + 1]!;
        if (!Number.isFinite(x) || !Number.isFinite(y) || (x === px && y === py)) return false;
        px = x;
        py = y;
      }
      if (xy[2 * v0] !== px || xy[2 * v0 + 1] !== py) return false;
    }
  }
  return true;
}

/** Writes flat feature f's bounding box (minX, minY, maxX, maxY) at out[o … o+3]. */
export function flatFeatureBoxInto(flat: FlatPolygons, f: number, out: Float64Array, o: number): void {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const xy = flat.xy;
  const r0 = flatStart(flat.partEnd, flatStart(flat.featureEnd, f)), r1 = flat.partEnd[flat.featureEnd[f]! - 1] ?? r0;
  const v0 = flatStart(flat.ringEnd, r0), v1 = r1 > r0 ? flat.ringEnd[r1 - 1]! : v0;
  for (let v = v0; v < v1; v++) {
    const x = xy[2 * v]!, y = xy[2 * v + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  out[o] = minX;
  out[o + 1] = minY;
  out[o + 2] = maxX;
  out[o + 3] = maxY;
}

/**
 * Planar area (m²) of flat feature f, computed exactly as `planarArea` computes it on the feature's
 * GeoJSON (same shoelace, same order of operations, so the same number to the last bit): a thread can
 * work out the overlay of a file's polygons without making GeoJSON of them.
 */
export function flatFeatureArea(flat: FlatPolygons, f: number): number {
  const xy = flat.xy;
  let total = 0;
  for (let p = flatStart(flat.featureEnd, f); p < flat.featureEnd[f]!; p++) {
    let a = 0;
    const r0 = flatStart(flat.partEnd, p);
    for (let r = r0; r < flat.partEnd[p]!; r++) {
      const v0 = flatStart(flat.ringEnd, r), n = flat.ringEnd[r]! - v0;
      let sum = 0;
      if (n >= 3) {
        const x0 = xy[2 * v0]!, y0 = xy[2 * v0 + 1]!;
        // ringSignedArea: edge (j → i) with j the vertex before i, wrapping at the start.
        for (let i = 0, j = n - 1; i < n; j = i++) {
          const ax = xy[2 * (v0 + j)]!, ay = xy[2 * (v0 + j) + 1]!, bx = xy[2 * (v0 + i)]!, by = xy[2 * (v0 + i) + 1]!;
          sum += (ax - x0) * (by - y0) - (bx - x0) * (ay - y0);
        }
      }
      const ring = Math.abs(sum / 2);
      a += r === r0 ? ring : -ring;
    }
    total += a;
  }
  return total;
}
