/**
 * Keeps the shortlists across reloads in IndexedDB (store 'shortlists', key `${dataset hash}/lists`).
 * When a dataset loads, its saved lists come back (a broken record is dropped whole, never half-used;
 * fids outside the dataset are left out); every later change is written, versioned (a write that finds
 * another tab's newer record re-reads the version and writes on top, the newest edit winning); a change
 * written by another tab is taken over here.
 */
import type { StoreApi } from 'zustand';
import { getRecord, onOtherTabChange, putRecord } from './persist/idb';
import type { Shortlist } from './shortlistSlice';
import type { AppState } from './store';

export interface SavedShortlists {
  lists: Shortlist[];
  activeId: string | null;
}

export const shortlistsKey = (hash: string): string => `${hash}/lists`;

/** A saved record as lists of this dataset (`count` parcels), or null when it is not usable. */
export function usableShortlists(value: unknown, count: number): SavedShortlists | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Partial<SavedShortlists>;
  if (!Array.isArray(v.lists)) return null;
  const lists: Shortlist[] = [];
  for (const l of v.lists as unknown[]) {
    if (typeof l !== 'object' || l === null) return null;
    const { id, name, fids } = l as Partial<Shortlist>;
    if (typeof id !== 'string' || typeof name !== 'string' || !Array.isArray(fids)) return null;
    lists.push({ id, name, fids: [...new Set(fids.filter((f): f is number => Number.isInteger(f) && f >= 0 && f < count))] });
  }
  return { lists, activeId: typeof v.activeId === 'string' ? v.activeId : null };
}

const snapshot = (s: AppState): SavedShortlists => ({ lists: s.shortlists, activeId: s.activeShortlistId });

/** Starts keeping `store`'s shortlists; returns the stop function. */
export function startShortlistPersistence(store: StoreApi<AppState>): () => void {
  let hash: string | null = null;
  let version = 0;
  let applying = false;
  let queue: Promise<void> = Promise.resolve();

  const adopt = (saved: SavedShortlists) => {
    applying = true;
    store.getState().replaceShortlists(saved.lists, saved.activeId);
    applying = false;
  };

  const restore = async (h: string) => {
    const rec = await getRecord<SavedShortlists>('shortlists', shortlistsKey(h));
    const s = store.getState();
    if (s.dataset?.info.identity.hash !== h) return;
    hash = h;
    version = rec?.version ?? 0;
    const saved = usableShortlists(rec?.value, s.dataset.parcels.length);
    // Lists made before the saved ones arrived are kept beside them, and written.
    const made = s.shortlists.filter((l) => !saved?.lists.some((x) => x.id === l.id));
    adopt({ lists: [...(saved?.lists ?? []), ...made], activeId: made.length > 0 ? s.activeShortlistId : (saved?.activeId ?? null) });
    if (made.length > 0) await save();
  };

  const save = async () => {
    const h = hash;
    if (h === null) return;
    const value = snapshot(store.getState());
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = await putRecord('shortlists', shortlistsKey(h), value, version);
      if (r.ok) {
        version = r.record.version;
        return;
      }
      version = r.current?.version ?? 0;
    }
  };
  const enqueue = (job: () => Promise<void>) => {
    queue = queue.then(job).catch((e: unknown) => console.warn('shortlists not saved', e));
  };

  const unsubscribe = store.subscribe((s, prev) => {
    const h = s.dataset?.info.identity.hash ?? null;
    if (h !== (prev.dataset?.info.identity.hash ?? null)) {
      hash = null;
      // Another dataset: the lists of the previous one (fids of other parcels) go at once.
      if (s.shortlists.length > 0) adopt({ lists: [], activeId: null });
      if (h !== null) enqueue(() => restore(h));
      return;
    }
    if (!applying && hash !== null && (s.shortlists !== prev.shortlists || s.activeShortlistId !== prev.activeShortlistId)) enqueue(save);
  });
  const loaded = store.getState().dataset?.info.identity.hash;
  if (loaded) enqueue(() => restore(loaded));
  const stopTabs = onOtherTabChange((change) => {
    if (change.store !== 'shortlists' || hash === null || change.key !== shortlistsKey(hash)) return;
    const h = hash;
    enqueue(async () => {
      const rec = await getRecord<SavedShortlists>('shortlists', shortlistsKey(h));
      if (hash !== h) return;
      version = rec?.version ?? 0;
      adopt(usableShortlists(rec?.value, store.getState().dataset?.parcels.length ?? 0) ?? { lists: [], activeId: null });
    });
  });
  return () => {
    unsubscribe();
    stopTabs();
  };
}
