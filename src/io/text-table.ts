/** Reading small text tables users bring back (a ledger, a parcel list): the encodings and CSV Excel writes. */

/** UTF-16 with a BOM; UTF-8 (BOM optional); else GBK, as Excel on zh-CN Windows saves "CSV". Null when none decodes. */
export function decodeText(bytes: Uint8Array): string | null {
  // Excel's "Unicode text" (UTF-16 with its BOM).
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    } catch {
      return null;
    }
  }
}

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF or LF). */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

/** A code the export wrote as the formula ="…" (export/csv.ts), its quotes doubled. */
const CODE_FORMULA = /^="((?:[^"]|"")*)"$/s;

/** Undoes the export's guards: the formula guard (a leading apostrophe before = + - @ TAB CR) and a code's ="…". */
export function unguard(s: string): string {
  const code = CODE_FORMULA.exec(s);
  if (code) return code[1]!.replace(/""/g, '"');
  return /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s;
}

