/**
 * Summing a zone's parcels (sumZoneParcels) and its what-if (what-if.ts) on the hand-sized district of
 * summary-stages.test.ts, every figure worked out by hand (10000 m² = 15 亩). The zone holds:
 * P2 whole (low-efficiency, freeable 15 亩), half of P4 (under-used, spare 15 亩 → 7.5 亩 in the zone),
 * P3 whole (freed in 2022: achieved), P5 whole (below-scale: in no 亩均 ratio).
 */
import { describe, expect, it } from 'vitest';
import { analyzeParcels } from './analyze';
import type { ParcelGeoFacts } from './facts';
import type { LedgerEntry } from './ledger';
import type { ParcelAttributes } from './parcel';
import { DEFAULT_RULE_SET } from './rule-set';
import { RULE_IDS, STATUS_CODES } from './rules/outcome';
import { squareMetres } from './units';
import { zoneWhatIf } from './what-if';
import { enterpriseColumns, sumZoneParcels, type ZoneEngineInput } from './zone-stats';

const base: Partial<ParcelAttributes> = { scale: 'above', builtYear: 2010, evalClass: 'B', landUse: '工业', energyTce: 10, revenue: 5000 };
const parcels: ParcelAttributes[] = [
  { ...base, parcelId: 'P1', enterprise: 'E1', town: 'A', tax: 300, addedValue: 1500, employees: 100 },
  { ...base, parcelId: 'P2', enterprise: 'E2', town: 'A', tax: 60, addedValue: 300, employees: 30, floorArea: 8000 },
  { ...base, parcelId: 'P3', enterprise: 'E3', town: 'B', tax: 450, addedValue: 900, employees: 50 },
  { ...base, parcelId: 'P4', enterprise: 'E4', town: 'B', tax: 600, addedValue: 1200, employees: 60, floorArea: 4000 },
  { ...base, parcelId: 'P5', enterprise: 'E5', town: 'B', scale: 'below', tax: 150, addedValue: 10, employees: 5 },
];
const fact = (areaM2: number, footprintM2: number): ParcelGeoFacts => ({
  areaM2: squareMetres(areaM2), footprintM2: squareMetres(footprintM2), blocklineOverlapM2: null, park: null, townFromLayer: null,
});
const facts = [fact(10000, 5000), fact(10000, 5000), fact(10000, 5000), fact(20000, 3000), fact(10000, 5000)];
const ledger: LedgerEntry[] = [{ parcelId: 'P3', action: '整体腾退', status: '已完成', date: '2022-06-01' }];
const result = analyzeParcels(parcels, facts, DEFAULT_RULE_SET, { evaluationDate: '2022-12-31', ledger });
const engine: ZoneEngineInput = {
  attributes: parcels, results: result.parcels, facts, ruleStatus: result.ruleStatus,
  ...enterpriseColumns(result.parcels),
};
const areas = [10000, 10000, 10000, 20000, 10000];
// Wholly inside first (P2, P3, P5), then P4 cut in half.
const clip = { count: 4, whole: 3, fids: [1, 2, 4, 3], clippedM2: [10000, 10000, 10000, 10000], parcelAreaM2: areas };

