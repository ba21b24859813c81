/**
 * The FlatGeobuf preamble, checked before any feature is touched: magic bytes, the header's size prefix,
 * the header flatbuffer itself, and whether its feature count and spatial index fit in the file. A file
 * that fails here is refused with an IoError that says what is wrong and what to do; nothing downstream
 * has to trust the header's numbers. Shared by the local reader (whole file in memory) and the HTTP Range
 * reader (only a prefix in memory, the total size known from the server).
 */
import type { DeclaredCrs } from '../../source';
import { parseDeclaredCrs } from '../../../geo/crs-detect';
import type { IoError } from '../types';
import { Damaged, FlatMessage } from './flatbuffer';
import { treeBytes } from './packed-rtree';
import { count } from '../count';

/** FlatGeobuf column types (flatgeobuf's `ColumnType`), by their stored number. */
export const ColumnType = {
  Byte: 0, UByte: 1, Bool: 2, Short: 3, UShort: 4, Int: 5, UInt: 6, Long: 7, ULong: 8,
  Float: 9, Double: 10, String: 11, Json: 12, DateTime: 13, Binary: 14,
} as const;
export type ColumnType = (typeof ColumnType)[keyof typeof ColumnType];

/** FlatGeobuf geometry types (flatgeobuf's `GeometryType`) this reader turns into GeoJSON. */
export const GeometryType = {
  Unknown: 0, Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6, GeometryCollection: 7,
} as const;

export const GEOMETRY_TYPE_NAMES = [
  'Unknown', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection',
  'CircularString', 'CompoundCurve', 'CurvePolygon', 'MultiCurve', 'MultiSurface', 'Curve', 'Surface',
  'PolyhedralSurface', 'TIN', 'Triangle',
] as const;

export interface FgbColumn {
  name: string;
  type: ColumnType;
}

export interface FgbCrs {
  org: string | null;
  code: number;
  codeString: string | null;
  name: string | null;
  wkt: string | null;
}

export interface FgbHeader {
  name: string | null;
  geometryType: number;
  hasZ: boolean;
  columns: FgbColumn[];
  /** 0 = unknown (a streaming writer), otherwise exactly how many features follow. */
  featuresCount: number;
  /** 0 = no spatial index. */
  indexNodeSize: number;
  crs: FgbCrs | null;
  /** Byte offsets in the file: where the index starts, its size, where the first feature starts. */
  indexOffset: number;
  indexBytes: number;
  featuresOffset: number;
}

/** Bytes before the header: 8 magic bytes and the header's uint32 size. */
export const PREAMBLE_BYTES = 12;
/** The largest header we accept (the flatgeobuf package uses the same limit): a bigger size prefix is damage. */
const MAX_HEADER_BYTES = 10 * 1024 * 1024;
/** A feature needs at least its size prefix and a root table offset. */
const MIN_FEATURE_BYTES = 8;

const EXPORT_AGAIN = 'Export the layer as FlatGeobuf again, e.g. `ogr2ogr -f FlatGeobuf out.fgb in.shp`.';
export const COPY_AGAIN = 'Copy or download the file again (the copy was probably interrupted), or export it again from the GIS.';

export const fgbError = (file: string, problem: string, fix: string, featureIndex?: number): IoError =>
  featureIndex === undefined ? { file, problem, fix } : { file, feature: { index: featureIndex }, problem, fix };


/** What the first bytes look like when they are not FlatGeobuf, for the message. */
function impostor(bytes: Uint8Array): string {
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return 'it is JSON text (probably GeoJSON) with a .fgb name';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'it is a zip archive';
  if (bytes[0] === 0x00 && bytes[1] === 0x00 && bytes[2] === 0x27 && bytes[3] === 0x0a) return 'it is a Shapefile .shp';
  return 'it does not start with the "fgb" signature';
}

/**
 * Checks the magic bytes and the header size prefix against the file size. `bytes` is the start of the
 * file (at least PREAMBLE_BYTES when the file is that long). Returns where the header ends.
 */
