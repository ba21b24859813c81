/**
 * The `load` request: a dataset folder named by its manifest (the embedded data) read through the one
 * loader (io/loader) like any user file, checked against the manifest's counts and hashes, then built
 * into the worker's analysis layers and the page's display dataset (worker/dataset.ts).
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { LedgerEntry } from '../domain/ledger';
import type { DatasetManifest } from '../io/dataset';
import { assemble, evaluate, flatPolygonsOf, loadFiles, readInputs, soleFlatGeobuf, type ReadInputs } from '../io/loader';
import { manifestInputs, manifestMismatches, manifestProblem, type Fetcher } from '../io/loader/manifest';
import type { OverlayColumns } from '../geo/overlay';
import type { InputFile } from '../io/source';
import type { LayerRole } from '../io/loader/roles';
import { requestOf } from '../state/analysisInputs';
import { analyseAhead, columnsAhead, holdRequests } from './analyze';
import { buildDataset, outlineOf, type BuiltDataset } from './dataset';
import { footprintsWorthAThread, THREAD_SMALL_LAYERS, type EarlyThread } from './overlay-early';
import { startOverlayThread, type OverlayThread } from './overlay-thread';
import type { ThreadFile } from './overlay-thread-work';
import type { DatasetOutline, LoadedDataset, LoadRequest, Result } from './protocol';

export type { Fetcher } from '../io/loader/manifest';

/** The overlay thread started for a manifest before the load ran (worker/prefetch.ts `earlyOverlayFor`), handed over once. */
export type EarlyOverlay = (manifestUrl: string) => Promise<EarlyThread | null>;

/**
 * Up to this many parcels the default first analysis runs ahead of the map's first tiles: at 100k it takes
 * ~1.5–2.5 s, while serving the tiles first and then the analysis means every parcel tile is encoded again
 * (~2.5 s) and re-parsed by MapLibre (~6 s under load). Above it the tiles come first (state/datasetSlice.ts).
 */
export const ANALYSE_AHEAD_MAX_PARCELS = 250_000;

type Bilingual = { zh: string; en: string };
/** A failed load: `message` in English (the CLI's, logs), `details` what the status bar shows in the user's language. */
const fail = (code: 'fetch-failed' | 'bad-manifest' | 'bad-file', message: string, details?: Bilingual[]): Result<never> => ({
  ok: false,
  error: { code, message, details: details ?? [{ zh: `${code === 'bad-manifest' ? '数据清单（manifest.json）有误' : code === 'fetch-failed' ? '数据无法下载' : '数据文件有误'}：${message}`, en: message }] },
});