describe('sumZoneParcels: figures by clipped share', () => {
  const z = sumZoneParcels(clip, engine);

  it('sets up the case it says', () => {
    expect(result.parcels.map((r) => r.reclaimKind)).toEqual([null, 'low-efficiency', 'achieved', 'under-used', null]);
  });

  it('lists the parcels, wholly inside first, with their clipped areas and shares', () => {
    expect(z.parcels).toMatchObject({ count: 4, whole: 3, partial: 1, fids: [1, 2, 4, 3], wholeFids: [1, 2, 4], partialFids: [3], share: [1, 1, 1, 0.5] });
  });

  it('land: Σ clipped; freeable: the engine\'s portion × share (no double count); achieved apart', () => {
    expect(z.landMu).toBeCloseTo(60, 9);
    expect(z.freeableMu).toBeCloseTo(15 + 7.5, 9);
    expect(z.freeableByKind).toMatchObject({ 'low-efficiency': 15, idle: 0, 'd-class': 0 });
    expect(z.freeableByKind['under-used']).toBeCloseTo(7.5, 9);
    expect(z.achievedMu).toBeCloseTo(15, 9);
    expect(z.lowEfficiencyMu).toBeCloseTo(15, 9);
    expect(z.underUsedMu).toBeCloseTo(15, 9); // the clipped land of the under-used parcel
    expect(z.figureFids).toEqual({ idle: [], lowEfficiency: [1], underUsed: [3], freeable: [1, 3], achieved: [2] });
  });

  it('tax, value added, employees, energy by share, without the freed P3 (its enterprise has left); enterprises counted once; the zone\'s 亩均税收', () => {
    expect(z.taxWan).toBeCloseTo(60 + 150 + 300, 9);
    expect(z.valueAddedWan).toBeCloseTo(300 + 10 + 600, 9);
    expect(z.employees).toBeCloseTo(30 + 5 + 30, 9);
    expect(z.energyTce).toBeCloseTo(10 + 10 + 5, 9);
    expect(z.enterprises).toBe(3); // E2, E4, E5: E3 (P3, freed) has left
    expect(z.taxPerMu.value).toBeCloseTo(510 / 45, 9);
  });

  it('a parcel with a flagged geometry is listed but adds to no figure', () => {
    const broken = { ...engine, facts: facts.map((f, i) => (i === 3 ? { ...f, geometryError: 'self-intersection near (0, 0)' } : f)) };
    const b = sumZoneParcels(clip, broken);
    expect(b.parcels.areaUnknownFids).toEqual([3]);
    expect(b.landMu).toBeCloseTo(45, 9);
    expect(b.taxWan).toBeCloseTo(210, 9);
    expect(b.enterprises).toBe(2); // E2, E5: neither the freed P3's nor the flagged P4's enterprise
  });

  it('policy lists and block-line parcels come from the run\'s rule statuses and facts', () => {
    const st = new Uint8Array(result.ruleStatus);
    const R = RULE_IDS.length;
    st[3 * R + RULE_IDS.indexOf('land-price')] = STATUS_CODES.indexOf('met');
    st[1 * R + RULE_IDS.indexOf('land-price')] = STATUS_CODES.indexOf('not-met');
    st[1 * R + RULE_IDS.indexOf('dormitory')] = STATUS_CODES.indexOf('met');
    const bl = facts.map((f, i) => (i === 4 ? { ...f, blocklineOverlapM2: { 一级: squareMetres(0), 二级: squareMetres(12) } } : f));
    const p = sumZoneParcels(clip, { ...engine, ruleStatus: st, facts: bl });
    expect(p.policy.landPrice).toEqual([3]);
    expect(p.policy.dormitory).toEqual([1]);
    expect(p.blocklineFids).toEqual([4]);
  });
});

