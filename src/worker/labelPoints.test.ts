import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon } from 'geojson';
import { booleanPointInPolygon } from '@turf/turf';
import { labelPoint, largestPart } from './labelPoints';

describe('labelPoint', () => {
  it('uses the centre of a convex polygon', () => {
    const sq: Polygon = { type: 'Polygon', coordinates: [[[560000, 3090000], [560100, 3090000], [560100, 3090100], [560000, 3090100], [560000, 3090000]]] };
    const [x, y] = labelPoint(sq).coordinates;
    expect(x).toBeCloseTo(560050, 6);
    expect(y).toBeCloseTo(3090050, 6);
  });

  it('stays inside a U-shaped polygon whose centre of mass is outside', () => {
    const u: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [300, 0], [300, 300], [200, 300], [200, 100], [100, 100], [100, 300], [0, 300], [0, 0]]] };
    expect(booleanPointInPolygon(labelPoint(u), u)).toBe(true);
  });

  it('labels the largest part of a multipolygon', () => {
    const mp: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [
        [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]],
        [[[100, 0], [300, 0], [300, 200], [100, 200], [100, 0]]],
      ],
    };
    expect(largestPart(mp).coordinates[0]![1]).toEqual([300, 0]);
    expect(labelPoint(mp).coordinates[0]).toBeCloseTo(200, 6);
  });
});
