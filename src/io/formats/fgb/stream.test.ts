import { describe, expect, it } from 'vitest';
import { boxToFetch, fetchedPercent, grow, inside, totalFromContentRange, withinCap, type LonLatBox } from './stream';

const view: LonLatBox = [120.6, 28.0, 120.62, 28.01];

describe('stream boxes', () => {
  it('grows a view by a quarter of its size on each side', () => {
    const g = grow(view);
    expect(g[0]).toBeCloseTo(120.595, 9);
    expect(g[2]).toBeCloseTo(120.625, 9);
    expect(g[1]).toBeCloseTo(27.9975, 9);
    expect(g[3]).toBeCloseTo(28.0125, 9);
  });

  it('fetches the grown view first, nothing for a view inside what is loaded, again when the view leaves it', () => {
    const loaded = boxToFetch(view, null)!;
    expect(loaded).toEqual(grow(view));
    const nudged: LonLatBox = [view[0] + 0.004, view[1], view[2] + 0.004, view[3]];
    expect(boxToFetch(nudged, loaded)).toBeNull();
    const panned: LonLatBox = [view[0] + 0.01, view[1], view[2] + 0.01, view[3]];
    expect(inside(panned, loaded)).toBe(false);
    expect(boxToFetch(panned, loaded)).toEqual(grow(panned));
  });

  it('fetches again when the user zooms far in, so what is held follows the view', () => {
    const loaded = grow(view);
    const tiny: LonLatBox = [120.605, 28.002, 120.607, 28.003];
    expect(boxToFetch(tiny, loaded)).toEqual(grow(tiny));
  });

  it('caps the parcels held and reports the share fetched', () => {
    expect(withinCap(50_000)).toBe(true);
    expect(withinCap(50_001)).toBe(false);
    expect(fetchedPercent(5, 200)).toBe(2.5);
    expect(fetchedPercent(5, null)).toBe(0);
    expect(totalFromContentRange('bytes 0-0/123456')).toBe(123456);
    expect(totalFromContentRange('bytes 0-0/*')).toBeNull();
    expect(totalFromContentRange(null)).toBeNull();
  });
});
