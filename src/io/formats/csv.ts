/**
 * CSV (and tab-separated .txt) reader for the tables people export from Excel, WPS, QGIS or GDAL: RFC 4180
 * quoting (doubled quotes, line breaks inside quotes, CRLF or LF), a BOM, and the delimiter sniffed among
 * comma, semicolon, tab and the Chinese full-width comma "，". Text is UTF-8 when it decodes as such, else
 * GB18030 (what Chinese Excel saves), unless the user chose. Geometry comes from a WKT column (by name or by
 * its values) or from an X/Y pair of columns (as points, X read as x even where Chinese survey tables mean
 * the northing: the loader's CRS detection recognises swapped axes); without either, the table is an
 * attribute table with null geometries. Values stay strings for the loader to coerce; field types are
 * inferred from them for the report.
 */
import type { Geometry } from 'geojson';
import { layerGeometryKind, TICK_EVERY, type EncodingInfo, type ReadOptions, type SourceFeature, type SourceField, type SourceFieldType, type SourceResult } from '../source';
import type { IoError, IoWarning } from './types';
import { looksLikeWkt, parseWkt } from './wkt';

/** Candidate delimiters, in the order that wins a tie. */
const DELIMITERS = ['\t', ';', ',', '\uFF0C'] as const;
/** Header names of a WKT column (compared lower-case, without spaces, underscores or hyphens). */
const WKT_NAMES = new Set(['wkt', 'geometry', 'geom', 'thegeom', 'shape', 'wktgeom', 'geometrywkt', 'geomwkt', '几何', '坐标串', '几何图形', '空间信息']);
/** X/Y column name pairs (same normalisation), most specific first. */
const XY_NAMES: [string, string][] = [
  ['x坐标', 'y坐标'], ['横坐标', '纵坐标'], ['经度', '纬度'], ['东坐标', '北坐标'], ['pointx', 'pointy'],
  ['longitude', 'latitude'], ['lon', 'lat'], ['lng', 'lat'], ['long', 'lat'], ['easting', 'northing'],
  ['xcoord', 'ycoord'], ['x', 'y'], ['e', 'n'],
];
/** At most this many warnings of one kind name their rows; the rest are counted in one more. */
const WARNINGS_PER_KIND = 20;

const normalise = (name: string): string => name.trim().toLowerCase().replace(/[\s_-]/g, '');

function fail(file: string, problem: string, fix: string, index?: number): SourceResult {
  return { ok: false, error: index === undefined ? { file, problem, fix } : ({ file, feature: { index }, problem, fix } satisfies IoError) };
}

/** Decodes the bytes: the user's encoding, else a BOM's, else UTF-8 if valid, else GB18030. */
export function decodeCsvText(bytes: Uint8Array, forced?: string): { text: string; encoding: EncodingInfo } {
  if (forced) return { text: stripBom(new TextDecoder(forced).decode(bytes)), encoding: { label: forced, how: 'user' } };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: { label: 'utf-8', how: 'bom' } };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: { label: 'utf-16le', how: 'bom', evidence: 'BOM FF FE (Excel "Unicode text")' } };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: { label: 'utf-16be', how: 'bom', evidence: 'BOM FE FF' } };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // eslint-disable-next-line no-control-regex
    const ascii = !/[^\x00-\x7f]/.test(text);
    return { text, encoding: ascii ? { label: 'utf-8', how: 'default', evidence: 'ASCII only' } : { label: 'utf-8', how: 'sniffed', evidence: 'valid UTF-8' } };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: { label: 'gb18030', how: 'sniffed', evidence: 'not valid UTF-8' } };
  }
}

const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** How often `delimiter` occurs outside quotes on each of the first lines. */
function countsPerLine(sample: string, delimiter: string): number[] {
  const counts: number[] = [];
  let n = 0;
  let quoted = false;
  for (let i = 0; i < sample.length; i++) {
    const c = sample[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === delimiter) n++;
    else if (!quoted && c === '\n') {
      counts.push(n);
      n = 0;
    }
  }
  if (n > 0) counts.push(n);
  return counts;
}

