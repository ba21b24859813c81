import type { StateCreator } from 'zustand';
import type { AppState } from './store';
import { fidMapOf } from './parcel-ids';

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

/**
 * The fid in `next` of the parcel selected in `prev` (by its 地块编号), or null: a dataset swapped in (the next
 * view of a streamed file, the same files imported again) keeps the user's parcel open where it is still there.
 */
export function keptSelection(prev: { dataset: { parcels: readonly { attributes: { parcelId: string } }[] } | null; selectedFid: number | null }, next: { parcels: readonly { attributes: { parcelId: string } }[] }): number | null {
  const id = prev.selectedFid === null ? undefined : prev.dataset?.parcels[prev.selectedFid]?.attributes.parcelId;
  if (id === undefined) return null;
  return fidMapOf(next.parcels).get(id) ?? null;
}
