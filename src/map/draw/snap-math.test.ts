import { describe, expect, it } from 'vitest';
import { snapToRings } from './snap-math';

const square = [[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]] as const;

describe('snapToRings', () => {
  it('snaps to a corner within the radius before any edge', () => {
    expect(snapToRings([97, 4], [square], 10)).toEqual({ point: [100, 0], kind: 'corner', distance: 5 });
  });
  it('snaps to the nearest point of an edge when no corner is near', () => {
    const hit = snapToRings([50, 6], [square], 10);
    expect(hit).toEqual({ point: [50, 0], kind: 'edge', distance: 6 });
  });
  it('picks the nearest of several outlines and nothing outside the radius', () => {
    const other = [[200, 0], [300, 0], [300, 100], [200, 100]] as const;
    expect(snapToRings([150, 50], [square, other], 10)).toBeNull();
    expect(snapToRings([195, 50], [square, other], 10)?.point).toEqual([200, 50]);
  });
});
