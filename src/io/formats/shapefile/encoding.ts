/**
 * Which text encoding a Shapefile's .dbf is in. Bureau files are mostly GBK, often with nothing saying so;
 * when something does, it is a .cpg with a Windows code page (`936`, `ANSI 936`) that TextDecoder does not
 * know, or the dBASE language-driver id (LDID, byte 29). Order of trust: the .cpg, the LDID, then the bytes
 * themselves (strict UTF-8 or not). One exception: a .cpg saying UTF-8 over text that is not UTF-8 but is
 * shaped like GB18030 (a GBK table whose .cpg was written by a tool that assumes UTF-8) is read as GB18030,
 * and the caller warns (`how` is then `sniffed`, not `cpg`). Labels returned are WHATWG labels; GBK/GB2312
 * are read as `gb18030`, a superset whose decoder is the GBK one (notes/libraries.md §1).
 */
import type { EncodingInfo } from '../../source';
import { readDbfLayout } from './dbf';

const GB18030 = 'gb18030';
const UTF8 = 'utf-8';
const BIG5 = 'big5';
const WINDOWS_1252 = 'windows-1252';

/** Code page names as .cpg files write them, lower-cased, spaces/underscores/hyphens dropped. */
const CPG_LABELS: Readonly<Record<string, string>> = {
  '936': GB18030, cp936: GB18030, ansi936: GB18030, windows936: GB18030, gbk: GB18030, gb2312: GB18030,
  gb18030: GB18030, '54936': GB18030, cp54936: GB18030, xgbk: GB18030, chinese: GB18030,
  '65001': UTF8, cp65001: UTF8, utf8: UTF8,
  '950': BIG5, cp950: BIG5, ansi950: BIG5, windows950: BIG5, big5: BIG5,
  '1252': WINDOWS_1252, cp1252: WINDOWS_1252, ansi1252: WINDOWS_1252, windows1252: WINDOWS_1252,
  latin1: WINDOWS_1252, iso88591: WINDOWS_1252, '88591': WINDOWS_1252,
};

/** A .cpg's text → WHATWG label; undefined when it names nothing this reader knows. */
export function normaliseCpg(text: string): string | undefined {
  const key = text.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s_-]+/g, '');
  return key !== '' && Object.hasOwn(CPG_LABELS, key) ? CPG_LABELS[key] : undefined;
}

/** dBASE language-driver ids that name a code page (0x57 = "ANSI", the writer's system code page: unknown). */
const LDID_LABELS: Readonly<Record<number, string>> = { 0x4d: GB18030, 0x7a: GB18030, 0x4f: BIG5, 0x78: BIG5 };

const hex = (b: number): string => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

/** How much of the record area the sniffer looks at. */
const SNIFF_BYTES = 4 << 20;

/** The encoding of a .dbf: from its .cpg, its LDID byte, or its bytes. */
export function detectDbfEncoding(dbf: Uint8Array, cpgText?: string): EncodingInfo {
  const fromCpg = cpgText === undefined ? undefined : normaliseCpg(cpgText);
  if (fromCpg === UTF8 && sniffTextBytes(dbf, utf8Verdict) === 'invalid' && sniffTextBytes(dbf, gb18030Verdict) !== 'invalid' && mostlyNotUtf8(dbf)) {
    return { label: GB18030, how: 'sniffed', evidence: `the .cpg says ${cpgText!.trim()} but the text is not valid UTF-8` };
  }
  if (fromCpg) return { label: fromCpg, how: 'cpg', evidence: cpgText!.trim() };
  const ldid = dbf.length > 29 ? dbf[29]! : 0;
  const fromLdid = LDID_LABELS[ldid];
  if (fromLdid) return { label: fromLdid, how: 'ldid', evidence: `LDID ${hex(ldid)}` };
  const sniffed = sniffTextBytes(dbf, utf8Verdict);
  if (sniffed === 'ascii') return { label: UTF8, how: 'default', evidence: 'only ASCII text' };
  if (sniffed === 'multibyte') return { label: UTF8, how: 'sniffed', evidence: 'valid UTF-8 with non-ASCII text' };
  return { label: GB18030, how: 'sniffed', evidence: 'not valid UTF-8' };
}

type Verdict = 'ascii' | 'multibyte' | 'invalid';

/**
 * Whether most of the non-ASCII texts of the .dbf are not UTF-8: a .cpg saying UTF-8 is overruled only then,
 * not for one stray Latin-1 byte in a file of good UTF-8 Chinese (GB18030's byte shape fits nearly anything).
 */
