import { describe, expect, it } from 'vitest';
import { analyzeParcels } from './analyze';
import type { ParcelGeoFacts } from './facts';
import type { LedgerEntry } from './ledger';
import type { ParcelAttributes } from './parcel';
import { DEFAULT_RULE_SET } from './rule-set';
import { m2FromMu, mu, squareMetres } from './units';

const facts = (areaMu: number, coverage: number): ParcelGeoFacts => {
  const areaM2 = m2FromMu(mu(areaMu));
  return { areaM2, footprintM2: squareMetres(areaM2 * coverage), blocklineOverlapM2: null, park: null, townFromLayer: null };
};
const built = { scale: 'above', builtYear: 2010, landUse: '工业' } as const;

describe('reclaimable land', () => {
  const parcels: ParcelAttributes[] = [
    { parcelId: 'idle', agreedStartDate: '2020-01-01', tax: 0 }, // idle, whole 10 亩
    { parcelId: 'low', ...built, tax: 50 }, // 5 万元/亩: low-efficiency, also under-used → whole 10 亩, once
    { parcelId: 'under', ...built, tax: 500 }, // efficient but coverage 15 % → spare only
    { parcelId: 'ok', ...built, tax: 500 }, // efficient, coverage 50 %
    { parcelId: 'done', ...built, tax: 50 }, // low-efficiency, but its closure is completed: achieved, not pipeline
    { parcelId: 'pending', ...built, tax: 500 }, // 待处置 entries free nothing yet
    { parcelId: 'upgraded', ...built, tax: 500 }, // 改造提升 completed frees no land
  ];
  const f = [facts(10, 0), facts(10, 0.15), facts(10, 0.15), facts(10, 0.5), facts(8, 0.5), facts(10, 0.5), facts(6, 0.5)];
  const ledger: LedgerEntry[] = [
    { parcelId: 'done', action: '关停退出', status: '已完成', date: '2022-05-01' },
    { parcelId: 'done', action: '整体腾退', status: '已完成', date: '2023-01-01' }, // a second entry: still counted once
    { parcelId: 'pending', action: '整体腾退', status: '待处置' },
    { parcelId: 'upgraded', action: '改造提升', status: '已完成', date: '2021-09-01' },
  ];
  const analysis = analyzeParcels(parcels, f, DEFAULT_RULE_SET, { evaluationDate: '2023-06-30', ledger });
  const { summary } = analysis;
  const results = analysis.parcels.toArray();
  const byId = new Map(results.map((r) => [r.parcelId, r]));
  const outcomesOf = (id: string) => analysis.outcomesOf(results.findIndex((r) => r.parcelId === id));

  it('takes the largest portion of each parcel and never counts it twice', () => {
    expect(byId.get('idle')).toMatchObject({ reclaimKind: 'idle' });
    expect(byId.get('idle')!.reclaimableMu).toBeCloseTo(10, 9);
    expect(outcomesOf('low')['under-used'].status).toBe('met');
    expect(byId.get('low')).toMatchObject({ reclaimKind: 'low-efficiency' });
    expect(byId.get('low')!.reclaimableMu).toBeCloseTo(10, 9);
    expect(byId.get('under')).toMatchObject({ reclaimKind: 'under-used' });
    expect(byId.get('under')!.reclaimableMu).toBeCloseTo(10 * (1 - 0.15 / 0.3), 9);
    expect(byId.get('ok')).toMatchObject({ reclaimKind: null, reclaimableMu: 0 });
  });

  it('counts completed land-freeing actions as achieved in the completion year, not as pipeline', () => {
    expect(byId.get('done')).toMatchObject({ reclaimKind: 'achieved', reclaimYear: 2022 });
    expect(outcomesOf('done')['low-efficiency'].status).toBe('met');
    expect(byId.get('pending')!.reclaimKind).toBeNull();
    expect(byId.get('upgraded')!.reclaimKind).toBeNull();
    expect(summary.achievedMu).toBeCloseTo(8, 9);
    expect(summary.byYear['2022']!.achievedMu).toBeCloseTo(8, 9);
    expect(summary.pipelineMu).toBeCloseTo(10 + 10 + 5, 9);
    const total = results.reduce((s, r) => s + r.reclaimableMu, 0);
    expect(summary.achievedMu + summary.pipelineMu).toBeCloseTo(total, 9);
  });

  it('counts enterprises closed and upgraded once each, against the targets by year', () => {
    expect(summary.closedEnterprises).toBe(1);
    expect(summary.upgradedEnterprises).toBe(1);
    const p2021 = summary.progress.find((p) => p.year === '2021')!;
    const p2023 = summary.progress.find((p) => p.year === '2023')!;
    expect(p2021.actual.closedEnterprises).toBe(0);
    expect(p2021.actual.upgradedEnterprises).toBe(1);
    expect(p2023.actual.closedEnterprises).toBe(1);
    expect(p2021.actual.landFreedMu).toBe(0);
    expect(p2023.actual.landFreedMu).toBeCloseTo(8, 9);
    expect(p2023.target.landFreedMu).toBe(600);
  });
});
