/**
 * The per-parcel results table shared by the CLI's CSV and the app's exports: one row per parcel, the
 * documented columns (README, "Command line"), then `<ruleId>.status` and `<ruleId>.reason` for every
 * rule in RULE_IDS order, then the provenance (evaluation date, rule set, dataset identity). Numbers are rounded for people, not for machines: areas to 0.01 m², ratios
 * to 4 decimals.
 */
import type { AnalysisResult } from '../../domain/analyze';
import type { ParcelGeoFacts } from '../../domain/facts';
import { DEFAULT_RULE_SET } from '../../domain/rule-set';
import { RULE_IDS, STATUS_CODES } from '../../domain/rules/outcome';

export type Cell = string | number | boolean | null;

export const BASE_COLUMNS = [
  'parcelId', 'town', 'areaM2', 'areaMu', 'taxPerMu', 'valuePerMu', 'productivity', 'energyIntensity', 'far',
  'coverage', 'unbuiltM2', 'evalClass', 'evalClassComputed', 'idleStage', 'reclaimableMu', 'reclaimKind',
  'geometryError',
] as const;

/** Last on every row: what the results were computed at and on, so a file handed on says so itself. */
export const PROVENANCE_COLUMNS = ['evaluationDate', 'ruleSet', 'datasetName', 'datasetHash'] as const;

export interface Provenance {
  evaluationDate: string;
  /** The merged rule set the run used. */
  ruleSet: unknown;
  dataset: { name: string; hash: string } | null;
}

export function analysisColumns(): string[] {
  const cols: string[] = [...BASE_COLUMNS];
  for (const id of RULE_IDS) cols.push(`${id}.status`, `${id}.reason`);
  cols.push(...PROVENANCE_COLUMNS);
  return cols;
}

/** FNV-1a of a string as 8 hex digits (a short, stable tag; not a security hash). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** `default`, or `custom-<hash of the rule set>` (the full rule set is in summary.json and the Excel's second sheet). */
export const ruleSetTag = (ruleSet: unknown): string => {
  const json = JSON.stringify(ruleSet);
  return json === JSON.stringify(DEFAULT_RULE_SET) ? 'default' : `custom-${fnv1a(json)}`;
};

/** The provenance cells, the same on every row. */
export function provenanceCells(p: Provenance): Cell[] {
  return [p.evaluationDate, ruleSetTag(p.ruleSet), p.dataset?.name ?? null, p.dataset?.hash ?? null];
}

export const round = (v: number | null, digits: number): number | null => (v === null || !Number.isFinite(v) ? null : Number(v.toFixed(digits)));

/**
 * Row of parcel `index` of `result`. Statuses and reasons come from the result's columns (an `unknown`
 * outcome's reason is `missing-data:<missing inputs joined by |>`).
 */
export function analysisRow(result: AnalysisResult, index: number, facts: ParcelGeoFacts | undefined): Cell[] {
  const r = result.parcels.at(index)!;
  const row: Cell[] = [
    r.parcelId, r.town, round(r.areaM2, 2), round(r.areaMu, 4), round(r.taxPerMu, 4), round(r.valuePerMu, 4),
    round(r.productivity, 4), round(r.energyIntensity, 4), round(r.far, 4), round(r.coverage, 4), round(r.unbuiltM2, 2),
    r.evalClass, r.evalClassComputed, r.idleStage === null ? null : String(r.idleStage), round(r.reclaimableMu, 4),
    r.reclaimKind, facts?.geometryError ?? null,
  ];
  const at = index * RULE_IDS.length;
  for (let k = 0; k < RULE_IDS.length; k++) row.push(STATUS_CODES[result.ruleStatus[at + k]!]!, result.ruleReason[at + k]!);
  return row;
}
