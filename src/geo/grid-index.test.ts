import { describe, expect, it } from 'vitest';
import { zOrder } from './bbox';
import { buildGridIndex } from './grid-index';
import { mulberry32 } from './synthetic.test-helper';

/** n random boxes (4 numbers each) in a 5 km square, sizes up to `size` m. */
function randomBoxes(n: number, seed: number, size: number): Float64Array {
  const r = mulberry32(seed);
  const out = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    const x = 553_000 + r() * 5000, y = 3_096_000 + r() * 5000;
    out.set([x, y, x + r() * size, y + r() * size], 4 * i);
  }
  return out;
}

const brute = (box: Float64Array, q: readonly number[]): number[] => {
  const out: number[] = [];
  for (let i = 0; i < box.length >> 2; i++) {
    if (box[4 * i]! <= q[2]! && q[0]! <= box[4 * i + 2]! && box[4 * i + 1]! <= q[3]! && q[1]! <= box[4 * i + 3]!) out.push(i);
  }
  return out;
};

const hits = (index: ReturnType<typeof buildGridIndex>, q: readonly number[]): number[] => {
  const count = index.searchInto(q[0]!, q[1]!, q[2]!, q[3]!); // first: it may replace `found`
  return Array.from(index.found.subarray(0, count)).sort((a, b) => a - b);
};

describe('grid index', () => {
  it('finds exactly what a brute-force scan finds, each item once, query after query', () => {
    for (const size of [10, 300]) { // small items, and items spanning many cells
      const box = randomBoxes(4000, size, size);
      const index = buildGridIndex(box);
      const queries = randomBoxes(300, 99, 150);
      for (let k = 0; k < 300; k++) {
        const q = Array.from(queries.subarray(4 * k, 4 * k + 4));
        expect(hits(index, q)).toEqual(brute(box, q));
      }
      const all = [-1e9, -1e9, 1e9, 1e9];
      expect(hits(index, all)).toEqual(brute(box, all)); // beyond the grid: clamped to its edge cells
    }
  });

  it('counts touching boxes, skips empty (+∞) and NaN items, answers nothing outside or for an empty layer', () => {
    const box = new Float64Array([0, 0, 10, 10, Infinity, Infinity, -Infinity, -Infinity, 20, 20, 30, 30, NaN, 0, NaN, 1]);
    const index = buildGridIndex(box);
    expect(hits(index, [10, 10, 20, 20])).toEqual([0, 2]);
    expect(hits(index, [-1e9, -1e9, 1e9, 1e9])).toEqual([0, 2]);
    expect(hits(index, [40, 40, 50, 50])).toEqual([]);
    expect(buildGridIndex(new Float64Array(0)).searchInto(0, 0, 1, 1)).toBe(0);
  });

  it('keeps the cell table small when two tiny items lie far apart', () => {
    const box = new Float64Array([0, 0, 1, 1, 1e6, 1e6, 1e6 + 1, 1e6 + 1]);
    const index = buildGridIndex(box);
    expect(hits(index, [0, 0, 1e6, 1e6])).toEqual([0, 1]);
    expect(hits(index, [0.5, 0.5, 2, 2])).toEqual([0]);
  });

  it('zOrder: a permutation, empty boxes last, neighbours close along the curve', () => {
    const box = randomBoxes(2000, 5, 10);
    box.set([Infinity, Infinity, -Infinity, -Infinity], 4 * 7);
    const order = zOrder(box);
    expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    expect(order[1999]).toBe(7);
    // Consecutive items are much nearer than random pairs (mean step ≪ 5 km / 3).
    let step = 0;
    for (let k = 1; k < 1999; k++) step += Math.abs(box[4 * order[k]!]! - box[4 * order[k - 1]!]!) + Math.abs(box[4 * order[k]! + 1]! - box[4 * order[k - 1]! + 1]!);
    expect(step / 1998).toBeLessThan(400);
  });
});
