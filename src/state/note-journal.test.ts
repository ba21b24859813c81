import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../domain/ledger';
import { fakeDataset } from './fake-dataset.test-helper';
import { forgetNote, journalNote, notesOf } from './note-journal';
import { createAppStore } from './store';

/** The page's localStorage (Node has none): a plain map behind the Storage methods the journal uses. */
const items = new Map<string, string>();
globalThis.localStorage = {
  getItem: (k: string) => items.get(k) ?? null,
  setItem: (k: string, v: string) => void items.set(k, String(v)),
  removeItem: (k: string) => void items.delete(k),
  clear: () => items.clear(),
  key: (i: number) => [...items.keys()][i] ?? null,
  get length() { return items.size; },
} as Storage;

const SAMPLE: LedgerEntry[] = [{ parcelId: 'P1', action: '改造提升', status: '处置中' }];

function storeOf(name: string) {
  const store = createAppStore();
  store.setState({ dataset: { ...fakeDataset(4, name), ledger: SAMPLE }, loadStatus: 'ready' });
  return store;
}
const settle = () => new Promise((r) => setTimeout(r, 30));

describe('note journal', () => {
  beforeEach(() => items.clear());

  it('keeps drafts per dataset and parcel, forgets them one by one, and ignores a damaged journal', () => {
    const start: LedgerEntry = { parcelId: 'P1', action: '改造提升', status: '处置中' };
    journalNote({ hash: 'a', parcelId: 'P1', base: start, start, text: '一' });
    journalNote({ hash: 'a', parcelId: 'P1', base: start, start, text: '一二' });
    journalNote({ hash: 'b', parcelId: 'P1', base: null, start, text: '另一个数据' });
    expect(notesOf('a').map((d) => d.text)).toEqual(['一二']);
    forgetNote('a', 'P1');
    expect(notesOf('a')).toEqual([]);
    expect(notesOf('b')).toHaveLength(1);
    // A save that finishes after more was typed forgets only the text it saved.
    const p2 = { ...start, parcelId: 'P2' };
    journalNote({ hash: 'a', parcelId: 'P2', base: p2, start: p2, text: '旧' });
    journalNote({ hash: 'a', parcelId: 'P2', base: p2, start: p2, text: '旧的后面又写了' });
    forgetNote('a', 'P2', '旧');
    expect(notesOf('a').map((d) => d.text)).toEqual(['旧的后面又写了']);
    // A draft left for more than 30 days goes with the next keystroke anywhere.
    const journal = JSON.parse(items.get('tenglong:note-drafts')!) as Record<string, { at: number }>;
    journal['b/P1']!.at = Date.now() - 31 * 86_400_000;
    items.set('tenglong:note-drafts', JSON.stringify(journal));
    const p3 = { ...start, parcelId: 'P3' };
    journalNote({ hash: 'a', parcelId: 'P3', base: p3, start: p3, text: '新' });
    expect(notesOf('b')).toEqual([]);
    // Filed under another key, or a record the card would never make: ignored.
    const forged = { hash: 'a', parcelId: 'P9', base: null, start: { parcelId: 'P9', action: '改造提升', status: '处置中' }, text: 'x', at: 1 };
    items.set('tenglong:note-drafts', JSON.stringify({ 'a/P1': forged, 'a/P8': { ...forged, parcelId: 'P8', start: { parcelId: 'P8', action: '拆了', status: '处置中' } }, 'a/P7': null }));
    expect(notesOf('a')).toEqual([]);
    forgetNote('a', 'P7', 'x');
    items.set('tenglong:note-drafts', '{not json');
    expect(notesOf('b')).toEqual([]);
  });

  it('a note typed when the tab closed (never saved to IndexedDB) is saved at the next load of the same data', async () => {
    const base = SAMPLE[0]!;
    journalNote({ hash: 'reload', parcelId: 'P1', base, start: base, text: '  关闭页面前写的备注 ' });
    // A new record's note: the start is the record the card would have made.
    const fresh: LedgerEntry = { parcelId: 'P2', action: '整体腾退', status: '待处置' };
    journalNote({ hash: 'reload', parcelId: 'P2', base: null, start: fresh, text: '新记录的备注' });
    const store = storeOf('reload');
    await store.getState().loadLedgerForDataset();
    await settle();
    expect(store.getState().ledgerEntryOf('P1')).toEqual({ ...base, note: '关闭页面前写的备注' });
    expect(store.getState().ledgerEntryOf('P2')).toEqual({ ...fresh, note: '新记录的备注' });
    expect(notesOf('reload')).toEqual([]);
    // Another load finds them in IndexedDB.
    const again = storeOf('reload');
    await again.getState().loadLedgerForDataset();
    expect(again.getState().ledgerEntryOf('P1')?.note).toBe('关闭页面前写的备注');
  });
});
