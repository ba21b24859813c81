import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { fakeDataset } from './fake-dataset.test-helper';
import { deleteRecord, getRecord, putRecord, resetWorkDbForTests } from './persist/idb';
import { keepUnresolvedIds, keptLists, shortlistsKey, startShortlistPersistence, unresolvedIdsOf, usableShortlists, type SavedShortlists } from './shortlist-persist';
import { createAppStore } from './store';

const settle = () => new Promise((r) => setTimeout(r, 30));

/** A store keeping its shortlists, with `dataset` loaded and its saved lists read. */
async function persisting(dataset: ReturnType<typeof fakeDataset>) {
  const a = createAppStore();
  const stop = startShortlistPersistence(a);
  a.setState({ dataset });
  await settle();
  return { a, stop };
}
/** Waits (up to 3 s: a loaded machine is slow) until `check` holds. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 30));
}

describe('shortlists the browser will not keep', () => {
  it('are said in the state (the status bar shows it), and the message goes once a save goes through', async () => {
    const real = globalThis.indexedDB;
    globalThis.indexedDB = { open: () => { throw new DOMException('QuotaExceededError: the quota has been exceeded.', 'QuotaExceededError'); } } as unknown as IDBFactory;
    resetWorkDbForTests();
    try {
      const { a, stop } = await persisting(fakeDataset(3, 'sl-refused'));
      await until(() => a.getState().saveProblems.shortlists !== undefined);
      expect(a.getState().saveProblems.shortlists).toMatch(/quota/);
      globalThis.indexedDB = real;
      resetWorkDbForTests();
      a.getState().addToShortlist([1]);
      await until(async () => (await getRecord<SavedShortlists>('shortlists', shortlistsKey('sl-refused'))) !== undefined);
      await until(() => a.getState().saveProblems.shortlists === undefined);
      expect(a.getState().saveProblems.shortlists).toBeUndefined();
      stop();
    } finally {
      globalThis.indexedDB = real;
      resetWorkDbForTests();
    }
  });
});

describe('shortlist slice', () => {
  it('adds to the active list (creating a first one), skips duplicates and fids outside the data', () => {
    const store = createAppStore();
    store.setState({ dataset: fakeDataset(5, 'h') });
    store.getState().addToShortlist([3, 1, 3, 9, -1, 1.5]);
    const [list] = store.getState().shortlists;
    expect(list).toMatchObject({ name: '名单 1', fids: [3, 1] });
    expect(store.getState().activeShortlistId).toBe(list!.id);
    store.getState().addToShortlist([1, 4]);
    expect(store.getState().shortlists[0]!.fids).toEqual([3, 1, 4]);
    store.getState().removeFromShortlist([1]);
    expect(store.getState().shortlists[0]!.fids).toEqual([3, 4]);
  });

  it('imports lists from a file beside the ones here, not twice, undoably', () => {
    const store = createAppStore();
    store.setState({ dataset: fakeDataset(5, 'h') });
    store.getState().createShortlist('甲');
    store.getState().addToShortlist([0, 1]);
    const r = store.getState().importShortlists([{ name: '甲', fids: [1, 0] }, { name: '乙', fids: [4, 4, 9, 2] }, { name: '  ', fids: [3] }]);
    expect(r).toMatchObject({ added: 2, parcels: 3, same: 1 });
    expect(r.ids.map((id) => id === null)).toEqual([true, false, false]);
    const names = store.getState().shortlists.map((l) => [l.name, l.fids]);
    expect(names).toEqual([['甲', [0, 1]], ['乙', [4, 2]], ['名单 3', [3]]]);
    expect(store.getState().shortlists.find((l) => l.id === store.getState().activeShortlistId)?.name).toBe('乙');
    expect(store.getState().importShortlists([{ name: '乙', fids: [2, 4] }])).toMatchObject({ added: 0, parcels: 0, same: 1, ids: [null] });
    store.getState().undoShortlist();
    expect(store.getState().shortlists.map((l) => l.name)).toEqual(['甲']);
  });

  it('creates, renames, switches and deletes named lists', () => {
    const store = createAppStore();
    store.setState({ dataset: fakeDataset(5, 'h') });
    const a = store.getState().createShortlist('甲');
    store.getState().addToShortlist([0]);
    const b = store.getState().createShortlist('  ');
    expect(store.getState().shortlists.map((l) => l.name)).toEqual(['甲', '名单 2']);
    expect(store.getState().activeShortlistId).toBe(b);
    store.getState().addToShortlist([2]);
    store.getState().renameShortlist(b, '乙');
    store.getState().setActiveShortlist(a);
    expect(store.getState().shortlists.map((l) => [l.name, l.fids])).toEqual([['甲', [0]], ['乙', [2]]]);
    store.getState().deleteShortlist(a);
    expect(store.getState().activeShortlistId).toBe(b);
    expect(store.getState().shortlists).toHaveLength(1);
  });
});

describe('shortlists kept across reloads', () => {
  it('saves under the dataset identity and puts them back on the next load; other data has its own', async () => {
    const { a, stop } = await persisting(fakeDataset(4, 'hash-s'));
    a.getState().createShortlist('重点');
    a.getState().addToShortlist([2, 0]);
    await until(async () => (await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-s')))?.value.lists[0]?.parcelIds.length === 2);
    const rec = await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-s'));
    expect(rec?.value.lists.map((l) => [l.name, l.parcelIds])).toEqual([['重点', ['P2', 'P0']]]);
    stop();

    const b = createAppStore();
    const stopB = startShortlistPersistence(b);
    b.setState({ dataset: fakeDataset(4, 'hash-s') });
    await until(() => b.getState().shortlists.length > 0);
    expect(b.getState().shortlists.map((l) => [l.name, l.fids])).toEqual([['重点', [2, 0]]]);
    expect(b.getState().activeShortlistId).toBe(b.getState().shortlists[0]!.id);
    b.setState({ dataset: fakeDataset(4, 'hash-other') });
    await until(() => b.getState().shortlists.length === 0);
    expect(b.getState().shortlists).toEqual([]);
    stopB();
  });

  it('writes on top of another tab’s newer record', async () => {
    const { a, stop } = await persisting(fakeDataset(4, 'hash-t'));
    a.getState().addToShortlist([1]);
    await until(async () => (await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-t')))?.version === 1);
    await putRecord('shortlists', shortlistsKey('hash-t'), { lists: [], activeId: null }, 1);
    a.getState().addToShortlist([2]);
    await until(async () => (await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-t')))?.version === 3);
    const rec = await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-t'));
    expect(rec).toMatchObject({ version: 3 });
    expect(rec!.value.lists[0]!.parcelIds).toEqual(['P1', 'P2']);
    stop();
  });

  it('drops a broken record whole, and ids (or, in an older record, fids) outside the data', () => {
    const parcels = fakeDataset(3).parcels;
    expect(usableShortlists({ lists: [{ id: 'a', name: 'x', parcelIds: ['P0', 'P9', 'P1', 'P1', 7] }], activeId: 'a' }, parcels))
      .toEqual({ lists: [{ id: 'a', name: 'x', fids: [0, 1] }], activeId: 'a', unresolved: { a: ['P9'] }, unusable: [] });
    expect(usableShortlists({ lists: [{ id: 'a', name: 'x', fids: [0, 7, 1, 1] }], activeId: 'a' }, parcels)).toEqual({ lists: [{ id: 'a', name: 'x', fids: [0, 1] }], activeId: 'a', unusable: [] });
    // A damaged list is left out of the panel and kept as it was; the others are used.
    const bad = [{ id: 1 }, { id: 'b', name: 'x' }, null, { id: 'a', name: 'again', parcelIds: [] }];
    expect(usableShortlists({ lists: [{ id: 'a', name: 'x', parcelIds: ['P1'] }, ...bad], activeId: 'b', unusable: ['older'] }, parcels))
      .toEqual({ lists: [{ id: 'a', name: 'x', fids: [1] }], activeId: null, unusable: ['older', ...bad] });
    expect(usableShortlists('nope', parcels)).toEqual({ lists: [], activeId: null, unusable: ['nope'] });
    expect(usableShortlists(undefined, parcels)).toEqual({ lists: [], activeId: null, unusable: [] });
  });
});

/** `fakeDataset(n, hash)` with its parcels in another order (as the same files read with other options may give). */
function reordered(n: number, hash: string, order: number[]) {
  const d = fakeDataset(n, hash);
  return { ...d, parcels: order.map((from, fid) => ({ ...d.parcels[from]!, fid })) };
}

