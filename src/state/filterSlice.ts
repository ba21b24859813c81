import type { StateCreator } from 'zustand';
import { isEmptyFilter, type FilterSpec } from '../domain/filter';
import { figuresOf, filterMask, parcelCodes, type FilterResult } from '../domain/filter-mask';
import type { AppState } from './store';
import { fidsOfIds, idsOfFids } from './parcel-ids';

/** The filtered set's figures (domain/filter-mask.ts): count, usable 亩, freeable and achieved 亩. */
export type FilterFigures = Omit<FilterResult, 'mask'>;

/**
 * The parcel filter and its result. `filterMask[fid]` is 1 for parcels in the filtered set; null when
 * no filter is set (everything is in) or before the analysis it reads has arrived. The map dims
 * parcels outside it; the list shows those inside. setFilter computes the mask at once, and it is
 * computed again whenever the analysis or the dataset changes (new rules, a new evaluation date, a
 * ledger edit, an import). Setting a filter never switches the side panel's tab: a 镇街 row of the
 * dashboard, a zone or a shortlist filter from where the user is, and the filter summary above the
 * tabs (always visible) shows the result and leads to the list.
 *
 * The map and the panels show a filter's result together. `filter` (what the controls show) and
 * `mapFilter` change at once; while a map veils the parcels (`mapFilterGate`), the result the panels read
 * (`filterShown`, `filterMask`, `filterFigures`) follows when the map reports its veil in
 * (`filterOnMap`), or after FILTER_SHOWN_LIMIT_MS. On software WebGL a panel change drawn a frame
 * before the map's took 50–90 ms of compositing that the map's frame then waited behind. The result of
 * a new analysis or dataset goes to the panels at once: they read that analysis' values.
 */
export interface FilterSlice {
  filter: FilterSpec;
  /** The spec whose result the panels show (`filter` a moment earlier, while the map draws it). */
  filterShown: FilterSpec;
  filterMask: Uint8Array | null;
  /** Figures of the filtered set, or of every parcel when no filter is set; null before an analysis. */
  filterFigures: FilterFigures | null;
  /** The newest result's mask for the map, with its number for `filterOnMap`. */
  mapFilter: { mask: Uint8Array | null; seq: number };
  /** Whether a map draws `mapFilter` and reports it (map/MapView.tsx); without one the panels show a result at once. */
  mapFilterGate: boolean;
  setFilter(spec: FilterSpec): void;
  clearFilter(): void;
  /** The map shows result `seq`: the panels show it too (an older one is ignored). */
  filterOnMap(seq: number): void;
}

/** How long the panels wait for the map's veil before showing a result anyway. */
export const FILTER_SHOWN_LIMIT_MS = 300;

type FilterState = Pick<FilterSlice, 'filterMask' | 'filterFigures'>;

/** The mask and figures of `filter` on the store's dataset and analysis. */
export function filterStateOf(s: Pick<AppState, 'dataset' | 'analysis'>, filter: FilterSpec): FilterState {
  const parcels = s.dataset?.parcels;
  const view = s.analysis;
  // Columns of another dataset (a load still analysing) are never applied to this one.
  if (!parcels || !view || view.columns.taxPerMu.length !== parcels.length) return { filterMask: null, filterFigures: null };
  if (isEmptyFilter(filter)) return { filterMask: null, filterFigures: figuresOf(null, parcelCodes(parcels).areaMu, view.columns) };
  const { mask, ...figures } = filterMask(filter, parcels, view.columns, view.townNames, view.request.ledger ?? null);
  return { filterMask: mask, filterFigures: figures };
}

export const createFilterSlice: StateCreator<AppState, [], [], FilterSlice> = (set, get, api) => {
  let seq = 0;
  let waiting: (FilterState & { seq: number; filterShown: FilterSpec }) | null = null;
  let limit: ReturnType<typeof setTimeout> | undefined;
  /** Nothing waits for the map any more. */
  const settle = () => {
    waiting = null;
    clearTimeout(limit);
    limit = undefined;
  };
  const show = (n: number) => {
    if (!waiting || waiting.seq !== n) return;
    const { seq: _seq, ...shown } = waiting;
    settle();
    set(shown);
  };
  /**
   * `filter`'s result: to the map at once, to the panels with the map's veil. A result of a new analysis
   * (`now`) goes to the panels at once too: the list shows the analysis' values, which must not be
   * filtered by the older analysis' mask meanwhile.
   */
  const apply = (filter: FilterSpec, now = false) => {
    const result = filterStateOf(get(), filter);
    const n = ++seq;
    // No veil before and none now: nothing for the map to do (the same mapFilter, no effect runs).
    const unchanged = result.filterMask === null && get().mapFilter.mask === null;
    const mapFilter = unchanged ? get().mapFilter : { mask: result.filterMask, seq: n };
    if (now || unchanged || !get().mapFilterGate) {
      settle();
      return set({ filter, mapFilter, filterShown: filter, ...result });
    }
    waiting = { seq: n, filterShown: filter, ...result };
    set({ filter, mapFilter });
    // Counted from the first result not shown: a filter typed a key at a time still shows within the limit.
    limit ??= setTimeout(() => {
      limit = undefined;
      if (waiting) show(waiting.seq);
    }, FILTER_SHOWN_LIMIT_MS);
  };
  api.subscribe((s, prev) => {
    // Another dataset: the filter's chosen parcels follow their 地块编号 (a position names another parcel there).
    if (s.dataset !== prev.dataset && s.filter.fids && prev.dataset && s.dataset) {
      const ids = s.filter.fidIds ?? idsOfFids(s.filter.fids, prev.dataset.parcels);
      const fids = fidsOfIds(ids, s.dataset.parcels);
      // None of them here: an empty set (nothing shown), not the filter gone.
      apply({ ...s.filter, fids, fidIds: ids }, true);
    } else if (s.analysis !== prev.analysis || s.dataset !== prev.dataset) apply(s.filter, true);
    // A new dataset's filter codes (~50 ms at 100k parcels) are made in a task of their own while it is
    // analysed, not in the task that shows the first analysis.
    const parcels = s.dataset?.parcels;
    if (parcels && parcels !== prev.dataset?.parcels) setTimeout(() => void (get().dataset?.parcels === parcels && parcelCodes(parcels)), 0);
  });
  return {
    filter: {},
    filterShown: {},
    filterMask: null,
    filterFigures: null,
    mapFilter: { mask: null, seq: 0 },
    mapFilterGate: false,
    setFilter: (filter) => apply(filter),
    clearFilter: () => apply({}),
    filterOnMap: (n) => show(n),
  };
};
