/**
 * The import requests: read the user's files into a pending import (progress, cancel), re-evaluate it as
 * the user changes options, and commit it. The session's loaded layers and results are untouched until
 * `import-commit` succeeds; a failed or cancelled import leaves nothing half-loaded.
 */
import { applyEncodings, assemble, evaluate, readInputs, type Evaluated, type ReadInputs } from '../io/loader';
import { datasetIdentity, sha256Hex } from '../io/loader/inputs';
import type { Bilingual, ImportOptions } from '../io/loader/report';
import { readerText } from '../io/loader/reader-text';
import { inputFromFile, ReadCancelled } from '../io/source';
import { buildDataset, type BuiltDataset } from './dataset';
import { dropAheadOf } from './analyze';
import { analyseAheadAfterAnswer, analyseBuiltAhead } from './load';
import { READ_SHARE, type HandlerContext, type ImportPreview, type ImportReadRequest, type LoadedDataset, type Result, type WorkerError } from './protocol';
import { maySwap, takeTicket, type Session } from './session';

export interface PendingImport {
  id: number;
  read: ReadInputs | null;
  cancelled: boolean;
  bytesFetched?: number;
  /** The latest evaluation and the options it was made with: a commit with the same options reuses it. */
  last?: { key: string; evaluated: Evaluated };
  readMs?: number;
  /**
   * The dataset built from `last` while the user looks at the preview (with the outline it kept): a commit
   * with the same options swaps it in instead of building it then.
   */
  ahead?: { from: Evaluated; boundary: Session['boundaryDisplay']; built: BuiltDataset };
}

/** How long after a preview is posted the worker starts building its dataset, if nothing else came in. */
const BUILD_AHEAD_DELAY_MS = 250;

let nextImportId = 1;

/** Yields to the worker's event loop (so an `import-cancel` can be handled) at most every 50 ms. */
function ticker(pending: PendingImport, ctx: HandlerContext): (fraction: number) => Promise<void> {
  let last = performance.now();
  return async (fraction) => {
    ctx.progress(fraction);
    if (performance.now() - last > 50) {
      await new Promise((r) => setTimeout(r, 0));
      last = performance.now();
    }
    if (pending.cancelled) throw new ReadCancelled();
  };
}

const cancelled = (): Result<never> => ({ ok: false, error: { code: 'cancelled', message: 'import cancelled' } });

/** Marks `pending` cancelled (its read stops at the next tick) and drops what was made ahead for it. */
function cancel(pending: PendingImport): void {
  pending.cancelled = true;
  dropBuiltAhead(pending);
}

/**
 * Evaluates the pending import under `options`, or reuses the last evaluation when the options are the same.
 * Checking cannot yield (it is one synchronous pass), but its progress still reaches the page: the worker's
 * messages are delivered while it computes.
 */
function evaluated(pending: PendingImport, options: ImportOptions, progress?: (fraction: number) => void): Evaluated {
  const key = JSON.stringify(options);
  if (pending.last?.key !== key) pending.last = { key, evaluated: evaluate(pending.read!, options, {}, undefined, progress) };
  return pending.last.evaluated;
}

/** Builds the dataset the commit will swap in: the evaluated layers assembled and packed (the tile index is made later: dataset.ts). */
function build(session: Session, evaluated: Evaluated): BuiltDataset {
  const { report, evaluations } = evaluated;
  const t0 = performance.now();
  const built = buildDataset(assemble(evaluations), {
    name: report.identity.name, label: report.identity.name, synthetic: false, source: 'import', identity: report.identity, report,
  }, { ledger: null, warnings: [] }, session.boundaryDisplay ?? undefined);
  built.dataset.timings.totalMs = performance.now() - t0;
  return built;
}

/** Drops the dataset built ahead for `pending`, and the run made ahead on it. */
function dropBuiltAhead(pending: PendingImport): void {
  if (pending.ahead) dropAheadOf(pending.ahead.built.layers);
  pending.ahead = undefined;
}

/**
 * Once a preview is posted, builds its dataset ahead (seconds for 100k parcels), then analyses it with the
 * defaults, while the user reads the preview, unless the options changed, the import went away or a
 * blocker stops it. A commit that comes in meanwhile waits for the build and takes it (and the analysis,
 * if made); a change of options drops them.
 */
