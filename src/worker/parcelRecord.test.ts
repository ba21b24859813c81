import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { mu } from '../domain/units';
import { parcelRecordOf, registeredAreaDiff, taxPerMu } from './parcelRecord';

const square = (x: number, y: number, side: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]],
});

describe('registeredAreaDiff', () => {
  it('reports only differences above 0.5 %', () => {
    expect(registeredAreaDiff(mu(20), 20.1)).toBeNull(); // exactly 0.5 %
    expect(registeredAreaDiff(mu(20), 19.95)).toBeNull();
    const d = registeredAreaDiff(mu(20), 20.2);
    expect(d?.diffMu).toBeCloseTo(0.2, 12);
    expect(d?.ratio).toBeCloseTo(0.01, 12);
    expect(registeredAreaDiff(mu(20), 19)?.ratio).toBeCloseTo(-0.05, 12);
  });
  it('is null without a registered or computed area', () => {
    expect(registeredAreaDiff(mu(20), null)).toBeNull();
    expect(registeredAreaDiff(mu(20), undefined)).toBeNull();
    expect(registeredAreaDiff(mu(0), 5)).toBeNull();
  });
});

describe('taxPerMu', () => {
  it('divides tax by area in 亩', () => {
    expect(taxPerMu(160, mu(20))).toBe(8);
    expect(taxPerMu(null, mu(20))).toBeNull();
    expect(taxPerMu(10, mu(0))).toBeNull();
  });
});

describe('parcelRecordOf', () => {
  it('computes the planar area in m² and 亩, 亩均税收 and the registered-area difference', () => {
    // 100 m × 100 m = 10 000 m² = 15 亩
    const rec = parcelRecordOf(3, { geometry: square(563000, 3100000, 100), attributes: { parcelId: 'OH-1', tax: 150, registeredAreaMu: 16 } });
    expect(rec.fid).toBe(3);
    expect(rec.areaM2).toBeCloseTo(10000, 6);
    expect(rec.areaMu).toBeCloseTo(15, 9);
    expect(rec.taxPerMu).toBeCloseTo(10, 9);
    expect(rec.registeredAreaDiff?.diffMu).toBeCloseTo(1, 9);
    expect(rec.attributes).toEqual({ parcelId: 'OH-1', tax: 150, registeredAreaMu: 16 });
  });

  it('does not read the geometry when the area is known (a loader may make it only when first read)', () => {
    const parcel = { get geometry(): never { throw new Error('geometry read'); }, attributes: { parcelId: 'OH-2', tax: 30 } };
    const rec = parcelRecordOf(0, parcel, 10000);
    expect(rec.areaMu).toBeCloseTo(15, 9);
    expect(rec.taxPerMu).toBeCloseTo(2, 9);
  });
});
