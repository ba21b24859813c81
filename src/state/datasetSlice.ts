import type { StateCreator } from 'zustand';
import type { AnalysisClient } from '../worker/client';
import type { DatasetOutline, LoadedDataset, WorkerError } from '../worker/protocol';
import { requestOf } from './analysisInputs';
import { restoreSavedWork } from './first-analysis';
import type { AppState } from './store';

export type LoadStatus = 'empty' | 'loading' | 'ready' | 'error';

/** The loaded dataset: small display layers, tile key, parcel records and totals, as the worker returned them. */
export interface DatasetSlice {
  loadStatus: LoadStatus;
  dataset: LoadedDataset | null;
  /** The district outline of the first dataset being loaded, shown until that dataset is (null after). */
  outline: DatasetOutline | null;
  loadError: WorkerError | null;
  /** The map is loading or drawing tiles of the dataset (shown in the status bar). */
  mapDrawing: boolean;
  setMapDrawing(drawing: boolean): void;
  /** A map is on the page (MapView sets it when it creates the map): loads wait for its first tiles. */
  mapAttached: boolean;
  setMapAttached(attached: boolean): void;
  /**
   * Asks the worker to load `manifestUrl`; a newer call wins over an older one still in flight. Once
   * loaded, the analysis runs at once: today's date, the default rules, the dataset's sample ledger.
   */
  loadDataset(manifestUrl: string, client: AnalysisClient): Promise<void>;
}

let latestLoad = 0;

/** Makes every load still in flight stale: a committed import must not be replaced by an older load finishing later. */
export function supersedeLoads(): void {
  latestLoad++;
}

/** Above this many parcels the analysis waits for the map's first tiles (below it, writing every parcel's
 *  state into tiles as they arrive is cheap, and waiting only delays the results). A dataset the worker
 *  analyses ahead (`analysedAhead`, up to worker/load.ts ANALYSE_AHEAD_MAX_PARCELS) never waits. */
export const TILES_FIRST_ABOVE = 20_000;

/** Longest wait for the map's first tiles before the analysis starts anyway. */
export const FIRST_TILES_WAIT_MS = 4000;

/**
 * Resolves when the map showing the new dataset has drawn its first tiles (mapDrawing went true, then
 * false), at once when no map is attached, or after FIRST_TILES_WAIT_MS.
 */
function firstTilesDrawn(get: () => AppState, subscribe: (l: (s: AppState) => void) => () => void): Promise<void> {
  if (!get().mapAttached) return Promise.resolve();
  return new Promise((resolve) => {
    let started = get().mapDrawing;
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, FIRST_TILES_WAIT_MS);
    const unsubscribe = subscribe((s) => {
      if (s.mapDrawing) started = true;
      else if (started) done();
    });
  });
}

export const createDatasetSlice: StateCreator<AppState, [], [], DatasetSlice> = (set, get, api) => ({
  loadStatus: 'empty',
  dataset: null,
  outline: null,
  loadError: null,
  mapDrawing: false,
  setMapDrawing(drawing) {
    if (get().mapDrawing !== drawing) set({ mapDrawing: drawing });
  },
  mapAttached: false,
  setMapAttached(attached) {
    set({ mapAttached: attached });
  },
  async loadDataset(manifestUrl, client) {
    const ticket = ++latestLoad;
    set({ loadStatus: 'loading', loadError: null, client });
    // The outline comes long before the parcels of a big dataset: the map shows it while there is none.
    let outline: DatasetOutline | null = null;
    const result = await client.request('load', { manifestUrl }, undefined, (o) => {
      outline = o;
      if (ticket === latestLoad && !get().dataset) set({ outline: o });
    });
    // A newer load (or an import) took over: its outline, if any, replaces this one's; this one's is not kept.
    if (ticket !== latestLoad) {
      if (outline && get().outline === outline) set({ outline: null });
      return;
    }
    performance.mark('tenglong:data-loaded', { detail: result.ok ? result.value.timings : null });
    if (!result.ok) {
      // The outline drawn stays on the map (the district's own, real), but is no longer kept here.
      set({ loadStatus: 'error', loadError: result.error, outline: null });
      return;
    }
    // Its small layers are the outline's: the very objects already on the map, which it then keeps.
    const shown = outline as DatasetOutline | null;
    const dataset = result.value.displayOfOutline && shown ? { ...result.value, display: shown.display, townLabels: shown.townLabels, bounds: shown.bounds } : result.value;
    set({ loadStatus: 'ready', dataset, outline: null, selectedFid: null, analysis: null, analysisStatus: 'idle', analysisError: null, detail: null });
    // The user's saved ledger and settings of this dataset are read first: one analysis, with them.
    const restored = restoreSavedWork(get);
    // Parcels first, the analysis after: the worker serves the map's first tiles before it analyses, so
    // the results reach tiles already drawn (written in chunks) instead of every new tile taking all
    // 100k parcels' state in one long main-thread task.
    // (Not when the worker analyses ahead: then the tiles wait for the analysis and carry its codes.)
    if (get().mapAttached && dataset.parcels.length > TILES_FIRST_ABOVE && !dataset.analysedAhead) await firstTilesDrawn(get, api.subscribe);
    await restored;
    if (ticket !== latestLoad) return;
    await get().runAnalysis(requestOf(get()), client);
  },
});