function buildAhead(session: Session, pending: PendingImport): void {
  const from = pending.last?.evaluated;
  setTimeout(() => {
    const last = pending.last?.evaluated;
    if (session.pending !== pending || pending.cancelled || !last || last !== from || pending.ahead?.from === last) return;
    if (last.report.blockers.length > 0) return;
    dropBuiltAhead(pending); // the older one first, so two are never held
    const built = build(session, last);
    pending.ahead = { from: last, boundary: session.boundaryDisplay, built };
    // Its first analysis too (seconds at 100k), unless the user confirmed or changed something meanwhile.
    setTimeout(() => {
      if (session.pending === pending && !pending.cancelled && pending.ahead?.built === built && pending.last?.evaluated === last) analyseBuiltAhead(built);
    }, 0);
  }, BUILD_AHEAD_DELAY_MS);
}

function preview(pending: PendingImport, options: ImportOptions, ctx?: HandlerContext): ImportPreview {
  const t0 = performance.now();
  const { report } = evaluated(pending, options, ctx ? (f) => ctx.progress(READ_SHARE + (1 - READ_SHARE) * f) : undefined);
  const timings = { readMs: pending.readMs ?? 0, evaluateMs: performance.now() - t0 };
  return { ...report, importId: pending.id, timings, ...(pending.bytesFetched !== undefined ? { bytesFetched: pending.bytesFetched } : {}) };
}

async function readUrl(url: NonNullable<ImportReadRequest['url']>, tick: (f: number) => Promise<void>): Promise<{ read: ReadInputs; bytesFetched?: number } | { error: string; details: Bilingual[]; tooMany?: number }> {
  const { readFlatGeobufUrl } = await import('../io/formats/fgb/remote');
  const bbox = url.bbox ? { minX: url.bbox[0], minY: url.bbox[1], maxX: url.bbox[2], maxY: url.bbox[3] } : null;
  const r = await readFlatGeobufUrl(url.href, bbox, { tick, ...(url.bboxCrs ? { bboxCrs: url.bboxCrs } : {}), ...(url.maxFeatures !== undefined ? { maxFeatures: url.maxFeatures } : {}) });
  if (!r.ok) {
    // The reader's English, and the same in Chinese (reader-text.ts), shown in the user's language.
    const { text, fix } = readerText(r.error.problem, r.error.fix);
    const details = [{ zh: `${text.zh}${fix.zh}`, en: `${text.en} ${fix.en}` }];
    return { error: `${r.error.problem} ${r.error.fix}`, details, ...(r.tooMany !== undefined ? { tooMany: r.tooMany } : {}) };
  }
  const name = new URL(url.href).pathname.replace(/^.*\//, '').replace(/\.[^.]*$/, '') || 'remote';
  const layers = new Map(r.layers.map((l) => [name, { ...l, name }]));
  // The identity of a range read: the file (its URL, size and header), never the box, so the user's work
  // (settings, ledger, lists) stays with the file as the view moves; the lists follow parcels by their ids.
  const head = r.file ? await sha256Hex(r.file.head) : '';
  const content = await sha256Hex(new TextEncoder().encode(JSON.stringify([url.href, r.file?.size ?? null, head])));
  const identity = await datasetIdentity(name, [{ name: url.href, sha256: content }]);
  return { read: { groups: [], layers, encodings: new Map(), fileProblems: [], fileHashes: new Map(), identity }, bytesFetched: r.bytesFetched };
}

/** A view holding more parcels than may be loaded at once: what it holds and what to do, in both languages. */
function tooManyError(count: number, max: number, message: string): WorkerError {
  const n = count.toLocaleString('en-US');
  const cap = max.toLocaleString('en-US');
  return {
    code: 'too-many', message, count,
    details: [{ zh: `此范围内至少有 ${n} 宗地块，超过一次可读入的 ${cap} 宗：请放大地图后重试。`, en: `This area holds at least ${n} parcels, more than the ${cap} that can be read at once: zoom in and try again.` }],
  };
}

export async function importRead(session: Session, req: ImportReadRequest, ctx: HandlerContext): Promise<Result<ImportPreview>> {
  if (session.pending) cancel(session.pending);
  const pending: PendingImport = { id: nextImportId++, read: null, cancelled: false };
  session.pending = pending;
  // Reading takes the first READ_SHARE of the progress bar, checking the rest.
  const tick = ticker(pending, { progress: (f) => ctx.progress(f * READ_SHARE) });
  const t0 = performance.now();
  try {
    if (req.url) {
      const r = await readUrl(req.url, tick);
      if ('error' in r) return { ok: false, error: r.tooMany !== undefined ? tooManyError(r.tooMany, req.url.maxFeatures ?? 0, r.error) : { code: 'bad-file', message: r.error, details: r.details } };
      pending.read = r.read;
      pending.bytesFetched = r.bytesFetched;
    } else {
      const files = (req.files ?? []).map(inputFromFile);
      if (files.length === 0) return { ok: false, error: { code: 'bad-request', message: 'no files chosen' } };
      const parcelish = files.find((f) => /地块|宗地|parcel/i.test(f.name)) ?? files[0]!;
      pending.read = await readInputs(files, { tick }, parcelish.name.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''));
    }
  } catch (e) {
    if (e instanceof ReadCancelled) return cancelled();
    throw e;
  }
  if (pending.cancelled || session.pending !== pending) return cancelled();
  pending.readMs = performance.now() - t0;
  ctx.progress(READ_SHARE);
  const value = preview(pending, {}, ctx);
  buildAhead(session, pending);
  return { ok: true, value };
}

