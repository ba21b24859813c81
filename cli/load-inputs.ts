/**
 * Loads the CLI's input files from disk through THE loader (src/io/loader), the same code the app's
 * import and embedded dataset use: every format it reads (Shapefile .shp or .zip, GeoJSON, FlatGeobuf,
 * CSV), CRS and encoding detection, field mapping, geometry repairs and problem reports. Each flag fixes
 * its file's role. A file that cannot be used stops the run with a message naming it, the problem and the fix.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { basename } from 'node:path';
import { flatPolygonsOf, loadFiles, soleFlatGeobuf, type EvaluatedElsewhere, type ImportedLayers, type LoadReport, type ReadInputs } from '../src/io/loader';
import { problemSentenceEn } from '../src/io/loader/problems';
import type { LayerRole } from '../src/io/loader/roles';
import type { InputFile } from '../src/io/source';
import { readBuildingLayer, sameSmallLayers } from '../src/io/loader/thread-layers';
import type { IoError } from '../src/io/formats/types';
import type { CliArgs } from './args';
import type { FirstAnswer, OverlayAnswer, ParcelsMessage, SecondAnswer, ThreadFile, ThreadJob } from './buildings-thread';
import type { FlatPolygons } from '../src/geo/flat-polygons';
import type { OverlayColumns } from '../src/geo/overlay';
import { movableCopy, type PackedPolygons } from '../src/geo/packed';
import { hashFiles, readOnce, sha256Of } from './hash-files';

export type LayerPaths = Pick<CliArgs, 'parcels' | 'buildings' | 'blocklines' | 'parks' | 'towns'>;

export interface LoadedInputs {
  /**
   * The layers read here, for what needs no footprints (analyze.ts groupEnterprisesAhead): not an
   * analysis' layers (a field of its own, so `runAnalysis(inputs)` does not compile); `complete()` gives those.
   */
  early: Omit<ImportedLayers, 'buildings'>;
  /** One printable line per layer: the file, its CRS and how it was found, what loads. */
  crsReport: string[];
  /** The parcel layer's column guesses, e.g. `DKBH → parcelId`. */
  mappingReport: string[];
  /** One line per kind of problem, with its count. */
  problemReport: string[];
  report: LoadReport;
  /**
   * The layers whole (the footprints included) and the parcels' overlay as the building thread works it
   * out (absent when it cannot). The footprints are not among the `early` layers: with the building thread
   * they come with its overlay, so the caller can do what needs neither meanwhile (analyze.ts
   * groupEnterprisesAhead). The bundled CLI waits here for that thread, which ends only once it has
   * answered; run from source (tests, benchmarks) there is no thread and this settles at once.
   */
  complete(): Promise<CompleteInputs>;
}

/** The loaded layers with the building thread's part in. */
export type CompleteInputs = ImportedLayers & { overlay?: OverlayColumns };

export type LoadResult = { ok: true; inputs: LoadedInputs } | { ok: false; error: IoError };

/** SHA-256 of a file's bytes, worked out here (when the hashing thread could not). */
const ownHash = async (f: InputFile): Promise<string> => sha256Of(await f.bytes());

/**
 * A file on disk as the loader's InputFile, read once (the reader and the hash share the bytes, no copy).
 * A missing or unreadable file is reported before reading.
 */
