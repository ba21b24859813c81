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

/** Bounding box of flat feature f: [minX, minY, maxX, maxY]. */
export function flatFeatureBox(flat: FlatPolygons, f: number): [number, number, number, number] {
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
  return [minX, minY, maxX, maxY];
}

