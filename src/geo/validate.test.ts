import { describe, expect, it } from 'vitest';
import type { Geometry, Position } from 'geojson';
import { validateGeometry } from './validate';

const X = 553_000, Y = 3_096_000;
const ring = (...pts: [number, number][]): Position[] => [...pts, pts[0]!].map(([x, y]) => [X + x, Y + y]);
const poly = (...rings: Position[][]): Geometry => ({ type: 'Polygon', coordinates: rings });
const square = ring([0, 0], [10, 0], [10, 10], [0, 10]);

describe('validateGeometry', () => {
  it('accepts valid polygons, holes, multipolygons, repeated vertices, and a hole touching the shell at a vertex', () => {
    expect(validateGeometry(poly(square))).toBeNull();
    expect(validateGeometry(poly(square, ring([2, 2], [4, 2], [4, 4], [2, 4])))).toBeNull();
    expect(validateGeometry({ type: 'MultiPolygon', coordinates: [[square], [ring([20, 0], [30, 0], [30, 10])]] })).toBeNull();
    expect(validateGeometry(poly(ring([0, 0], [10, 0], [10, 0], [10, 10], [0, 10])))).toBeNull();
    expect(validateGeometry(poly(square, ring([0, 0], [4, 2], [2, 4])))).toBeNull();
  });

  it.each<[string, Geometry | null, RegExp]>([
    ['missing', null, /missing/],
    ['a point', { type: 'Point', coordinates: [X, Y] }, /expected Polygon/],
    ['empty', { type: 'Polygon', coordinates: [] }, /empty/],
    ['NaN', poly([[X, Y], [X + 1, NaN], [X + 1, Y + 1], [X, Y]]), /finite/],
    ['unclosed', poly([[X, Y], [X + 1, Y], [X + 1, Y + 1]]), /not closed/],
    ['two vertices', poly([[X, Y], [X + 1, Y], [X, Y]]), /fewer than 3/],
    ['collinear, repeated', poly(ring([0, 0], [5, 0], [5, 0], [0, 0])), /fewer than 3/],
    ['bowtie', poly(ring([0, 0], [10, 10], [10, 0], [0, 10])), /self-intersection/],
    ['spike', poly(ring([0, 0], [10, 0], [10, 10], [10, 5], [10, 12], [0, 10])), /spike|self-intersection/],
    ['hole crossing the shell', poly(square, ring([5, 5], [15, 5], [15, 8], [5, 8])), /self-intersection/],
    ['ring touching itself', poly(ring([0, 0], [10, 0], [10, 10], [5, 0], [0, 10])), /touches itself|self-intersection/],
    ['overlapping multipolygon parts', { type: 'MultiPolygon', coordinates: [[square], [ring([5, 5], [15, 5], [15, 15], [5, 15])]] }, /self-intersection/],
  ])('reports %s', (_, g, message) => {
    expect(validateGeometry(g)).toMatch(message);
  });

  it('says where the ring crosses itself', () => {
    const m = validateGeometry(poly(ring([0, 0], [10, 10], [10, 0], [0, 10])));
    expect(m).toContain('(553005.00, 3096005.00)');
  });

  it('handles a 2 000-vertex ring (x-sweep path) and finds a single crossing in it', () => {
    const n = 2000;
    const pts: [number, number][] = Array.from({ length: n }, (_, i) => [100 * Math.cos((2 * Math.PI * i) / n), 100 * Math.sin((2 * Math.PI * i) / n)]);
    expect(validateGeometry(poly(ring(...pts)))).toBeNull();
    [pts[10], pts[20]] = [pts[20]!, pts[10]!]; // swapping two vertices makes edges cross
    expect(validateGeometry(poly(ring(...pts)))).toMatch(/self-intersection/);
  });
});
