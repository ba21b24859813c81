import { describe, expect, it } from 'vitest';
import { analyzeParcels } from './analyze';
import type { ParcelGeoFacts } from './facts';
import type { LedgerEntry } from './ledger';
import type { ParcelAttributes } from './parcel';
import { DEFAULT_RULE_SET } from './rule-set';
import { RULE_IDS } from './rules';
import { UNASSIGNED_TOWN, type KpiBlock } from './summary';
import { squareMetres } from './units';

/** A seeded mix of parcels across towns, scales and data gaps. */
function district(n: number) {
  let s = 7;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0), s / 2 ** 32);
  const towns = ['景山街道', '梧田街道', '娄桥街道', null];
  const parcels: ParcelAttributes[] = [];
  const facts: ParcelGeoFacts[] = [];
  const ledger: LedgerEntry[] = [];
  for (let i = 0; i < n; i++) {
    const areaM2 = 800 + rnd() * 40000;
    parcels.push({
      parcelId: `P${i}`,
      enterprise: `企业${Math.floor(i / 2)}`, // many enterprises hold two parcels, sometimes in two towns
      town: towns[i % 4],
      scale: rnd() < 0.6 ? 'above' : 'below',
      builtYear: rnd() < 0.9 ? 2005 + Math.floor(rnd() * 17) : null,
      agreedStartDate: '2019-01-01',
      tax: rnd() < 0.9 ? rnd() * 2000 : null,
      addedValue: rnd() < 0.9 ? rnd() * 8000 : null,
      employees: rnd() < 0.9 ? Math.floor(rnd() * 300) : null,
      revenue: 1000 + rnd() * 20000,
      rdExpense: rnd() * 300,
      energyTce: rnd() * 2000,
    });
    facts.push({
      areaM2: squareMetres(areaM2), footprintM2: squareMetres(areaM2 * rnd() * 0.6),
      blocklineOverlapM2: null, park: null, townFromLayer: i % 4 === 3 && rnd() < 0.5 ? '仙岩街道' : null,
    });
    if (rnd() < 0.1) {
      const action = (['关停退出', '整体腾退', '改造提升', '搬迁入园'] as const)[Math.floor(rnd() * 4)]!;
      ledger.push({ parcelId: `P${i}`, action, status: '已完成', date: `${2021 + Math.floor(rnd() * 3)}-06-01` });
    }
  }
  return { parcels, facts, ledger };
}

const ADDITIVE: (keyof KpiBlock)[] = [
  'parcels', 'areaMu', 'achievedMu', 'pipelineMu', 'energyFreedTce', 'energyPipelineTce', 'carbonFreedT', 'closedEnterprises', 'upgradedEnterprises',
];

describe('district summary', () => {
  const { parcels, facts, ledger } = district(400);
  const { parcels: results, summary } = analyzeParcels(parcels, facts, DEFAULT_RULE_SET, { evaluationDate: '2023-12-31', ledger });
  const towns = Object.values(summary.byTown);
  const sum = (f: (b: KpiBlock) => number) => towns.reduce((acc, b) => acc + f(b), 0);

  it('has 镇街 figures that add up to the district figures', () => {
    expect(Object.keys(summary.byTown).sort()).toEqual(['仙岩街道', '娄桥街道', '景山街道', '梧田街道', UNASSIGNED_TOWN].sort());
    for (const key of ADDITIVE) expect(sum((b) => b[key] as number), key).toBeCloseTo(summary[key] as number, 6);
    for (const ratio of ['taxPerMu', 'valuePerMu', 'productivity', 'rdShare', 'energyIntensity'] as const) {
      expect(sum((b) => b[ratio].numerator), ratio).toBeCloseTo(summary[ratio].numerator, 6);
      expect(sum((b) => b[ratio].denominator), ratio).toBeCloseTo(summary[ratio].denominator, 6);
    }
    for (const id of RULE_IDS) {
      expect(sum((b) => b.ruleMet[id]), id).toBe(summary.ruleMet[id]);
      expect(sum((b) => b.ruleUnknown[id]), id).toBe(summary.ruleUnknown[id]);
    }
    for (const year of Object.keys(summary.byYear))
      expect(sum((b) => b.byYear[year]?.achievedMu ?? 0), year).toBeCloseTo(summary.byYear[year]!.achievedMu, 6);
    expect(summary.closedEnterprises + summary.upgradedEnterprises).toBeGreaterThan(0);
  });

  it('computes 亩均 figures as Σ numerator / Σ mu over above-scale enterprises with data', () => {
    let tax = 0;
    let muSum = 0;
    const keys = new Map<string, ParcelAttributes[]>();
    for (const p of parcels) keys.set(p.enterprise!, [...(keys.get(p.enterprise!) ?? []), p]);
    results.forEach((r, i) => {
      const group = keys.get(parcels[i]!.enterprise!)!;
      const above = group.some((p) => p.scale === 'above');
      const hasTax = group.some((p) => p.tax != null);
      if (above && hasTax) {
        tax += parcels[i]!.tax ?? 0;
        muSum += r.areaMu;
      }
    });
    expect(summary.taxPerMu.value).toBeCloseTo(tax / muSum, 9);
    expect(summary.progress[1]!.actual.taxPerMu).toBe(summary.taxPerMu.value);
  });

  it('derives carbon from energy with the 1.714 factor', () => {
    expect(summary.carbonFreedT).toBeCloseTo(summary.energyFreedTce * 1.714, 6);
    const p2023 = summary.progress.find((p) => p.year === '2023')!;
    expect(p2023.actual.carbonCutWanT).toBeCloseTo(p2023.actual.energyFreedWanTce * 1.714, 9);
    expect(p2023.target.energyFreedWanTce).toBe(2.1);
  });
});
