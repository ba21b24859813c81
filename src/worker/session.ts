/**
 * The worker's one session: the layers of the latest load, in EPSG:4549 metres, the latest analysis run
 * on them, and an import being previewed (replaced only when it is committed). Only the worker holds it;
 * the page gets small display layers, vector tiles on request and compact results.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { AnalysisLayers, AnalysisRun } from '../analysis/run';
import type { PendingImport } from './import';
import type { TileSet } from './tiles';

export interface Session {
  layers: AnalysisLayers | null;
  run: AnalysisRun | null;
  pending: PendingImport | null;
  /** The district outline last shown: kept for imports that bring none. */
  boundaryDisplay: FeatureCollection<Geometry> | null;
  /** Vector tiles of the loaded dataset's parcels and buildings (the map asks for them by `tile`). */
  tiles: TileSet | null;
}

export const emptySession = (): Session => ({ layers: null, run: null, pending: null, boundaryDisplay: null, tiles: null });
