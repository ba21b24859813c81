import { describe, expect, it } from 'vitest';
import { bboxIntersects, type Bbox } from './bbox';
import { buildSpatialIndex, buildSpatialIndexFromBoxes, spatialIndexFromData } from './spatial-index';
import { mulberry32 } from './synthetic.test-helper';

function randomBoxes(n: number, seed: number): Bbox[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const x = 553_000 + r() * 5000, y = 3_096_000 + r() * 5000;
    return [x, y, x + r() * 80, y + r() * 80];
  });
}

describe('spatial index (flatbush)', () => {
  const boxes = randomBoxes(5000, 7);
  const queries = randomBoxes(200, 8).map((b): Bbox => [b[0], b[1], b[2] + 100, b[3] + 100]);
  const brute = (q: Bbox) => boxes.flatMap((b, i) => (bboxIntersects(b, q) ? [i] : [])).sort((a, b) => a - b);

  it('returns exactly the boxes a brute-force scan finds (touching included)', () => {
    const index = buildSpatialIndex(boxes);
    for (const q of queries) expect(index.search(q).sort((a, b) => a - b)).toEqual(brute(q));
    const touching: Bbox = [boxes[0]![2], boxes[0]![3], boxes[0]![2] + 1, boxes[0]![3] + 1];
    expect(index.search(touching)).toContain(0);
  });

  it('rebuilds from its transferable buffer with identical answers', () => {
    const index = buildSpatialIndex(boxes);
    const copy = spatialIndexFromData(structuredClone(index.data));
    for (const q of queries) expect(copy.search(q).sort()).toEqual(index.search(q).sort());
  });

  it('packed boxes: +∞ (empty) items never match; empty index answers nothing', () => {
    const packed = new Float64Array([0, 0, 10, 10, Infinity, Infinity, -Infinity, -Infinity, 5, 5, 6, 6]);
    const index = buildSpatialIndexFromBoxes(packed);
    expect(index.searchXY(-1e9, -1e9, 1e9, 1e9).sort()).toEqual([0, 2]);
    expect(buildSpatialIndex([]).search([0, 0, 1, 1])).toEqual([]);
    expect(spatialIndexFromData(null).size).toBe(0);
  });
});
