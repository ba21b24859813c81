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
  /** Tickets of the loads and import commits, in the order they were asked for (swapTicket). */
  tickets: number;
  /** The ticket of the dataset swapped in last: an older load finishing later must not replace it. */
  swapped: number;
}

export const emptySession = (): Session => ({ layers: null, run: null, pending: null, boundaryDisplay: null, tiles: null, tickets: 0, swapped: 0 });

/** A ticket for a load or an import commit, taken when it is asked for. */
export const takeTicket = (session: Session): number => ++session.tickets;

/** Whether the load or commit holding `ticket` would swap its dataset in now (maySwap without recording it). */
export const wouldSwap = (session: Session, ticket: number): boolean => ticket >= session.swapped;

/**
 * Whether the load or commit holding `ticket` may swap its dataset in now: not when one asked for after it
 * has swapped already (an import committed while the start-up load was still reading). Records the swap.
 */
export function maySwap(session: Session, ticket: number): boolean {
  if (ticket < session.swapped) return false;
  session.swapped = ticket;
  return true;
}
