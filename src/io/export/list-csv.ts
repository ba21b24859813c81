/**
 * The shortlist as CSV for people (the app's 导出 CSV): the Excel parcel sheet's columns, Chinese headers with
 * units and codes in words (xlsx.ts PARCEL_SHEET_COLUMNS), then for every rule what it found in words, its reason
 * and clause — what the card shows. The CLI's results.csv (analysis-csv.ts) stays the machine table.
 */
import { outcomeWords } from '../../domain/outcome-meaning';
import { RULE_IDS, STATUS_CODES, renderMessage } from '../../domain/rules/outcome';
import { toCsv, type CsvCell } from './csv';
import type { ExportSource } from './model';
import { PARCEL_SHEET_COLUMNS, RULE_TITLES } from './xlsx';

const cellValue = (c: ReturnType<(typeof PARCEL_SHEET_COLUMNS)[number]['cell']>): CsvCell => (c === null ? null : 'text' in c ? c.text : c.num);

export function writeListCsv(source: ExportSource, fids: readonly number[]): Uint8Array {
  const R = RULE_IDS.length;
  const columns = [
    ...PARCEL_SHEET_COLUMNS.map((c) => c.header),
    ...RULE_IDS.flatMap((rule) => [RULE_TITLES[rule], `${RULE_TITLES[rule]}：说明`, `${RULE_TITLES[rule]}：依据`]),
  ];
  const rows = fids.map((fid) => {
    const outcomes = source.run.outcomesOf(fid);
    return [
      ...PARCEL_SHEET_COLUMNS.map((c) => cellValue(c.cell(source, fid))),
      ...RULE_IDS.flatMap((rule, r) => {
        const o = outcomes[rule];
        return [outcomeWords(rule, STATUS_CODES[source.run.ruleStatus[fid * R + r]!]!).zh, renderMessage(o, 'zh'), o.clause];
      }),
    ];
  });
  return new TextEncoder().encode(toCsv(columns, rows));
}
