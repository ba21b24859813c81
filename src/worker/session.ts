/**
 * The worker's one session: the layers of the latest load, in EPSG:4549 metres, and the latest
 * analysis run on them. Only the worker holds it; the page gets display layers and compact results.
 */
import type { AnalysisLayers, AnalysisRun } from '../analysis/run';

export interface Session {
  layers: AnalysisLayers | null;
  run: AnalysisRun | null;
}

export const emptySession = (): Session => ({ layers: null, run: null });
