import { describe, expect, it } from 'vitest';
import { groupEnterprises } from './enterprise';
import { computeClasses, groupAverage } from './evaluation';
import type { ParcelGeoFacts } from './facts';
import type { EvalClass, ParcelAttributes } from './parcel';
import { DEFAULT_RULE_SET } from './rule-set';
import { m2FromMu, mu } from './units';

const facts = (areaMu: number): ParcelGeoFacts => ({
  areaM2: m2FromMu(mu(areaMu)), footprintM2: null, blocklineOverlapM2: null, park: undefined, townFromLayer: null,
});

function classesOf(parcels: ParcelAttributes[], areas: number[]) {
  const { enterprises } = groupEnterprises(parcels, areas.map(facts));
  return { enterprises, classes: computeClasses(enterprises, DEFAULT_RULE_SET) };
}

describe('亩均效益 evaluation (computed classes)', () => {
  it('ranks 20 above-scale enterprises into 4 A, 12 B, 3 C, 1 D (20/60/15/5 %)', () => {
    const parcels: ParcelAttributes[] = Array.from({ length: 20 }, (_, i) => ({
      parcelId: `p${i}`, scale: 'above', tax: 100 + 10 * i, addedValue: 1000, energyTce: 100, emissions: 2, employees: 50, revenue: 5000, rdExpense: 100,
    }));
    const { classes } = classesOf(parcels, parcels.map(() => 10));
    const count = (c: EvalClass) => classes.filter((x) => x.evalClass === c).length;
    expect([count('A'), count('B'), count('C'), count('D')]).toEqual([4, 12, 3, 1]);
    // Higher tax per mu ranks higher, all else equal.
    expect(classes[19]!.evalClass).toBe('A');
    expect(classes[0]!.evalClass).toBe('D');
    // Score = Σ weight × indicator / group average: all indicators at average except tax.
    const avgTax = (100 + 290) / 2 / 10; // area-weighted average 亩均税收
    expect(classes[0]!.score).toBeCloseTo(30 * (10 / avgTax) + 70, 9);
  });

  it('scores a missing indicator at the average and leaves enterprises without any indicator unclassed', () => {
    const parcels: ParcelAttributes[] = [
      { parcelId: 'a', scale: 'above', tax: 100, addedValue: 500 },
      { parcelId: 'b', scale: 'above', tax: 300, addedValue: 500 },
      { parcelId: 'c', scale: 'above' }, // no indicator at all
      { parcelId: 'd', tax: 50 }, // unknown scale
    ];
    const { classes } = classesOf(parcels, [10, 10, 10, 10]);
    // a: tax ratio 0.5, value ratio 1, the other four indicators missing → average (1)
    expect(classes[0]!.score).toBeCloseTo(30 * 0.5 + 20 + 20 + 10 + 10 + 10, 9);
    expect(classes[2]).toEqual({ evalClass: null, score: null });
    expect(classes[3]).toEqual({ evalClass: null, score: null });
  });

  it('ranks below-scale enterprises separately, 50/50 with tax per electricity where it exists', () => {
    const parcels: ParcelAttributes[] = [
      { parcelId: 'big', scale: 'above', tax: 10000 },
      { parcelId: 'b1', scale: 'below', tax: 10, electricityKwh: 10 },
      { parcelId: 'b2', scale: 'below', tax: 30, electricityKwh: 10 },
      { parcelId: 'b3', scale: 'below', tax: 20 },
    ];
    const { enterprises, classes } = classesOf(parcels, [10, 10, 10, 10]);
    const below = enterprises.filter((e) => e.scale === 'below');
    expect(groupAverage(below, 'taxPerMu')).toBeCloseTo(60 / 30, 12);
    expect(groupAverage(below, 'taxPerElectricity')).toBeCloseTo(40 / 20, 12);
    expect(classes[1]!.score).toBeCloseTo(50 * (1 / 2) + 50 * (1 / 2), 9);
    expect(classes[2]!.score).toBeCloseTo(50 * (3 / 2) + 50 * (3 / 2), 9);
    expect(classes[3]!.score).toBeCloseTo(100 * (2 / 2), 9);
    expect(classes[2]!.evalClass).toBe('A'); // best of its own group, though far below the above-scale one
    expect(classes[0]!.evalClass).toBe('A'); // alone in its group
  });

  it('ranks by how many score strictly better: a tie straddling a cut-off takes the better class', () => {
    // Scores ∝ tax per mu: three tied at the top, five tied next, one below, one last (n = 10).
    const taxes = [10, 10, 10, 5, 5, 5, 5, 5, 2, 1];
    const parcels: ParcelAttributes[] = taxes.map((tax, i) => ({ parcelId: `r${i}`, scale: 'below', tax }));
    const { classes } = classesOf(parcels, parcels.map(() => 5));
    // Share strictly ahead: 0 → A (< 20 %); 3 → B (30 % < 80 %); 8 → C (80 % is not < 80 %); 9 → C (90 % < 95 %).
    expect(classes.map((c) => c.evalClass)).toEqual(['A', 'A', 'A', 'B', 'B', 'B', 'B', 'B', 'C', 'C']);
    expect(classes[0]!.score).toBeGreaterThan(classes[3]!.score!);
  });

  it('gives tied scores the same (better) class', () => {
    const parcels: ParcelAttributes[] = Array.from({ length: 10 }, (_, i) => ({ parcelId: `t${i}`, scale: 'below', tax: 50 }));
    const { classes } = classesOf(parcels, parcels.map(() => 5));
    expect(new Set(classes.map((c) => c.evalClass))).toEqual(new Set(['A']));
  });
});
