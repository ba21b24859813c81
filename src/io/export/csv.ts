/**
 * CSV that Excel on zh-CN Windows opens correctly: UTF-8 with a BOM (without it Excel reads GBK and garbles
 * Chinese), CRLF line ends, RFC 4180 quoting, and a guard against formula injection (OWASP "CSV Injection"):
 * a text cell starting with = + - @ TAB or CR gets a leading apostrophe so Excel shows it as text.
 */
export type CsvCell = string | number | boolean | null | undefined;

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number given as text (`-12.5`) cannot run as a formula, so it is left alone. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** One cell as CSV text. Numbers stay numbers (a negative number is not a formula); non-finite → empty. */
export function csvCell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = typeof v === 'boolean' ? String(v) : v;
  if (FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Builds the whole file as a string (BOM + header + rows, each line ending CRLF). A row longer than the
 * header is a caller bug and throws; shorter rows are padded with empty cells.
 */
export function toCsv(columns: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [columns.map(csvCell).join(',')];
  rows.forEach((row, i) => {
    if (row.length > columns.length) throw new Error(`toCsv: row ${i} has ${row.length} cells for ${columns.length} columns`);
    const cells = columns.map((_, c) => csvCell(row[c]));
    lines.push(cells.join(','));
  });
  return BOM + lines.join('\r\n') + '\r\n';
}
