/**
 * The `analyze` and `parcel-detail` requests: run the engine (analysis/run.ts) on the layers a load
 * left in the worker, and answer with compact columns (typed arrays) plus the district summary; one
 * parcel's full detail is built only when the page asks for it.
 */
import { checkAnalysisRequest, type AnalysisRequest } from '../analysis/request';
import { runAnalysis, type AnalysisLayers, type AnalysisOutcome, type AnalysisRun } from '../analysis/run';
import { RULE_IDS } from '../domain/analyze';
import { renderMessage, type RuleOutcome } from '../domain/rules/outcome';
import type { AnalysisView, OutcomeDetail, ParcelColumns, ParcelDetail, Result } from './protocol';

/** Columns for `n` parcels with nothing known yet (NaN, -1, 0). */
export function emptyColumns(n: number): ParcelColumns {
  return {
    taxPerMu: new Float64Array(n).fill(NaN),
    valuePerMu: new Float64Array(n).fill(NaN),
    classIndex: new Int8Array(n).fill(-1),
    classComputed: new Uint8Array(n),
    reclaimMu: new Float64Array(n),
    reclaimKind: new Int8Array(n).fill(-1),
    ruleStatus: new Uint8Array(n * RULE_IDS.length),
    geometryError: new Uint8Array(n),
    idleStage: new Int8Array(n),
    far: new Float64Array(n).fill(NaN),
    coverage: new Float64Array(n).fill(NaN),
    blockline1M2: new Float64Array(n).fill(NaN),
    blockline2M2: new Float64Array(n).fill(NaN),
    blocklineUM2: new Float64Array(n).fill(NaN),
    inPark: new Uint8Array(n).fill(255),
    townIndex: new Int16Array(n).fill(-1),
  };
}

/** The engine's per-parcel results as columns indexed by fid (NaN / -1 where there is no value). */
export function columnsOf(run: AnalysisRun): { columns: ParcelColumns; townNames: string[] } {
  const r = run.parcels;
  const n = r.length;
  const nan = () => new Float64Array(n).fill(NaN);
  // The engine's result columns use the view's codes, and its status column the same layout and
  // STATUS_CODES: copied, as the view's buffers are transferred to the page and the run kept here needs its own.
  const c: ParcelColumns = {
    taxPerMu: nan(), valuePerMu: nan(), geometryError: new Uint8Array(n), blockline1M2: nan(), blockline2M2: nan(), blocklineUM2: nan(),
    inPark: new Uint8Array(n).fill(255), townIndex: new Int16Array(n).fill(-1),
    classIndex: r.classIndex.slice(), classComputed: r.classComputed.slice(), reclaimMu: r.reclaimableMu.slice(),
    reclaimKind: r.reclaimKind.slice(), ruleStatus: run.ruleStatus.slice(0, n * RULE_IDS.length), idleStage: r.idleStage.slice(),
    far: r.far.slice(), coverage: r.coverage.slice(),
  };
  const towns = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const e = r.enterpriseAt(i);
    c.taxPerMu[i] = e.metric('taxPerMu') ?? NaN;
    c.valuePerMu[i] = e.metric('valuePerMu') ?? NaN;
    const f = run.facts[i];
    c.geometryError[i] = f?.geometryError ? 1 : 0;
    const bl = f?.blocklineOverlapM2;
    c.blockline1M2[i] = bl ? bl.一级 : NaN;
    c.blockline2M2[i] = bl ? bl.二级 : NaN;
    c.blocklineUM2[i] = bl ? (bl.未分级 ?? 0) : NaN;
    c.inPark[i] = f?.park === undefined ? 255 : f.park === null ? 0 : 1;
    const town = r.town[i];
    if (town !== null && town !== undefined) {
      let t = towns.get(town);
      if (t === undefined) towns.set(town, (t = towns.size));
      c.townIndex[i] = t;
    }
  }
  return { columns: c, townNames: [...towns.keys()] };
}

/** Columns made of a run before the page asked for it (the run ahead's tile codes), used once by `analyze`. */
const madeColumns = new WeakMap<AnalysisRun, ReturnType<typeof columnsOf>>();

/** `columnsOf(run)`, kept for the page's `analyze` of that run (its buffers are transferred then, so only once). */
export function columnsAhead(run: AnalysisRun): ReturnType<typeof columnsOf> {
  const made = columnsOf(run);
  madeColumns.set(run, made);
  return made;
}

/** The buffers of a view's columns, for `postMessage`'s transfer list. */
export function transferablesOf(view: AnalysisView): ArrayBuffer[] {
  return Object.values(view.columns).map((a: ArrayBufferView) => a.buffer as ArrayBuffer);
}

/** Requests compare by content, whatever their keys' order. */
function requestKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/**
 * Settles once the first analysis' inputs made beside a load (the overlay thread's overlay, the run
 * ahead) are in: requests after a load wait for it (handlers.ts dispatch), as they waited behind the
 * run ahead when it ran in one piece, so no tile is served without its colouring codes.
 */
