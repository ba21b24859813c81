/**
 * The analysis worker's side of the overlay thread (overlay-thread-work.ts): adopts the thread started
 * early on the manifest's files (overlay-early.ts; it fetches the building and small layers itself) or
 * starts one and hands it their bytes, then the parcel file's flat polygons as read here, later the packed
 * parcels, and turns its answers into what the load needs — the building layer for loadFiles' `elsewhere`,
 * the parcels' display polygons for the tiles, the overlay for AnalysisLayers.overlay. Every
 * answer may be null (no Worker here, the thread failed, something to report): the caller then does that
 * part itself, as before the thread existed.
 */
import type { FlatPolygons } from '../geo/flat-polygons';
import type { OverlayColumns } from '../geo/overlay';
import { movableCopy, transferableCopy } from '../geo/packed';
import type { EvaluatedElsewhere, ImportedLayers } from '../io/loader';
import type { PackedParcels } from '../io/loader/evaluate';
import { sameSmallLayers } from '../io/loader/thread-layers';
import { newOverlayWorker, startPort } from './overlay-early';
import type { DisplayAnswer, OverlayAnswer, ThreadFile, ThreadPort } from './overlay-thread-work';

export type { ThreadPort };

export interface OverlayThread {
  /** The building layer as the thread read it; null: read it here. */
  buildings: Promise<EvaluatedElsewhere | null>;
  /** The parcel file's polygons projected for display, once sent (null: none sent, project them here). */
  display: Promise<DisplayAnswer>;
  /**
   * Hands the thread the parcel FlatGeobuf's polygons as read here (a copy moved over: they are still used here),
   * to project for display; null: there are none (`display` is then null).
   */
  sendParcelPolygons(flat: FlatPolygons | null): void;
  /** Sends the parcels; resolves to their overlay (in their order) if the thread's small layers are the same as `layers`', else null. */
  overlayOf(parcels: PackedParcels, layers: ImportedLayers): Promise<OverlayColumns | null>;
  stop(): void;
}

/** Past this the load stops waiting and works the overlay out itself (the thread is starved or stuck). */
const OVERLAY_TIMEOUT_MS = 60_000;

/**
 * Starts the thread on `files` (the building files' bytes are moved to it), or takes over one that has
 * its files already (`files` null: started early, overlay-early.ts); null when no thread can run here
 * (Node, tests without a port).
 */
export function startOverlayThread(files: Promise<{ buildings: ThreadFile[]; others: ThreadFile[] }> | null, make: () => ThreadPort | null = newOverlayWorker): OverlayThread | null {
  const thread = startPort(make);
  if (!thread) return null;
  let onBuildings: (a: EvaluatedElsewhere | null) => void = () => undefined;
  let onOverlay: (a: OverlayAnswer) => void = () => undefined;
  let onDisplay: (a: DisplayAnswer) => void = () => undefined;
  const buildings = new Promise<EvaluatedElsewhere | null>((r) => (onBuildings = r));
  const overlay = new Promise<OverlayAnswer>((r) => (onOverlay = r));
  const display = new Promise<DisplayAnswer>((r) => (onDisplay = r));
  const fail = () => {
    onBuildings(null);
    onDisplay(null);
    onOverlay(null);
  };
  thread.addEventListener('message', (e) => {
    const m = e.data;
    if (m.kind === 'buildings') onBuildings(m.answer.ok ? { evaluation: { report: m.answer.report, content: { buildings: m.answer.buildings } }, hashes: m.answer.hashes } : null);
    else if (m.kind === 'display') onDisplay(m.answer);
    else onOverlay(m.answer);
  });
  thread.addEventListener('error', fail);
  thread.addEventListener('messageerror', fail);
  files?.then(
    // The small layers' bytes are copied (they are read here too); the buildings' are moved.
    (f) => thread.postMessage({ kind: 'layers', ...f }, [...new Set(f.buildings.map((b) => b.bytes.buffer as ArrayBuffer))]),
    fail,
  );
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    fail();
    thread.terminate();
  };
  return {
    buildings,
    display,
    sendParcelPolygons(flat) {
      if (!flat) onDisplay(null);
      else if (!stopped) {
        const { copy, transfer } = movableCopy(flat, ['xy', 'ringEnd', 'partEnd', 'featureEnd']);
        thread.postMessage({ kind: 'parcels-flat', flat: copy }, transfer);
      }
    },
    async overlayOf(parcels, layers) {
      if (stopped) return null;
      const area = Float64Array.from(parcels.area);
      const { copy, transfer } = transferableCopy(parcels.packed);
      thread.postMessage({ kind: 'parcels', packed: copy, area }, [area.buffer, ...transfer]);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const found = await Promise.race([overlay, new Promise<null>((r) => (timer = setTimeout(() => r(null), OVERLAY_TIMEOUT_MS)))]);
      clearTimeout(timer);
      // Its work is done (or abandoned): the thread is ended, its memory freed.
      stop();
      if (!found || found.columns.done.length !== parcels.packed.count) return null;
      return sameSmallLayers(found, layers) ? found.columns : null;
    },
    stop,
  };
}
