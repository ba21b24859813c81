import type { StateCreator } from 'zustand';
import { isEmptyFilter, type FilterSpec } from '../domain/filter';
import type { AppState } from './store';

/**
 * The parcel filter and its result. `filterMask[fid]` is 1 for parcels in the filtered set; null when
 * no filter is set (everything is in). The map dims parcels outside it; the list shows those inside.
 */
export interface FilterSlice {
  filter: FilterSpec;
  filterMask: Uint8Array | null;
  setFilter(spec: FilterSpec): void;
  clearFilter(): void;
}

export const createFilterSlice: StateCreator<AppState, [], [], FilterSlice> = (set) => ({
  filter: {},
  filterMask: null,
  // The mask is computed by the explore feature (domain/filter-mask.ts) once it lands.
  setFilter: (filter) => set({ filter, ...(isEmptyFilter(filter) ? { filterMask: null } : {}) }),
  clearFilter: () => set({ filter: {}, filterMask: null }),
});
