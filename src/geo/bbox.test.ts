/** geometryBboxInto writes the box geometryBbox returns, at the offset asked, leaving the rest alone. */
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { geometryBbox, geometryBboxInto } from './bbox';

const square = (x: number, y: number, s: number): number[][] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];

describe('geometryBboxInto', () => {
  it('is geometryBbox, written in place', () => {
    const poly: Polygon = { type: 'Polygon', coordinates: [square(563000, 3100000, 100), square(563010, 3100010, 5)] };
    const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(1, 2, 3)], [square(-5, 7, 2), square(-4.5, 7.5, 1)]] };
    const out = new Float64Array(12).fill(42);
    geometryBboxInto(poly, out, 0);
    geometryBboxInto(multi, out, 4);
    expect([...out.subarray(0, 4)]).toEqual(geometryBbox(poly));
    expect([...out.subarray(4, 8)]).toEqual([-5, 2, 4, 9]);
    expect([...out.subarray(4, 8)]).toEqual(geometryBbox(multi));
    expect([...out.subarray(8)]).toEqual([42, 42, 42, 42]);
  });

  it('writes an empty box for a polygon with no rings', () => {
    const out = new Float64Array(4);
    geometryBboxInto({ type: 'Polygon', coordinates: [] }, out, 0);
    expect([...out]).toEqual([Infinity, Infinity, -Infinity, -Infinity]);
  });
});
