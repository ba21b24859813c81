/** The compare table's rows: one figure per row, one zone per column (the UI and the CSV share it). */
import type { Lang, MessageKey, Translate } from '../../i18n';
import type { ZoneProblem, ZoneStats } from '../../domain/zone-stats';
import { toCsv } from '../../io/export/csv';

export interface CompareRow {
  label: MessageKey;
  /** Unit shown after the label, in the table and the CSV header cell. */
  unit: MessageKey;
  value(s: ZoneStats): number | null;
  digits: number;
}

const tiers = (s: ZoneStats) => (s.blocklineOverlapM2 ? (s.blocklineOverlapM2.一级 + s.blocklineOverlapM2.二级 + s.blocklineOverlapM2.未分级) / (10000 / 15) : null);

export const COMPARE_ROWS: CompareRow[] = [
  { label: 'zoneArea', unit: 'unitMu', value: (s) => s.areaMu, digits: 2 },
  { label: 'zoneParcels', unit: 'unitParcels', value: (s) => s.parcels.count, digits: 0 },
  { label: 'zoneLand', unit: 'unitMu', value: (s) => s.landMu, digits: 2 },
  { label: 'zoneIdle', unit: 'unitMu', value: (s) => s.idleMu, digits: 2 },
  { label: 'zoneLowEfficiency', unit: 'unitMu', value: (s) => s.lowEfficiencyMu, digits: 2 },
  { label: 'zoneUnderUsed', unit: 'unitMu', value: (s) => s.underUsedMu, digits: 2 },
  { label: 'zoneFreeable', unit: 'unitMu', value: (s) => s.freeableMu, digits: 2 },
  { label: 'zoneEnterprises', unit: 'unitFirms', value: (s) => s.enterprises, digits: 0 },
  { label: 'zoneEmployees', unit: 'unitPeople', value: (s) => s.employees, digits: 0 },
  { label: 'zoneTax', unit: 'unitWan', value: (s) => s.taxWan, digits: 1 },
  { label: 'zoneValueAdded', unit: 'unitWan', value: (s) => s.valueAddedWan, digits: 1 },
  { label: 'zoneEnergy', unit: 'unitTce', value: (s) => s.energyTce, digits: 1 },
  { label: 'zoneTaxPerMu', unit: 'unitWanPerMu', value: (s) => s.taxPerMu.value, digits: 2 },
  { label: 'zoneBlockline', unit: 'unitMu', value: tiers, digits: 2 },
  { label: 'zoneWhatIfTaxGained', unit: 'unitWan', value: (s) => s.whatIf?.taxGainedWan ?? null, digits: 1 },
];

const rounded = (v: number | null, digits: number): number | null => (v === null ? null : Number(v.toFixed(Math.min(digits + 2, 6))));

/** The problem that refused a zone's outline (its figures are not zeros but none), or null. */
export const fatalProblem = (s: ZoneStats | null | undefined): ZoneProblem | null => s?.problems.find((p) => p.fatal) ?? null;

/** One zone's cell of a row: its figure, null when unknown (an empty cell), or '—' when the zone cannot be measured. */
export function compareCell(r: CompareRow, s: ZoneStats | null | undefined, t: Translate): number | string | null {
  if (!s) return null;
  if (fatalProblem(s)) return t('noValue');
  return rounded(r.value(s), r.digits);
}

/**
 * The compare table as CSV text (BOM, CRLF, formula guard from io/export/csv): zone names may start with '='.
 * When a zone cannot be measured, a first row says why, and its figures are '—' (never zeros).
 */
export function compareCsv(names: readonly string[], stats: readonly (ZoneStats | null)[], t: Translate, lang: Lang = 'zh-CN'): string {
  const header = [t('zoneCompareFigure'), ...names];
  const rows: (string | number | null)[][] = COMPARE_ROWS.map((r) => [t('zoneCompareRowLabel', { label: t(r.label), unit: t(r.unit) }), ...stats.map((s) => compareCell(r, s, t))]);
  if (stats.some((s) => fatalProblem(s))) {
    rows.unshift([t('zoneCompareProblem'), ...stats.map((s) => { const p = fatalProblem(s); return p ? (lang === 'en' ? p.en : p.zh) : null; })]);
  }
  return toCsv(header, rows);
}