/** The sample ledger named by the manifest; a problem with it is a warning, never a failed load. */
async function readLedger(manifest: DatasetManifest, manifestUrl: string, fetcher: Fetcher, warnings: string[]): Promise<LedgerEntry[] | null> {
  if (!manifest.ledger?.file) return null;
  const url = new URL(manifest.ledger.file, manifestUrl).href;
  try {
    const res = await fetcher(url);
    if (!res.ok) {
      warnings.push(`ledger: ${url}: HTTP ${res.status}`);
      return null;
    }
    const json: unknown = await res.json();
    if (Array.isArray(json)) return json as LedgerEntry[];
    warnings.push(`${manifest.ledger.file}: not a JSON array`);
  } catch (e) {
    warnings.push(`${manifest.ledger.file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return null;
}

/**
 * Runs a load request; every failure the user can fix comes back as `{ ok: false }`. `earlyOverlay` gives
 * the overlay thread already started for this manifest, if any (otherwise one is started here).
 */
export async function loadSession(
  req: LoadRequest, fetcher: Fetcher = (u) => fetch(u), keepBoundary?: FeatureCollection<Geometry>, earlyOverlay?: EarlyOverlay,
  /** Hears the district's outline as soon as its small files are read (before the answer). */
  onOutline?: (outline: DatasetOutline) => void,
  /** Whether the dataset will be swapped in when it is built (false: a dataset asked for later came first, session.ts). */
  stillWanted: () => boolean = () => true,
): Promise<Result<BuiltDataset>> {
  const t0 = performance.now();
  const early = (await earlyOverlay?.(req.manifestUrl)) ?? null;
  let manifest: DatasetManifest;
  try {
    const res = await fetcher(req.manifestUrl);
    if (!res.ok) {
      early?.port.terminate();
      return fail('fetch-failed', `${req.manifestUrl}: HTTP ${res.status}`, [{ zh: `数据清单无法下载（${req.manifestUrl}：服务器返回 ${res.status}）`, en: `${req.manifestUrl}: HTTP ${res.status}` }]);
    }
    manifest = (await res.json()) as DatasetManifest;
  } catch (e) {
    early?.port.terminate();
    const why = e instanceof Error ? e.message : String(e);
    return e instanceof SyntaxError
      ? fail('bad-manifest', `${req.manifestUrl} is not valid JSON`, [{ zh: `数据清单不是有效的 JSON（${req.manifestUrl}）`, en: `${req.manifestUrl} is not valid JSON` }])
      : fail('fetch-failed', `${req.manifestUrl}: ${why}`, [{ zh: `数据清单无法下载（${req.manifestUrl}：${why}）`, en: `${req.manifestUrl}: ${why}` }]);
  }
  const problem = manifestProblem(manifest);
  if (problem) {
    early?.port.terminate();
    return fail('bad-manifest', problem.en, [{ zh: `数据清单（manifest.json）有误：${problem.zh}`, en: problem.en }]);
  }

  const warnings: string[] = [];
  const ledgerPromise = readLedger(manifest, req.manifestUrl, fetcher, warnings);
  // The loader imports a format's reader when it first needs it; fetched now, beside the data, the
  // reader (and the chunks it imports) is there when the bytes are (the same module, so one copy).
  if (Object.values(manifest.layers).some((l) => l?.file.toLowerCase().endsWith('.fgb'))) void import('../io/formats/fgb/read').catch(() => undefined);
  const { files, roles } = manifestInputs(manifest, req.manifestUrl, fetcher);
  // The buildings go to the overlay thread (read there, then the parcels' overlay worked out there).
  const thread = overlayThreadOf(files, roles, early, manifest.layers.buildings?.featureCount);
  const here = thread ? files.filter((f) => roles[f.name] !== 'buildings') : files;
  // The outline's few small files are read on their own as they come in, while the parcels still download.
  const outline = onOutline ? readOutline(here, roles).then((o) => (o && onOutline(o), o)).catch(() => null) : Promise.resolve(null);
  // Fetch every layer at once; the loader then reads them in turn.
  try {
    await Promise.all(here.map((f) => f.bytes()));
  } catch (e) {
    thread?.stop();
    const why = e instanceof Error ? e.message : String(e);
    return fail('fetch-failed', why, [{ zh: `数据文件无法下载（${why}）`, en: why }]);
  }
  const t1 = performance.now();
  const name = manifest.name;
  const elsewhere = thread?.buildings.then((b) => b ?? Promise.reject(new Error('read here')));
  elsewhere?.catch(() => undefined); // awaited by loadFiles only after the parcels: not an unhandled rejection before
  // lazyGeometry (with the thread; the reads below without it make it at once): a parcel's GeoJSON is made
  // when first asked for (a zone, an export), not for all 100k here. Made at once, those million small
  // arrays were ~47 of the 239 MB live in this worker after the load and first analysis at 100k (sampled
  // in Chromium), all copied by its young-generation GCs. The file's bytes stay held meanwhile (off the JS
  // heap, never copied by a GC).
  // The parcels' polygons go to the thread as soon as they are read, to be projected there for the tiles.
  const parcelFile = soleFlatGeobuf(files.filter((f) => roles[f.name] === 'parcels').map((f) => f.name));
  const onRead = (read: ReadInputs) => thread?.sendParcelPolygons(flatPolygonsOf(read, parcelFile));
  let loaded = elsewhere ? await loadFiles(here, roles, {}, { name, elsewhere, onRead, lazyGeometry: true }).catch(() => null) : null;
  if (thread && loaded?.ok) inFileOrder(loaded.report.layers, files);
  // No thread, or it had something to report (or failed): everything read here, so the report is whole
  // (the building bytes went to the thread: fetched again).
  if (!loaded) {
    thread?.stop();
    loaded = await loadFiles(thread ? manifestInputs(manifest, req.manifestUrl, fetcher).files : files, roles, {}, { name });
  }
  if (!loaded.ok) {
    thread?.stop();
    return fail('bad-file', loaded.problems.map((p) => p.en).join('\n'), loaded.problems);
  }
  const mismatches = manifestMismatches(manifest, loaded.report, loaded.read.fileHashes);
  if (mismatches.length > 0) {
    thread?.stop();
    return fail('bad-file', mismatches.map((m) => m.en).join('\n'), mismatches);
  }
  // The parcels go to the thread now: it works out their overlay while the records and tiles are built here.
  const packed = loaded.layers.parcelsPacked;
  const overlay = thread && packed ? thread.overlayOf(packed, loaded.layers) : undefined;
  if (!overlay) thread?.stop();
  const ledger = await ledgerPromise;
  const index = thread ? packed?.flatIndex : undefined;
  const shown = index ? await thread!.display : null;
  const display = shown && index ? { flat: shown, index } : undefined;
  const sentOutline = (await outline) ?? undefined;
  const t2 = performance.now();
  const built = buildDataset(loaded.layers, {
    name: manifest.name, label: manifest.label, synthetic: manifest.synthetic, source: 'embedded',
    ...(manifest.asOf ? { asOf: manifest.asOf } : {}), identity: loaded.report.identity, report: loaded.report,
  }, { ledger, warnings }, keepBoundary, { prepare: !overlay, ...(display ? { display } : {}), ...(sentOutline ? { outline: sentOutline } : {}) });
  built.dataset.timings = { fetchMs: t1 - t0, parseMs: t2 - t1, buildMs: built.dataset.timings.buildMs, totalMs: performance.now() - t0 };
  // Not for a dataset that will be dropped: its run ahead would hold every later request and replace the kept one.
  if (stillWanted()) analyseAheadAfterAnswer(built, overlay);
  else thread?.stop();
  return { ok: true, value: built };
}

/** The layers drawn as the district's outline while the parcels load. */
const OUTLINE_ROLES: ReadonlySet<LayerRole> = new Set<LayerRole>(['boundary', 'towns', 'parks', 'blocklines']);

/** The outline of the small layers among `files`, read through the loader on their own; null when they make none. */
async function readOutline(files: readonly InputFile[], roles: Record<string, LayerRole>): Promise<DatasetOutline | null> {
  const small = files.filter((f) => OUTLINE_ROLES.has(roles[f.name]!));
  if (small.length === 0) return null;
  try {
    return outlineOf(assemble(evaluate(await readInputs(small), {}, roles).evaluations));
  } catch {
    return null; // the load itself reads these files again and reports what is wrong with them
  }
}

/**
 * The overlay thread on the manifest's building files (with the small layers the overlay needs), or null
 * (none to read, too few `footprints` by the manifest's count to be worth a thread, or no thread here):
 * `early` when it was started on these very files (it fetches them itself), else a new one handed their
 * bytes. The parcels' polygons follow once read (OverlayThread.sendParcelPolygons).
 */
function overlayThreadOf(files: readonly InputFile[], roles: Record<string, LayerRole>, early: EarlyThread | null, footprints: number | undefined): OverlayThread | null {
  const buildings = files.filter((f) => roles[f.name] === 'buildings');
  const others = files.filter((f) => (THREAD_SMALL_LAYERS as readonly string[]).includes(roles[f.name]!));
  const names = (list: readonly { name: string }[]) => list.map((f) => f.name).sort().join('\n');
  if (early && buildings.length > 0 && names(early.buildings) === names(buildings) && names(early.others) === names(others)) {
    return startOverlayThread(null, () => early.port);
  }
  early?.port.terminate();
  if (buildings.length === 0 || !footprintsWorthAThread(footprints)) return null;
  const threadFiles = (list: readonly InputFile[]): Promise<ThreadFile[]> =>
    Promise.all(list.map(async (f) => ({ name: f.name, bytes: await f.bytes(), role: roles[f.name]! })));
  return startOverlayThread(Promise.all([threadFiles(buildings), threadFiles(others)]).then(([b, o]) => ({ buildings: b, others: o })));
}

/** Puts the layer reports back in the files' order (a layer read elsewhere joins loadFiles' report first). */
function inFileOrder(layers: { files: string[] }[], files: readonly InputFile[]): void {
  const at = (l: { files: string[] }) => Math.min(...l.files.map((f) => files.findIndex((x) => x.name === f)).filter((i) => i >= 0));
  layers.sort((a, b) => at(a) - at(b));
}

/**
 * The first analysis with the defaults (the page's request when nothing is saved) runs as soon as the
 * answer carrying `built` is posted (a task later), while the page takes the dataset in. Its codes go into
 * the tiles at once: the map's first tiles (asked for after that answer, so served after this run) carry
 * them, and the page need not ask for every tile again when the analysis arrives. Sets
 * `dataset.analysedAhead` so the page does not hold its request back for the first tiles.
 */
export function analyseAheadAfterAnswer(built: BuiltDataset, overlay?: Promise<OverlayColumns | null>): void {
  // The overlay thread's columns, for this analysis and every later one of these layers.
  const overlaid = overlay?.then((columns) => {
    if (columns) built.layers.overlay = columns;
  });
  // Above the limit the tiles come first: nothing is held (an analysis asked before the overlay is in works it out here).
  if (built.dataset.parcels.length > ANALYSE_AHEAD_MAX_PARCELS) return;
  built.dataset.analysedAhead = true;
  const request = defaultRequestOf(built);
  const run = () => {
    const outcome = analyseAhead(built.layers, request);
    if (!outcome.ok || !built.tiles) return;
    built.tiles.bakeAnalysis(outcome.run, columnsAhead(outcome.run).columns, built.layers.parcels, request.ledger ?? null);
  };
  // Later requests (the page's analyze, the map's first tiles) wait for this run, as they did when it ran in one piece.
  holdRequests(new Promise<void>((resolve) => {
    setTimeout(() => void (overlaid ?? Promise.resolve()).then(run).finally(resolve), 0);
  }));
}

/** The page's first request of `built` when nothing of it is saved: the defaults. */
const defaultRequestOf = (built: BuiltDataset) => requestOf({ dataset: built.dataset, rules: null, evaluationDate: null, ledger: null });

/**
 * Analyses `built` with the defaults now (an import's dataset built ahead, while the user reads its
 * preview): its commit's run ahead then finds it made.
 */
export function analyseBuiltAhead(built: BuiltDataset): void {
  if (built.dataset.parcels.length <= ANALYSE_AHEAD_MAX_PARCELS) analyseAhead(built.layers, defaultRequestOf(built));
}

/** `loadSession` for callers that need only the page's part. */
export async function loadDataset(req: LoadRequest, fetcher?: Fetcher): Promise<Result<LoadedDataset>> {
  const r = await loadSession(req, fetcher);
  return r.ok ? { ok: true, value: r.value.dataset } : r;
}
