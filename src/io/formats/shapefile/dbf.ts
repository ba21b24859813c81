/**
 * The .dbf part of a Shapefile (dBASE III table): field layout, then one row per record, decoded with the
 * encoding the caller chose (encoding.ts guesses it). Values become what GDAL reads too: C → trimmed string
 * (blank → null), N/F → number (blank or `***` → null), D → `YYYY-MM-DD`, L → boolean. A numeric field full
 * of `*` is how shapelib (so GDAL, QGIS) and PostGIS write an empty number (DBFWriteNULLAttribute), and
 * shapelib reads a leading `*` as null (DBFIsAttributeNULL); dBASE-family tools write the same bytes for a
 * value too wide for the field, so the two cannot be told apart and it is read as null without a warning.
 * (GDAL itself does not star an overflowing value: it cuts its text to the field width.) A record
 * flagged deleted (`*`) yields null: it keeps its place, so the .shp record of the same number stays aligned.
 */
import type { SourceFieldType } from '../../source';
import type { IoWarning } from '../types';
import { count } from '../count';

const DESCRIPTOR_BYTES = 32;
const TERMINATOR = 0x0d;
const DELETED = 0x2a;
const SPACE = 0x20;

/** A field as laid out in the header, name not yet decoded. */
export interface DbfFieldLayout {
  nameBytes: Uint8Array;
  /** dBASE type letter: C, N, F, D, L, M, … */
  type: string;
  width: number;
  decimals: number;
  /** Byte offset inside a record (the deletion flag is byte 0). */
  offset: number;
}

export interface DbfLayout {
  recordCount: number;
  headerLength: number;
  recordLength: number;
  /** Language-driver id (byte 29); 0 when the writer left it out. */
  ldid: number;
  fields: DbfFieldLayout[];
  /** Records whose bytes are really in the file (fewer than `recordCount` when it was cut short). */
  availableRecords: number;
}

const BROKEN_FIX = 'Export the layer again from the GIS, or open the .dbf in QGIS / LibreOffice to check it.';

/** The header and field descriptors; a problem (a sentence) when they are not a dBASE table. */
export function readDbfLayout(bytes: Uint8Array): { ok: true; layout: DbfLayout } | { ok: false; problem: string; fix: string } {
  const fail = (problem: string) => ({ ok: false as const, problem, fix: BROKEN_FIX });
  if (bytes.length < 32) return fail(`The .dbf is ${count(bytes.length)} bytes long; its header alone is 32.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if ((bytes[0]! & 0x07) === 4) return fail('The .dbf is a dBASE 7 table, which Shapefiles do not use.');
  const recordCount = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  if (headerLength < 33 || headerLength > bytes.length) {
    return fail(`The .dbf's header claims ${count(headerLength)} bytes but the file has ${count(bytes.length)}: it is damaged or not a .dbf.`);
  }
  const fields: DbfFieldLayout[] = [];
  let offset = 1;
  for (let at = DESCRIPTOR_BYTES; at + DESCRIPTOR_BYTES <= headerLength && bytes[at] !== TERMINATOR; at += DESCRIPTOR_BYTES) {
    let nameEnd = at;
    while (nameEnd < at + 11 && bytes[nameEnd] !== 0) nameEnd++;
    const type = String.fromCharCode(bytes[at + 11]!).toUpperCase();
    const numeric = type === 'N' || type === 'F';
    // As shapelib: only numeric fields have decimals; others use that byte as the high byte of the width.
    const width = numeric ? bytes[at + 16]! : bytes[at + 16]! + 256 * bytes[at + 17]!;
    fields.push({ nameBytes: bytes.subarray(at, nameEnd), type, width, decimals: numeric ? bytes[at + 17]! : 0, offset });
    offset += width;
  }
  if (recordCount > 0 && offset > recordLength) {
    return fail(`The .dbf's fields take ${count(offset)} bytes per record but its header says records are ${count(recordLength)}: it is damaged.`);
  }
  const room = recordLength === 0 ? 0 : Math.floor((bytes.length - headerLength) / recordLength);
  return { ok: true, layout: { recordCount, headerLength, recordLength, ldid: bytes[29]!, fields, availableRecords: Math.min(recordCount, room) } };
}

export interface DbfField {
  name: string;
  /** dBASE type letter. */
  type: string;
  width: number;
  decimals: number;
  valueType: SourceFieldType;
}

