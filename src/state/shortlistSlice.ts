import type { StateCreator } from 'zustand';
import type { AppState } from './store';

/** One named list of parcels (fids of the loaded dataset, in the order they were added). */
export interface Shortlist {
  id: string;
  name: string;
  fids: number[];
}

/**
 * Named parcel shortlists of the loaded dataset (issue 9): built from the filter, a zone, shift-clicks
 * on the map; kept in IndexedDB per dataset identity (shortlist-persist.ts). `addToShortlist` is the
 * hook other features call (zones: "add to shortlist").
 */
export interface ShortlistSlice {
  shortlists: Shortlist[];
  activeShortlistId: string | null;
  /** Adds parcels to the active list (a first list is created when there is none); duplicates are skipped. */
  addToShortlist(fids: readonly number[]): void;
  removeFromShortlist(fids: readonly number[]): void;
  /** Creates a list, makes it active and returns its id. */
  createShortlist(name: string): string;
  renameShortlist(id: string, name: string): void;
  /**
   * Adds lists read from a file (undoable), the first made active; a list the same as one already here (same
   * name, same parcels) is not added twice. Returns how many were added (and their parcels), how many were already here, and each list's new id (null: not added).
   */
  importShortlists(lists: readonly { name: string; fids: readonly number[] }[]): { added: number; parcels: number; same: number; ids: (string | null)[] };
  deleteShortlist(id: string): void;
  setActiveShortlist(id: string): void;
  /** Replaces every list (loading the saved ones of a dataset). */
  replaceShortlists(lists: Shortlist[], activeId: string | null): void;
  /** The lists as they were before each of the user's last changes (newest last): 撤销 puts the last back. */
  shortlistHistory: { lists: Shortlist[]; activeId: string | null }[];
  undoShortlist(): void;
  /** Empties the active list (undoable). */
  clearShortlist(): void;
  /** How many saved lists this version could not use (kept in the saved record, not shown). */
  shortlistsUnusable: number;
  setShortlistsUnusable(n: number): void;
}

let counter = 0;
const newId = (): string => `${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

/** The default name of a new list: 名单 1, 名单 2 … (the panel passes its translated word). */
export function nextListName(lists: readonly Shortlist[], word: string): string {
  for (let n = lists.length + 1; ; n++) {
    const name = `${word} ${n}`;
    if (!lists.some((l) => l.name === name)) return name;
  }
}

const cleanName = (name: string, fallback: string): string => name.trim().slice(0, 80) || fallback;

/** How many changes 撤销 can take back. */
const HISTORY = 30;

export const createShortlistSlice: StateCreator<AppState, [], [], ShortlistSlice> = (set, get) => {
  /** Sets the lists after one of the user's changes, keeping what they were for 撤销. */
  const change = (next: Partial<Pick<ShortlistSlice, 'shortlists' | 'activeShortlistId'>>) => {
    const { shortlists, activeShortlistId, shortlistHistory } = get();
    set({ ...next, shortlistHistory: [...shortlistHistory, { lists: shortlists, activeId: activeShortlistId }].slice(-HISTORY) });
  };
  return {
    shortlists: [],
    activeShortlistId: null,
    shortlistHistory: [],
    undoShortlist() {
      const past = get().shortlistHistory;
      const last = past.at(-1);
      if (!last) return;
      set({ shortlists: last.lists, activeShortlistId: last.activeId, shortlistHistory: past.slice(0, -1) });
    },
    clearShortlist() {
      const id = get().activeShortlistId;
      const list = get().shortlists.find((l) => l.id === id);
      if (!list || list.fids.length === 0) return;
      change({ shortlists: get().shortlists.map((l) => (l.id === id ? { ...l, fids: [] } : l)) });
    },
    shortlistsUnusable: 0,
    setShortlistsUnusable: (shortlistsUnusable) => set({ shortlistsUnusable }),
    addToShortlist(fids) {
      const count = get().dataset?.parcels.length ?? 0;
      let { shortlists, activeShortlistId } = get();
      let active = shortlists.find((l) => l.id === activeShortlistId);
      if (!active) {
        active = { id: newId(), name: nextListName(shortlists, get().lang === 'en' ? 'List' : '名单'), fids: [] };
        shortlists = [...shortlists, active];
        activeShortlistId = active.id;
      }
      const seen = new Set(active.fids);
      const added = fids.filter((f) => Number.isInteger(f) && f >= 0 && f < count && !seen.has(f) && (seen.add(f), true));
      if (added.length === 0 && activeShortlistId === get().activeShortlistId) return;
      const next = { ...active, fids: [...active.fids, ...added] };
      change({ shortlists: shortlists.map((l) => (l.id === next.id ? next : l)), activeShortlistId });
    },
    removeFromShortlist(fids) {
      const drop = new Set(fids);
      const id = get().activeShortlistId;
      const list = get().shortlists.find((l) => l.id === id);
      if (!list || !list.fids.some((f) => drop.has(f))) return;
      change({ shortlists: get().shortlists.map((l) => (l.id === id ? { ...l, fids: l.fids.filter((f) => !drop.has(f)) } : l)) });
    },
    createShortlist(name) {
      const list: Shortlist = { id: newId(), name: cleanName(name, nextListName(get().shortlists, '名单')), fids: [] };
      change({ shortlists: [...get().shortlists, list], activeShortlistId: list.id });
      return list.id;
    },
    importShortlists(lists) {
      const count = get().dataset?.parcels.length ?? 0;
      const key = (name: string, fids: readonly number[]) => `${name}\u0000${[...fids].sort((a, b) => a - b).join(',')}`;
      const here = new Set(get().shortlists.map((l) => key(l.name, l.fids)));
      let all = get().shortlists;
      const made: Shortlist[] = [];
      let same = 0;
      const ids: (string | null)[] = [];
      for (const l of lists) {
        const fids = [...new Set(l.fids)].filter((f) => Number.isInteger(f) && f >= 0 && f < count);
        const name = cleanName(l.name, nextListName(all, get().lang === 'en' ? 'List' : '名单'));
        if (here.has(key(name, fids))) {
          same++;
          ids.push(null);
          continue;
        }
        here.add(key(name, fids));
        const list: Shortlist = { id: newId(), name, fids };
        made.push(list);
        ids.push(list.id);
        all = [...all, list];
      }
      if (made.length > 0) change({ shortlists: all, activeShortlistId: made[0]!.id });
      return { added: made.length, parcels: made.reduce((n, l) => n + l.fids.length, 0), same, ids };
    },
    renameShortlist(id, name) {
      change({ shortlists: get().shortlists.map((l) => (l.id === id ? { ...l, name: cleanName(name, l.name) } : l)) });
    },
    deleteShortlist(id) {
      const rest = get().shortlists.filter((l) => l.id !== id);
      const active = get().activeShortlistId === id ? (rest[0]?.id ?? null) : get().activeShortlistId;
      change({ shortlists: rest, activeShortlistId: active });
    },
    setActiveShortlist(id) {
      if (get().shortlists.some((l) => l.id === id)) set({ activeShortlistId: id });
    },
    // Lists read from storage, another tab or another dataset: a new start, nothing to undo into.
    replaceShortlists(lists, activeId) {
      set({ shortlists: lists, activeShortlistId: lists.some((l) => l.id === activeId) ? activeId : (lists[0]?.id ?? null), shortlistHistory: [] });
    },
  };
};
