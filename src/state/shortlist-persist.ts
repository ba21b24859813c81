/**
 * Keeps the shortlists across reloads in IndexedDB (store 'shortlists', key `${dataset hash}/lists`).
 * Lists are saved by parcel id (地块编号), never by position: the same files read again with other options
 * (CRS, id column, geometry mode) keep their identity but may accept other parcels in another order, so a
 * position would name another enterprise. When a dataset loads, its saved lists come back (a broken record
 * is dropped whole, never half-used; ids not in the dataset are left out); every later change is written
 * (changes within 300 ms as one write, at once when the page is hidden or closed), versioned (a write that
 * finds another tab's newer record re-reads the version and writes on top, the newest edit winning); a
 * change written by another tab is taken over here.
 */
import type { StoreApi } from 'zustand';
import { getRecord, getRecordOrSay, onOtherTabChange, putNewest } from './persist/idb';
import type { Shortlist } from './shortlistSlice';
import type { AppState } from './store';
import type { LoadedDataset } from '../worker/protocol';
import { resolveIds } from './parcel-ids';
import { readLocal, writeLocal } from './persist/local';

/** A list as saved: its parcels by id. (Records before session 24 hold `fids`, read as positions.) */
export interface SavedShortlist {
  id: string;
  name: string;
  parcelIds: string[];
}

export interface SavedShortlists {
  lists: SavedShortlist[];
  activeId: string | null;
  /** What a record held that this version cannot use (a damaged list, another version's): written back as it was. */
  unusable?: unknown[];
}

export const shortlistsKey = (hash: string): string => `${hash}/lists`;

type Parcels = LoadedDataset['parcels'];

/** What a saved record gives this dataset's parcels. */
export interface UsableShortlists {
  lists: Shortlist[];
  activeId: string | null;
  /** Per list, the saved ids this dataset does not hold (another reading of the same files): kept, written back on save. */
  unresolved?: Record<string, string[]>;
  /** The record's entries this version cannot use (a list without a name, a record of another shape): kept as they were. */
  unusable: unknown[];
}

/**
 * Lists of this dataset's `parcels` from a saved record. A list that is not usable (damaged, or another
 * version's) is left out of the panel but kept in `unusable`, so a save never drops it; the other lists are used.
 */
export function usableShortlists(value: unknown, parcels: Parcels): UsableShortlists {
  if (value === undefined || value === null) return { lists: [], activeId: null, unusable: [] };
  const v = value as { lists?: unknown; activeId?: unknown; unusable?: unknown };
  if (typeof value !== 'object' || !Array.isArray(v.lists)) return { lists: [], activeId: null, unusable: [value] };
  const lists: Shortlist[] = [];
  const unresolved: Record<string, string[]> = {};
  const unusable: unknown[] = Array.isArray(v.unusable) ? [...v.unusable] : [];
  for (const l of v.lists as unknown[]) {
    const { id, name, parcelIds, fids } = (typeof l === 'object' && l !== null ? l : {}) as { id?: unknown; name?: unknown; parcelIds?: unknown; fids?: unknown };
    if (typeof id !== 'string' || typeof name !== 'string' || lists.some((x) => x.id === id) || (!Array.isArray(parcelIds) && !Array.isArray(fids))) {
      unusable.push(l);
      continue;
    }
    if (Array.isArray(parcelIds)) {
      const r = resolveIds(parcelIds, parcels);
      lists.push({ id, name, fids: r.fids });
      if (r.missing.length) unresolved[id] = r.missing;
    } else lists.push({ id, name, fids: [...new Set((fids as unknown[]).filter((f): f is number => Number.isInteger(f) && (f as number) >= 0 && (f as number) < parcels.length))] });
  }
  const activeId = typeof v.activeId === 'string' && lists.some((l) => l.id === v.activeId) ? v.activeId : null;
  return { lists, activeId, unusable, ...(Object.keys(unresolved).length ? { unresolved } : {}) };
}

/**
 * `lists` of `from`'s parcels as lists of `to`'s, by parcel id; `unresolved` (per list, ids neither held) is
 * tried again and what `to` does not hold stays in it.
 */
export function listsFollowingIds(lists: readonly Shortlist[], from: Parcels, to: Parcels, unresolved: Map<string, string[]> = new Map()): Shortlist[] {
  return lists.map((l) => {
    const r = resolveIds([...l.fids.map((fid) => from[fid]?.attributes.parcelId), ...(unresolved.get(l.id) ?? [])], to);
    if (r.missing.length) unresolved.set(l.id, r.missing);
    else unresolved.delete(l.id);
    return { ...l, fids: r.fids };
  });
}

/** Each list's parcel ids by its fids array (a list's change makes a new array): an unchanged list is not mapped again. */
const idsOfLists = new WeakMap<readonly number[], { parcels: Parcels; ids: string[] }>();

