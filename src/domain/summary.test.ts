import { describe, expect, it } from 'vitest';
import { analyzeParcels } from './analyze';
import type { ParcelGeoFacts } from './facts';
import type { LedgerEntry } from './ledger';
import type { ParcelAttributes } from './parcel';
import { DEFAULT_RULE_SET } from './rule-set';
import { RULE_IDS } from './rules';
import { UNASSIGNED_TOWN, type KpiBlock } from './summary';
import { muFromM2, squareMetres } from './units';

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
  'parcels', 'areaMu', 'areaUnknownParcels', 'achievedMu', 'pipelineMu', 'energyFreedTce', 'energyPipelineTce', 'carbonFreedT', 'closedEnterprises', 'upgradedEnterprises',
  'achievedInPlanMu', 'energyFreedInPlanTce', 'carbonFreedInPlanT', 'closedInPlanEnterprises', 'upgradedInPlanEnterprises',
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
    for (const stage of ['current', 'afterPipeline'] as const)
      for (const ratio of ['taxPerMu', 'valuePerMu', 'productivity'] as const) {
        expect(sum((b) => b.stages[stage][ratio].numerator), `${stage} ${ratio}`).toBeCloseTo(summary.stages[stage][ratio].numerator, 6);
        expect(sum((b) => b.stages[stage][ratio].denominator), `${stage} ${ratio}`).toBeCloseTo(summary.stages[stage][ratio].denominator, 6);
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
    // Progress against the targets reads 现状 (after the recorded disposals), not 基期.
    expect(summary.progress[1]!.actual.taxPerMu).toBe(summary.stages.current.taxPerMu.value);
  });

  it('derives carbon from energy with the 1.714 factor', () => {
    expect(summary.carbonFreedT).toBeCloseTo(summary.energyFreedTce * 1.714, 6);
    const p2023 = summary.progress.find((p) => p.year === '2023')!;
    expect(p2023.actual.carbonCutWanT).toBeCloseTo(p2023.actual.energyFreedWanTce * 1.714, 9);
    expect(p2023.target.energyFreedWanTce).toBe(2.1);
  });
});