describe('sumZoneParcels: an enterprise on two parcels, its figures reported on one', () => {
  // E on A (tax 500, value 1000, 40 people) and B (figures left empty), 15 亩 each; F alone on C.
  const two: ParcelAttributes[] = [
    { ...base, parcelId: 'A', enterprise: 'E', creditCode: '91330304MA00000001', town: 'A', tax: 500, addedValue: 1000, employees: 40 },
    { ...base, parcelId: 'B', enterprise: 'E', creditCode: '91330304MA00000001', town: 'A', energyTce: null },
    { ...base, parcelId: 'C', enterprise: 'F', town: 'A', tax: 300, addedValue: 600, employees: 20 },
  ];
  const twoFacts = [fact(10000, 5000), fact(10000, 5000), fact(10000, 5000)];
  const run = analyzeParcels(two, twoFacts, DEFAULT_RULE_SET, { evaluationDate: '2022-12-31' });
  const eng: ZoneEngineInput = { attributes: two, results: run.parcels, facts: twoFacts, ruleStatus: run.ruleStatus, ...enterpriseColumns(run.parcels) };
  const at = (fids: number[]) => sumZoneParcels({ count: fids.length, whole: fids.length, fids, clippedM2: fids.map(() => 10000), parcelAreaM2: [10000, 10000, 10000] }, eng);

  it('counts by how much of the enterprise\'s land the zone holds, whichever parcel reports the figures', () => {
    expect(at([1]).taxWan).toBeCloseTo(250, 9);
    expect(at([0]).taxWan).toBeCloseTo(250, 9);
    expect(at([1]).employees).toBeCloseTo(20, 9);
    expect(at([0, 1]).taxWan).toBeCloseTo(500, 9);
    expect(at([0, 1]).taxPerMu.value).toBeCloseTo(500 / 30, 9); // the enterprise's own 亩均税收, as its rules see it
    expect(at([0, 1, 2]).taxPerMu.value).toBeCloseTo(800 / 45, 9);
    expect(at([1]).taxPerMu.value).toBeCloseTo(250 / 15, 9);
  });

  it('names the land whose tax or floor area the data does not give (the what-if counts it 0)', () => {
    expect(at([0, 1, 2]).whatIfBase).toMatchObject({ taxUnknownMu: 0, floorUnknownMu: 45 });
  });
});

describe('zoneWhatIf: the district today, with the zone\'s freeable land freed, and the zone redeveloped', () => {
  const z = sumZoneParcels(clip, engine);
  const w = zoneWhatIf(z.whatIfBase, { summary: result.summary, ruleSet: DEFAULT_RULE_SET });

  it('targets default to the rule set\'s 2023 亩均税收 and planned maximum FAR', () => {
    expect(w).toMatchObject({ targetTaxPerMu: DEFAULT_RULE_SET.targets['2023'].taxPerMu, targetTaxSource: 'rule-set-2023', targetFar: 3, targetFarSource: 'rule-set' });
    const custom = zoneWhatIf(z.whatIfBase, { summary: result.summary, ruleSet: { ...DEFAULT_RULE_SET, targets: { ...DEFAULT_RULE_SET.targets, '2023': { ...DEFAULT_RULE_SET.targets['2023'], taxPerMu: 70 } } } });
    expect(custom.targetTaxPerMu).toBe(70);
    expect(zoneWhatIf(z.whatIfBase, { summary: result.summary, ruleSet: DEFAULT_RULE_SET }, { targetTaxPerMu: 80, targetFar: 2 }))
      .toMatchObject({ targetTaxPerMu: 80, targetTaxSource: 'request', targetFar: 2, targetFarSource: 'request', taxTargetWan: 4800 });
  });

  it('tax and floor area gained', () => {
    expect(w.taxTodayWan).toBeCloseTo(510, 9);
    expect(w.taxTargetWan).toBeCloseTo(53.13 * 60, 9);
    expect(w.taxGainedWan).toBeCloseTo(53.13 * 60 - 510, 9);
    expect(w.floorTodayM2).toBeCloseTo(8000 + 2000, 9);
    expect(w.floorTargetM2).toBeCloseTo(3 * 40000, 6);
    expect(w.floorGainedM2).toBeCloseTo(120000 - 10000, 6);
  });

  it('today = the dashboard\'s 现状 and 2023 progress', () => {
    expect(w.district.today.taxPerMu).toBeCloseTo(16, 9);
    expect(w.district.today.productivity).toBeCloseTo(3000 / 190, 9);
    expect(w.district.today).toMatchObject({ landFreedMu: 15, landFreedTargetMu: 600 });
    expect(w.district.today.landFreedShare).toBeCloseTo(15 / 600, 12);
  });

  it('after freeing: P2 leaves with its tax and 亩, half of P4 loses its half of the spare 亩', () => {
    const a = w.district.afterFreeing;
    expect(a.taxPerMu).toBeCloseTo(900 / 37.5, 9);
    expect(a.valuePerMu).toBeCloseTo(2700 / 37.5, 9);
    expect(a.productivity).toBeCloseTo(2700 / 160, 9);
    expect(a.landFreedMu).toBeCloseTo(37.5, 9);
    expect(a.landFreedShare).toBeCloseTo(37.5 / 600, 12);
  });

  it('after redevelopment: the zone\'s parcels leave and its 60 亩 come back at the target', () => {
    expect(w.district.afterRedevelopment.taxPerMu).toBeCloseTo((960 - 360 + 53.13 * 60) / (60 - 30 + 60), 9);
    expect(w.district.afterRedevelopment.valuePerMu).toBeNull();
  });

  it('a zone over the whole district frees exactly the dashboard\'s 全部腾出后, and redeveloped it yields the target', () => {
    const all = sumZoneParcels({ count: 5, whole: 5, fids: [0, 1, 2, 3, 4], clippedM2: areas, parcelAreaM2: areas }, engine);
    const wa = zoneWhatIf(all.whatIfBase, { summary: result.summary, ruleSet: DEFAULT_RULE_SET });
    const after = result.summary.stages.afterPipeline;
    expect(wa.district.afterFreeing.taxPerMu).toBeCloseTo(after.taxPerMu.value!, 9);
    expect(wa.district.afterFreeing.valuePerMu).toBeCloseTo(after.valuePerMu.value!, 9);
    expect(wa.district.afterFreeing.productivity).toBeCloseTo(after.productivity.value!, 9);
    expect(wa.district.afterFreeing.landFreedMu).toBeCloseTo(15 + result.summary.pipelineMu, 9);
    expect(wa.district.afterRedevelopment.taxPerMu).toBeCloseTo(53.13, 9);
  });
});

