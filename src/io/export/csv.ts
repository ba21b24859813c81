/**
 * CSV that Excel on zh-CN Windows opens correctly: UTF-8 with a BOM (without it Excel reads GBK and garbles
 * Chinese), CRLF line ends, RFC 4180 quoting, and a guard against formula injection (OWASP "CSV Injection"):
 * a text cell starting with = + - @ TAB or CR gets a leading apostrophe so Excel shows it as text.
 */

/** A code Excel must keep as text (地块编号, 统一社会信用代码): see `codeCell`. */
export interface CsvCode { code: string }
export type CsvCell = string | number | boolean | null | undefined | CsvCode;

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number given as text (`-12.5`) cannot run as a formula, so it is left alone. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
/**
 * Text Excel turns into a number (sign, thousands commas, decimals, exponent, percent) or a date, time or
 * fraction (digit groups joined by - / . : or a space).
 */
export const EXCEL_NUMBER_LIKE = /^\s*[+-]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?\s*$|^\s*\d+([-/.: ]\d+)+\s*$/;
/** Excel's limit on a text literal inside a formula. */
const FORMULA_TEXT_MAX = 255;

const quoted = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * A code as the formula ="…" (its quotes doubled): Excel otherwise reads an all-digit 统一社会信用代码 as a
 * number and keeps 15 digits (9.13303E+17), drops a leading zero, or makes a date of `3-12`. The text sits in a
 * string literal it cannot leave, so the formula guard is not needed; text-table.ts `unguard` takes it off again.
 * A code too long for a literal, or with a line break, is written as plain guarded text.
 */
function codeCell(code: string): string {
  if (code === '') return '';
  // Only what Excel would read as a number, date, time or fraction: other codes stay plain for other programs.
  if (!EXCEL_NUMBER_LIKE.test(code)) return csvCell(code);
  const literal = code.replace(/"/g, '""');
  if (literal.length > FORMULA_TEXT_MAX || /[\r\n]/.test(code)) return csvCell(code);
  return quoted(`="${literal}"`);
}

/**
 * One cell as CSV text. Numbers stay numbers (a negative number is not a formula), written to 15 significant
 * digits as Excel keeps them (28.999999999999996 → 29); non-finite → empty.
 */
export function csvCell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toPrecision(15))) : '';
  if (typeof v === 'object') return codeCell(v.code);
  let s = typeof v === 'boolean' ? String(v) : v;
  if (FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return quoted(s);
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
