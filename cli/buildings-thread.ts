/**
 * The building layer read in a worker thread while the main thread reads the parcels (the CLI from its
 * bundle, cli/run.mjs): 300k footprints are a third of the input, and on two cores their reading, checks
 * and packing cost nothing on the main thread's clock. The same loader calls as the main thread's, on
 * the buildings' files alone; the packed footprints come back as transferred buffers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { packPolygons } from '../src/geo/packed';
import { evaluate, readInputs } from '../src/io/loader';
import type { LayerReport } from '../src/io/loader/report';
import type { InputFile } from '../src/io/source';
import { readFile } from 'node:fs/promises';
import type { PackedPolygons } from '../src/geo/packed';

/** What the thread answers: the layer as the loader evaluated it, or `ok: false` when anything needs the main thread's full report. */
export type BuildingsAnswer =
  | { ok: true; report: LayerReport; buildings: PackedPolygons; hashes: [string, string][] }
  | { ok: false };

/** Reads `paths` (the buildings file and its sidecars, each with its size) as the buildings layer. */
export async function readBuildings(paths: readonly { path: string; size: number }[]): Promise<BuildingsAnswer> {
  const files: InputFile[] = paths.map(({ path, size }) => ({
    name: path, size, bytes: async () => { const b = await readFile(path); return new Uint8Array(b.buffer, b.byteOffset, b.byteLength); },
  }));
  const read = await readInputs(files, {}, 'buildings');
  const { evaluations } = evaluate(read, {}, Object.fromEntries(paths.map((p) => [p.path, 'buildings' as const])));
  const e = evaluations[0];
  if (read.fileProblems.length > 0 || evaluations.length !== 1 || !e || e.report.blocked || e.report.role !== 'buildings' || !e.content.buildings) return { ok: false };
  return { ok: true, report: e.report, buildings: packPolygons(e.content.buildings), hashes: [...read.fileHashes] };
}

if (parentPort && (workerData as { buildingsThread?: boolean } | null)?.buildingsThread) {
  const port = parentPort;
  readBuildings((workerData as { paths: { path: string; size: number }[] }).paths).then((answer) => {
    const b = answer.ok ? answer.buildings : null;
    const buffers = b ? [b.xy, b.ringEnd, b.ringBox, b.featureEnd, b.box, b.area].map((a) => a.buffer as ArrayBuffer) : [];
    port.postMessage(answer, [...new Set(buffers)]);
  }, () => port.postMessage({ ok: false } satisfies BuildingsAnswer));
}
