/**
 * The building layer read in a worker thread while the main thread reads the parcels (the CLI from its
 * bundle, cli/run.mjs): 300k footprints are a third of the input, and on two cores their reading, checks
 * and packing cost nothing on the main thread's clock. The same loader calls as the main thread's, on
 * the buildings' files alone; the layer's report comes back as a first message, with the packed
 * footprints unless an overlay follows (then they come with it, moved: FirstAnswer).
 *
 * Then, given a FlatGeobuf parcel file, the thread also works out the whole overlay (`overlayColumns`:
 * footprints, block-line overlaps, park and town) of the file's own polygons, reading the small layers
 * through the same loader, while the main thread is still reading the parcels' attributes. The main
 * thread uses it only for parcels it kept exactly as the file holds them (PackedParcels.flatIndex),
 * whose box and area agree, and only if the small layers agree (cli/load-inputs.ts).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { flatFeatureArea, isCleanFlatFeature, type FlatPolygons } from '../src/geo/flat-polygons';
import { overlayColumns, type OverlayColumns } from '../src/geo/overlay';
import { packFlatFeatures, type PackedPolygons } from '../src/geo/packed';
import type { LayerRole } from '../src/io/loader/roles';
import { readBuildingLayer, readSmallLayers, smallLayersSeen, type BuildingsAnswer, type SmallLayersSeen } from '../src/io/loader/thread-layers';
import type { InputFile } from '../src/io/source';
import { readOnce, sha256Of } from './hash-files';

/**
 * What the thread answers first: the layer as the loader evaluated it, or `ok: false` when anything needs
 * the main thread's full report. When an overlay follows, the footprints come with it (`buildings` null
 * here): moved then, when this thread is done with them, instead of a copy now (138 ms of this thread at
 * 100k, on the path the main thread ends up waiting on).
 */
export type FirstAnswer = BuildingsAnswer | (Omit<Extract<BuildingsAnswer, { ok: true }>, 'buildings'> & { buildings: null });

/** The second answer: the overlay, and the footprints when the first answer did not carry them. */
export interface SecondAnswer { overlay: OverlayAnswer; buildings: PackedPolygons | null }

/**
 * What it answers second: the overlay by the parcel file's feature number (`done` 0 where not worked
 * out), with the box (4 numbers) and area of each feature as used here and what the small layers held,
 * for the main thread to check against its own; null when it could not be done.
 */
export type OverlayAnswer = ({ columns: OverlayColumns; box: Float64Array; area: Float64Array } & SmallLayersSeen) | null;

/** What the main thread sends: the parcel file's flat polygons as it read them, or null. */
export interface ParcelsMessage { parcelsFlat: FlatPolygons | null }

/** A file to read here: its path, size and role. */
export interface ThreadFile { path: string; size: number; role?: LayerRole }

/**
 * Each file read once, with its SHA-256 from node:crypto (hash-files.ts sha256Of: WebCrypto's digest, the
 * loader's own, takes ~6× as long in Node, ~0.2 s of this thread's clock for the 100k set's buildings).
 */
const inputFiles = (paths: readonly ThreadFile[]): InputFile[] => paths.map(({ path, size }) => {
  const bytes = readOnce(path);
  return { name: path, size, bytes, sha256: async () => sha256Of(await bytes()) };
});

/** Reads `paths` (the buildings file and its sidecars, each with its size) as the buildings layer. */
export const readBuildings = (paths: readonly ThreadFile[]): Promise<BuildingsAnswer> => readBuildingLayer(inputFiles(paths));

/**
 * The overlay of every clean polygon of the FlatGeobuf parcel file with `buildings` and the block-line,
 * park and town files `others` (read through the loader as the main thread reads them); null if any of
 * them cannot be read without a problem to report. `given`: the file's flat polygons as the main thread
 * read them (the same reader on the same bytes, so the file is not decoded twice); null when that read
 * gave none (a second read here would give none either).
 */