function valueTypeOf(type: string, decimals: number): SourceFieldType {
  switch (type) {
    case 'C': return 'string';
    case 'N': case 'F': return decimals === 0 ? 'integer' : 'number';
    case 'I': case '+': return 'integer';
    case 'O': return 'number';
    case 'D': return 'date';
    case 'L': return 'boolean';
    default: return 'unknown';
  }
}

/** Memo-like types whose values live in a .dbt/.fpt the Shapefile set does not include. */
const MEMO_TYPES = new Set(['M', 'B', 'G', 'P']);

/** Field names: decoded, trimmed; blanks become FIELD_n and repeats get `_2`, `_3` (a warning says so). */
function decodeFieldNames(layout: DbfLayout, decoder: TextDecoder): { names: string[]; renamed: [string, string][] } {
  const seen = new Set<string>();
  const renamed: [string, string][] = [];
  const names = layout.fields.map((f, i) => {
    const raw = decoder.decode(f.nameBytes).trim();
    let name = raw === '' ? `FIELD_${i + 1}` : raw;
    for (let n = 2; seen.has(name); n++) name = `${raw === '' ? `FIELD_${i + 1}` : raw}_${n}`;
    if (name !== raw) renamed.push([raw, name]);
    seen.add(name);
    return name;
  });
  return { names, renamed };
}

/** Trimmed [start, end) of a field: spaces and NULs off both ends. */
/** The trimmed range of the last `trim` call (module state, so 1.7M values allocate no tuples). */
let trimStart = 0;
let trimEnd = 0;

function trim(bytes: Uint8Array, start: number, end: number): void {
  while (start < end && (bytes[start] === SPACE || bytes[start] === 0)) start++;
  while (end > start && (bytes[end - 1] === SPACE || bytes[end - 1] === 0)) end--;
  trimStart = start;
  trimEnd = end;
}

/** The bytes as a Latin-1 string: a cheap key for the decoded-text cache. */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

let asciiDecoder: TextDecoder | undefined;

/** Per text field, decoded values by their bytes: town, industry and scale repeat over 100k rows. */
const CACHE_LIMIT = 4096;