function idsOfList(fids: readonly number[], parcels: Parcels): string[] {
  const known = idsOfLists.get(fids);
  if (known?.parcels === parcels) return known.ids;
  const ids = [...new Set(fids.map((fid) => parcels[fid]?.attributes.parcelId).filter((id): id is string => typeof id === 'string'))];
  idsOfLists.set(fids, { parcels, ids });
  return ids;
}

/** A list's parcels by id as kept: those of the dataset shown, then the ids it does not hold (`more`). */
const keptIds = (l: Shortlist, parcels: Parcels, more: readonly string[] | undefined): string[] => {
  const ids = idsOfList(l.fids, parcels);
  return more?.length ? [...new Set([...ids, ...more])] : ids;
};

/** The state's lists as saved: their parcels' ids, and the ids the dataset shown does not hold (`unresolved`). */
const snapshot = (s: AppState, unresolved: ReadonlyMap<string, string[]>, unusable: readonly unknown[]): SavedShortlists => {
  const parcels = s.dataset?.parcels ?? [];
  const lists = s.shortlists.map((l) => ({ id: l.id, name: l.name, parcelIds: keptIds(l, parcels, unresolved.get(l.id)) }));
  return { lists, activeId: s.activeShortlistId, ...(unusable.length ? { unusable: [...unusable] } : {}) };
};

/** Changes within this long are saved once (a save clones every list: ~2 MB at 100k parcels). */
const SAVE_DELAY_MS = 300;

/**
 * The lists as they were when the page was hidden with a change not yet in IndexedDB (a write waiting or in
 * flight): localStorage writes at once, where an IndexedDB write from a closing tab may never land. The next
 * load of the same data takes it over when it is newer than the stored record.
 */
const PENDING = 'tenglong:lists-pending';
interface PendingLists { hash: string; at: number; value: SavedShortlists }

function readPending(hash: string): PendingLists | null {
  const p = readLocal(PENDING) as PendingLists | null;
  return p && p.hash === hash && typeof p.at === 'number' && p.value && typeof p.value === 'object' ? p : null;
}
/** (No room — a list of 100k parcels — or no localStorage: the IndexedDB write is all there is.) */
const writePending = (p: PendingLists | null): void => void writeLocal(PENDING, p);

/** Per store kept: its lists' saved ids the dataset shown does not hold (a streamed file's parcels out of view). */
const unresolvedByStore = new WeakMap<StoreApi<AppState>, () => ReadonlyMap<string, string[]>>();

/** Per store kept: how to add ids the data shown lacks to a list (an imported list's parcels out of a streamed view). */
const keepersByStore = new WeakMap<StoreApi<AppState>, (listId: string, ids: readonly string[]) => void>();

/** Keeps `ids` (parcels the data shown does not hold) with list `listId`: saved, exported, and resolved when they load. */
export function keepUnresolvedIds(store: StoreApi<AppState>, listId: string, ids: readonly string[]): void {
  if (ids.length > 0) keepersByStore.get(store)?.(listId, ids);
}

/** The ids list `listId` holds beyond the parcels shown (kept and written back, and exported with the list). */
export function unresolvedIdsOf(store: StoreApi<AppState>, listId: string): readonly string[] {
  return unresolvedByStore.get(store)?.().get(listId) ?? [];
}

/** `store`'s lists by 地块编号 as they are kept (the same ids as saved): what 导出名单 writes. */
export function keptLists(store: StoreApi<AppState>): { name: string; parcelIds: string[] }[] {
  const s = store.getState();
  const parcels = s.dataset?.parcels ?? [];
  return s.shortlists.map((l) => ({ name: l.name, parcelIds: keptIds(l, parcels, unresolvedIdsOf(store, l.id)) }));
}