export async function parcelOverlay(buildings: PackedPolygons, others: readonly ThreadFile[], given: Promise<FlatPolygons | null>): Promise<OverlayAnswer> {
  const small = await readSmallLayers(inputFiles(others), Object.fromEntries(others.map((o) => [o.path, o.role ?? 'ignore'])));
  if (!small) return null;

  const flat = await given;
  if (!flat) return null;
  const clean: number[] = [];
  for (let i = 0; i < flat.count; i++) if (isCleanFlatFeature(flat, i)) clean.push(i);
  const packed = packFlatFeatures(flat, clean);
  const cleanArea = Float64Array.from(clean, (i) => flatFeatureArea(flat, i));
  const found = overlayColumns({ buildings, ...small }, packed, cleanArea);

  // By the file's feature number.
  const n = flat.count;
  const columns: OverlayColumns = { done: new Uint8Array(n), footprint: new Float64Array(n), blockline: new Float64Array(3 * n), park: new Int32Array(n), town: new Int32Array(n) };
  const box = new Float64Array(4 * n).fill(NaN);
  const area = new Float64Array(n).fill(NaN);
  // Index loops, no view per parcel (the main thread waits for this answer).
  for (let k = 0; k < clean.length; k++) {
    const i = clean[k]!;
    columns.done[i] = found.done[k]!;
    columns.footprint[i] = found.footprint[k]!;
    for (let j = 0; j < 3; j++) columns.blockline[3 * i + j] = found.blockline[3 * k + j]!;
    columns.park[i] = found.park[k]!;
    columns.town[i] = found.town[k]!;
    for (let j = 0; j < 4; j++) box[4 * i + j] = packed.box[4 * k + j]!;
    area[i] = cleanArea[k]!;
  }
  return { columns, box, area, ...smallLayersSeen(small) };
}

/** The buffers behind a packing's arrays, each once (to move it). */
const buffersOf = (p: PackedPolygons): ArrayBuffer[] =>
  [...new Set([p.xy, p.ringEnd, p.ringBox, p.featureEnd, p.box, p.area].map((a) => a.buffer as ArrayBuffer))];

/** The thread's work: the building files, and the parcel file and small layers for the overlay. */
export interface ThreadJob { paths: readonly ThreadFile[]; parcels?: string; others?: readonly ThreadFile[] }

/** Does `data` on `port`: the buildings answer, then (given a parcel file) the overlay answer. */
function work(port: MessagePort, data: ThreadJob): void {
  const fail = () => port.postMessage({ ok: false } satisfies BuildingsAnswer);
  // The main thread sends the parcels' flat polygons once it has read them (null: none, no overlay here).
  const given = new Promise<FlatPolygons | null>((resolve) => port.once('message', (m: ParcelsMessage) => resolve(m.parcelsFlat)));
  readBuildings(data.paths).then(async (answer) => {
    if (!answer.ok || !data.parcels) {
      // Nothing follows: the footprints are moved, this thread is done with them.
      port.postMessage(answer satisfies FirstAnswer, answer.ok ? buffersOf(answer.buildings) : []);
      return;
    }
    port.postMessage({ ...answer, buildings: null } satisfies FirstAnswer);
    const found = await parcelOverlay(answer.buildings, data.others ?? [], given).catch(() => null);
    const c = found?.columns;
    const buffers = found && c ? [c.done, c.footprint, c.blockline, c.park, c.town, found.box, found.area].map((a) => a.buffer as ArrayBuffer) : [];
    port.postMessage({ overlay: found, buildings: answer.buildings } satisfies SecondAnswer, [...buffers, ...buffersOf(answer.buildings)]);
  }, fail);
}

const started = workerData as ({ buildingsThread?: boolean; early?: boolean } & ThreadJob) | null;
if (parentPort && started?.buildingsThread) {
  const port = parentPort;
  // Started early (cli/run.mjs): the work comes as the first message.
  if (started.early) port.once('message', (m: { job: ThreadJob }) => work(port, m.job));
  else work(port, started);
}