describe('a parcel with a flagged geometry', () => {
  const base = district(400);
  // An above-scale parcel with tax, whose enterprise holds a second parcel, freed by a completed action.
  const k = base.parcels.findIndex((p, i) => i % 2 === 0 && p.scale === 'above' && p.tax != null && p.town != null);
  const sibling = k + 1;
  const ledger: LedgerEntry[] = [...base.ledger.filter((e) => e.parcelId !== `P${k}`), { parcelId: `P${k}`, action: '整体腾退', status: '已完成', date: '2022-06-01' }];
  /** The district with parcel k's geometry flagged and its shoelace area set to `areaM2`. */
  const withBroken = (areaM2: number) => {
    const facts = base.facts.map((f, i): ParcelGeoFacts => (i !== k ? f : {
      areaM2: squareMetres(areaM2), footprintM2: null, blocklineOverlapM2: null, park: undefined, townFromLayer: null,
      geometryError: 'self-intersection near (3500000, 40500000)',
    }));
    return analyzeParcels(base.parcels, facts, DEFAULT_RULE_SET, { evaluationDate: '2023-12-31', ledger });
  };
  // 44 km × 30 km (the absurd parcel) against a sliver: the shoelace area must not matter.
  const huge = withBroken(44000 * 30000);
  const tiny = withBroken(0.01);
  const valid = analyzeParcels(base.parcels, base.facts, DEFAULT_RULE_SET, { evaluationDate: '2023-12-31', ledger });

  it('changes no district or 镇街 figure, whatever its shoelace area', () => {
    expect(k).toBeGreaterThanOrEqual(0);
    expect(base.parcels[sibling]!.enterprise).toBe(base.parcels[k]!.enterprise);
    expect(huge.summary).toEqual(tiny.summary);
    // Every other parcel's row and every rule status are the same too.
    const { areaM2: _h, areaMu: _hm, ...hugeRow } = huge.parcels.at(k)!;
    const { areaM2: _t, areaMu: _tm, ...tinyRow } = tiny.parcels.at(k)!;
    expect(hugeRow).toEqual(tinyRow);
    huge.parcels.forEach((r, i) => { if (i !== k) expect(r, `P${i}`).toEqual(tiny.parcels.at(i)!); });
    expect(huge.ruleStatus).toEqual(tiny.ruleStatus);
    expect(huge.ruleReason).toEqual(tiny.ruleReason);
  });

  it('adds no 亩: not to the land, not to land freed, not to land that can be freed', () => {
    const s = huge.summary;
    const kMu = muFromM2(base.facts[k]!.areaM2);
    expect(s.parcels).toBe(400);
    expect(s.areaUnknownParcels).toBe(1);
    expect(s.areaMu).toBeCloseTo(valid.summary.areaMu - kMu, 6);
    // Achieved depends on the ledger and the area alone: the valid run minus parcel k exactly.
    expect(huge.parcels.at(k)!).toMatchObject({ reclaimKind: 'achieved', reclaimableMu: 0, reclaimYear: 2022 });
    expect(s.achievedMu).toBeCloseTo(valid.summary.achievedMu - kMu, 6);
    expect(s.byYear['2022']!.achievedMu).toBeCloseTo(valid.summary.byYear['2022']!.achievedMu - kMu, 6);
    // Its energy was freed all the same (tce needs no area), and the enterprise counts. With the enterprise's land
    // unknown, its parcels carry their own figures instead of the enterprise's by land share (summary.ts part).
    const ent = valid.parcels.enterpriseOf[k];
    const byShare = (i: number) => { const e = valid.parcels.enterpriseAt(i); return (e.figure('energyTce') ?? 0) * base.facts[i]!.areaM2 / e.landM2()!; };
    const shift = base.parcels.reduce((d, p, i) => (valid.parcels.enterpriseOf[i] === ent && huge.parcels.at(i)!.reclaimKind === 'achieved' ? d + (p.energyTce ?? 0) - byShare(i) : d), 0);
    expect(s.energyFreedTce).toBeCloseTo(valid.summary.energyFreedTce + shift, 6);
    expect(s.upgradedEnterprises + s.closedEnterprises).toBe(valid.summary.upgradedEnterprises + valid.summary.closedEnterprises);
    // Achieved and pipeline add up to the rows (the broken row adds 0).
    const rows = huge.parcels.toArray().reduce((acc, r) => acc + r.reclaimableMu, 0);
    expect(s.achievedMu + s.pipelineMu).toBeCloseTo(rows, 6);
    const town = s.byTown[base.parcels[k]!.town!]!;
    expect(town.areaUnknownParcels).toBe(1);
  });

  it('keeps its whole enterprise out of the 亩均 ratios, and no one else', () => {
    let tax = 0;
    let value = 0;
    let taxMu = 0;
    let valueMu = 0;
    const byName = new Map<string, ParcelAttributes[]>();
    for (const p of base.parcels) byName.set(p.enterprise!, [...(byName.get(p.enterprise!) ?? []), p]);
    base.parcels.forEach((p, i) => {
      if (p.enterprise === base.parcels[k]!.enterprise) return;
      const group = byName.get(p.enterprise!)!;
      if (!group.some((q) => q.scale === 'above')) return;
      const m = muFromM2(base.facts[i]!.areaM2);
      if (group.some((q) => q.tax != null)) { tax += p.tax ?? 0; taxMu += m; }
      if (group.some((q) => q.addedValue != null)) { value += p.addedValue ?? 0; valueMu += m; }
    });
    expect(huge.summary.taxPerMu.value).toBeCloseTo(tax / taxMu, 9);
    expect(huge.summary.valuePerMu.value).toBeCloseTo(value / valueMu, 9);
    // The sibling parcel (valid) carries no per-mu figure either; the area-free ones stay.
    expect(huge.parcels.at(sibling)!).toMatchObject({ taxPerMu: null, valuePerMu: null });
    expect(huge.parcels.at(sibling)!.coverage).toEqual(valid.parcels.at(sibling)!.coverage);
    // Productivity needs no land: the enterprise still counts in it.
    expect(huge.summary.productivity).toEqual(valid.summary.productivity);
  });
});