describe('sumZoneParcels: which enterprises count', () => {
  // G on two parcels, one freed (achieved) in 2022; H on a parcel with a flagged geometry; two parcels with
  // neither credit code nor enterprise name (no enterprise: enterprise.ts's `parcel:` groups); K alone.
  const ps: ParcelAttributes[] = [
    { ...base, parcelId: 'G1', enterprise: 'G', town: 'A', tax: 100 },
    { ...base, parcelId: 'G2', enterprise: 'G', town: 'A', tax: 100 },
    { ...base, parcelId: 'H1', enterprise: 'H', town: 'A', tax: 100 },
    { ...base, parcelId: 'N1', town: 'A' },
    { ...base, parcelId: 'N2', town: 'A', enterprise: '  ' },
    { ...base, parcelId: 'K1', enterprise: 'K', town: 'A', tax: 100 },
  ];
  const fs = ps.map(() => fact(10000, 5000));
  const run = analyzeParcels(ps, fs, DEFAULT_RULE_SET, { evaluationDate: '2022-12-31', ledger: [{ parcelId: 'G1', action: '整体腾退', status: '已完成', date: '2022-06-01' }] });
  const eng = (facts: ZoneEngineInput['facts']): ZoneEngineInput => ({ attributes: ps, results: run.parcels, facts, ruleStatus: run.ruleStatus, ...enterpriseColumns(run.parcels) });
  const at = (fids: number[], facts: ZoneEngineInput['facts'] = fs) =>
    sumZoneParcels({ count: fids.length, whole: fids.length, fids, clippedM2: fids.map(() => 10000), parcelAreaM2: fs.map(() => 10000) }, eng(facts)).enterprises;

  it('a freed parcel counts no enterprise; its enterprise counts by another parcel still in the zone', () => {
    expect(run.parcels.map((r) => r.reclaimKind)[0]).toBe('achieved');
    expect(at([0])).toBe(0);
    expect(at([0, 1])).toBe(1);
  });

  it('a parcel with a flagged geometry counts no enterprise', () => {
    expect(at([2], fs.map((f, i) => (i === 2 ? { ...f, geometryError: 'self-intersection near (0, 0)' } : f)))).toBe(0);
    expect(at([2])).toBe(1);
  });

  it('parcels of no enterprise (neither credit code nor name) count none', () => {
    expect(at([3, 4])).toBe(0);
    expect(at([3, 4, 5])).toBe(1);
  });
});
