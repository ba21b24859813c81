/**
 * The building layer read in a worker thread while the main thread reads the parcels (the CLI from its
 * bundle, cli/run.mjs): 300k footprints are a third of the input, and on two cores their reading, checks
 * and packing cost nothing on the main thread's clock. The same loader calls as the main thread's, on
 * the buildings' files alone; the packed footprints come back as a first message.
 *
 * Then, given a FlatGeobuf parcel file, the thread also works out every parcel's building footprint
 * (`footprintAreas`, the bulk of the overlay) from the file's own polygons while the main thread is
 * still reading the parcels' attributes; the main thread uses these only for parcels it kept exactly
 * as the file holds them (see PackedParcels.flatIndex), with boxes that agree.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import { isCleanFlatFeature } from '../src/geo/flat-polygons';
import { footprintAreas } from '../src/geo/overlay';
import { packFlatFeatures, packPolygons, type PackedPolygons } from '../src/geo/packed';
import { readHeader } from '../src/io/formats/fgb/header';
import { readFeatureRun } from '../src/io/formats/fgb/read';
import { evaluate, readInputs } from '../src/io/loader';
import type { LayerReport } from '../src/io/loader/report';
import type { InputFile } from '../src/io/source';

/** What the thread answers first: the layer as the loader evaluated it, or `ok: false` when anything needs the main thread's full report. */
export type BuildingsAnswer =
  | { ok: true; report: LayerReport; buildings: PackedPolygons; hashes: [string, string][] }
  | { ok: false };

/**
 * What it answers second, by the parcel file's feature number: the footprint (m², NaN where not worked
 * out) and the box of the feature as packed here (4 numbers each), for the main thread to check against.
 */
export type FootprintsAnswer = { footprints: Float64Array; box: Float64Array } | null;

const bytesOf = async (path: string): Promise<Uint8Array> => { const b = await readFile(path); return new Uint8Array(b.buffer, b.byteOffset, b.byteLength); };

/** Reads `paths` (the buildings file and its sidecars, each with its size) as the buildings layer. */
export async function readBuildings(paths: readonly { path: string; size: number }[]): Promise<BuildingsAnswer> {
  const files: InputFile[] = paths.map(({ path, size }) => ({ name: path, size, bytes: () => bytesOf(path) }));
  const read = await readInputs(files, {}, 'buildings');
  const { evaluations } = evaluate(read, {}, Object.fromEntries(paths.map((p) => [p.path, 'buildings' as const])));
  const e = evaluations[0];
  if (read.fileProblems.length > 0 || evaluations.length !== 1 || !e || e.report.blocked || e.report.role !== 'buildings' || !e.content.buildings) return { ok: false };
  return { ok: true, report: e.report, buildings: packPolygons(e.content.buildings), hashes: [...read.fileHashes] };
}

/** The footprint of every clean polygon of the FlatGeobuf parcel file `path` under `buildings`; null if it cannot be read flat. */
export async function parcelFootprints(path: string, buildings: PackedPolygons): Promise<FootprintsAnswer> {
  const bytes = await bytesOf(path);
  const head = readHeader(bytes, path);
  if (!head.ok) return null;
  const run = await readFeatureRun(bytes, head.header.featuresOffset, head.header, path, undefined, true);
  if (!run.ok || !run.flat) return null;
  const flat = run.flat;
  const clean: number[] = [];
  for (let i = 0; i < flat.count; i++) if (isCleanFlatFeature(flat, i)) clean.push(i);
  const packed = packFlatFeatures(flat, clean);
  const found = footprintAreas(packed, buildings);
  const footprints = new Float64Array(flat.count).fill(NaN);
  const box = new Float64Array(4 * flat.count).fill(NaN);
  clean.forEach((i, k) => {
    footprints[i] = found[k]!;
    box.set(packed.box.subarray(4 * k, 4 * k + 4), 4 * i);
  });
  return { footprints, box };
}

if (parentPort && (workerData as { buildingsThread?: boolean } | null)?.buildingsThread) {
  const port = parentPort;
  const data = workerData as { paths: { path: string; size: number }[]; parcels?: string };
  const fail = () => port.postMessage({ ok: false } satisfies BuildingsAnswer);
  readBuildings(data.paths).then(async (answer) => {
    // Copied, not transferred: the footprints below still need the buildings here.
    port.postMessage(answer);
    if (!answer.ok || !data.parcels) return;
    const found = await parcelFootprints(data.parcels, answer.buildings).catch(() => null);
    port.postMessage({ footprints: found } as { footprints: FootprintsAnswer }, found ? [found.footprints.buffer as ArrayBuffer, found.box.buffer as ArrayBuffer] : []);
  }, fail);
}
