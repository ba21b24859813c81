import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { intersectionArea } from './clip';
import { areaInsideConvex, areaInsideConvexes, convexRing } from './convex';
import { packPolygons } from './packed';
import { mulberry32 } from './synthetic.test-helper';

const X = 553_000, Y = 3_096_000;
const poly = (pts: [number, number][], holes: [number, number][][] = []): Polygon => ({
  type: 'Polygon',
  coordinates: [pts, ...holes].map((r) => [...r, r[0]!].map(([x, y]) => [X + x, Y + y])),
});

describe('convex clipping', () => {
  it('recognises convex single rings (collinear vertices allowed), rejects concave and holed ones', () => {
    const p = packPolygons([
      poly([[0, 0], [10, 0], [20, 0], [20, 10], [0, 10]]),
      poly([[0, 0], [10, 0], [5, 2], [10, 10], [0, 10]]),
      poly([[0, 0], [10, 0], [10, 10], [0, 10]], [[[2, 2], [4, 2], [4, 4]]]),
    ]);
    expect(convexRing(p, 0)).toBe(0);
    expect(convexRing(p, 1)).toBe(-1);
    expect(convexRing(p, 2)).toBe(-1);
  });

  it('agrees with clipper2 on random concave, holed subjects against random rotated rectangles', () => {
    const r = mulberry32(3);
    for (let k = 0; k < 200; k++) {
      // A star-ish concave subject with a hole, and a rotated rectangle clip.
      const n = 5 + Math.floor(r() * 12);
      const star: [number, number][] = Array.from({ length: n }, (_, i) => {
        const a = (2 * Math.PI * i) / n, rr = 20 + r() * 30;
        return [50 + rr * Math.cos(a), 50 + rr * Math.sin(a)];
      });
      const hole: [number, number][] = [[45, 45], [55, 45], [55, 55], [45, 55]];
      const a = r() * Math.PI, w = 10 + r() * 60, h = 5 + r() * 40, cx = 20 + r() * 60, cy = 20 + r() * 60;
      const rect: [number, number][] = [[-w, -h], [w, -h], [w, h], [-w, h]].map(([u, v]) => [cx + u! * Math.cos(a) - v! * Math.sin(a), cy + u! * Math.sin(a) + v! * Math.cos(a)]);
      const p = packPolygons([poly(star, [hole]), poly(rect)]);
      const expected = intersectionArea(p, [0], p, 1);
      expect(Math.abs(areaInsideConvex(p, 0, p, convexRing(p, 1)) - expected)).toBeLessThan(0.01);
    }
  });

  it('clips to the intersection of two and three rotated rectangles as clipper2 does (|S∩A∩B| = |S∩A| + |S∩B| − |S∩(A∪B)|)', () => {
    const r = mulberry32(11);
    const rect = (): [number, number][] => {
      const a = r() * Math.PI, w = 10 + r() * 40, h = 5 + r() * 30, cx = 30 + r() * 40, cy = 30 + r() * 40;
      return [[-w, -h], [w, -h], [w, h], [-w, h]].map(([u, v]) => [cx + u! * Math.cos(a) - v! * Math.sin(a), cy + u! * Math.sin(a) + v! * Math.cos(a)]);
    };
    let nonEmpty = 0;
    for (let k = 0; k < 200; k++) {
      const n = 5 + Math.floor(r() * 12);
      const star: [number, number][] = Array.from({ length: n }, (_, i) => {
        const a = (2 * Math.PI * i) / n, rr = 20 + r() * 30;
        return [50 + rr * Math.cos(a), 50 + rr * Math.sin(a)];
      });
      const p = packPolygons([poly(star, [[[45, 45], [55, 45], [55, 55], [45, 55]]]), poly(rect()), poly(rect()), poly(rect())]);
      const [a, b, c] = [1, 2, 3].map((f) => convexRing(p, f));
      const inS = (fs: number[]) => intersectionArea(p, fs, p, 0);
      const ab = inS([1]) + inS([2]) - inS([1, 2]);
      expect(Math.abs(areaInsideConvexes(p, 0, p, [a!, b!], 2) - ab)).toBeLessThan(0.01);
      // Three: |S∩A∩B∩C| from the unions clipper2 makes (inclusion–exclusion).
      const abc = inS([1, 2, 3]) + inS([1]) + inS([2]) + inS([3]) - inS([1, 2]) - inS([1, 3]) - inS([2, 3]);
      expect(Math.abs(areaInsideConvexes(p, 0, p, [a!, b!, c!], 3) - abc)).toBeLessThan(0.01);
      if (abc > 1) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it('has no area where the rings\' boxes have no common part', () => {
    const p = packPolygons([poly([[0, 0], [100, 0], [100, 100], [0, 100]]), poly([[10, 10], [20, 10], [20, 20], [10, 20]]), poly([[30, 30], [40, 30], [40, 40], [30, 40]])]);
    expect(areaInsideConvexes(p, 0, p, [1, 2], 2)).toBe(0);
    expect(areaInsideConvexes(p, 0, p, [1], 1)).toBeCloseTo(100, 9);
  });
});
