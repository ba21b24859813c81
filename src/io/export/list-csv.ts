/**
 * The shortlist as CSV for people (the app's 导出 CSV): the Excel parcel sheet's columns, Chinese headers with
 * units and codes in words (xlsx.ts PARCEL_SHEET_COLUMNS), then for every rule what it found in words, its reason
 * in Chinese and in English and its clause — what the card shows — and last the provenance (provenance.ts).
 * The CLI's results.csv (analysis-csv.ts) stays the machine table.
 */
import { outcomeWords } from '../../domain/outcome-meaning';
import { RULE_IDS, STATUS_CODES, renderMessage } from '../../domain/rules/outcome';
import { round } from './analysis-table';
import { toCsv, type CsvCell } from './csv';
import type { ExportMeta, ExportSource } from './model';
import { provenanceColumns } from './provenance';
import type { CellStyle, XCell } from './xlsx-writer';
import { PARCEL_SHEET_COLUMNS, RULE_TITLES } from './xlsx';

/** Decimals of each number style: the CSV shows a figure as the Excel sheet and the screen do. */
const DIGITS: Partial<Record<CellStyle, number>> = { n0: 0, n1: 1, n2: 2, n4: 4 };

/** An Excel cell as CSV: a number rounded to its style, a code kept as text (csv.ts codeCell). */
function cellValue(c: XCell, code: boolean): CsvCell {
  if (c === null) return null;
  if ('text' in c) return code ? { code: c.text } : c.text;
  const digits = c.style === undefined ? undefined : DIGITS[c.style];
  return digits === undefined ? c.num : round(c.num, digits);
}

export function writeListCsv(source: ExportSource, fids: readonly number[], meta: ExportMeta): Uint8Array {
  const R = RULE_IDS.length;
  const provenance = provenanceColumns(meta);
  const columns = [
    ...PARCEL_SHEET_COLUMNS.map((c) => c.header),
    ...RULE_IDS.flatMap((rule) => [RULE_TITLES[rule], `${RULE_TITLES[rule]}：说明`, `${RULE_TITLES[rule]}：说明（英文）`, `${RULE_TITLES[rule]}：依据`]),
    ...provenance.map(([header]) => header),
  ];
  const tail = provenance.map(([, value]) => value);
  const rows = fids.map((fid) => {
    const outcomes = source.run.outcomesOf(fid);
    return [
      ...PARCEL_SHEET_COLUMNS.map((c) => cellValue(c.cell(source, fid), c.code === true)),
      ...RULE_IDS.flatMap((rule, r) => {
        const o = outcomes[rule];
        return [outcomeWords(rule, STATUS_CODES[source.run.ruleStatus[fid * R + r]!]!).zh, renderMessage(o, 'zh'), renderMessage(o, 'en'), o.clause];
      }),
      ...tail,
    ];
  });
  return new TextEncoder().encode(toCsv(columns, rows));
}