/** Starts keeping `store`'s shortlists; returns the stop function. */
export function startShortlistPersistence(store: StoreApi<AppState>): () => void {
  let hash: string | null = null;
  let version = 0;
  // Per list, the saved ids the dataset shown does not hold: kept and written back (never lost by a save).
  let unresolved = new Map<string, string[]>();
  unresolvedByStore.set(store, () => unresolved);
  keepersByStore.set(store, (listId, ids) => {
    unresolved.set(listId, [...new Set([...(unresolved.get(listId) ?? []), ...ids])]);
    if (hash !== null) schedule();
  });
  // What the saved record held that this version cannot use: written back with every save.
  let unusable: unknown[] = [];
  let applying = false;
  let queue: Promise<void> = Promise.resolve();

  const adopt = (saved: { lists: Shortlist[]; activeId: string | null }) => {
    applying = true;
    store.getState().replaceShortlists(saved.lists, saved.activeId);
    applying = false;
  };

  const restore = async (h: string) => {
    const rec = await getRecordOrSay<SavedShortlists>('shortlists', shortlistsKey(h), () => {
      if (store.getState().dataset?.info.identity.hash === h) [hash, version] = [h, 0];
    });
    const s = store.getState();
    if (s.dataset?.info.identity.hash !== h) return;
    hash = h;
    version = rec?.version ?? 0;
    // Lists a closing tab could not write (newer than the record): taken over and written now.
    const pending = readPending(h);
    const fromPending = pending !== null && pending.at > Date.parse(rec?.savedAt ?? '1970-01-01');
    if (pending) writePending(null);
    const saved = usableShortlists(fromPending ? pending.value : rec?.value, s.dataset.parcels);
    unresolved = new Map(Object.entries(saved.unresolved ?? {}));
    unusable = saved.unusable;
    store.getState().setShortlistsUnusable(unusable.length);
    // Lists made before the saved ones arrived are kept beside them, and written.
    const made = s.shortlists.filter((l) => !saved.lists.some((x) => x.id === l.id));
    adopt({ lists: [...saved.lists, ...made], activeId: made.length > 0 ? s.activeShortlistId : saved.activeId });
    if (made.length > 0 || fromPending) await save();
  };

  /** Writes `value` under `h` (taken when the change was made: the state may have moved on by the write). */
  const write = (h: string, value: SavedShortlists) => async () => {
    const r = await putNewest('shortlists', shortlistsKey(h), value, version);
    version = r.version;
    if (r.written !== null) store.getState().reportSave('shortlists', null);
  };
  const save = async () => {
    if (hash !== null) await write(hash, snapshot(store.getState(), unresolved, unusable))();
  };
  // Saves coalesced: one per SAVE_DELAY_MS of changes, written at once when the page goes (or another tab's
  // change, another dataset or the stop comes), from the state the change was made on.
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (s: AppState = store.getState()) => {
    if (timer === null) return;
    clearTimeout(timer);
    timer = null;
    if (hash !== null) enqueue(write(hash, snapshot(s, unresolved, unusable)));
  };
  const schedule = () => {
    timer ??= setTimeout(() => {
      timer = null;
      if (hash !== null) enqueue(write(hash, snapshot(store.getState(), unresolved, unusable)));
    }, SAVE_DELAY_MS);
  };
  // Jobs queued and not yet done: while any is, a hidden page keeps its lists in localStorage too.
  let inQueue = 0;
  const enqueue = (job: () => Promise<void>) => {
    inQueue++;
    queue = queue.then(job).catch((e: unknown) => store.getState().reportSave('shortlists', e)).finally(() => {
      if (--inQueue === 0 && timer === null && hash !== null && readPending(hash)) writePending(null);
    });
  };

  const unsubscribe = store.subscribe((s, prev) => {
    const h = s.dataset?.info.identity.hash ?? null;
    // A change waiting to be saved is of the previous data's parcels: saved as it was.
    if (s.dataset !== prev.dataset) flush(prev);
    if (s.dataset && prev.dataset && s.dataset !== prev.dataset && h === prev.dataset.info.identity.hash) {
      // The same files read again with other options: the lists follow their parcels by id.
      if (s.shortlists.length > 0) adopt({ lists: listsFollowingIds(s.shortlists, prev.dataset.parcels, s.dataset.parcels, unresolved), activeId: s.activeShortlistId });
      return;
    }
    if (h !== (prev.dataset?.info.identity.hash ?? null)) {
      hash = null;
      unresolved = new Map();
      unusable = [];
      // Another dataset: the lists of the previous one (fids of other parcels) go at once.
      if (s.shortlists.length > 0) adopt({ lists: [], activeId: null });
      if (h !== null) enqueue(() => restore(h));
      return;
    }
    if (!applying && hash !== null && (s.shortlists !== prev.shortlists || s.activeShortlistId !== prev.activeShortlistId)) schedule();
  });
  const loaded = store.getState().dataset?.info.identity.hash;
  if (loaded) enqueue(() => restore(loaded));
  const stopTabs = onOtherTabChange((change) => {
    if (change.store !== 'shortlists' || hash === null || change.key !== shortlistsKey(hash)) return;
    const h = hash;
    flush(); // this tab's change first, then the other's on top
    enqueue(async () => {
      const rec = await getRecord<SavedShortlists>('shortlists', shortlistsKey(h));
      if (hash !== h) return;
      version = rec?.version ?? 0;
      const saved = usableShortlists(rec?.value, store.getState().dataset?.parcels ?? []);
      unresolved = new Map(Object.entries(saved.unresolved ?? {}));
      unusable = saved.unusable;
      store.getState().setShortlistsUnusable(unusable.length);
      adopt(saved);
    });
  });
  // A tab closing keeps its last change: written at once, and kept in localStorage until IndexedDB has it.
  const onHide = () => {
    if (hash !== null && (timer !== null || inQueue > 0)) writePending({ hash, at: Date.now(), value: snapshot(store.getState(), unresolved, unusable) });
    flush();
  };
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') onHide();
  };
  if (typeof window !== 'undefined') window.addEventListener('pagehide', onHide);
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);
  return () => {
    flush();
    unsubscribe();
    stopTabs();
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', onHide);
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
  };
}
