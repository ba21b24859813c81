import { describe, expect, it } from 'vitest';
import { coordinateKinds, decideCrs } from './crs';

/** Boxes of 10 m squares at the given lower-left corners, 4 numbers each. */
const boxes = (...corners: [number, number][]): Float64Array =>
  Float64Array.from(corners.flatMap(([x, y]) => [x, y, x + 10, y + 10]));
const GK: [number, number] = [560_000, 3_100_000];
const GK40: [number, number] = [40_560_000, 3_100_000];
const SWAPPED: [number, number] = [3_100_000, 560_000];

describe('decideCrs from the coordinate kinds', () => {
  it('marks which features fit the decision, and skips those with no geometry', () => {
    const b = boxes(GK, GK40, GK, [NaN, NaN]);
    const out = decideCrs(coordinateKinds(b), null);
    expect(out.ok && out.decision.crs).toBe('EPSG:4549');
    expect(out.ok && [...out.decision.fits]).toEqual([1, 0, 1, 0]);
  });

  it('on a tie, takes the kind met first', () => {
    const first = decideCrs(coordinateKinds(boxes(GK40, GK, GK, GK40)), null);
    expect(first.ok && first.decision.crs).toBe('EPSG:4528');
    const second = decideCrs(coordinateKinds(boxes(GK, GK40, GK40, GK)), null);
    expect(second.ok && second.decision.crs).toBe('EPSG:4549');
  });

  it('detects swapped axes, and keeps them for a user CRS of the same kind', () => {
    const kinds = coordinateKinds(boxes(SWAPPED, SWAPPED, GK));
    const detected = decideCrs(kinds, null);
    expect(detected.ok && [detected.decision.crs, detected.decision.swapped, [...detected.decision.fits]]).toEqual(['EPSG:4549', true, [1, 1, 0]]);
    const user = decideCrs(kinds, null, 'EPSG:2385');
    expect(user.ok && [user.decision.swapped, [...user.decision.fits]]).toEqual([true, [1, 1, 0]]);
  });

  it('refuses a layer with no usable coordinates, or none in Ouhai', () => {
    expect(decideCrs(coordinateKinds(boxes([NaN, NaN])), null).ok).toBe(false);
    expect(decideCrs(coordinateKinds(boxes([0, 0])), null).ok).toBe(false);
  });
});