describe('an enterprise on two parcels, its figures reported on one', () => {
  // E: A (tax 500, value 1000, 40 people) and B (figures empty), 15 亩 each, in two towns; B freed in 2022.
  const attrs = (id: string, town: string, extra: Partial<ParcelAttributes>): ParcelAttributes =>
    ({ parcelId: id, enterprise: 'E', creditCode: '91330304MA00000001', town, scale: 'above', builtYear: 2010, evalClass: 'B', landUse: '工业', ...extra });
  const parcels = [attrs('A', '景山街道', { tax: 500, addedValue: 1000, employees: 40 }), attrs('B', '梧田街道', {})];
  const facts: ParcelGeoFacts[] = [0, 1].map(() => ({ areaM2: squareMetres(10000), footprintM2: squareMetres(5000), blocklineOverlapM2: null, park: null, townFromLayer: null }));
  const ledger: LedgerEntry[] = [{ parcelId: 'B', action: '整体腾退', status: '已完成', date: '2022-06-01' }];
  const { summary } = analyzeParcels(parcels, facts, DEFAULT_RULE_SET, { evaluationDate: '2022-12-31', ledger });

  it('each parcel carries the enterprise\'s figures by its land: freeing B takes half the tax with it, and each town has the enterprise\'s 亩均', () => {
    expect(summary.stages.baseline.taxPerMu.value).toBeCloseTo(500 / 30, 9);
    expect(summary.stages.current.taxPerMu.value).toBeCloseTo(250 / 15, 9); // not 500 / 15
    expect(summary.byTown['景山街道']!.taxPerMu.value).toBeCloseTo(500 / 30, 9);
    expect(summary.byTown['梧田街道']!.taxPerMu.value).toBeCloseTo(500 / 30, 9); // not 0
  });
});

describe('the cumulative targets', () => {
  it('count completions from 2021 (the campaign) and undated ones, not land freed before it', () => {
    const base = district(200);
    const free = base.parcels.map((p, i) => i).filter((i) => !base.ledger.some((e) => e.parcelId === `P${i}`)).slice(0, 3);
    const run = (ledger: LedgerEntry[]) => analyzeParcels(base.parcels, base.facts, DEFAULT_RULE_SET, { evaluationDate: '2023-12-31', ledger }).summary;
    const before = run(base.ledger);
    const at = (s: typeof before, year: string) => s.progress.find((p) => p.year === year)!.actual.landFreedMu;
    const mu = (i: number) => muFromM2(base.facts[i]!.areaM2);
    const with2019 = run([...base.ledger, { parcelId: `P${free[0]}`, action: '整体腾退', status: '已完成', date: '2019-05-01' }]);
    expect(with2019.achievedMu).toBeCloseTo(before.achievedMu + mu(free[0]!), 6); // freed land, on the map
    expect(at(with2019, '2021')).toBeCloseTo(at(before, '2021'), 9); // not toward the campaign's targets
    expect(with2019.achievedInPlanMu).toBeCloseTo(before.achievedInPlanMu, 9);
    expect(at(with2019, '2023')).toBeCloseTo(at(before, '2023'), 9);
    const undated = run([...base.ledger, { parcelId: `P${free[1]}`, action: '整体腾退', status: '已完成' }]);
    expect(at(undated, '2021')).toBeCloseTo(at(before, '2021') + mu(free[1]!), 6);
  });

  it('give each 镇街 its land, energy and enterprises toward them, adding up to the district\'s with a completion before 2021', () => {
    const base = district(200);
    const free = base.parcels.findIndex((p, i) => p.town != null && !base.ledger.some((e) => e.parcelId === `P${i}`));
    const ledger: LedgerEntry[] = [...base.ledger, { parcelId: `P${free}`, action: '整体腾退', status: '已完成', date: '2019-05-01' }];
    const s = analyzeParcels(base.parcels, base.facts, DEFAULT_RULE_SET, { evaluationDate: '2023-12-31', ledger }).summary;
    const towns = Object.values(s.byTown);
    const total = (f: (b: KpiBlock) => number) => towns.reduce((acc, b) => acc + f(b), 0);
    expect(total((b) => b.achievedMu)).toBeGreaterThan(s.achievedInPlanMu + 1); // all years: more than the dashboard's figure
    expect(total((b) => b.achievedInPlanMu)).toBeCloseTo(s.achievedInPlanMu, 9);
    expect(s.achievedInPlanMu).toBeCloseTo(s.progress.find((p) => p.year === '2023')!.actual.landFreedMu, 9); // evaluated at the end of 2023
    const town = s.byTown[base.parcels[free]!.town!]!;
    expect(town.achievedMu - town.achievedInPlanMu).toBeCloseTo(muFromM2(base.facts[free]!.areaM2), 6);
    expect(total((b) => b.energyFreedInPlanTce)).toBeCloseTo(s.energyFreedInPlanTce, 6);
    expect(s.energyFreedInPlanTce).toBeLessThan(s.energyFreedTce);
    expect(s.carbonFreedInPlanT).toBeCloseTo(s.energyFreedInPlanTce * 1.714, 6);
    expect(total((b) => b.closedInPlanEnterprises + b.upgradedInPlanEnterprises)).toBe(s.closedInPlanEnterprises + s.upgradedInPlanEnterprises);
    expect(s.closedInPlanEnterprises + s.upgradedInPlanEnterprises).toBe(s.closedEnterprises + s.upgradedEnterprises - 1);
  });
});
