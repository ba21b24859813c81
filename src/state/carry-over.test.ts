import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { LedgerEntry } from '../domain/ledger';
import { carryOver, findCarryOver } from './carry-over';
import { fakeDataset } from './fake-dataset.test-helper';
import { ledgerKey } from './ledger-persist';
import { getRecord, putRecord } from './persist/idb';
import { settingsKey } from './settings-persist';
import { shortlistsKey } from './shortlist-persist';
import { createAppStore } from './store';

const ids = (n: number) => new Set(Array.from({ length: n }, (_, i) => `P${i}`));

describe('carrying the user\'s work over to a new version of the data', () => {
  it('offers the newest other dataset\'s work that names these parcels, copies it by 地块编号, and is not offered again', async () => {
    // Last month's data (v1): a record on P2, one on a parcel gone since, a list and changed rules.
    await putRecord<LedgerEntry>('ledger', ledgerKey('v1', 'P2'), { parcelId: 'P2', action: '整体腾退', status: '已完成', date: '2022-05-01', note: '上月' }, 0);
    await putRecord<LedgerEntry>('ledger', ledgerKey('v1', 'GONE'), { parcelId: 'GONE', action: '关停退出', status: '处置中' }, 0);
    await putRecord('shortlists', shortlistsKey('v1'), { lists: [{ id: 'a', name: '娄桥低效', parcelIds: ['P1', 'GONE', 'P3'] }], activeId: 'a' }, 0);
    await putRecord('settings', settingsKey('v1'), { rules: { lowEfficiency: { taxPerMuBelow: 10 } }, evaluationDate: '2022-12-31' }, 0);
    // Unrelated data sharing no parcel: never offered.
    await putRecord<LedgerEntry>('ledger', ledgerKey('other', 'X9'), { parcelId: 'X9', action: '改造提升', status: '待处置' }, 0);

    const offer = await findCarryOver('v2', ids(4));
    expect(offer).toMatchObject({ from: 'v1', ledger: 2, ledgerHere: 1, lists: 1, rules: true });
    expect(await findCarryOver('v1', ids(4))).toBeNull(); // v1 has its own work

    const store = createAppStore();
    store.setState({ dataset: fakeDataset(4, 'v2'), loadStatus: 'ready', reanalyse: vi.fn(async () => {}) });
    await store.getState().loadLedgerForDataset();
    // Recorded here after the offer appeared, and rules changed here: both stand.
    await store.getState().saveLedgerEntry('P0', null, { parcelId: 'P0', action: '改造提升', status: '处置中' });
    const here = await carryOver(() => createAppStore().getState(), offer!); // (no dataset: nothing)
    expect(here).toEqual({ ledger: 0, notKept: 0, lists: 0, missing: 0 });
    const r = await carryOver(() => store.getState(), offer!);
    expect(r).toEqual({ ledger: 1, notKept: 0, lists: 1, missing: 1 });
    expect(store.getState().ledgerEntryOf('P2')).toEqual({ parcelId: 'P2', action: '整体腾退', status: '已完成', date: '2022-05-01', note: '上月' });
    expect((await getRecord<LedgerEntry>('ledger', ledgerKey('v2', 'P2')))?.value.note).toBe('上月');
    expect(store.getState().shortlists.map((l) => [l.name, l.fids])).toEqual([['娄桥低效', [1, 3]]]);
    expect(store.getState().ledgerEntryOf('P0')).toEqual({ parcelId: 'P0', action: '改造提升', status: '处置中' });
    expect(store.getState().rules).toEqual({ lowEfficiency: { taxPerMuBelow: 10 } });
    expect(store.getState().evaluationDate).toBe('2022-12-31');
    // v2 now has work of its own: nothing more to offer.
    expect(await findCarryOver('v2', ids(4))).toBeNull();
  });
});

describe('carrying over after the user began work here', () => {
  it('keeps their records and their rules', async () => {
    await putRecord<LedgerEntry>('ledger', ledgerKey('w1', 'P1'), { parcelId: 'P1', action: '整体腾退', status: '已完成', date: '2022-05-01' }, 0);
    await putRecord('settings', settingsKey('w1'), { rules: { lowEfficiency: { taxPerMuBelow: 10 } }, evaluationDate: null }, 0);
    const offer = await findCarryOver('w2', ids(3));
    const store = createAppStore();
    store.setState({ dataset: fakeDataset(3, 'w2'), loadStatus: 'ready', reanalyse: vi.fn(async () => {}) });
    await store.getState().loadLedgerForDataset();
    await store.getState().saveLedgerEntry('P1', null, { parcelId: 'P1', action: '改造提升', status: '待处置' });
    store.getState().setRules({ lowEfficiency: { taxPerMuBelow: 6 } });
    const r = await carryOver(() => store.getState(), offer!);
    expect(r.ledger).toBe(0);
    expect(store.getState().ledgerEntryOf('P1')?.action).toBe('改造提升');
    expect(store.getState().rules).toEqual({ lowEfficiency: { taxPerMuBelow: 6 } });
  });
});
