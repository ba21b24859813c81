/**
 * An analysis is a plain, serialisable request object (GUIDE practice 6): the worker runs it, the CLI
 * replays it (`--request FILE`), exports carry it, tests reuse it. It names no data: the layers it runs
 * on are whatever the worker or the CLI has loaded.
 */
import { parseIsoDate } from '../domain/dates';
import type { LedgerEntry } from '../domain/ledger';
import type { DatasetIdentity } from '../io/loader/report';

export const ANALYSIS_REQUEST_VERSION = 1;

export interface AnalysisRequest {
  kind: 'analysis';
  version: typeof ANALYSIS_REQUEST_VERSION;
  /** ISO date (YYYY-MM-DD) the idle rule and the ledger are evaluated at. */
  evaluationDate: string;
  /** A rule-set document (partial allowed; merged onto the defaults and validated). Absent = defaults. */
  rules?: unknown;
  /**
   * The disposal ledger (user's work); absent = none. Read from a file it is unchecked: runAnalysis
   * checks every entry (domain/ledger-check) and reports the unusable ones in `run.ledgerProblems`.
   */
  ledger?: LedgerEntry[];
  /** Which data it was run on (name + content hash of the inputs), so saved work and exports know. */
  dataset?: DatasetIdentity;
}

/** Today's date as YYYY-MM-DD in local time (the spec's default evaluation date). */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export function analysisRequest(partial: Partial<Omit<AnalysisRequest, 'kind' | 'version'>> = {}): AnalysisRequest {
  return { kind: 'analysis', version: ANALYSIS_REQUEST_VERSION, evaluationDate: partial.evaluationDate ?? todayIso(), ...partial };
}

export type RequestCheck = { ok: true; value: AnalysisRequest } | { ok: false; problem: string };

/** Checks a request read from a file (a saved or replayed one). */
export function checkAnalysisRequest(json: unknown): RequestCheck {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, problem: 'an analysis request must be a JSON object' };
  const r = json as Record<string, unknown>;
  if (r['kind'] !== 'analysis') return { ok: false, problem: `"kind" must be "analysis" (got ${JSON.stringify(r['kind'])})` };
  if (r['version'] !== ANALYSIS_REQUEST_VERSION) return { ok: false, problem: `"version" must be ${ANALYSIS_REQUEST_VERSION} (got ${JSON.stringify(r['version'])})` };
  if (typeof r['evaluationDate'] !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(r['evaluationDate']) || !parseIsoDate(r['evaluationDate'])) {
    return { ok: false, problem: `"evaluationDate" must be a calendar date YYYY-MM-DD (got ${JSON.stringify(r['evaluationDate'])})` };
  }
  if (r['ledger'] !== undefined && !Array.isArray(r['ledger'])) return { ok: false, problem: '"ledger" must be an array of disposal entries' };
  return { ok: true, value: json as AnalysisRequest };
}