let held: Promise<void> = Promise.resolve();
export const requestsHeld = (): Promise<void> => held;
/** Holds later requests until `until` settles (it must always settle). */
export function holdRequests(until: Promise<void>): void {
  const before = held;
  held = Promise.all([before, until.catch(() => undefined)]).then(() => undefined);
}

/** A run made before the page asked (the default first analysis after a load), with its time. */
let ahead: { layers: AnalysisLayers; key: string; outcome: AnalysisOutcome; ms: number } | null = null;

/** The run kept ahead, if it is of `layers` and the request keyed `key`. */
const keptFor = (layers: AnalysisLayers, key: string) => (ahead !== null && ahead.layers === layers && ahead.key === key ? ahead : null);

/** Drops the run kept ahead for `layers` (an import's preview, cancelled, replaced or changed), freeing them. */
export function dropAheadOf(layers: AnalysisLayers): void {
  if (ahead?.layers === layers) ahead = null;
}

/**
 * Runs `request` on `layers` now and keeps it for the page's first `analyze`: right after a load the
 * worker is otherwise idle while the page takes the dataset in, so the first analysis is ready when
 * asked for. Used only when the page asks for exactly this request (no saved settings or ledger). The
 * run kept for these layers and this request, if any (an import's, made while its preview was read), is
 * not made again.
 */
export function analyseAhead(layers: AnalysisLayers, request: AnalysisRequest): AnalysisOutcome {
  const key = requestKey(request);
  const kept = keptFor(layers, key);
  if (kept) return kept.outcome;
  const t0 = performance.now();
  const outcome = runAnalysis(layers, request);
  ahead = { layers, key, outcome, ms: performance.now() - t0 };
  return outcome;
}

/**
 * Runs `payload` (checked first: it may come from a saved file) on `layers`. A bad request, date or
 * rule set comes back as an error value naming each problem.
 */
export function analyze(layers: AnalysisLayers | null, payload: unknown): Result<{ view: AnalysisView; run: AnalysisRun }> {
  if (!layers) return { ok: false, error: { code: 'no-dataset', message: 'no dataset is loaded; load one before analysing' } };
  const checked = checkAnalysisRequest(payload);
  if (!checked.ok) return { ok: false, error: { code: 'bad-request', message: checked.problem } };
  const request: AnalysisRequest = checked.value;
  const t0 = performance.now();
  const early = keptFor(layers, requestKey(request));
  ahead = null; // used once, or dropped: a later request is another one
  const reuse = early !== null;
  const outcome = reuse ? early.outcome : runAnalysis(layers, request);
  if (!outcome.ok) {
    if (outcome.problem === 'date') return { ok: false, error: { code: 'bad-request', message: outcome.message } };
    return {
      ok: false,
      error: { code: 'bad-rules', message: outcome.errors.map((e) => e.message.en).join('; '), details: outcome.errors.map((e) => e.message) },
    };
  }
  const run = outcome.run;
  const geometryErrors: AnalysisView['geometryErrors'] = [];
  run.facts.forEach((f, fid) => {
    if (f.geometryError) geometryErrors.push({ fid, parcelId: run.parcels.parcels[fid]!.parcelId, message: f.geometryError });
  });
  const made = madeColumns.get(run);
  madeColumns.delete(run);
  const view: AnalysisView = {
    request,
    ...(made ?? columnsOf(run)),
    summary: run.summary,
    geometryErrors,
    ledgerProblems: run.ledgerProblems,
    // A run made ahead reports its own time: the work was done, only earlier.
    timings: { ...run.timings, totalMs: performance.now() - t0 + (reuse ? early.ms : 0) },
  };
  return { ok: true, value: { view, run } };
}

function outcomeDetail(o: RuleOutcome): OutcomeDetail {
  const base = { rule: o.rule, status: o.status, reason: o.reason, clause: o.clause, message: { zh: renderMessage(o, 'zh'), en: renderMessage(o, 'en') } };
  if (o.status === 'unknown') return { ...base, missing: [...o.missing] };
  if (o.status === 'not-applicable') return base;
  return o.extra === undefined ? { ...base, actual: o.actual, threshold: o.threshold } : { ...base, actual: o.actual, threshold: o.threshold, extra: o.extra };
}

/** Parcel `fid` of `run`, with every outcome in RULE_IDS order and its messages rendered. */
export function parcelDetail(run: AnalysisRun | null, fid: number): Result<ParcelDetail> {
  if (!run) return { ok: false, error: { code: 'no-analysis', message: 'no analysis has run yet' } };
  const p = run.parcels.at(fid);
  if (!p) return { ok: false, error: { code: 'bad-request', message: `no parcel with fid ${String(fid)} (there are ${run.parcels.length})` } };
  const outcomes = run.outcomesOf(fid);
  const { areaM2: _a, areaMu: _m, registeredAreaDiff: _r, ...figures } = p;
  return {
    ok: true,
    value: { ...figures, fid, unbuiltM2: p.unbuiltM2, facts: run.facts[fid]!, outcomes: RULE_IDS.map((id) => outcomeDetail(outcomes[id])) },
  };
}
