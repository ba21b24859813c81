import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { planarArea } from './area';
import { readLayer, readOracle } from './fixtures.test-helper';
import { packPolygons } from './packed';

const parcels = readLayer('parcels').features;
const oracle = readOracle();

const mapRings = (g: Polygon | MultiPolygon, f: (r: Position[]) => Position[]): Polygon | MultiPolygon =>
  g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map(f) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(f)) };

describe('planarArea', () => {
  it('matches GDAL ST_Area within 0.01 m² for holes, multipolygons, rotated and 64-gon parcels', () => {
    for (const f of parcels) {
      const row = oracle.areas.rows.find((r) => r.id === f.properties.id)!;
      expect(Math.abs(planarArea(f.geometry) - row.area), f.properties.id).toBeLessThan(0.01);
    }
  });

  it('keeps the area when a ring starts at another vertex or runs the other way', () => {
    for (const f of parcels) {
      const a = planarArea(f.geometry);
      for (let k = 1; k < 4; k++) {
        const rotated = mapRings(f.geometry, (r) => { const o = r.slice(0, -1); const s = k % o.length; const x = [...o.slice(s), ...o.slice(0, s)]; return [...x, x[0]!]; });
        expect(planarArea(rotated)).toBeCloseTo(a, 6);
      }
      expect(planarArea(mapRings(f.geometry, (r) => [...r].reverse()))).toBeCloseTo(a, 6);
    }
  });

  it('keeps sub-mm² precision at Gauss–Krüger magnitudes (a 1 m × 1 mm sliver at northing 3.1e6)', () => {
    const s: Polygon = { type: 'Polygon', coordinates: [[[553_000.123, 3_096_000.456], [553_001.123, 3_096_000.456], [553_001.123, 3_096_000.457], [553_000.123, 3_096_000.457], [553_000.123, 3_096_000.456]]] };
    expect(planarArea(s)).toBeCloseTo(0.001, 7);
  });

  it('agrees with the packed shoelace used inside the overlay', () => {
    const packed = packPolygons(parcels.map((f) => f.geometry));
    parcels.forEach((f, i) => {
      if (packed.problems.has(i)) return;
      expect(packed.area[i]).toBeCloseTo(planarArea(f.geometry), 8);
    });
  });
});
