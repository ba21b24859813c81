/**
 * The parcel list's text sorts (地块编号, enterprise) rank every parcel's text once per dataset: 100-260 ms
 * at 100k parcels, a main-thread task the user's first click on the column would wait for. For large
 * datasets the worker makes those ranks while the page is idle after the first analysis, and they wait in
 * textRanks' cache (a sort before they come ranks on the page, as before).
 */
import type { StoreApi } from 'zustand';
import type { AppState } from '../../state/store';
import { primeTextRanks } from './listRows';

/** Below this many parcels a sort ranks its texts in a few milliseconds: nothing to do ahead. */
export const RANKS_AHEAD_MIN_PARCELS = 20_000;
/** After the first analysis, the worker's tiles and the user's first actions come first. */
const DELAY_MS = 2000;

export function startRanksAhead(store: StoreApi<AppState>): () => void {
  let done: unknown = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = async (dataset: NonNullable<AppState['dataset']>) => {
    for (const key of ['parcelId', 'enterprise'] as const) {
      const client = store.getState().client;
      if (!client || store.getState().dataset !== dataset) return;
      const r = await client.request('text-ranks', { key, count: dataset.parcels.length });
      if (!r.ok || !r.value || store.getState().dataset !== dataset) return;
      primeTextRanks(dataset.parcels, key, r.value);
    }
  };
  const unsubscribe = store.subscribe((s) => {
    const d = s.dataset;
    if (!d || d === done || s.analysisStatus !== 'ready' || d.parcels.length < RANKS_AHEAD_MIN_PARCELS) return;
    done = d;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const go = () => void run(d);
      if (typeof requestIdleCallback === 'function') requestIdleCallback(go, { timeout: 5000 });
      else go();
    }, DELAY_MS);
  });
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
