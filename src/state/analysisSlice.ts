import type { StateCreator } from 'zustand';
import type { AnalysisRequest } from '../analysis/request';
import { ALL_LAYERS_ON, type ColourMode, type MapLayerToggle, type MapLayerVisibility } from '../map/bands';
import type { AnalysisClient } from '../worker/client';
import type { AnalysisView, ParcelDetail, WorkerError } from '../worker/protocol';
import { requestOf } from './analysisInputs';
import type { AppState } from './store';

export type AnalysisStatus = 'idle' | 'running' | 'ready' | 'error';
/** What the parcels are coloured by: the engine's enterprise-level 亩均税收 band, or the A/B/C/D class. */
export type { ColourMode };

/** The engine's results for the loaded dataset, and the detail of the selected parcel. */
export interface AnalysisSlice {
  analysisStatus: AnalysisStatus;
  analysis: AnalysisView | null;
  /** A rule-set, request or worker problem of the latest run (a value, shown to the user; the previous
   *  view, if any, is kept). */
  analysisError: WorkerError | null;
  colourMode: ColourMode;
  setColourMode(mode: ColourMode): void;
  /** Which reference layers (block lines by tier, parks, buildings, 镇街) the map shows. */
  mapLayers: MapLayerVisibility;
  setMapLayer(layer: MapLayerToggle, visible: boolean): void;
  /** Detail of the selected parcel from the latest run; null while it is on its way. */
  detail: ParcelDetail | null;
  detailError: WorkerError | null;
  /** The client the dataset was loaded with (the worker that holds its layers). */
  client: AnalysisClient | null;
  /** Sends `request` to the worker; a newer run wins over an older one still in flight. */
  runAnalysis(request: AnalysisRequest, client?: AnalysisClient): Promise<void>;
  /** Runs the analysis again with the store's current inputs (state/analysisInputs.ts). */
  reanalyse(): Promise<void>;
  /** Fetches the selected parcel's detail (no-op without an analysis). */
  loadDetail(fid: number): Promise<void>;
}

export const createAnalysisSlice: StateCreator<AppState, [], [], AnalysisSlice> = (set, get) => {
  // Tickets: only the newest run / detail request may write its answer.
  let latestRun = 0;
  let latestDetail = 0;
  return {
    analysisStatus: 'idle',
    analysis: null,
    analysisError: null,
    colourMode: 'tax',
    setColourMode: (colourMode) => set({ colourMode }),
    mapLayers: ALL_LAYERS_ON,
    setMapLayer: (layer, visible) => set((s) => ({ mapLayers: { ...s.mapLayers, [layer]: visible } })),
    detail: null,
    detailError: null,
    client: null,
    async runAnalysis(request, client) {
      const worker = client ?? get().client;
      if (!worker) return;
      const ticket = ++latestRun;
      set({ analysisStatus: 'running', analysisError: null, client: worker });
      const result = await worker.request('analyze', request);
      if (ticket !== latestRun) return;
      performance.mark('tenglong:analysis-done', { detail: result.ok ? result.value.timings : null });
      if (!result.ok) {
        // The previous results (if any) stay on the map and the dashboard; the status names the problem.
        set({ analysisStatus: 'error', analysisError: result.error });
        return;
      }
      set({ analysisStatus: 'ready', analysis: result.value });
      const fid = get().selectedFid;
      if (fid !== null) await get().loadDetail(fid);
    },
    reanalyse: () => get().runAnalysis(requestOf(get())),
    async loadDetail(fid) {
      const { client, analysis } = get();
      const ticket = ++latestDetail;
      set({ detail: null, detailError: null });
      if (!client || !analysis) return;
      const result = await client.request('parcel-detail', { fid });
      if (ticket !== latestDetail || get().selectedFid !== fid) return;
      if (result.ok) set({ detail: result.value });
      else set({ detailError: result.error });
    },
  };
};
