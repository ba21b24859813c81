import { describe, expect, it } from 'vitest';
import { buildingCoverage, floorAreaRatio, METRIC_KEYS, perMuMetrics, perMuMetricsInto, ratio, taxPerMu, unbuiltArea, type EconomicFigures } from './metrics';
import type { ParcelAttributes } from './parcel';
import { m2FromMu, mu, squareMetres, type SquareMetres } from './units';

/** A parcel's own figures (null where it has none). */
const parcelFigures = (p: ParcelAttributes, areaM2: SquareMetres | null): EconomicFigures => ({
  areaM2, tax: p.tax ?? null, addedValue: p.addedValue ?? null, revenue: p.revenue ?? null, rdExpense: p.rdExpense ?? null,
  energyTce: p.energyTce ?? null, emissions: p.emissions ?? null, electricityKwh: p.electricityKwh ?? null, employees: p.employees ?? null,
});

const tenMu = m2FromMu(mu(10));

describe('per-mu metrics', () => {
  it('computes each formula with its unit', () => {
    const m = perMuMetrics(parcelFigures(
      { parcelId: 'a', tax: 300, addedValue: 1500, employees: 75, energyTce: 600, revenue: 8000, rdExpense: 240, emissions: 3, electricityKwh: 150 },
      tenMu,
    ));
    expect(m.taxPerMu).toBeCloseTo(30, 12); // 万元/亩
    expect(m.valuePerMu).toBeCloseTo(150, 12);
    expect(m.productivity).toBeCloseTo(20, 12); // 万元/人
    expect(m.energyIntensity).toBeCloseTo(0.4, 12); // tce/万元
    expect(m.valuePerEnergy).toBeCloseTo(2.5, 12); // 万元/tce
    expect(m.valuePerEmission).toBeCloseTo(500, 12);
    expect(m.rdShare).toBeCloseTo(0.03, 12);
    expect(m.taxPerElectricity).toBeCloseTo(2, 12);
  });

  it('returns null, never NaN or Infinity, for missing inputs or zero denominators', () => {
    const m = perMuMetrics(parcelFigures({ parcelId: 'b', tax: 10, addedValue: 0, energyTce: 5, employees: 0 }, squareMetres(0)));
    for (const v of Object.values(m)) expect(v === null || Number.isFinite(v)).toBe(true);
    expect(m.taxPerMu).toBeNull();
    expect(m.energyIntensity).toBeNull();
    expect(m.productivity).toBeNull();
    expect(m.rdShare).toBeNull();
    expect(ratio(Number.NaN, 3)).toBeNull();
    expect(ratio(1, -2)).toBeNull();
    expect(taxPerMu(null, tenMu)).toBeNull();
  });

  it('computes FAR, coverage and unbuilt land from m²', () => {
    expect(floorAreaRatio(12000, squareMetres(10000))).toBeCloseTo(1.2, 12);
    expect(buildingCoverage(squareMetres(4200), squareMetres(10000))).toBeCloseTo(0.42, 12);
    expect(buildingCoverage(null, squareMetres(10000))).toBeNull();
    expect(unbuiltArea(squareMetres(10000), squareMetres(4200))).toBe(5800);
    expect(unbuiltArea(squareMetres(10000), null)).toBeNull();
    // Footprint slightly over the area (clipping noise) never gives negative unbuilt land.
    expect(unbuiltArea(squareMetres(100), squareMetres(100.001))).toBe(0);
  });

  it('writes every metric into its column, null as NaN, and never NaN or Infinity for any figures', () => {
    const values = [null, 0, -0, 1, 2.5, 1e9, -3, 1e-300];
    let seed = 7;
    const pick = () => values[(seed = (seed * 48271) % 2147483647) % values.length]!;
    const out = new Float64Array(2 + METRIC_KEYS.length).fill(-1);
    for (let n = 0; n < 500; n++) {
      const area = pick();
      const f: EconomicFigures = {
        areaM2: area === null ? null : squareMetres(Math.abs(area) * 600), tax: pick(), addedValue: pick(), revenue: pick(), rdExpense: pick(),
        energyTce: pick(), emissions: pick(), electricityKwh: pick(), employees: pick(),
      };
      perMuMetricsInto(f, out, 2);
      expect(out[0]).toBe(-1); // nothing before `at` is touched
      const m = perMuMetrics(f);
      METRIC_KEYS.forEach((k, slot) => {
        expect(out[2 + slot], `${k} of ${JSON.stringify(f)}`).toBe(m[k] ?? NaN);
        expect(m[k] === null || Number.isFinite(m[k]), k).toBe(true);
      });
      expect(m.productivity).toBe(ratio(f.addedValue, f.employees));
    }
  });
});