export function checkPreamble(bytes: Uint8Array, fileSize: number, file: string): { ok: true; headerEnd: number } | { ok: false; error: IoError } {
  if (fileSize === 0) return { ok: false, error: fgbError(file, 'The file is empty (0 bytes).', COPY_AGAIN) };
  const isFgb = bytes[0] === 0x66 && bytes[1] === 0x67 && bytes[2] === 0x62;
  if (!isFgb || (bytes.length >= 7 && !(bytes[4] === 0x66 && bytes[5] === 0x67 && bytes[6] === 0x62))) {
    const what = impostor(bytes);
    const fix = what.startsWith('it is JSON') ? 'Load it as GeoJSON (rename it to .geojson), or export the layer as FlatGeobuf.' : EXPORT_AGAIN;
    return { ok: false, error: fgbError(file, `The file is not FlatGeobuf: ${what}.`, fix) };
  }
  if (bytes.length >= 4 && bytes[3] !== 3) {
    return { ok: false, error: fgbError(file, `The file is FlatGeobuf version ${bytes[3]}; this app reads version 3.`, EXPORT_AGAIN + ' GDAL 3.1 or later writes version 3.') };
  }
  if (fileSize < PREAMBLE_BYTES || bytes.length < PREAMBLE_BYTES) {
    return { ok: false, error: fgbError(file, `The file stops after ${fileSize} bytes, inside the FlatGeobuf signature and header size; it was cut short.`, COPY_AGAIN) };
  }
  const headerSize = new DataView(bytes.buffer, bytes.byteOffset, PREAMBLE_BYTES).getUint32(8, true);
  if (headerSize < 8 || headerSize > MAX_HEADER_BYTES) {
    return { ok: false, error: fgbError(file, `The FlatGeobuf header claims to be ${count(headerSize)} bytes long, which no valid header is; the file is damaged.`, COPY_AGAIN) };
  }
  const headerEnd = PREAMBLE_BYTES + headerSize;
  if (headerEnd > fileSize) {
    return {
      ok: false,
      error: fgbError(file, `The FlatGeobuf header is ${count(headerSize)} bytes long but the file ends after ${count(fileSize - PREAMBLE_BYTES)} of them; it was cut short.`, COPY_AGAIN),
    };
  }
  return { ok: true, headerEnd };
}

function parseColumn(m: FlatMessage, table: number): FgbColumn {
  const name = m.stringField(table, 0) ?? '';
  const type = m.u8Field(table, 1, 0);
  if (type > ColumnType.Binary) throw new Damaged(`column "${name}" has unknown type number ${type}`);
  return { name, type: type as ColumnType };
}

/** The columns vector at field `index` of `table` (the header's field 7, a feature's field 2). */
export function parseColumns(m: FlatMessage, table: number, index: number): FgbColumn[] {
  const v = m.vector(table, index, 4);
  const columns: FgbColumn[] = [];
  for (let i = 0; i < m.length(v); i++) {
    columns.push(parseColumn(m, m.tableAt(v, i)));
  }
  return columns;
}

function parseCrs(m: FlatMessage, header: number): FgbCrs | null {
  const f = m.field(header, 10);
  if (f === 0) return null;
  const t = m.target(f);
  return { org: m.stringField(t, 0), code: m.i32Field(t, 1, 0), name: m.stringField(t, 2), wkt: m.stringField(t, 4), codeString: m.stringField(t, 5) };
}

/**
 * Parses the header flatbuffer (bytes [PREAMBLE_BYTES, headerEnd) of `bytes`) and checks that the promised
 * features and index can fit in a file of `fileSize` bytes.
 */
