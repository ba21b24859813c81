import type { StateCreator } from 'zustand';
import type { AppState } from './store';

/** The parcel whose panel is open (by fid, the index in the parcel layer); selecting fetches its detail. */
export interface SelectionSlice {
  selectedFid: number | null;
  selectParcel(fid: number | null): void;
}

export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set, get) => ({
  selectedFid: null,
  selectParcel: (fid) => {
    const count = get().dataset?.parcels.length ?? 0;
    const selectedFid = fid !== null && fid >= 0 && fid < count ? fid : null;
    set({ selectedFid });
    if (selectedFid === null) set({ detail: null, detailError: null });
    else void get().loadDetail(selectedFid);
  },
});
