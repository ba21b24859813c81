import { describe, expect, it } from 'vitest';
import { projectPoint } from './projection';

describe('projection EPSG:4549 ↔ WGS84', () => {
  // Points across the Ouhai extent (eastings 532–574 km, northings 3082–3110 km).
  const pts = [
    [532_495, 3_082_245], [573_927, 3_109_831], [553_000, 3_096_000], [560_123.456, 3_100_987.654],
  ];
  it('round-trips within 1 mm', () => {
    for (const p of pts) {
      const ll = projectPoint(p, 'EPSG:4549', 'EPSG:4326');
      const back = projectPoint(ll, 'EPSG:4326', 'EPSG:4549');
      expect(Math.hypot(back[0]! - p[0]!, back[1]! - p[1]!)).toBeLessThan(0.001);
    }
  });
  it('lands inside the district bbox (lon 120.33–120.75, lat 27.85–28.10)', () => {
    const ll = projectPoint([553_000, 3_096_000], 'EPSG:4549', 'EPSG:4326');
    expect(ll[0]).toBeGreaterThan(120.33);
    expect(ll[0]).toBeLessThan(120.76);
    expect(ll[1]).toBeGreaterThan(27.85);
    expect(ll[1]).toBeLessThan(28.11);
  });
  it('treats EPSG:4528 as 4549 with the zone prefix 40 in the easting', () => {
    const a = projectPoint([40_553_000, 3_096_000], 'EPSG:4528', 'EPSG:4326');
    const b = projectPoint([553_000, 3_096_000], 'EPSG:4549', 'EPSG:4326');
    expect(a[0]).toBeCloseTo(b[0]!, 12);
    expect(a[1]).toBeCloseTo(b[1]!, 12);
  });
});
