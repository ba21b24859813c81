import { describe, expect, it } from 'vitest';
import type { Polygon, Position } from 'geojson';
import { clippedArea, intersectionArea } from './clip';
import { packPolygons } from './packed';
import { buildSpatialIndexFromBoxes } from './spatial-index';
import { mulberry32, syntheticInput } from './synthetic.test-helper';
import { buildZoneLayer, clippedAreas, overlapByGroup } from './zone-layer';

const X = 553_000, Y = 3_096_000;

/** A wiggly 1 500-vertex polygon with a wiggly hole: far too big to meet every parcel whole. */
function bigZone(): Polygon {
  const ring = (r0: number, n: number, sign: number): Position[] => {
    const pts: Position[] = Array.from({ length: n }, (_, i) => {
      const a = (sign * 2 * Math.PI * i) / n;
      const r = r0 * (1 + 0.15 * Math.sin(7 * a) + 0.05 * Math.sin(31 * a));
      return [X + r * Math.cos(a), Y + r * Math.sin(a)];
    });
    return [...pts, pts[0]!];
  };
  return { type: 'Polygon', coordinates: [ring(1000, 1500, 1), ring(300, 400, -1)] };
}

describe('zone layer (quadtree tiles)', () => {
  const zone = bigZone();
  const second: Polygon = { type: 'Polygon', coordinates: [[[X - 200, Y - 1200], [X + 200, Y - 1200], [X + 200, Y + 1200], [X - 200, Y + 1200], [X - 200, Y - 1200]]] };
  const layer = buildZoneLayer([{ geometry: zone, group: 0 }, { geometry: second, group: 0 }, { geometry: second, group: 1 }], 2);
  const whole = packPolygons([zone, second]);

  it('tiles to small pieces', () => {
    expect(layer.tiles.count).toBeGreaterThan(30);
    for (let t = 0; t < layer.tiles.count; t++) {
      const rings = (t === 0 ? 0 : layer.tiles.featureEnd[t - 1]!);
      const v0 = rings === 0 ? 0 : layer.tiles.ringEnd[rings - 1]!;
      expect(layer.tiles.ringEnd[layer.tiles.featureEnd[t]! - 1]! - v0).toBeLessThanOrEqual(48 + 16);
    }
  });

  it('gives the same overlap as clipping the whole (untiled) union, for 400 random parcels', () => {
    const r = mulberry32(11);
    const parcels: Polygon[] = Array.from({ length: 400 }, () => {
      const cx = X + (r() - 0.5) * 2600, cy = Y + (r() - 0.5) * 2600, s = 20 + r() * 120, a = r();
      const pts: Position[] = [[-s, -s * 0.6], [s, -s * 0.6], [s * 0.3, s * 0.2], [s, s * 0.6], [-s, s * 0.6]] // concave
        .map(([u, v]) => [cx + u! * Math.cos(a) - v! * Math.sin(a), cy + u! * Math.sin(a) + v! * Math.cos(a)]);
      return { type: 'Polygon', coordinates: [[...pts, pts[0]!]] };
    });
    const packed = packPolygons(parcels);
    const out = new Float64Array(2);
    let crossing = 0;
    parcels.forEach((_, f) => {
      overlapByGroup(layer, packed, f, packed.area[f]!, out);
      const expected0 = intersectionArea(whole, [0, 1], packed, f); // union of zone and second
      const expected1 = intersectionArea(whole, [1], packed, f);
      expect(Math.abs(out[0]! - expected0), `parcel ${f}`).toBeLessThan(0.01);
      expect(Math.abs(out[1]! - expected1), `parcel ${f}`).toBeLessThan(0.01);
      if (expected0 > 0 && expected0 < packed.area[f]! - 1) crossing++;
    });
    expect(crossing).toBeGreaterThan(20); // the sample really exercises boundary parcels
  });
});

describe('clippedAreas (zone statistics)', () => {
  it('equals clippedArea per parcel, lists only parcels that share area, and never uses centroids', () => {
    const { parcels } = syntheticInput(900, 9);
    const packed = packPolygons(parcels);
    const index = buildSpatialIndexFromBoxes(packed.box);
    // A drawn pentagon over part of the grid (synthetic grid origin 540000, 3085000; 80 m cells).
    const ring: Position[] = [[540_300, 3_085_300], [541_500, 3_085_200], [541_900, 3_086_000], [541_000, 3_086_600], [540_200, 3_086_100]];
    const zone: Polygon = { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
    const stats = clippedAreas(packed, index, zone);
    let partial = 0;
    parcels.forEach((p, i) => {
      const expected = clippedArea(p, zone);
      expect(Math.abs((stats.get(i) ?? 0) - expected), `parcel ${i}`).toBeLessThan(0.01);
      if (expected > 0 && expected < packed.area[i]! - 0.01) partial++;
    });
    expect(stats.size).toBeGreaterThan(100);
    expect(partial).toBeGreaterThan(20);
  });
});