/** The bytes as a string when they are all ASCII (no decoder call: most values are short codes and numbers), else null. */
function asciiString(bytes: Uint8Array, start: number, end: number): string | null {
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return null;
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * A dBASE numeric text → number, undefined when it is not one. Plain decimals with at most 15 digits take
 * the exact fast path (an integer mantissa divided once by a power of ten, correctly rounded like strtod);
 * anything else (exponents, long digit runs) goes through Number(). Trailing zeros of the fraction are not
 * counted: GDAL writes reals as `1234.567000000000000` (15 decimals), which are 7 digits, not 19.
 */
function parseNumber(bytes: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  const negative = bytes[i] === 0x2d;
  if (negative || bytes[i] === 0x2b) i++;
  let mantissa = 0;
  let digits = 0; // significant digits so far (leading integer zeros do not count)
  let fraction = -1; // digits after the point; -1 before it
  let sawDigit = false;
  let zeros = 0; // zeros after the point not yet taken into the mantissa (if they trail, they change nothing)
  for (; i < end; i++) {
    const b = bytes[i]!;
    if (b >= 0x30 && b <= 0x39) {
      sawDigit = true;
      if (fraction >= 0 && b === 0x30) {
        zeros++;
        continue;
      }
      for (; zeros > 0; zeros--) {
        mantissa *= 10;
        digits++;
        fraction++;
      }
      mantissa = mantissa * 10 + (b - 0x30);
      if (mantissa > 0 || fraction >= 0) digits++;
      if (fraction >= 0) fraction++;
    } else if (b === 0x2e && fraction < 0) fraction = 0;
    else break;
  }
  if (i === end && sawDigit && digits <= 15) {
    const value = fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
    return negative ? -value : value;
  }
  const text = asciiString(bytes, start, end);
  const value = text === null ? NaN : Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Reads rows of a .dbf one at a time; value problems are collected as warnings (one per field). */
export class DbfReader {
  readonly fields: DbfField[];
  readonly warnings: IoWarning[] = [];
  private readonly decoder: TextDecoder;
  private readonly bad = new Map<number, { count: number; firstRecord: number; sample: string }>();

  constructor(
    private readonly bytes: Uint8Array,
    readonly layout: DbfLayout,
    encoding: string,
    private readonly file: string,
  ) {
    this.decoder = new TextDecoder(encoding);
    const { names, renamed } = decodeFieldNames(layout, this.decoder);
    this.fields = layout.fields.map((f, i) => ({ name: names[i]!, type: f.type, width: f.width, decimals: f.decimals, valueType: valueTypeOf(f.type, f.decimals) }));
    for (const [raw, name] of renamed) {
      this.warnings.push({ file, code: 'duplicate-field', field: name, message: raw === '' ? `a field of the .dbf has no name; it is called ${name}` : `the .dbf has two fields named ${raw}; the second is called ${name}` });
    }
    this.fields.forEach((f) => {
      if (MEMO_TYPES.has(f.type)) this.warnings.push({ file, code: 'coercion-failed', field: f.name, message: `field ${f.name} is a memo field (type ${f.type}); its text is in a .dbt/.fpt file that is not read, so it is left empty` });
    });
  }

  /** Whether record `index` (0-based) is flagged deleted. */
  isDeleted(index: number): boolean {
    return this.bytes[this.layout.headerLength + index * this.layout.recordLength] === DELETED;
  }

  /** The row of record `index` (0-based, < layout.availableRecords); null when the record is deleted. */
  readRow(index: number): Record<string, unknown> | null {
    if (this.isDeleted(index)) return null;
    const base = this.layout.headerLength + index * this.layout.recordLength;
    const row: Record<string, unknown> = {};
    const { fields } = this.layout;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      row[this.fields[i]!.name] = this.readValue(f, i, base + f.offset, index);
    }
    return row;
  }

  /** Warnings for the values that could not be read, one per field. */
  valueWarnings(): IoWarning[] {
    return [...this.bad.entries()].map(([i, b]) => {
      const f = this.fields[i]!;
      return {
        file: this.file, code: 'coercion-failed', field: f.name, feature: { index: b.firstRecord },
        message: `${count(b.count)} value${b.count === 1 ? '' : 's'} of ${f.name} (type ${f.type}) could not be read and ${b.count === 1 ? 'is' : 'are'} left empty, first in record ${count(b.firstRecord + 1)}: "${b.sample}"`,
      };
    });
  }

  private readonly textCache = new Map<number, Map<string, string>>();
  /** Whole text columns decoded in one call, by field; null when a column cannot be split safely. */
  private readonly textColumns = new Map<number, string[] | null>();

  private textColumn(fieldIndex: number): string[] | null {
    let column = this.textColumns.get(fieldIndex);
    if (column === undefined) this.textColumns.set(fieldIndex, (column = this.decodeColumn(fieldIndex)));
    return column;
  }

  /** Text of a field whose column could not be decoded at once: value by value, repeats from a cache. */
  private decodeText(fieldIndex: number, start: number, end: number): string {
    let cache = this.textCache.get(fieldIndex);
    if (!cache) this.textCache.set(fieldIndex, (cache = new Map()));
    if (cache.size >= CACHE_LIMIT) return this.decoder.decode(this.bytes.subarray(start, end));
    const key = latin1(this.bytes, start, end);
    let text = cache.get(key);
    if (text === undefined) cache.set(key, (text = this.decoder.decode(this.bytes.subarray(start, end))));
    return text;
  }

  /**
   * A text field's whole column. A decoder call per value costs microseconds (100k enterprise names: seconds
   * in a browser), so the column is decoded at once: every record's trimmed bytes joined by NUL, which is
   * never part of a GBK or UTF-8 multi-byte character, then split. ASCII decodes to itself in every
   * encoding offered, so ASCII values come out as they would one by one.
   */
  private decodeColumn(fieldIndex: number): string[] | null {
    const { bytes, layout } = this;
    const f = layout.fields[fieldIndex]!;
    const n = layout.availableRecords;
    const joined = new Uint8Array(n * (f.width + 1));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 0;
    let high = 0; // every byte OR-ed: below 0x80 means the column is ASCII
    for (let r = 0; r < n; r++) {
      const base = layout.headerLength + r * layout.recordLength + f.offset;
      // Text is short and its padding long (GDAL writes 80 wide): trailing spaces are skipped four at a time.
      let end = base + f.width;
      while (end - base >= 4 && view.getUint32(end - 4) === 0x20202020) end -= 4;
      trim(bytes, base, end);
      for (let i = trimStart; i < trimEnd; i++) {
        const b = bytes[i]!;
        if (b === 0) return null; // a NUL inside a value: the split would shift; decode value by value
        high |= b;
        joined[at++] = b;
      }
      joined[at++] = 0;
    }
    // ASCII reads the same in every encoding offered; the UTF-8 decoder is the platform's fastest.
    const decoder = high < 0x80 ? (asciiDecoder ??= new TextDecoder('utf-8')) : this.decoder;
    const parts = decoder.decode(joined.subarray(0, at)).split('\u0000');
    return parts.length === n + 1 ? parts : null;
  }

  private readValue(f: DbfFieldLayout, fieldIndex: number, at: number, record: number): unknown {
    const bytes = this.bytes;
    // Text from the field's column, decoded in one call (ASCII too: a string built per value is garbage the
    // collector then spends seconds on over 100k rows), trimmed there once; a blank one is looked at below.
    if (f.type === 'C') {
      const text = this.textColumn(fieldIndex)?.[record];
      if (text) return text;
    }
    trim(bytes, at, at + f.width);
    const start = trimStart;
    const end = trimEnd;
    if (start === end) return null;
    switch (f.type) {
      case 'C': {
        // Value by value where the column cannot be split (a NUL inside a value).
        const column = this.textColumn(fieldIndex);
        return column ? column[record]! : asciiString(bytes, start, end) ?? this.decodeText(fieldIndex, start, end);
      }
      case 'N': case 'F': {
        if (bytes[start] === 0x2a) return null; // `*****`: null as shapelib writes it (or a dBASE overflow; see the top)
        const n = parseNumber(bytes, start, end);
        return n === undefined ? this.reject(fieldIndex, record, start, end) : n;
      }
      case 'D': {
        const text = asciiString(bytes, start, end);
        if (text === '00000000') return null;
        if (text === null || !/^\d{8}$/.test(text)) return this.reject(fieldIndex, record, start, end);
        return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
      }
      case 'L': {
        const c = bytes[start]!;
        if (c === 0x59 || c === 0x79 || c === 0x54 || c === 0x74) return true; // Y y T t
        if (c === 0x4e || c === 0x6e || c === 0x46 || c === 0x66) return false; // N n F f
        return c === 0x3f ? null : this.reject(fieldIndex, record, start, end);
      }
      case 'I': case '+':
        return f.width === 4 ? new DataView(bytes.buffer, bytes.byteOffset + at, 4).getInt32(0, true) : this.reject(fieldIndex, record, start, end);
      case 'O':
        return f.width === 8 ? new DataView(bytes.buffer, bytes.byteOffset + at, 8).getFloat64(0, true) : this.reject(fieldIndex, record, start, end);
      default:
        return MEMO_TYPES.has(f.type) ? null : this.decoder.decode(bytes.subarray(start, end));
    }
  }

  private reject(fieldIndex: number, record: number, start: number, end: number): null {
    const b = this.bad.get(fieldIndex);
    if (b) b.count++;
    else this.bad.set(fieldIndex, { count: 1, firstRecord: record, sample: this.decoder.decode(this.bytes.subarray(start, end)) });
    return null;
  }
}

/** A whole .dbf at once: fields and rows (null = deleted record). */
export function parseDbf(bytes: Uint8Array, encoding: string, file = 'table.dbf'):
  { ok: true; fields: DbfField[]; rows: (Record<string, unknown> | null)[]; layout: DbfLayout; warnings: IoWarning[] } | { ok: false; problem: string; fix: string } {
  const read = readDbfLayout(bytes);
  if (!read.ok) return read;
  const reader = new DbfReader(bytes, read.layout, encoding, file);
  const rows: (Record<string, unknown> | null)[] = [];
  for (let i = 0; i < read.layout.availableRecords; i++) rows.push(reader.readRow(i));
  return { ok: true, fields: reader.fields, rows, layout: read.layout, warnings: [...reader.warnings, ...reader.valueWarnings()] };
}

export interface DbfPreview {
  fields: string[];
  /** The first rows (deleted records left out), every value as trimmed text. */
  rows: string[][];
}

/** Field names and the first `rows` rows as text in `encoding`, to show the user what another encoding gives; null when the header is broken. */
export function previewDbf(bytes: Uint8Array, encoding: string, rows: number): DbfPreview | null {
  const read = readDbfLayout(bytes);
  if (!read.ok) return null;
  const { layout } = read;
  const decoder = new TextDecoder(encoding);
  const out: string[][] = [];
  for (let r = 0; r < layout.availableRecords && out.length < rows; r++) {
    const base = layout.headerLength + r * layout.recordLength;
    if (bytes[base] === DELETED) continue;
    out.push(layout.fields.map((f) => {
      trim(bytes, base + f.offset, base + f.offset + f.width);
      return decoder.decode(bytes.subarray(trimStart, trimEnd));
    }));
  }
  return { fields: decodeFieldNames(layout, decoder).names, rows: out };
}