export function parseHeader(bytes: Uint8Array, headerEnd: number, fileSize: number, file: string): { ok: true; header: FgbHeader } | { ok: false; error: IoError } {
  let header: FgbHeader;
  try {
    const m = new FlatMessage(bytes);
    const h = m.at(PREAMBLE_BYTES, headerEnd);
    const columns = parseColumns(m, h, 7);
    header = {
      name: m.stringField(h, 0),
      geometryType: m.u8Field(h, 2, 0),
      hasZ: m.u8Field(h, 3, 0) !== 0,
      columns,
      featuresCount: m.u64Field(h, 8, 0),
      indexNodeSize: m.u16Field(h, 9, 16),
      crs: parseCrs(m, h),
      indexOffset: headerEnd,
      indexBytes: 0,
      featuresOffset: headerEnd,
    };
  } catch (e) {
    if (!(e instanceof Damaged)) throw e;
    return { ok: false, error: fgbError(file, `The FlatGeobuf header is damaged (${e.message}).`, COPY_AGAIN) };
  }
  const { featuresCount, indexNodeSize } = header;
  const afterHeader = fileSize - headerEnd;
  if (featuresCount === 0) {
    // 0 = unknown count. Only a header-only file (GDAL's empty layer) or a file without index is readable:
    // with an index the index's size depends on the count, so bytes after the header cannot be placed.
    if (indexNodeSize > 0 && afterHeader > 0) {
      return {
        ok: false,
        error: fgbError(
          file,
          `The FlatGeobuf header says the file holds 0 features with a spatial index (node size ${indexNodeSize}), but ${count(afterHeader)} bytes follow the header; the header is damaged or the program that wrote it did not finish.`,
          COPY_AGAIN,
        ),
      };
    }
    return { ok: true, header };
  }
  if (featuresCount * MIN_FEATURE_BYTES > afterHeader) {
    return {
      ok: false,
      error: fgbError(file, `The header promises ${count(featuresCount)} features but only ${count(afterHeader)} bytes follow it; the file was cut short or its header is damaged.`, COPY_AGAIN),
    };
  }
  const indexBytes = treeBytes(featuresCount, indexNodeSize);
  if (indexBytes === null) {
    return { ok: false, error: fgbError(file, `The FlatGeobuf header gives a spatial index node size of ${indexNodeSize}; a valid index has at least 2 entries per node. The file is damaged.`, COPY_AGAIN) };
  }
  if (indexBytes + featuresCount * MIN_FEATURE_BYTES > afterHeader) {
    return {
      ok: false,
      error: fgbError(file, `The spatial index of ${count(featuresCount)} features needs ${count(indexBytes)} bytes but only ${count(afterHeader)} follow the header; the file was cut short.`, COPY_AGAIN),
    };
  }
  header.indexBytes = indexBytes;
  header.featuresOffset = headerEnd + indexBytes;
  return { ok: true, header };
}

/** Header and validation in one step, for a file held completely in memory. */
export function readHeader(bytes: Uint8Array, file: string): { ok: true; header: FgbHeader } | { ok: false; error: IoError } {
  const pre = checkPreamble(bytes, bytes.length, file);
  return pre.ok ? parseHeader(bytes, pre.headerEnd, bytes.length, file) : pre;
}

/**
 * The CRS the header declares: its org:code mapped with `parseDeclaredCrs` (GDAL writes org "EPSG" and the
 * code; a code_string like "EPSG:4549" also counts). A code this app does not read keeps its text with crs null.
 */
export function declaredCrsOf(crs: FgbCrs | null): DeclaredCrs | null {
  if (!crs) return null;
  const org = (crs.org ?? 'EPSG').trim() || 'EPSG';
  let text: string;
  const wktCode = crs.wkt ? /(?:ID|AUTHORITY)\["EPSG",\s*"?(\d+)"?\]\]\s*$/i.exec(crs.wkt)?.[1] : undefined;
  if (crs.code > 0) text = `${org}:${crs.code}`;
  else if (crs.codeString) text = crs.codeString.trim();
  else if (wktCode) text = `EPSG:${wktCode}`;
  else if (crs.name || crs.wkt) return { crs: null, text: crs.name ?? 'a CRS given only as WKT', source: 'fgb-header' };
  else return null;
  if (org.toUpperCase() !== 'EPSG' && crs.code > 0) return { crs: null, text, source: 'fgb-header' };
  const parsed = parseDeclaredCrs(text);
  return parsed.supported ? { crs: parsed.crs, text, source: 'fgb-header' } : { crs: null, text: parsed.name, source: 'fgb-header' };
}