/** The delimiter whose count on the header line is repeated on the most of the following lines (ties: more columns). */
export function sniffDelimiter(text: string): string {
  const sample = text.slice(0, 64 * 1024).replace(/\r\n?/g, '\n').split('\n').slice(0, 30).join('\n');
  let best: string = ',';
  let bestScore = -1;
  let bestColumns = 0;
  for (const d of DELIMITERS) {
    const counts = countsPerLine(sample, d);
    const header = counts[0] ?? 0;
    if (header === 0) continue;
    const rest = counts.slice(1);
    const score = rest.length === 0 ? 0 : rest.filter((c) => c === header).length / rest.length;
    if (score > bestScore || (score === bestScore && header > bestColumns)) {
      best = d;
      bestScore = score;
      bestColumns = header;
    }
  }
  return best;
}

interface Row {
  cells: string[];
  /** 1-based line where the row starts. */
  line: number;
}

/** RFC 4180 records. A quote left open is an error naming the line it opened on. */
function parseRecords(text: string, delimiter: string): { ok: true; rows: Row[] } | { ok: false; line: number } {
  const rows: Row[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const n = text.length;
  const endRow = (): void => {
    cells.push(cell);
    // Blank lines and rows of only delimiters (Excel leaves `,,,,` rows behind) are no records.
    if (cells.some((v) => v !== '')) rows.push({ cells, line: rowLine });
    cells = [];
    cell = '';
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '"' && cell === '') {
      // A quoted cell: up to the closing quote; "" is a quote; line breaks are part of the value.
      const opened = line;
      i++;
      let value = '';
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return { ok: false, line: opened };
        value += text.slice(i, q);
        for (let k = i; k < q; k++) if (text.charCodeAt(k) === 10) line++;
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // Text after the closing quote (`"a"b`) is kept, as Excel does.
      cell = value;
      while (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') cell += text[i++];
      continue;
    }
    if (c === delimiter) {
      cells.push(cell);
      cell = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
    } else {
      // Plain run up to the next delimiter, quote or line break.
      let j = i + 1;
      while (j < n) {
        const d = text[j];
        if (d === delimiter || d === '\n' || d === '\r') break;
        j++;
      }
      cell += text.slice(i, j);
      i = j;
    }
  }
  if (cell !== '' || cells.length > 0) endRow();
  return { ok: true, rows };
}

/** Unique, non-empty header names: blanks become `field_N`, repeats get `_2`, `_3`. */
function headerNames(cells: readonly string[], file: string, warnings: IoWarning[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((raw, i) => {
    let name = raw.trim() || `field_${i + 1}`;
    const times = (seen.get(name) ?? 0) + 1;
    seen.set(name, times);
    if (times > 1) {
      warnings.push({ file, code: 'duplicate-field', field: name, message: `the column name "${name}" appears ${times} times; column ${i + 1} is read as "${name}_${times}"` });
      name = `${name}_${times}`;
    }
    return name;
  });
}

type GeometrySource = { kind: 'wkt'; column: number } | { kind: 'xy'; x: number; y: number } | { kind: 'none' };

/** Finds the geometry: a WKT column by name (its values WKT or empty), any column whose values are WKT, or an X/Y pair. */
function findGeometry(names: readonly string[], rows: readonly Row[]): GeometrySource {
  const sampleOf = (column: number): string[] => {
    const values: string[] = [];
    for (let r = 1; r < rows.length && values.length < 20; r++) {
      const v = rows[r]!.cells[column]?.trim();
      if (v) values.push(v);
    }
    return values;
  };
  const allWkt = (column: number): boolean => sampleOf(column).every(looksLikeWkt);
  const byName = names.findIndex((n, i) => WKT_NAMES.has(normalise(n)) && allWkt(i));
  if (byName >= 0) return { kind: 'wkt', column: byName };
  const byValue = names.findIndex((_, i) => sampleOf(i).length > 0 && allWkt(i));
  if (byValue >= 0) return { kind: 'wkt', column: byValue };
  const normalised = names.map(normalise);
  for (const [xName, yName] of XY_NAMES) {
    const x = normalised.indexOf(xName);
    const y = normalised.indexOf(yName);
    if (x >= 0 && y >= 0) return { kind: 'xy', x, y };
  }
  return { kind: 'none' };
}

/** A coordinate cell as a number: spaces and thousands separators tolerated; null when it is no number. */
function coordinate(cell: string | undefined): number | null {
  const t = (cell ?? '').trim().replace(/[\s,](?=\d{3}(\D|$))/g, '');
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : null;
}

const DATE = /^\d{4}([-/.])\d{1,2}\1\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;
const BOOLEAN = /^(true|false)$/i;

/** 2 for an integer without leading zeros, 1 for another decimal number, 0 for anything else. Scans the
 *  characters itself: this runs on every cell of every column. */
function numberKind(v: string): 0 | 1 | 2 {
  let i = 0;
  const n = v.length;
  if (v[i] === '+' || v[i] === '-') i++;
  const intStart = i;
  while (i < n && v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) i++;
  const intDigits = i - intStart;
  if (i === n) return intDigits === 0 ? 0 : intDigits > 1 && v[intStart] === '0' ? 0 : 2;
  let fracDigits = 0;
  if (v[i] === '.') {
    i++;
    const fracStart = i;
    while (i < n && v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) i++;
    fracDigits = i - fracStart;
  }
  if (intDigits === 0 && fracDigits === 0) return 0;
  if (intDigits > 1 && v[intStart] === '0') return 0;
  if (i < n && (v[i] === 'e' || v[i] === 'E')) {
    i++;
    if (v[i] === '+' || v[i] === '-') i++;
    const expStart = i;
    while (i < n && v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) i++;
    if (i === expStart) return 0;
  }
  return i === n ? 1 : 0;
}

/** The type every non-empty value of a column fits; codes with leading zeros (`0012`) stay strings. */
function inferType(rows: readonly Row[], column: number): SourceFieldType {
  let integer = true;
  let number = true;
  let date = true;
  let boolean = true;
  let any = false;
  for (let r = 1; r < rows.length; r++) {
    const raw = rows[r]!.cells[column] ?? '';
    const v = raw.length > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw;
    if (v === '') continue;
    any = true;
    if (number) {
      const kind = numberKind(v);
      if (kind !== 2) integer = false;
      if (kind === 0) number = false;
    }
    if (date && !DATE.test(v)) date = false;
    if (boolean && !BOOLEAN.test(v)) boolean = false;
    if (!number && !date && !boolean) return 'string';
  }
  if (!any) return 'unknown';
  return integer ? 'integer' : number ? 'number' : date ? 'date' : boolean ? 'boolean' : 'string';
}

/** Warnings of one kind, the first few naming their rows and one more counting the rest. */
class RowWarnings {
  private count = 0;
  constructor(
    private readonly file: string,
    private readonly code: IoWarning['code'],
    private readonly warnings: IoWarning[],
  ) {}
  add(message: string, index: number, field?: string): void {
    if (++this.count <= WARNINGS_PER_KIND) this.warnings.push({ file: this.file, code: this.code, message, feature: { index }, ...(field ? { field } : {}) });
  }
  finish(what: string): void {
    if (this.count > WARNINGS_PER_KIND) this.warnings.push({ file: this.file, code: this.code, message: `and ${this.count - WARNINGS_PER_KIND} more rows ${what}` });
  }
}

const layerName = (file: string): string => file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');

export async function readCsv(bytes: Uint8Array, name: string, options?: ReadOptions): Promise<SourceResult> {
  if (bytes.length === 0) return fail(name, 'The file is empty (0 bytes).', 'Export the table again as CSV.');
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    return fail(name, 'The file is an Excel workbook (.xlsx) or another zip archive, not CSV text.', 'In Excel or WPS choose File › Save As › "CSV UTF-8 (comma delimited)" and load that file.');
  }
  const { text, encoding } = decodeCsvText(bytes, options?.encoding);
  if (text.includes('\u0000')) {
    return fail(name, 'The file holds binary data (zero bytes), not CSV text.', 'Save the table as CSV text; if it is UTF-16 text without a byte-order mark, choose the encoding by hand.');
  }
  const delimiter = sniffDelimiter(text);
  const parsed = parseRecords(text, delimiter);
  if (!parsed.ok) {
    return fail(name, `The quote (") opened on line ${parsed.line} is never closed, so the rest of the file would be one value.`, `Close the quote on line ${parsed.line} or remove it (inside a quoted value a quote is written twice: "").`);
  }
  const { rows } = parsed;
  if (rows.length === 0) return fail(name, 'The file holds no rows, not even a header.', 'Export the table again with its header row.');
  const warnings: IoWarning[] = [];
  const names = headerNames(rows[0]!.cells, name, warnings);
  const geometrySource = findGeometry(names, rows);
  const ragged = new RowWarnings(name, 'coercion-failed', warnings);
  const badGeometry = new RowWarnings(name, 'coercion-failed', warnings);
  const propertyColumns = names.map((_, i) => i).filter((i) => !(geometrySource.kind === 'wkt' && i === geometrySource.column));
  // Copies of a JSON.parse-built object stay in V8's fast mode; 30 keys added one by one would not.
  const template = JSON.parse(`{${propertyColumns.map((c) => `${JSON.stringify(names[c])}:null`).join(',')}}`) as Record<string, null>;
  const features: SourceFeature[] = [];
  for (let r = 1; r < rows.length; r++) {
    const index = r - 1;
    if (index > 0 && index % TICK_EVERY === 0) await options?.tick?.(r / rows.length);
    const { cells, line } = rows[r]!;
    if (cells.length !== names.length) {
      const what = cells.length < names.length ? 'the missing ones are left empty' : 'the extra ones are dropped';
      ragged.add(`row ${index + 1} (line ${line}) has ${cells.length} values where the header has ${names.length} columns; ${what}`, index);
    }
    const properties: Record<string, unknown> = { ...template };
    for (const c of propertyColumns) properties[names[c]!] = cells[c] ?? null;
    let geometry: Geometry | null = null;
    if (geometrySource.kind === 'wkt') {
      const wkt = parseWkt(cells[geometrySource.column] ?? '');
      if (wkt.ok) geometry = wkt.geometry;
      else badGeometry.add(`row ${index + 1} (line ${line}): the ${names[geometrySource.column]} value is not valid WKT (${wkt.problem}); the row is read without geometry`, index, names[geometrySource.column]);
    } else if (geometrySource.kind === 'xy') {
      const xCell = cells[geometrySource.x];
      const yCell = cells[geometrySource.y];
      const x = coordinate(xCell);
      const y = coordinate(yCell);
      if (x !== null && y !== null) geometry = { type: 'Point', coordinates: [x, y] };
      else if ((xCell ?? '').trim() !== '' || (yCell ?? '').trim() !== '') {
        badGeometry.add(`row ${index + 1} (line ${line}): the coordinates "${xCell ?? ''}", "${yCell ?? ''}" are not two numbers; the row is read without geometry`, index);
      }
    }
    features.push({ geometry, properties });
  }
  ragged.finish('have a different number of values than the header');
  badGeometry.finish('are read without geometry');
  const fields: SourceField[] = propertyColumns.map((c) => ({ name: names[c]!, type: inferType(rows, c) }));
  return {
    ok: true,
    layers: [{
      name: layerName(name),
      format: 'csv',
      files: [name],
      features,
      fields,
      geometryKind: layerGeometryKind(features),
      declaredCrs: null,
      encoding,
      warnings,
    }],
  };
}