async function diskFile(path: string): Promise<InputFile | IoError> {
  try {
    const st = await stat(path);
    if (st.isDirectory()) return { file: path, problem: 'This is a folder, not a file.', fix: 'Name the file itself (for a Shapefile, its .shp or a .zip of its parts).' };
    return { name: path, size: st.size, bytes: readOnce(path) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { file: path, problem: code === 'ENOENT' ? 'The file does not exist.' : `The file cannot be read (${code ?? String(e)}).`, fix: 'Check the path (relative paths start from the current folder) and the permissions.' };
  }
}

/** A Shapefile named by its .shp brings its sidecars (.shx, .dbf, .prj, .cpg) from the same folder. */
export async function withSidecars(path: string): Promise<string[]> {
  if (!/\.shp$/i.test(path)) return [path];
  const stem = path.slice(0, -4);
  const found: string[] = [path];
  for (const ext of ['shx', 'dbf', 'prj', 'cpg', 'SHX', 'DBF', 'PRJ', 'CPG']) {
    try {
      await stat(`${stem}.${ext}`);
      if (!found.some((f) => f.toLowerCase() === `${stem}.${ext}`.toLowerCase())) found.push(`${stem}.${ext}`);
    } catch { /* absent */ }
  }
  return found;
}

/** The thread cli/run.mjs started before loading the command, once (later calls: null). */
function takeEarlyThread(): Worker | null {
  const key = Symbol.for('tenglong.cli.buildingsThread');
  const g = globalThis as { [k: symbol]: Worker | undefined };
  const w = g[key] ?? null;
  delete g[key];
  return w;
}

/** The building thread at work: its layer (null: read it here) and then the parcels' overlay. */
interface BuildingsThread {
  layer: Promise<EvaluatedElsewhere | null>;
  overlay: Promise<OverlayAnswer>;
  /**
   * The footprints that follow the overlay (read here if the thread ended first); null when the layer
   * (first answer) held them already.
   */
  footprints: () => Promise<PackedPolygons | null>;
  /** Ends the thread (its overlay is not wanted: the run stops here, or reads everything itself). */
  stop: () => void;
  /** Hands the thread the parcel file's flat polygons as read here (null: none, the thread gives no overlay). Sent once, always, unless stopped. */
  sendParcelPolygons: (flat: FlatPolygons | null) => void;
}

/**
 * Starts reading the building files in a worker thread, when the CLI runs from its bundle (cli/run.mjs
 * builds buildings-thread.mjs beside it); null otherwise (tests, tsx). Its layer resolves to null when
 * the thread has something to report or fails: the caller then reads everything itself. Given a
 * FlatGeobuf parcel file, the thread goes on to work out the parcels' overlay with the buildings and
 * the `others` layers (null if it cannot).
 */
function buildingsThread(files: readonly InputFile[], parcels: string | undefined, others: readonly ThreadFile[]): BuildingsThread | null {
  if (files.length === 0 || !import.meta.url.endsWith('.mjs')) return null;
  const job: ThreadJob = { paths: files.map((f) => ({ path: f.name, size: f.size })), parcels, others };
  // The thread cli/run.mjs started early, if it did (it has loaded its code meanwhile); else a new one.
  const early = takeEarlyThread();
  let worker: Worker;
  if (early) {
    early.ref();
    early.postMessage({ job });
    worker = early;
  } else {
    const script = fileURLToPath(new URL('./buildings-thread.mjs', import.meta.url));
    if (!existsSync(script)) return null;
    worker = new Worker(script, { workerData: { buildingsThread: true, ...job } });
  }
  let overlay: (a: OverlayAnswer) => void = () => undefined;
  // The footprints come with the overlay (FirstAnswer): whether they are awaited, and once in, them.
  let awaited = false;
  let followed: PackedPolygons | null = null;
  const answered = new Promise<OverlayAnswer>((resolve) => {
    overlay = resolve;
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  return {
    layer: new Promise((resolve) => {
      worker.once('message', (a: FirstAnswer) => {
        if (a.ok) {
          awaited = a.buildings === null;
          resolve({ evaluation: { report: a.report, content: a.buildings ? { buildings: a.buildings } : {} }, hashes: a.hashes });
        } else resolve(null);
        if (!a.ok || !parcels) overlay(null);
        else {
          worker.once('message', (m: SecondAnswer) => {
            followed = m.buildings;
            overlay(m.overlay);
          });
        }
      });
      worker.once('error', () => resolve(null));
      worker.once('exit', () => resolve(null));
    }),
    overlay: answered,
    async footprints() {
      await answered;
      if (!awaited || followed) return followed;
      // The thread ended before it sent them: read here (the overlay is then worked out here too).
      const read = await readBuildingLayer(files);
      if (!read.ok) throw new Error('the building layer could not be read again after its thread ended');
      return (followed = read.buildings);
    },
    stop: () => void worker.terminate(),
    // A copy moved over (the loader here still reads them): a few buffers, no decoding.
    sendParcelPolygons: (flat) => {
      if (!flat) return worker.postMessage({ parcelsFlat: null } satisfies ParcelsMessage);
      const { copy, transfer } = movableCopy(flat, ['xy', 'ringEnd', 'partEnd', 'featureEnd']);
      worker.postMessage({ parcelsFlat: copy } satisfies ParcelsMessage, transfer);
    },
  };
}


/**
 * The thread's overlay in the order of the loaded parcels, or undefined when the small layers it read
 * differ from those loaded here. A parcel not kept exactly as the file holds it, or whose box or area
 * differs from the thread's, is left not done (worked out here).
 */
function overlayOfParcels(layers: ImportedLayers, found: OverlayAnswer): OverlayColumns | undefined {
  const pp = layers.parcelsPacked;
  if (!found || !pp?.flatIndex || pp.parcels !== layers.parcels) return undefined;
  if (!sameSmallLayers(found, layers)) return undefined;
  const { box } = pp.packed;
  const n = pp.flatIndex.length;
  const c = found.columns;
  const out: OverlayColumns = { done: new Uint8Array(n), footprint: new Float64Array(n), blockline: new Float64Array(3 * n), park: new Int32Array(n), town: new Int32Array(n) };
  // Index loops, no view per parcel: this runs after the join, on the run's critical path.
  const { flatIndex, area } = pp;
  for (let k = 0; k < n; k++) {
    const i = flatIndex[k]!;
    if (i < 0 || i >= c.done.length || c.done[i] !== 1 || found.area[i] !== area[k]) continue;
    if (box[4 * k] !== found.box[4 * i] || box[4 * k + 1] !== found.box[4 * i + 1] || box[4 * k + 2] !== found.box[4 * i + 2] || box[4 * k + 3] !== found.box[4 * i + 3]) continue;
    out.done[k] = 1;
    out.footprint[k] = c.footprint[i]!;
    out.blockline[3 * k] = c.blockline[3 * i]!;
    out.blockline[3 * k + 1] = c.blockline[3 * i + 1]!;
    out.blockline[3 * k + 2] = c.blockline[3 * i + 2]!;
    out.park[k] = c.park[i]!;
    out.town[k] = c.town[i]!;
  }
  return out;
}

/** Reads every given layer through the loader; stops at the first file that cannot be used. */
export async function loadInputs(paths: LayerPaths): Promise<LoadResult> {
  const flags: [LayerRole, string | undefined][] = [
    ['parcels', paths.parcels], ['buildings', paths.buildings], ['blocklines', paths.blocklines], ['parks', paths.parks], ['towns', paths.towns],
  ];
  const files: InputFile[] = [];
  const roles: Record<string, LayerRole> = {};
  const named: [LayerRole, string][] = [];
  for (const [role, path] of flags) if (path) for (const p of await withSidecars(path)) named.push([role, p]);
  for (const [role, p] of named) {
    const f = await diskFile(p);
    if ('problem' in f) return { ok: false, error: f };
    files.push(f);
    roles[p] = role;
  }
  const name = basename(paths.parcels).replace(/\.[^.]*$/, '');
  // The buildings in a thread of their own where it can run (the bundled CLI), the other layers here.
  const parcelFgb = soleFlatGeobuf(files.filter((f) => roles[f.name] === 'parcels').map((f) => f.name));
  const others = files.filter((f) => ['blocklines', 'parks', 'towns'].includes(roles[f.name]!)).map((f) => ({ path: f.name, size: f.size, role: roles[f.name] }));
  const thread = buildingsThread(files.filter((f) => roles[f.name] === 'buildings'), parcelFgb, others);
  const here = thread ? files.filter((f) => roles[f.name] !== 'buildings') : files;
  // Zips are hashed by their entries (the loader's rule), so only other files are hashed beside the parse.
  const hashes = hashFiles(here.map((f) => f.name).filter((p) => !/\.zip$/i.test(p)));
  const hashed = here.map((f) => { const h = hashes.get(f.name); return h ? { ...f, sha256: () => h().catch(() => ownHash(f)) } : f; });
  // The parcels' GeoJSON made only if asked for (an export format other than CSV): the overlay works on their packing.
  // The thread's overlay starts from the parcels as read here, not from a second decoding of the file.
  const onRead = (read: ReadInputs) => thread?.sendParcelPolygons(flatPolygonsOf(read, parcelFgb));
  let loaded = await loadFiles(hashed, roles, {}, { name, lazyGeometry: true, onRead, ...(thread ? { elsewhere: thread.layer.then((a) => a ?? Promise.reject(new Error('read here'))) } : {}) })
    .catch(() => null);
  // The overlay is with the thread's buildings: no use once the buildings are read here.
  let later: Promise<Pick<CompleteInputs, 'buildings' | 'overlay'>> = Promise.resolve({});
  if (loaded?.ok && thread) {
    const { layers } = loaded;
    later = thread.overlay.then(async (found) => {
      const buildings = await thread.footprints();
      const overlay = overlayOfParcels(layers, found);
      return { ...(buildings ? { buildings } : {}), ...(overlay ? { overlay } : {}) };
    });
  } else thread?.stop();
  // The thread found something to report (or failed): everything is read here, so the report is whole.
  loaded ??= await loadFiles(files, roles, {}, { name, lazyGeometry: true });
  const report = loaded.report;
  if (!loaded.ok) {
    const first = report.fileProblems[0];
    if (first) return { ok: false, error: { file: first.file, problem: first.text.en, fix: first.fix.en } };
    const blocked = report.layers.find((l) => l.blocked && l.role !== 'ignore');
    if (blocked) return { ok: false, error: { file: blocked.files.join(', '), problem: `${blocked.blocked!.en}.`, fix: 'Correct the file, or pass it with the right flag.' } };
    return { ok: false, error: { file: paths.parcels, problem: `${loaded.problems.map((p) => p.en).join('; ')}.`, fix: 'Pass the parcel layer with --parcels.' } };
  }
  const crsReport = report.layers.map((l) => {
    const crs = l.crs.crs ? `${l.crs.crs}${l.crs.swapped ? ' (X/Y swapped)' : ''} (${l.crs.how})` : 'no CRS';
    const enc = l.encoding ? `; text ${l.encoding.label} (${l.encoding.how}${l.encoding.evidence ? `: ${l.encoding.evidence}` : ''})` : '';
    return `${l.role.padEnd(10)} ${l.files.map((f) => basename(f)).join(' + ')}: ${crs} — ${l.crs.note.en}${enc}; ${l.accepted} of ${l.featureCount} features${l.crs.warning ? `\n           warning: ${l.crs.warning.en}` : ''}`;
  });
  const parcelsLayer = report.layers.find((l) => l.role === 'parcels');
  const mappingReport = (parcelsLayer?.fields ?? []).filter((f) => f.target).map((f) => `${f.name} → ${f.target}${f.unit && f.unit.factor !== 1 ? ` (${f.unit.label}, ×${f.unit.factor})` : ''}`);
  const problemReport = report.layers.flatMap((l) => l.problems.filter((p) => p.code !== 'old-datum').map((p) => {
    const ex = p.examples.slice(0, 3).map((e) => `#${e.index + 1}${e.id ? ` (${e.id})` : ''}: ${e.detail}`).join('; ');
    return `${basename(l.files[0] ?? l.name)}: ${problemSentenceEn(p)}${ex ? ` — e.g. ${ex}` : ''}`;
  }));
  const { buildings, ...layers } = loaded.layers;
  let whole: Promise<CompleteInputs> | null = null;
  const complete = () => (whole ??= later.then((part) => ({ ...layers, ...(buildings ? { buildings } : {}), ...part })));
  return { ok: true, inputs: { early: layers, complete, crsReport, mappingReport, problemReport, report } };
}

/** Reads `--rules` as JSON; validating its contents is the engine's business. */
export async function loadRulesFile(path: string): Promise<{ ok: true; value: unknown } | { ok: false; error: IoError }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return { ok: false, error: { file: path, problem: `The rules file cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).`, fix: 'Check the path after --rules.' } };
  }
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (e) {
    return { ok: false, error: { file: path, problem: `The rules file is not valid JSON (${e instanceof Error ? e.message : String(e)}).`, fix: 'Repair the JSON, or leave out --rules to use the defaults.' } };
  }
}

/** The error as printed on stderr: file, feature, problem and fix on separate lines. */
export function formatIoError(e: IoError): string {
  const lines = [`Error in ${e.file}`];
  if (e.feature) lines.push(`  feature: #${e.feature.index + 1}${e.feature.id !== undefined ? ` (id "${e.feature.id}")` : ''}`);
  lines.push(`  problem: ${e.problem}`, `  fix:     ${e.fix}`);
  return lines.join('\n');
}
