/**
 * The results table (analysis-table.ts) straight to CSV text, in chunks of rows: the same bytes as
 * `toCsv(analysisColumns(), rows of analysisRow)`, without making 45 cells per parcel first. At 100k
 * parcels that detour was a third of the CLI's run: every figure went number → rounded text → number →
 * text, and every rule's status and reason through the quoting regexes again. Here a figure is rounded
 * to text once and the few distinct statuses and reasons are quoted once.
 */
import type { AnalysisResult } from '../../domain/analyze';
import type { ParcelGeoFacts } from '../../domain/facts';
import type { RuleOutcomes } from '../../domain/rules';
import { MISSING_DATA, RULE_IDS, STATUS_CODES } from '../../domain/rules/outcome';
import { analysisColumns, BASE_COLUMNS, provenanceCells, type Provenance } from './analysis-table';
import { csvCell } from './csv';

const BOM = '\uFEFF';
/** Rows per chunk: big enough that joining is cheap, small enough that no chunk is a 45 MB string. */
export const CSV_CHUNK_ROWS = 4096;

/**
 * `csvCell(round(v, digits))` without the round trip through a number: `toFixed` with trailing zeros
 * (and a bare point) dropped is the shortest text of the rounded value while it has at most 15
 * significant digits, which below 1e11 it has; larger values take the long way.
 */
function fixedCellByText(v: number, digits: number): string {
  if (!(Math.abs(v) < 1e11)) return csvCell(Number(v.toFixed(digits)));
  const s = v.toFixed(digits);
  let e = s.length;
  while (s.charCodeAt(e - 1) === 48) e--;
  if (s.charCodeAt(e - 1) === 46) e--;
  const t = e === s.length ? s : s.slice(0, e);
  return t === '-0' ? '0' : t;
}

const UNKNOWN = STATUS_CODES.indexOf('unknown');

const SCALE = [1, 10, 100, 1000, 10000];
const ZEROS = ['', '0', '00', '000', '0000'];

/**
 * `csvCell(round(v, digits))` (digits 0–4), the figures' cells. Mostly by integer arithmetic, which is
 * the same as `toFixed` where that is provable: |v·10^digits| < 2^31, so the product is within 2^-22 of
 * the exact one and, unless its fraction is that close to ½, rounds to the same integer. Else by text.
 */
export function fixedCell(v: number | null, digits: number): string {
  if (v === null || !Number.isFinite(v)) return '';
  const s = v * SCALE[digits]!;
  if (!(Math.abs(s) < 2147483648) || Math.abs(s - Math.floor(s) - 0.5) < 1e-6) return fixedCellByText(v, digits);
  const n = Math.round(s);
  if (n === 0) return '0';
  const a = n < 0 ? -n : n;
  const unit = SCALE[digits]!;
  const whole = Math.floor(a / unit);
  let frac = a - whole * unit;
  const sign = n < 0 ? '-' : '';
  if (frac === 0) return `${sign}${whole}`;
  let d = digits;
  while (frac % 10 === 0) { frac /= 10; d--; }
  const f = String(frac);
  return `${sign}${whole}.${ZEROS[d - f.length]}${f}`;
}

/** The CSV file (BOM, header, one CRLF-ended line per parcel of `fids`) as consecutive chunks of text. */
export function analysisCsvChunks(result: AnalysisResult, facts: readonly (ParcelGeoFacts | undefined)[], fids: readonly number[], provenance: Provenance): string[] {
  const columns = analysisColumns();
  const tail = provenanceCells(provenance).map(csvCell).join(',');
  // Statuses, reasons, towns and classes repeat a few dozen values over every parcel: quote each once.
  const quoted = new Map<string, string>();
  const text = (s: string): string => {
    let q = quoted.get(s);
    if (q === undefined) {
      q = csvCell(s);
      if (quoted.size < 4096) quoted.set(s, q);
    }
    return q;
  };
  const statusCell = STATUS_CODES.map((c) => csvCell(c));
  // The reason of each rule repeats from parcel to parcel: the last one's cell is kept per rule.
  const lastReason = new Array<string>(RULE_IDS.length).fill('\u0000');
  const lastReasonCell = new Array<string>(RULE_IDS.length).fill('');
  const cells = new Array<string>(BASE_COLUMNS.length + 2 * RULE_IDS.length + 1);
  const chunks: string[] = [];
  let lines: string[] = [BOM + columns.map(csvCell).join(',')];
  for (const index of fids) {
    const r = result.parcels[index]!;
    cells[0] = csvCell(r.parcelId);
    cells[1] = r.town === null ? '' : text(r.town);
    cells[2] = fixedCell(r.areaM2, 2);
    cells[3] = fixedCell(r.areaMu, 4);
    cells[4] = fixedCell(r.taxPerMu, 4);
    cells[5] = fixedCell(r.valuePerMu, 4);
    cells[6] = fixedCell(r.productivity, 4);
    cells[7] = fixedCell(r.energyIntensity, 4);
    cells[8] = fixedCell(r.far, 4);
    cells[9] = fixedCell(r.coverage, 4);
    cells[10] = fixedCell(r.unbuiltM2, 2);
    cells[11] = r.evalClass === null ? '' : text(r.evalClass);
    cells[12] = csvCell(r.evalClassComputed);
    cells[13] = r.idleStage === null ? '' : csvCell(String(r.idleStage));
    cells[14] = fixedCell(r.reclaimableMu, 4);
    cells[15] = r.reclaimKind === null ? '' : text(r.reclaimKind);
    cells[16] = csvCell(facts[index]?.geometryError ?? null);
    const at = index * RULE_IDS.length;
    let outcomes: RuleOutcomes | undefined;
    let c = BASE_COLUMNS.length;
    for (let k = 0; k < RULE_IDS.length; k++) {
      const code = result.ruleStatus[at + k]!;
      const reason = result.ruleReason[at + k]!;
      if (code !== UNKNOWN) {
        cells[c++] = statusCell[code]!;
        if (reason !== lastReason[k]) { lastReason[k] = reason; lastReasonCell[k] = text(reason); }
        cells[c++] = lastReasonCell[k]!;
        continue;
      }
      outcomes ??= result.outcomesOf(index);
      const o = outcomes[RULE_IDS[k]!];
      cells[c++] = 'unknown';
      cells[c++] = text(o.status === 'unknown' ? `${MISSING_DATA}:${o.missing.join('|')}` : reason);
    }
    cells[c] = tail;
    lines.push(cells.join(','));
    if (lines.length === CSV_CHUNK_ROWS) {
      chunks.push(`${lines.join('\r\n')}\r\n`);
      lines = [];
    }
  }
  if (lines.length > 0) chunks.push(`${lines.join('\r\n')}\r\n`);
  return chunks;
}
