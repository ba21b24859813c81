/** toDisplayFast gives toDisplay's numbers, bit for bit, and refuses what toDisplay refuses. */
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { toDisplay, toDisplayFast, toDisplayXY } from './projection';

describe('toDisplayFast', () => {
  it('equals toDisplay on 200k seeded points over and around Ouhai (and far outside the zone)', () => {
    let s = 20211217;
    const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const ring: [number, number][] = [];
    for (let i = 0; i < 200_000; i++) ring.push([300_000 + rnd() * 400_000, 2_800_000 + rnd() * 600_000]);
    for (const p of [[500_000, 0], [0, 0], [-2e7, 3e6], [2e7, 9e6], [480_123.456789, 3_101_234.987654]] as [number, number][]) ring.push(p);
    const g: Polygon = { type: 'Polygon', coordinates: [ring] };
    expect(toDisplayFast(g)).toEqual(toDisplay(g));
    // The flat form, the same numbers.
    expect(Array.from(toDisplayXY(Float64Array.from(ring.flat())))).toEqual(toDisplay(g).coordinates[0]!.flat());
  });

  it('throws on a non-finite vertex as toDisplay does', () => {
    const g: Polygon = { type: 'Polygon', coordinates: [[[NaN, 3_100_000], [500_000, 3_100_000], [500_000, 3_101_000]]] };
    expect(() => toDisplay(g)).toThrow();
    expect(() => toDisplayFast(g)).toThrow();
  });
});
