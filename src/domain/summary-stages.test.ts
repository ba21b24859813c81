/**
 * The three stages of the 亩均 ratios (基期 / 现状 / 全部腾出后) on a hand-sized district, every figure
 * worked out by hand below (1 亩 = 10000/15 m², so 10000 m² = 15 亩).
 */
import { describe, expect, it } from 'vitest';
import { analyzeParcels } from './analyze';
import type { ParcelGeoFacts } from './facts';
import type { LedgerEntry } from './ledger';
import type { ParcelAttributes } from './parcel';
import { DEFAULT_RULE_SET } from './rule-set';
import { squareMetres } from './units';

const base: Partial<ParcelAttributes> = { scale: 'above', builtYear: 2010, evalClass: 'B', landUse: '工业', energyTce: 10, revenue: 5000 };
// P1 town A: 15 亩, tax 300 (20 万元/亩), built up: nothing to free.
// P2 town A: 15 亩, tax 60 (4 万元/亩 < 8): low-efficiency, the whole parcel is freeable.
// P3 town B: 15 亩, tax 450, completed 整体腾退: freed (achieved).
// P4 town B: 30 亩, tax 600, coverage 15 %: under-used, spare = 20000 − 3000 / 0.3 = 10000 m² = 15 亩.
// P5 town B: below-scale, in no ratio.
const parcels: ParcelAttributes[] = [
  { ...base, parcelId: 'P1', enterprise: 'E1', town: 'A', tax: 300, addedValue: 1500, employees: 100 },
  { ...base, parcelId: 'P2', enterprise: 'E2', town: 'A', tax: 60, addedValue: 300, employees: 30 },
  { ...base, parcelId: 'P3', enterprise: 'E3', town: 'B', tax: 450, addedValue: 900, employees: 50 },
  { ...base, parcelId: 'P4', enterprise: 'E4', town: 'B', tax: 600, addedValue: 1200, employees: 60 },
  { ...base, parcelId: 'P5', enterprise: 'E5', town: 'B', scale: 'below', tax: 150, addedValue: 10, employees: 5 },
];
const fact = (areaM2: number, footprintM2: number): ParcelGeoFacts => ({
  areaM2: squareMetres(areaM2), footprintM2: squareMetres(footprintM2), blocklineOverlapM2: null, park: null, townFromLayer: null,
});
const facts = [fact(10000, 5000), fact(10000, 5000), fact(10000, 5000), fact(20000, 3000), fact(10000, 5000)];
const ledger: LedgerEntry[] = [{ parcelId: 'P3', action: '整体腾退', status: '已完成', date: '2022-06-01' }];

describe('亩均 stages: 基期, 现状 (after recorded disposals), 全部腾出后 (the pipeline freed)', () => {
  const run = analyzeParcels(parcels, facts, DEFAULT_RULE_SET, { evaluationDate: '2022-12-31', ledger });
  const { summary } = run;
  const rows = run.parcels.toArray();

  it('sets up the case it says (kinds and 亩)', () => {
    expect(rows.map((r) => r.reclaimKind)).toEqual([null, 'low-efficiency', 'achieved', 'under-used', null]);
    expect(rows[3]!.reclaimableMu).toBeCloseTo(15, 9);
  });

  it('基期: every above-scale parcel, freed or not', () => {
    const s = summary.stages.baseline;
    expect(s.taxPerMu.value).toBeCloseTo(1410 / 75, 9); // 18.8
    expect(s.valuePerMu.value).toBeCloseTo(3900 / 75, 9); // 52
    expect(s.productivity.value).toBeCloseTo(3900 / 240, 9); // 16.25
    // The top-level ratios are the baseline's.
    expect(summary.taxPerMu).toBe(s.taxPerMu);
  });

  it('现状: the freed parcel leaves the numerator and the denominator', () => {
    const s = summary.stages.current;
    expect(s.taxPerMu).toMatchObject({ numerator: 960, value: 16 });
    expect(s.taxPerMu.denominator).toBeCloseTo(60, 9);
    expect(s.valuePerMu.value).toBeCloseTo(3000 / 60, 9); // 50
    expect(s.productivity).toMatchObject({ numerator: 3000, denominator: 190 });
    expect(summary.progress.map((p) => p.actual.taxPerMu)).toEqual([s.taxPerMu.value, s.taxPerMu.value]);
  });

  it('全部腾出后: whole freeable parcels leave, an under-used one keeps its tax on its land less the spare', () => {
    const s = summary.stages.afterPipeline;
    expect(s.taxPerMu.numerator).toBe(900);
    expect(s.taxPerMu.denominator).toBeCloseTo(30, 9); // P1 15 + P4 30 − 15
    expect(s.taxPerMu.value).toBeCloseTo(30, 9);
    expect(s.valuePerMu.value).toBeCloseTo(2700 / 30, 9); // 90
    expect(s.productivity).toMatchObject({ numerator: 2700, denominator: 160 });
  });

  it('by 镇街, adding up to the district', () => {
    const a = summary.byTown['A']!.stages;
    const b = summary.byTown['B']!.stages;
    expect([a.baseline.taxPerMu.value, a.current.taxPerMu.value, a.afterPipeline.taxPerMu.value].map((v) => v!.toFixed(6)))
      .toEqual([12, 12, 20].map((v) => v.toFixed(6)));
    expect([b.baseline.taxPerMu.value, b.current.taxPerMu.value, b.afterPipeline.taxPerMu.value].map((v) => v!.toFixed(6)))
      .toEqual([1050 / 45, 20, 40].map((v) => v.toFixed(6)));
    for (const stage of ['baseline', 'current', 'afterPipeline'] as const)
      for (const k of ['taxPerMu', 'valuePerMu', 'productivity'] as const) {
        expect(a[stage][k].numerator + b[stage][k].numerator).toBeCloseTo(summary.stages[stage][k].numerator, 9);
        expect(a[stage][k].denominator + b[stage][k].denominator).toBeCloseTo(summary.stages[stage][k].denominator, 9);
      }
  });

  it('with no ledger, 现状 is 基期', () => {
    const none = analyzeParcels(parcels, facts, DEFAULT_RULE_SET, { evaluationDate: '2022-12-31' }).summary;
    expect(none.stages.current).toEqual(none.stages.baseline);
  });
});