function mostlyNotUtf8(dbf: Uint8Array): boolean {
  let good = 0;
  let bad = 0;
  sniffTextBytes(dbf, (bytes, from, to) => {
    const v = utf8Verdict(bytes, from, to);
    if (v === 'multibyte') good++;
    else if (v === 'invalid') bad++;
    return 'ascii';
  });
  return bad > good;
}

/**
 * Looks at the text bytes of the .dbf (field names and character fields of up to the first 4 MB of
 * records) with `verdict` (strict UTF-8, or shaped like GB18030): 'invalid' as soon as one text is not, else
 * whether any text had multi-byte characters. A multi-byte sequence cut off at the end of a field's text is
 * not counted against the encoding: writers truncate names and values to the field width mid-character
 * (GDAL does).
 */
function sniffTextBytes(dbf: Uint8Array, verdict: (bytes: Uint8Array, from: number, to: number) => Verdict): Verdict {
  const read = readDbfLayout(dbf);
  if (!read.ok) return 'ascii';
  const { fields, headerLength, recordLength, availableRecords } = read.layout;
  let nonAscii = false;
  const look = (from: number, to: number): boolean => {
    while (to > from && (dbf[to - 1] === 0x20 || dbf[to - 1] === 0)) to--; // padding after a cut value
    const v = verdict(dbf, from, to);
    nonAscii ||= v === 'multibyte';
    return v !== 'invalid';
  };
  for (const f of fields) {
    if (!look(f.nameBytes.byteOffset - dbf.byteOffset, f.nameBytes.byteOffset - dbf.byteOffset + f.nameBytes.length)) return 'invalid';
  }
  const text = fields.filter((f) => f.type === 'C');
  const records = Math.min(availableRecords, Math.floor(SNIFF_BYTES / Math.max(recordLength, 1)));
  for (let r = 0, base = headerLength; r < records; r++, base += recordLength) {
    for (const f of text) if (!look(base + f.offset, base + f.offset + f.width)) return 'invalid';
  }
  return nonAscii ? 'multibyte' : 'ascii';
}

/** Strict UTF-8 check of bytes[from, to) (no overlongs, surrogates or values past U+10FFFF); a sequence cut by `to` is allowed. */
function utf8Verdict(bytes: Uint8Array, from: number, to: number): Verdict {
  let multibyte = false;
  let i = from;
  while (i < to) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
    let need: number;
    let min2 = 0x80, max2 = 0xbf; // allowed range of the second byte
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) { need = 2; if (b === 0xe0) min2 = 0xa0; if (b === 0xed) max2 = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; if (b === 0xf0) min2 = 0x90; if (b === 0xf4) max2 = 0x8f; }
    else return 'invalid';
    for (let k = 1; k <= need; k++) {
      if (i + k >= to) return multibyte ? 'multibyte' : 'ascii'; // cut by the field's end
      const c = bytes[i + k]!;
      if (k === 1 ? c < min2 || c > max2 : c < 0x80 || c > 0xbf) return 'invalid';
    }
    multibyte = true;
    i += need + 1;
  }
  return multibyte ? 'multibyte' : 'ascii';
}

/**
 * Whether bytes[from, to) are shaped like GB18030 (byte ranges only, as the WHATWG decoder expects them):
 * two-byte characters 81–FE then 40–7E / 80–FE (all of GBK), four-byte ones 81–FE 30–39 81–FE 30–39, and
 * 80 alone (€); FF, or a lead byte followed by anything else, is not. A character cut by `to` is allowed,
 * as for UTF-8.
 */
function gb18030Verdict(bytes: Uint8Array, from: number, to: number): Verdict {
  let multibyte = false;
  let i = from;
  while (i < to) {
    const b = bytes[i]!;
    if (b <= 0x80) { i++; multibyte ||= b === 0x80; continue; }
    if (b === 0xff) return 'invalid';
    if (i + 1 >= to) break; // cut by the field's end
    const c = bytes[i + 1]!;
    if ((c >= 0x40 && c <= 0x7e) || (c >= 0x80 && c <= 0xfe)) {
      i += 2;
    } else if (c >= 0x30 && c <= 0x39) {
      if (i + 2 >= to) break;
      const d = bytes[i + 2]!;
      if (d < 0x81 || d > 0xfe) return 'invalid';
      if (i + 3 >= to) break;
      const e = bytes[i + 3]!;
      if (e < 0x30 || e > 0x39) return 'invalid';
      i += 4;
    } else {
      return 'invalid';
    }
    multibyte = true;
  }
  return multibyte ? 'multibyte' : 'ascii';
}
