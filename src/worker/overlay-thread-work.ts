/**
 * The work of the overlay thread (a worker the analysis worker starts; entry overlay.thread.ts): the
 * building layer read through the one loader, then the parcels' whole overlay (footprints, block-line
 * overlap per tier, park, town) worked out on the parcels the analysis worker packed — the app's form of
 * the CLI's building thread (cli/buildings-thread.ts). On two cores the 300k footprints' reading and
 * the overlay then run beside the parcels' attributes, records and tiles instead of after them.
 *
 * Messages: `layers` (the building files and the small layers' files, as bytes), or `fetch-layers` (the
 * same files named by URL, fetched here: overlay-early.ts) → answers `buildings`;
 * `parcels-flat` (a copy of the parcel FlatGeobuf's polygons as the analysis worker read them; at any time
 * before `parcels`) → answers `display` (those polygons projected for the tiles: no second decoding of the
 * file); then `parcels` (the packed parcels and their areas) → answers `overlay`.
 */
import type { FlatPolygons } from '../geo/flat-polygons';
import { overlayColumns, prepareOverlay, type OverlayColumns, type OverlayInput } from '../geo/overlay';
import { transferableCopy, type PackedPolygons } from '../geo/packed';
import { toDisplayXY } from '../geo/projection';
import type { LayerRole } from '../io/loader/roles';
import { readBuildingLayer, readSmallLayers, smallLayersSeen, type BuildingsAnswer, type SmallLayersSeen } from '../io/loader/thread-layers';
import { fetchBytes } from '../io/loader/manifest';
import type { InputFile } from '../io/source';

/** A file handed to the thread: its name as the loader keys it, its bytes and its role. */
export interface ThreadFile {
  name: string;
  bytes: Uint8Array;
  role: LayerRole;
}

/** A file the thread fetches itself: its name as the loader keys it, its URL (same origin) and its role. */
export interface FileRef {
  name: string;
  url: string;
  role: LayerRole;
}

export type ToOverlayThread =
  | { kind: 'layers'; buildings: ThreadFile[]; others: ThreadFile[] }
  | { kind: 'fetch-layers'; buildings: FileRef[]; others: FileRef[] }
  | { kind: 'parcels-flat'; flat: FlatPolygons }
  | { kind: 'parcels'; packed: PackedPolygons; area: Float64Array };

/** The building layer as the loader evaluated it here, or `ok: false` when it has anything to report (then it is read in the analysis worker, for a whole report). */
export type { BuildingsAnswer };

/** The overlay of every parcel sent (`done` 0 where it threw), with what the small layers held here (to be checked against the analysis worker's); null if it could not be made. */
export type OverlayAnswer = ({ columns: OverlayColumns } & SmallLayersSeen) | null;

/**
 * The parcel file's polygons as it holds them (FlatGeobuf, flat: geo/flat-polygons.ts) with every vertex
 * projected for display as `toDisplay` projects it; null when projecting them failed.
 */
export type DisplayAnswer = FlatPolygons | null;

export type FromOverlayThread =
  | { kind: 'buildings'; answer: BuildingsAnswer }
  | { kind: 'display'; answer: DisplayAnswer }
  | { kind: 'overlay'; answer: OverlayAnswer };

/** What the thread is to the analysis worker: a Worker, or in tests a port whose other end runs overlayWork. */
export interface ThreadPort {
  postMessage(m: ToOverlayThread, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<FromOverlayThread>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: () => void): void;
  terminate(): void;
}

/**
 * The parcel FlatGeobuf's polygons (as read, in metres) with display (lon/lat) coordinates, for the analysis
 * worker's tiles. The answer shares `flat`'s index arrays (moving them detaches the input's too).
 */
export const displayPolygons = (flat: FlatPolygons): FlatPolygons => ({ ...flat, xy: toDisplayXY(flat.xy) });

const inputFiles = (files: readonly ThreadFile[]): InputFile[] => files.map((f) => ({ name: f.name, size: f.bytes.byteLength, bytes: async () => f.bytes }));
const rolesOf = (files: readonly { name: string; role: LayerRole }[]): Record<string, LayerRole> => Object.fromEntries(files.map((f) => [f.name, f.role]));

/** Files fetched here when first read (a failed fetch makes the read fail: the analysis worker then reads them itself). */
const fetchedFiles = (files: readonly FileRef[], fetcher: (url: string) => Promise<Response>): InputFile[] =>
  files.map((f) => {
    let cached: Promise<Uint8Array> | null = null;
    return { name: f.name, size: 0, bytes: () => (cached ??= fetchBytes(fetcher, f.url)) };
  });

type OtherLayers = Omit<OverlayInput, 'parcels'>;

/**
 * The thread's message handler; `post` sends an answer (with buffers to move), `fetcher` fetches the files
 * of a `fetch-layers`. The layers are prepared (indexes, convex rings) while the analysis worker still
 * reads the parcels.
 */
export function overlayWork(post: (m: FromOverlayThread, transfer: Transferable[]) => void, fetcher: (url: string) => Promise<Response> = (u) => fetch(u)): (m: ToOverlayThread) => Promise<void> {
  let layers: Promise<OtherLayers | null> = Promise.resolve(null);
  return async (m) => {
    if (m.kind === 'layers' || m.kind === 'fetch-layers') {
      const [buildingFiles, otherFiles] = m.kind === 'layers' ? [inputFiles(m.buildings), inputFiles(m.others)] : [fetchedFiles(m.buildings, fetcher), fetchedFiles(m.others, fetcher)];
      // The small layers' fetch starts with the buildings' (they are read after them).
      void Promise.all(otherFiles.map((f) => f.bytes())).catch(() => undefined);
      layers = (async () => {
        const answer = await readBuildingLayer(buildingFiles).catch((): BuildingsAnswer => ({ ok: false }));
        // A copy moved over: the overlay still needs the footprints here.
        if (answer.ok) {
          const { copy, transfer } = transferableCopy(answer.buildings);
          post({ kind: 'buildings', answer: { ...answer, buildings: copy } }, transfer);
        } else post({ kind: 'buildings', answer }, []);
        if (!answer.ok) return null;
        const others = await readSmallLayers(otherFiles, rolesOf(m.others)).catch(() => null);
        if (!others) return null;
        const ready: OtherLayers = { buildings: answer.buildings, ...others };
        prepareOverlay({ parcels: [], ...ready });
        return ready;
      })();
      return;
    }
    if (m.kind === 'parcels-flat') {
      let display: DisplayAnswer;
      try {
        display = displayPolygons(m.flat);
      } catch {
        display = null;
      }
      post({ kind: 'display', answer: display }, display ? [display.xy, display.ringEnd, display.partEnd, display.featureEnd].map((a) => a.buffer as ArrayBuffer) : []);
      return;
    }
    const ready = await layers;
    let answer: OverlayAnswer = null;
    if (ready) {
      try {
        answer = { columns: overlayColumns(ready, m.packed, m.area), ...smallLayersSeen(ready) };
      } catch {
        answer = null;
      }
    }
    const c = answer?.columns;
    post({ kind: 'overlay', answer }, c ? [c.done, c.footprint, c.blockline, c.park, c.town].map((a) => a.buffer as ArrayBuffer) : []);
  };
}
