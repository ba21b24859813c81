import type { StateCreator } from 'zustand';
import { isEmptyFilter, type FilterSpec } from '../domain/filter';
import { figuresOf, filterMask, parcelCodes, type FilterResult } from '../domain/filter-mask';
import type { AppState } from './store';

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
 */
export interface FilterSlice {
  filter: FilterSpec;
  filterMask: Uint8Array | null;
  /** Figures of the filtered set, or of every parcel when no filter is set; null before an analysis. */
  filterFigures: FilterFigures | null;
  setFilter(spec: FilterSpec): void;
  clearFilter(): void;
}

type FilterState = Pick<FilterSlice, 'filterMask' | 'filterFigures'>;

/** The mask and figures of `filter` on the store's dataset and analysis. */
export function filterStateOf(s: Pick<AppState, 'dataset' | 'analysis'>, filter: FilterSpec): FilterState {
  const parcels = s.dataset?.parcels;
  const view = s.analysis;
  // Columns of another dataset (a load still analysing) are never applied to this one.
  if (!parcels || !view || view.columns.taxPerMu.length !== parcels.length) return { filterMask: null, filterFigures: null };
  if (isEmptyFilter(filter)) return { filterMask: null, filterFigures: figuresOf(null, parcelCodes(parcels).areaMu, view.columns) };
  const { mask, ...figures } = filterMask(filter, parcels, view.columns, view.townNames);
  return { filterMask: mask, filterFigures: figures };
}

export const createFilterSlice: StateCreator<AppState, [], [], FilterSlice> = (set, get, api) => {
  api.subscribe((s, prev) => {
    if (s.analysis !== prev.analysis || s.dataset !== prev.dataset) set(filterStateOf(s, s.filter));
  });
  return {
    filter: {},
    filterMask: null,
    filterFigures: null,
    setFilter: (filter) => set({ filter, ...filterStateOf(get(), filter) }),
    clearFilter: () => set({ filter: {}, ...filterStateOf(get(), {}) }),
  };
};
