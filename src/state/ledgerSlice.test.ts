import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { AnalysisRequest } from '../analysis/request';
import type { LedgerEntry } from '../domain/ledger';
import { emptyColumns } from '../worker/analyze';
import type { AnalysisClient } from '../worker/client';
import type { AnalysisView } from '../worker/protocol';
import { fakeDataset } from './fake-dataset.test-helper';
import { ledgerKey, mergeEntries } from './ledger-persist';
import { getRecord, putRecord } from './persist/idb';
import { createAppStore } from './store';

const SAMPLE: LedgerEntry[] = [
  { parcelId: 'P0', action: '整体腾退', status: '已完成', date: '2021-03-18' },
  { parcelId: 'P1', action: '改造提升', status: '处置中' },
];

/** A store with a loaded fake dataset (its own hash) and a client that answers every analysis, recording the requests. */
function setup(name: string) {
  const requests: AnalysisRequest[] = [];
  const client: AnalysisClient = {
    request: (async (kind: string, payload: unknown) => {
      if (kind !== 'analyze') return { ok: false, error: { code: 'no-analysis', message: '' } };
      requests.push(payload as AnalysisRequest);
      const v: AnalysisView = {
        request: payload as AnalysisRequest, columns: emptyColumns(4), townNames: [], summary: {} as AnalysisView['summary'],
        geometryErrors: [], ledgerProblems: [], timings: { overlayMs: 0, rulesMs: 0, totalMs: 0 },
      };
      return { ok: true, value: v };
    }) as AnalysisClient['request'],
    terminate() {},
  };
  const store = createAppStore();
  store.setState({ dataset: { ...fakeDataset(4, name), ledger: SAMPLE }, client, loadStatus: 'ready' });
  const lastLedger = () => requests.at(-1)?.ledger ?? null;
  return { store, requests, lastLedger };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('ledger store', () => {
  it('keys records by parcel ids like __proto__ and toString as any other id', async () => {
    const { store, lastLedger } = setup('own');
    await store.getState().loadLedgerForDataset();
    expect(store.getState().ledgerEntryOf('toString')).toBeNull();
    for (const id of ['__proto__', 'toString', 'constructor']) {
      expect(await store.getState().saveLedgerEntry(id, null, { parcelId: id, action: '整体腾退', status: '已完成' })).toBe('saved');
    }
    await settle();
    expect(Object.getPrototypeOf(store.getState().ledgerSaved)).toBe(Object.prototype);
    for (const id of ['__proto__', 'toString', 'constructor']) expect(store.getState().ledgerEntryOf(id)?.action).toBe('整体腾退');
    expect(lastLedger()!.map((e) => e.parcelId).sort()).toEqual(['P0', 'P1', '__proto__', 'constructor', 'toString'].sort());
  });

  it('starts from the dataset sample, saves one versioned record per parcel and re-runs the analysis with it', async () => {
    const { store, lastLedger } = setup('save');
    await store.getState().loadLedgerForDataset();
    expect(store.getState().ledger).toBeNull();
    expect(store.getState().ledgerEntryOf('P1')).toEqual(SAMPLE[1]);
    const base = store.getState().ledgerEntryOf('P1');
    expect(await store.getState().saveLedgerEntry('P1', base, { ...base!, status: '已完成', date: '2022-06-30' })).toBe('saved');
    await settle();
    const rec = await getRecord<LedgerEntry>('ledger', ledgerKey('save', 'P1'));
    expect(rec?.version).toBe(1);
    expect(rec?.value.status).toBe('已完成');
    expect(lastLedger()).toContainEqual({ parcelId: 'P1', action: '改造提升', status: '已完成', date: '2022-06-30' });
    expect(lastLedger()).toContainEqual(SAMPLE[0]);
    // Removing a sample entry is kept as a null record, so the sample does not come back.
    await store.getState().saveLedgerEntry('P0', SAMPLE[0]!, null);
    await settle();
    expect(lastLedger()!.some((e) => e.parcelId === 'P0')).toBe(false);

    // "Reload": a fresh store of the same dataset reads the saved records and re-runs with them.
    const again = setup('save');
    await again.store.getState().loadLedgerForDataset();
    expect(again.store.getState().ledgerEntryOf('P1')?.status).toBe('已完成');
    expect(again.store.getState().ledgerEntryOf('P0')).toBeNull();
    expect(again.lastLedger()!.map((e) => e.parcelId)).toEqual(['P1']);
  });

  it('keeps both edits when another tab changed a different field since (a refused stale write is merged)', async () => {
    const { store } = setup('merge');
    await store.getState().loadLedgerForDataset();
    const base = store.getState().ledgerEntryOf('P1')!;
    // The other tab writes first: a note.
    const other = await putRecord<LedgerEntry>('ledger', ledgerKey('merge', 'P1'), { ...base, note: '另一页的备注' }, 0);
    expect(other.ok).toBe(true);
    // This tab, not yet aware, changes the status from the same base: putRecord refuses, the merge keeps both.
    await store.getState().saveLedgerEntry('P1', base, { ...base, status: '已完成' });
    const rec = await getRecord<LedgerEntry>('ledger', ledgerKey('merge', 'P1'));
    expect(rec?.version).toBe(2);
    expect(rec?.value).toEqual({ parcelId: 'P1', action: '改造提升', status: '已完成', note: '另一页的备注' });
    expect(store.getState().ledgerNotices['P1']).toBe('merged');
    expect(store.getState().ledgerConflicts['P1']).toBeUndefined();
  });

  it('asks which to keep when both tabs changed the same field, and saves the choice', async () => {
    const { store } = setup('conflict');
    await store.getState().loadLedgerForDataset();
    const base = store.getState().ledgerEntryOf('P1')!;
    await putRecord<LedgerEntry>('ledger', ledgerKey('conflict', 'P1'), { ...base, status: '待处置', note: '他们的' }, 0);
    expect(await store.getState().saveLedgerEntry('P1', base, { ...base, status: '已完成' })).toBe('conflict'); // the card shows no 已保存
    const c = store.getState().ledgerConflicts['P1'];
    expect(c?.conflicts).toEqual([{ field: 'status', mine: '已完成', theirs: '待处置' }]);
    // Nothing of this tab's was written; the card shows the other tab's record meanwhile.
    expect((await getRecord<LedgerEntry>('ledger', ledgerKey('conflict', 'P1')))?.version).toBe(1);
    expect(store.getState().ledgerEntryOf('P1')?.status).toBe('待处置');
    await store.getState().resolveLedgerConflict('P1', { status: 'mine' });
    const rec = await getRecord<LedgerEntry>('ledger', ledgerKey('conflict', 'P1'));
    expect(rec?.value).toEqual({ parcelId: 'P1', action: '改造提升', status: '已完成', note: '他们的' });
    expect(store.getState().ledgerConflicts['P1']).toBeUndefined();
  });

  it('replaces the whole ledger (an import) with one analysis run at the end', async () => {
    const { store, requests, lastLedger } = setup('replace');
    await store.getState().loadLedgerForDataset();
    const before = requests.length;
    const next: LedgerEntry[] = [{ parcelId: 'P2', action: '闲置收回', status: '已完成', date: '2022-01-05' }, SAMPLE[1]!];
    const r = await store.getState().replaceLedger(next);
    expect(r).toEqual({ written: 2, skipped: [], notKept: 0 });
    expect(requests.length).toBe(before + 1);
    expect(lastLedger()).toEqual(expect.arrayContaining([SAMPLE[1], next[0]]));
    expect(lastLedger()).toHaveLength(2);
  });

  it('an import is written in one transaction: all of it, or (the browser failing halfway) none of it', async () => {
    const { store } = setup('atomic');
    await store.getState().loadLedgerForDataset();
    // The second entry cannot be stored (a function is not cloneable): the first must not be stored either.
    const bad = { parcelId: 'P3', action: '关停退出', status: '处置中', note: (() => 'x') as unknown as string } as LedgerEntry;
    const r = await store.getState().replaceLedger([{ parcelId: 'P2', action: '整体腾退', status: '已完成' }, bad, SAMPLE[0]!, SAMPLE[1]!]);
    expect(r.written).toBe(0);
    expect(r.notKept).toBe(2);
    expect(await getRecord('ledger', ledgerKey('atomic', 'P2'))).toBeUndefined();
    expect(store.getState().ledgerPersist).toBe('unavailable');
  });

  it('imports thousands of entries at once: one write, one analysis, another tab\'s change of the same field left for the user', async () => {
    const { store, requests } = setup('many');
    await store.getState().loadLedgerForDataset();
    // Another tab changed P1's status since this tab read it.
    const other = await putRecord<LedgerEntry>('ledger', ledgerKey('many', 'P1'), { ...SAMPLE[1]!, status: '已完成' }, 0);
    expect(other.ok).toBe(true);
    const entries: LedgerEntry[] = Array.from({ length: 5000 }, (_, i) => ({ parcelId: `Q${i}`, action: '整体腾退', status: '处置中' }));
    entries.push({ ...SAMPLE[1]!, status: '待处置' }, SAMPLE[0]!);
    const before = requests.length;
    const t0 = performance.now();
    const r = await store.getState().replaceLedger(entries);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r).toEqual({ written: 5000, skipped: ['P1'], notKept: 0 });
    expect(requests.length).toBe(before + 1);
    expect((await getRecord<LedgerEntry>('ledger', ledgerKey('many', 'Q4999')))?.value.status).toBe('处置中');
    expect(store.getState().ledgerConflicts.P1?.conflicts[0]?.field).toBe('status');
    expect(store.getState().ledgerEntryOf('P1')?.status).toBe('已完成');
  });

  it('holds edits for the page when IndexedDB is unavailable', async () => {
    const { store, lastLedger } = setup('offline');
    store.setState({ ledgerPersist: 'unavailable' });
    const base = store.getState().ledgerEntryOf('P3');
    await store.getState().saveLedgerEntry('P3', base, { parcelId: 'P3', action: '关停退出', status: '处置中' });
    await settle();
    expect(lastLedger()).toContainEqual({ parcelId: 'P3', action: '关停退出', status: '处置中' });
    // An import then says how many records hold in this page only, not as saved.
    const r = await store.getState().replaceLedger([{ parcelId: 'P2', action: '整体腾退', status: '已完成' }]);
    expect(r.notKept).toBeGreaterThan(0);
    expect(r.written).toBe(0);
  });
});

