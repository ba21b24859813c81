import { describe, expect, it } from 'vitest';
import type { Polygon, Position } from 'geojson';
import { planarArea } from './area';
import { clippedArea, clipRingToRect, intersection, intersectionArea } from './clip';
import { readLayer, readOracle } from './fixtures.test-helper';
import { packPolygons, signedArea } from './packed';

const X = 553_000, Y = 3_096_000;
const ring = (...pts: [number, number][]): Position[] => [...pts, pts[0]!].map(([x, y]) => [X + x, Y + y]);
const poly = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });

describe('clipRingToRect (Sutherland–Hodgman)', () => {
  it('keeps the exact area of a concave U shape cut by a box, and its orientation', () => {
    // U: 30 × 30 with a 10-wide notch from the top; the box cuts both arms.
    const u = Float64Array.from([0, 0, 30, 0, 30, 30, 20, 30, 20, 10, 10, 10, 10, 30, 0, 30]);
    const c = clipRingToRect(u, [5, 5, 25, 25]);
    expect(signedArea(c, 0, c.length >> 1)).toBeCloseTo(5 * 20 * 2 + 10 * 5, 9);
    const reversed = clipRingToRect(Float64Array.from(Array.from({ length: 8 }, (_, i) => [u[2 * (7 - i)]!, u[2 * (7 - i) + 1]!]).flat()), [5, 5, 25, 25]);
    expect(signedArea(reversed, 0, reversed.length >> 1)).toBeCloseTo(-250, 9);
  });
});

describe('clippedArea / intersection (clipper2, integer frame)', () => {
  const parcels = readLayer('parcels').features;
  const blocklines = readLayer('blocklines').features;
  const oracle = readOracle();

  it('matches GEOS for a parcel × block-line pair, including a 64-gon cut by a ring with a hole', () => {
    const p08 = parcels.find((f) => f.properties.id === 'P08')!.geometry;
    const l4 = blocklines.find((f) => f.properties.id === 'L4')!.geometry;
    const l5 = blocklines.find((f) => f.properties.id === 'L5')!.geometry;
    const expected = oracle.blockline.rows.find((r) => r.id === 'P08' && r.level === '二级')!.overlap;
    // L4 and L5 (both 二级) do not overlap each other inside P08, so the parts add up.
    expect(Math.abs(clippedArea(p08, l4) + clippedArea(p08, l5) - expected)).toBeLessThan(0.01);
  });

  it('returns the parcel area when inside, 0 when disjoint, without clipping', () => {
    const big = poly(ring([-100, -100], [100, -100], [100, 100], [-100, 100]));
    const small = poly(ring([0, 0], [10, 0], [10, 10], [0, 10]));
    expect(clippedArea(small, big)).toBe(100);
    expect(clippedArea(poly(ring([200, 200], [210, 200], [210, 210])), big)).toBe(0);
  });

  it('intersection() returns a MultiPolygon with holes and islands whose area is the clipped area', () => {
    const p12 = parcels.find((f) => f.properties.id === 'P12')!.geometry;
    const zone = poly(ring([210, 290], [290, 290], [290, 410], [210, 410]));
    const out = intersection(p12, zone);
    expect(out.type).toBe('MultiPolygon');
    expect(out.coordinates.length).toBe(2); // the frame with its hole, and the island
    expect(out.coordinates.some((p) => p.length === 2)).toBe(true);
    expect(planarArea(out)).toBeCloseTo(clippedArea(p12, zone), 2);
    expect(planarArea(out)).toBeCloseTo(80 * 100 - 60 * 60 + 30 * 30, 2);
  });

  it('stays within 0.01 m² for a sliver and for a 3 km zone at Gauss–Krüger magnitudes', () => {
    const parcel = poly(ring([0.1234, 0.5678], [100.1234, 0.5678], [100.1234, 80.5678], [0.1234, 80.5678]));
    const sliver = poly(ring([-5, 80.5578], [200, 80.5578], [200, 90], [-5, 90])); // 1 cm strip along the top
    expect(clippedArea(parcel, sliver)).toBeCloseTo(1, 3);
    const wide = poly(ring([-1500, -1500], [50.1234, -1500], [50.1234, 1500], [-1500, 1500])); // cuts the parcel in half
    expect(Math.abs(clippedArea(parcel, wide) - 50 * 80)).toBeLessThan(0.01);
  });
});

describe('intersectionArea on rings that run back over themselves', () => {
  it('drops zero-width spikes before clipper2 (which mis-clips them: 1.07 m² came back as 10.5 m²)', () => {
    // The sliver Sutherland–Hodgman made from a block-line tile: a triangle plus a 52 m bridge along y = 0.441.
    const sliver: Polygon = { type: 'Polygon', coordinates: [[[0, 29.42873], [52.61961, 29.42873], [54.96226, 28.98818], [57.49294, 29.42873], [0, 29.42873]]] };
    const parcel: Polygon = { type: 'Polygon', coordinates: [[[6.21619, 12.5461], [88.80968, 1], [81.38017, 83.18172], [1, 82.98017], [6.21619, 12.5461]]] };
    const shift = (g: Polygon): Polygon => ({ type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(([x, y]) => [X + 39.542 + x!, Y - 28.988 + y!])) });
    const p = packPolygons([shift(sliver), shift(parcel)]);
    const triangle = ((57.49294 - 52.61961) * (29.42873 - 28.98818)) / 2;
    expect(intersectionArea(p, [0], p, 1)).toBeCloseTo(triangle, 4);
  });
});
