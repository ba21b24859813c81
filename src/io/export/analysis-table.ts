/**
 * The per-parcel results table shared by the CLI's CSV and the app's exports: one row per parcel, the
 * documented columns (README, "Command line"), then `<ruleId>.status` and `<ruleId>.reason` for every
 * rule in RULE_IDS order. Numbers are rounded for people, not for machines: areas to 0.01 m², ratios
 * to 4 decimals.
 */
import type { ParcelResult } from '../../domain/analyze';
import type { ParcelGeoFacts } from '../../domain/facts';
import { RULE_IDS } from '../../domain/rules/outcome';

export type Cell = string | number | boolean | null;

export const BASE_COLUMNS = [
  'parcelId', 'town', 'areaM2', 'areaMu', 'taxPerMu', 'valuePerMu', 'productivity', 'energyIntensity', 'far',
  'coverage', 'unbuiltM2', 'evalClass', 'evalClassComputed', 'idleStage', 'reclaimableMu', 'reclaimKind',
  'geometryError',
] as const;

export function analysisColumns(): string[] {
  const cols: string[] = [...BASE_COLUMNS];
  for (const id of RULE_IDS) cols.push(`${id}.status`, `${id}.reason`);
  return cols;
}

const round = (v: number | null, digits: number): number | null => (v === null || !Number.isFinite(v) ? null : Number(v.toFixed(digits)));

export function analysisRow(r: ParcelResult, facts: ParcelGeoFacts | undefined): Cell[] {
  const row: Cell[] = [
    r.parcelId, r.town, round(r.areaM2, 2), round(r.areaMu, 4), round(r.taxPerMu, 4), round(r.valuePerMu, 4),
    round(r.productivity, 4), round(r.energyIntensity, 4), round(r.far, 4), round(r.coverage, 4), round(r.unbuiltM2, 2),
    r.evalClass, r.evalClassComputed, r.idleStage === null ? null : String(r.idleStage), round(r.reclaimableMu, 4),
    r.reclaimKind, facts?.geometryError ?? null,
  ];
  for (const id of RULE_IDS) {
    const o = r.outcomes[id];
    row.push(o.status, o.status === 'unknown' ? `${o.reason}:${o.missing.join('|')}` : o.reason);
  }
  return row;
}