describe('three-way merge of one entry', () => {
  const base: LedgerEntry = { parcelId: 'X', action: '改造提升', status: '待处置' };
  it('takes each side’s change of different fields', () => {
    expect(mergeEntries(base, { ...base, status: '处置中' }, { ...base, date: '2022-01-01' })).toEqual({ merged: { ...base, status: '处置中', date: '2022-01-01' }, conflicts: [] });
  });
  it('reports a removal against an edit as a conflict of the whole entry', () => {
    expect(mergeEntries(base, null, { ...base, note: 'n' }).conflicts[0]?.field).toBe('entry');
  });
  it('needs nothing when both made the same change or this tab changed nothing', () => {
    expect(mergeEntries(base, { ...base, status: '已完成' }, { ...base, status: '已完成' }).conflicts).toEqual([]);
    expect(mergeEntries(base, base, null)).toEqual({ merged: null, conflicts: [] });
  });
  it('treats two new entries of one parcel field by field', () => {
    const r = mergeEntries(null, { ...base, action: '关停退出' }, { ...base, action: '闲置收回' });
    expect(r.conflicts).toEqual([{ field: 'action', mine: '关停退出', theirs: '闲置收回' }]);
  });
  it('does not count the form defaults of two new entries as edits', () => {
    const defaults: LedgerEntry = { parcelId: 'X', action: '闲置收回', status: '待处置' };
    const r = mergeEntries(null, { ...defaults, date: '2022-05-06' }, { ...defaults, status: '处置中' }, defaults);
    expect(r).toEqual({ merged: { ...defaults, status: '处置中', date: '2022-05-06' }, conflicts: [] });
  });
});