describe('a list holding parcels the data shown lacks (a streamed file\'s parcels out of view)', () => {
  it('names them for the list\'s export, as kept', async () => {
    await putRecord('shortlists', shortlistsKey('hash-far'), { lists: [{ id: 'a', name: 'x', parcelIds: ['P0', 'FAR-AWAY', 'P1'] }], activeId: 'a' }, 0);
    const { a, stop } = await persisting(fakeDataset(3, 'hash-far'));
    await until(() => a.getState().shortlists.length === 1);
    expect(a.getState().shortlists[0]!.fids).toEqual([0, 1]);
    expect(unresolvedIdsOf(a, 'a')).toEqual(['FAR-AWAY']);
    // An imported list's ids out of view are kept with it too, and saved.
    keepUnresolvedIds(a, 'a', ['FAR-AWAY', 'ELSEWHERE']);
    expect(unresolvedIdsOf(a, 'a')).toEqual(['FAR-AWAY', 'ELSEWHERE']);
    expect(keptLists(a)).toEqual([{ name: 'x', parcelIds: ['P0', 'P1', 'FAR-AWAY', 'ELSEWHERE'] }]);
    await until(async () => ((await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-far')))?.value.lists[0]!.parcelIds.length ?? 0) === 4);
    expect((await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-far')))?.value.lists[0]!.parcelIds).toEqual(['P0', 'P1', 'FAR-AWAY', 'ELSEWHERE']);
    stop();
  });
});

describe('a tab closed before IndexedDB had its last change', () => {
  it('keeps the lists in localStorage when hidden, and the next load takes them over (then forgets them)', async () => {
    const items = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) });
    const page = new EventTarget();
    vi.stubGlobal('window', page);
    try {
      const { a, stop } = await persisting(fakeDataset(3, 'hash-close'));
      a.getState().addToShortlist([2, 0]);
      page.dispatchEvent(new Event('pagehide'));
      const kept = items.get('tenglong:lists-pending');
      expect(JSON.parse(kept!).value.lists[0].parcelIds).toEqual(['P2', 'P0']);
      // The write lands here: the copy is forgotten.
      await until(() => !items.has('tenglong:lists-pending'));
      expect(items.has('tenglong:lists-pending')).toBe(false);
      stop();
      // Had the tab closed first: no record, the copy left. The next load takes it over and writes it.
      await deleteRecord('shortlists', shortlistsKey('hash-close'));
      items.set('tenglong:lists-pending', kept!);
      const again = await persisting(fakeDataset(3, 'hash-close'));
      await until(() => again.a.getState().shortlists.length === 1);
      expect(again.a.getState().shortlists[0]!.fids).toEqual([2, 0]);
      await until(async () => (await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-close'))) !== undefined);
      expect((await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-close')))?.value.lists[0]!.parcelIds).toEqual(['P2', 'P0']);
      expect(items.has('tenglong:lists-pending')).toBe(false);
      again.stop();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('saving a busy list', () => {
  it('writes changes made within a moment as one record, with all of them', async () => {
    const { a, stop } = await persisting(fakeDataset(6, 'hash-c'));
    for (const fid of [5, 1, 3, 0]) a.getState().addToShortlist([fid]);
    a.getState().removeFromShortlist([3]);
    await until(async () => (await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-c')))?.version === 1);
    await new Promise((r) => setTimeout(r, 400));
    const rec = await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-c'));
    expect(rec?.version).toBe(1);
    expect(rec?.value.lists[0]!.parcelIds).toEqual(['P5', 'P1', 'P0']);
    stop();
  });

  it('writes a waiting change at once when the page is hidden or closed (pagehide)', async () => {
    const page = new EventTarget();
    vi.stubGlobal('window', page);
    try {
      const { a, stop } = await persisting(fakeDataset(3, 'hash-h'));
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      a.getState().addToShortlist([2]);
      page.dispatchEvent(new Event('pagehide'));
      vi.useRealTimers(); // the coalescing timer never fires: only the flush writes
      await until(async () => (await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-h')))?.version === 1);
      expect((await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-h')))?.value.lists[0]!.parcelIds).toEqual(['P2']);
      stop();
    } finally {
      vi.useRealTimers();
      vi.unstubAllGlobals();
    }
  });
});

describe('a damaged saved record', () => {
  it('shows its usable lists, says how many it cannot, and keeps those through a save', async () => {
    const damaged = { id: 7, name: null, parcelIds: 'P1' };
    await putRecord('shortlists', shortlistsKey('hash-d'), { lists: [{ id: 'a', name: '甲', parcelIds: ['P1'] }, damaged], activeId: 'a' }, 0);
    const { a, stop } = await persisting(fakeDataset(3, 'hash-d'));
    expect(a.getState().shortlists.map((l) => [l.name, l.fids])).toEqual([['甲', [1]]]);
    expect(a.getState().shortlistsUnusable).toBe(1);
    a.getState().createShortlist('乙');
    // The record read held two entries already (甲 and the damaged one): wait for the write.
    await until(async () => (await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-d')))?.version === 2);
    const saved = (await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-d')))!.value;
    expect(saved.lists.map((l) => l.name)).toEqual(['甲', '乙']);
    expect(saved.unusable).toEqual([damaged]);
    stop();
  });
});

describe('lists follow their parcels by id', () => {
  it('when the same files are read again with other options (same identity, parcels in another order)', async () => {
    const { a, stop } = await persisting(fakeDataset(4, 'hash-r'));
    a.getState().addToShortlist([1, 3]);
    a.setState({ dataset: reordered(4, 'hash-r', [3, 2, 1, 0]) }); // P3, P2, P1, P0
    await settle();
    const ids = (fids: number[]) => fids.map((f) => a.getState().dataset!.parcels[f]!.attributes.parcelId);
    expect(ids(a.getState().shortlists[0]!.fids)).toEqual(['P1', 'P3']);
    stop();
  });

  it('keeps the ids another reading does not hold (another id column), written back, and finds them again', async () => {
    const { a, stop } = await persisting(fakeDataset(3, 'hash-k'));
    a.getState().addToShortlist([0, 2]);
    const other = { ...fakeDataset(3, 'hash-k'), parcels: fakeDataset(3).parcels.map((p) => ({ ...p, attributes: { parcelId: `X${p.fid}` } })) };
    a.setState({ dataset: other }); // the same files, another id column: no id in common
    await settle();
    expect(a.getState().shortlists[0]!.fids).toEqual([]);
    a.getState().createShortlist('乙'); // any change saves
    await until(async () => (await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-k')))?.value.lists.length === 2);
    expect((await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-k')))!.value.lists[0]!.parcelIds.sort()).toEqual(['P0', 'P2']);
    a.setState({ dataset: fakeDataset(3, 'hash-k') }); // read as before again
    await settle();
    expect(a.getState().shortlists[0]!.fids.sort()).toEqual([0, 2]);
    stop();
  });

  it('when a saved list comes back on data whose parcels are in another order', async () => {
    await putRecord('shortlists', shortlistsKey('hash-q'), { lists: [{ id: 'k', name: '甲', parcelIds: ['P0', 'P2'] }], activeId: 'k' }, 0);
    const b = createAppStore();
    const stop = startShortlistPersistence(b);
    b.setState({ dataset: reordered(3, 'hash-q', [2, 1, 0]) });
    await until(() => b.getState().shortlists.length > 0);
    expect(b.getState().shortlists[0]!.fids).toEqual([2, 0]);
    stop();
  });
});

describe('a list made while the saved ones load', () => {
  it('is kept beside them and written', async () => {
    const a = createAppStore();
    await putRecord('shortlists', shortlistsKey('hash-u'), { lists: [{ id: 'old', name: '旧', fids: [1] }], activeId: 'old' }, 0);
    const stop = startShortlistPersistence(a);
    a.setState({ dataset: fakeDataset(4, 'hash-u') });
    a.getState().addToShortlist([3]); // before the restore has read the record
    await until(() => a.getState().shortlists.length === 2);
    expect(a.getState().shortlists.map((l) => l.fids)).toEqual([[1], [3]]);
    await until(async () => (await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-u')))?.value.lists.length === 2);
    expect((await getRecord<SavedShortlists>('shortlists', shortlistsKey('hash-u')))?.value.lists).toHaveLength(2);
    stop();
  });
});

describe('撤销 in the shortlists', () => {
  it('takes back adds, removals, emptying, renames and deletions one at a time; lists read from storage start afresh', () => {
    const a = createAppStore();
    a.setState({ dataset: fakeDataset(5, 'hash-u') });
    const s = () => a.getState();
    const fids = () => s().shortlists.find((l) => l.id === s().activeShortlistId)?.fids ?? [];
    s().addToShortlist([0, 1, 2]);
    s().removeFromShortlist([1]);
    s().clearShortlist();
    expect(fids()).toEqual([]);
    s().undoShortlist();
    expect(fids()).toEqual([0, 2]);
    s().undoShortlist();
    expect(fids()).toEqual([0, 1, 2]);
    s().addToShortlist([0]); // nothing new: no step to undo
    s().undoShortlist();
    expect(s().shortlists).toEqual([]);
    expect(s().shortlistHistory).toEqual([]);
    s().addToShortlist([3]);
    s().replaceShortlists([], null);
    expect(s().shortlistHistory).toEqual([]);
  });
});
