import { describe, expect, it } from 'vitest';
import { fakeDataset } from '../../state/fake-dataset.test-helper';
import type { AnalysisView } from '../../worker/protocol';
import { mu } from '../../domain/units';
import { listRows, pageTotals, sortFids } from './listRows';

/** The columns listRows and pageTotals read, for 3 parcels: the second's 亩均税收 unknown to the engine, the third's geometry flagged. */
const analysis = {
  townNames: ['A'],
  geometryErrors: [{ fid: 2, parcelId: 'P2', message: 'self-intersection near (0, 0)' }],
  columns: {
    taxPerMu: Float64Array.from([12, NaN, NaN]), reclaimKind: Int8Array.from([-1, 1, 0]), reclaimMu: Float64Array.from([0, 1.5, 1.5]),
    townIndex: Int32Array.from([0, 0, 0]), geometryError: Uint8Array.from([0, 0, 1]),
  },
} as unknown as AnalysisView;

describe('shortlist rows and totals', () => {
  const d = fakeDataset(3);
  d.parcels[1] = { ...d.parcels[1]!, taxPerMu: 99 }; // the record's own tax ÷ own area

  it('show the engine\'s 亩均税收 once there is an analysis, never the parcel\'s own where the engine has none', () => {
    expect(listRows([0, 1], d, analysis).map((r) => r.taxPerMu)).toEqual([12, null]);
    expect(listRows([1], d, null)[0]!.taxPerMu).toBe(99);
  });

  it('count the area of parcels whose geometry is known only, as the Excel totals do', () => {
    const t = pageTotals([0, 1, 2], d, analysis);
    expect(t).toMatchObject({ count: 3, areaMu: 3, freeableMu: 1.5, achievedMu: 1.5 });
  });
});

describe('a shortlist sorted by a column', () => {
  /** Parcels with these ids and enterprises (null: none), 亩 = 1 + fid. */
  const data = (ids: string[], names: (string | null)[] = []) => {
    const d = fakeDataset(ids.length);
    d.parcels.forEach((p, fid) => { p.attributes = { parcelId: ids[fid]!, enterprise: names[fid] ?? null, town: fid % 2 ? '景山街道' : '娄桥街道' }; p.areaMu = mu(1 + fid); });
    return d;
  };

  it('orders 地块编号 naturally (numbers inside by value), either way', () => {
    const d = data(['330304005-0010', '330304005-0003', '330304001-0100', '330304005-00020']);
    expect([...sortFids([0, 1, 2, 3], 'parcelId', 1, d, null)]).toEqual([2, 1, 0, 3]);
    expect([...sortFids([0, 1, 2, 3], 'parcelId', -1, d, null)]).toEqual([3, 0, 1, 2]);
  });

  it('orders names in the Chinese collation, empty names last either way, ties in list order', () => {
    const d = data(['P0', 'P1', 'P2', 'P3', 'P4'], ['温州张公司', null, '温州安公司', '温州张公司', '温州北公司']);
    const collator = new Intl.Collator('zh-CN', { numeric: true });
    expect(['温州张公司', '温州安公司', '温州北公司'].sort(collator.compare)).toEqual(['温州安公司', '温州北公司', '温州张公司']);
    expect([...sortFids([3, 1, 0, 2, 4], 'enterprise', 1, d, null)]).toEqual([2, 4, 3, 0, 1]);
    expect([...sortFids([3, 1, 0, 2, 4], 'enterprise', -1, d, null)]).toEqual([3, 0, 4, 2, 1]);
  });

  it('sorts a long list by the dataset\'s cached ranks in the same order as a short one by its own', () => {
    const n = 6000;
    const d = data(Array.from({ length: n }, (_, i) => `330304${i % 7}-${(n - i) % 997}`), Array.from({ length: n }, (_, i) => (i % 11 ? `温州${'安北张瓯'[i % 4]}${i % 13}公司` : null)));
    const all = Array.from({ length: n }, (_, i) => (i * 7919) % n);
    for (const key of ['parcelId', 'enterprise', 'town'] as const) {
      const long = [...sortFids(all, key, 1, d, null)];
      const part = all.slice(0, 500);
      const short = [...sortFids(part, key, 1, d, null)];
      const kept = new Set(part);
      expect(long.filter((f) => kept.has(f))).toEqual(short);
    }
  });

  it('puts unknown numbers last either way; 可腾出 is 0 for land not in the pipeline', () => {
    const d = data(['P0', 'P1', 'P2']);
    expect([...sortFids([0, 1, 2], 'taxPerMu', 1, d, analysis)]).toEqual([0, 1, 2]);
    expect([...sortFids([1, 0, 2], 'taxPerMu', -1, d, analysis)]).toEqual([0, 1, 2]);
    expect([...sortFids([0, 1, 2], 'freeMu', -1, d, analysis)]).toEqual([1, 0, 2]);
    expect([...sortFids([2, 0, 1], 'areaMu', -1, d, null)]).toEqual([2, 1, 0]);
  });

  it('makes rows only for the fids asked for (the rows shown)', () => {
    const d = data(['P0', 'P1', 'P2']);
    expect(listRows(Int32Array.from([2, 0]), d, null).map((r) => r.parcelId)).toEqual(['P2', 'P0']);
  });
});