function pendingFor(session: Session, importId: number): PendingImport | null {
  const p = session.pending;
  return p && p.id === importId && p.read && !p.cancelled ? p : null;
}

export async function importUpdate(session: Session, importId: number, options: ImportOptions, ctx: HandlerContext): Promise<Result<ImportPreview>> {
  const p = pendingFor(session, importId);
  if (!p) return { ok: false, error: { code: 'no-import', message: 'no pending import (it was cancelled or replaced)' } };
  try {
    if (await applyEncodings(p.read!, options, { tick: ticker(p, ctx) })) p.last = undefined;
  } catch (e) {
    if (e instanceof ReadCancelled) return cancelled();
    throw e;
  }
  const value = preview(p, options);
  // Made for other options: not kept while the new ones are built (or blocked).
  if (p.ahead && p.ahead.from !== p.last?.evaluated) dropBuiltAhead(p);
  buildAhead(session, p);
  return { ok: true, value };
}

/** Builds the new data completely, then swaps it into the session in one step. */
export async function importCommit(session: Session, importId: number, options: ImportOptions): Promise<Result<LoadedDataset>> {
  const ticket = takeTicket(session);
  const p = pendingFor(session, importId);
  if (!p) return { ok: false, error: { code: 'no-import', message: 'no pending import (it was cancelled or replaced)' } };
  if (await applyEncodings(p.read!, options)) p.last = undefined;
  const current = evaluated(p, options);
  const { report } = current;
  if (report.blockers.length > 0) {
    return { ok: false, error: { code: 'import-blocked', message: report.blockers.map((b) => b.en).join('; '), details: report.blockers } };
  }
  // Built ahead from this very evaluation (not only the same options: a changed encoding re-reads the layers).
  const ahead = p.ahead?.from === current && p.ahead.boundary === session.boundaryDisplay ? p.ahead.built : undefined;
  if (ahead) p.ahead = undefined; // taken, with its run ahead
  else dropBuiltAhead(p);
  const built = ahead ?? build(session, current);
  // The swap: nothing above touched the session. (A load asked for after this commit and finished first wins.)
  if (!maySwap(session, ticket)) return { ok: false, error: { code: 'superseded', message: 'a dataset asked for later was loaded first; this import is dropped' } };
  session.layers = built.layers;
  session.tiles = built.tiles;
  session.run = null;
  session.pending = null;
  if (built.dataset.display.boundary) session.boundaryDisplay = built.dataset.display.boundary;
  analyseAheadAfterAnswer(built);
  return { ok: true, value: built.dataset };
}

export function importCancel(session: Session, importId: number | undefined): Result<null> {
  if (session.pending && (importId === undefined || session.pending.id === importId)) {
    cancel(session.pending);
    session.pending = null;
  }
  return { ok: true, value: null };
}
