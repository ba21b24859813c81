/**
 * Turns one FlatGeobuf feature (a flatbuffer inside the file's bytes) into a GeoJSON geometry and a
 * properties object, reading the binary property columns by the header's column types. This is the hot
 * loop of reading 100k-feature files, so it reads the bytes in place through one re-pointed FlatMessage
 * (no per-feature ByteBuffer, accessor objects, generators or promises), while still checking every
 * offset and length: a damaged feature throws `Damaged` and never yields garbage coordinates.
 */
import type { SourceFeature, SourceFieldType } from '../../source';
import { Damaged, FlatMessage, utf8 } from './flatbuffer';
import { ColumnType, GEOMETRY_TYPE_NAMES, GeometryType, parseColumns, type FgbColumn, type FgbHeader } from './header';

/** The feature's geometry type is one GeoJSON has no form for (curves, surfaces, TIN). */
export class UnsupportedGeometry extends Error {
  constructor(readonly typeName: string) {
    super(`${typeName} geometry`);
    this.name = 'UnsupportedGeometry';
  }
}

type Position = number[];
interface GeoJsonGeometry {
  type: string;
  coordinates?: unknown;
  geometries?: GeoJsonGeometry[];
}

/** How a FlatGeobuf column type is reported as a SourceField type. */
export function fieldTypeOf(type: ColumnType): SourceFieldType {
  if (type <= ColumnType.ULong) return type === ColumnType.Bool ? 'boolean' : 'integer';
  if (type === ColumnType.Float || type === ColumnType.Double) return 'number';
  if (type === ColumnType.String) return 'string';
  if (type === ColumnType.DateTime) return 'date';
  return 'unknown';
}

/** A float32 as the shortest decimal that reads back as the same float32 (1.2, not 1.2000000476837158). */
function shortFloat32(v: number): number {
  if (!Number.isFinite(v)) return v;
  for (let digits = 1; digits < 9; digits++) {
    const short = Number(v.toPrecision(digits));
    if (Math.fround(short) === v) return short;
  }
  return v;
}

const WRONG_LENGTH = 'a value runs past the end of the feature\'s properties';

export class FeatureDecoder {
  protected readonly m: FlatMessage;
  protected readonly view: DataView;
  protected readonly bytes: Uint8Array;
  protected readonly template: Record<string, null>;

  constructor(bytes: Uint8Array, protected readonly header: FgbHeader) {
    this.m = new FlatMessage(bytes);
    this.view = this.m.view;
    this.bytes = bytes;
    this.template = propertiesTemplate(header.columns);
  }

  /** Decodes the feature stored in bytes [start, end) (its size prefix excluded). */
  decode(start: number, end: number): SourceFeature {
    const m = this.m;
    const table = m.at(start, end);
    const g = m.field(table, 0);
    const geometry = g === 0 ? null : this.geometry(m.target(g), this.header.geometryType);
    if (m.field(table, 2) === 0) return { geometry, properties: this.properties(table, this.header.columns, this.template) };
    const own = parseColumns(m, table, 2);
    return { geometry, properties: this.properties(table, own, propertiesTemplate(own)) };
  }

  private geometry(g: number, declared: number): GeoJsonGeometry | null {
    const m = this.m;
    const type = declared === GeometryType.Unknown ? m.u8Field(g, 6, 0) : declared;
    switch (type) {
      case GeometryType.Point: {
        const xy = this.xy(g);
        if (xy.count === 0) return null;
        return { type: 'Point', coordinates: this.positions(xy.data, xy.z, 0, 1)[0] };
      }
      case GeometryType.LineString:
      case GeometryType.MultiPoint: {
        const xy = this.xy(g);
        return { type: type === GeometryType.LineString ? 'LineString' : 'MultiPoint', coordinates: this.positions(xy.data, xy.z, 0, xy.count) };
      }
      case GeometryType.Polygon:
        return { type: 'Polygon', coordinates: this.rings(g) };
      case GeometryType.MultiLineString:
        return { type: 'MultiLineString', coordinates: this.rings(g) };
      case GeometryType.MultiPolygon: {
        const parts = m.vector(g, 7, 4);
        const polygons: Position[][][] = [];
        for (let i = 0; i < m.length(parts); i++) polygons.push(this.rings(m.tableAt(parts, i)));
        return { type: 'MultiPolygon', coordinates: polygons };
      }
      case GeometryType.GeometryCollection: {
        const parts = m.vector(g, 7, 4);
        const geometries: GeoJsonGeometry[] = [];
        for (let i = 0; i < m.length(parts); i++) {
          const part = this.geometry(m.tableAt(parts, i), GeometryType.Unknown);
          if (part) geometries.push(part);
        }
        return { type: 'GeometryCollection', geometries };
      }
      case GeometryType.Unknown:
        throw new Damaged('the geometry has no type');
      default:
        throw new UnsupportedGeometry(GEOMETRY_TYPE_NAMES[type] ?? `type number ${type}`);
    }
  }

  /** The xy vector (first element's position and vertex count) and the z vector's first element or -1. */
  protected xy(g: number): { data: number; count: number; z: number } {
    const m = this.m;
    const xy = m.vector(g, 1, 8);
    const values = m.length(xy);
    if (values % 2 !== 0) throw new Damaged('the coordinate list has an odd number of values');
    const count = values / 2;
    const z = m.vector(g, 2, 8);
    if (z !== 0 && m.length(z) !== count) throw new Damaged('the z values do not match the vertices');
    return { data: xy + 4, count, z: z === 0 ? -1 : z + 4 };
  }

  /** The rings (or lines) of a Polygon/MultiLineString: the xy run cut at the `ends` vertex counts. */
  private rings(g: number): Position[][] {
    const m = this.m;
    const xy = this.xy(g);
    const ends = m.vector(g, 0, 4);
    const parts = m.length(ends);
    if (parts === 0) return xy.count === 0 ? [] : [this.positions(xy.data, xy.z, 0, xy.count)];
    const rings: Position[][] = [];
    let from = 0;
    for (let i = 0; i < parts; i++) {
      const to = this.view.getUint32(ends + 4 + 4 * i, true);
      if (to < from || to > xy.count) throw new Damaged('a ring end lies outside the coordinate list');
      rings.push(this.positions(xy.data, xy.z, from, to));
      from = to;
    }
    return rings;
  }

  /** Vertices [from, to) as GeoJSON positions; bounds were checked when the vectors were located. */
  private positions(data: number, z: number, from: number, to: number): Position[] {
    const view = this.view;
    const out: Position[] = new Array<Position>(to - from);
    for (let i = from; i < to; i++) {
      const p = data + 16 * i;
      out[i - from] = z < 0 ? [view.getFloat64(p, true), view.getFloat64(p + 8, true)] : [view.getFloat64(p, true), view.getFloat64(p + 8, true), view.getFloat64(z + 8 * i, true)];
    }
    return out;
  }

  /** The properties vector: (uint16 column index, value)* in little-endian. Every column gets a key, null
   *  when the feature has no value for it (FGB stores null as absence). With no template, only checks the
   *  vector (every length and column index) and makes no values. */
  protected properties(table: number, columns: readonly FgbColumn[], template: Record<string, null>): Record<string, unknown>;
  protected properties(table: number, columns: readonly FgbColumn[], template: null): null;
  protected properties(table: number, columns: readonly FgbColumn[], template: Record<string, null> | null): Record<string, unknown> | null {
    return this.fillProperties(table, columns, template ? { ...template } : null);
  }

  /** Sets `props`' values from the feature's properties vector (absent columns keep theirs); with null, only checks. */
  protected fillProperties(table: number, columns: readonly FgbColumn[], props: Record<string, unknown> | null): Record<string, unknown> | null {
    const m = this.m;
    const view = this.view;
    const v = m.vector(table, 1, 1);
    if (v === 0) return props;
    let p = v + 4;
    const end = p + m.length(v);
    while (p < end) {
      if (p + 2 > end) throw new Damaged(WRONG_LENGTH);
      const index = view.getUint16(p, true);
      const column = columns[index];
      if (!column) throw new Damaged(`a value names column ${index} of ${columns.length}`);
      p += 2;
      const size = fixedSize(column.type);
      if (size > 0) {
        if (p + size > end) throw new Damaged(WRONG_LENGTH);
        if (props) props[column.name] = this.fixedValue(column.type, p);
        p += size;
      } else {
        if (p + 4 > end) throw new Damaged(WRONG_LENGTH);
        const length = view.getUint32(p, true);
        p += 4;
        if (length > end - p) throw new Damaged(WRONG_LENGTH);
        if (props) props[column.name] = this.variableValue(column.type, index, p, p + length);
        p += length;
      }
    }
    return props;
  }

  /** The same as fillProperties, by column index into `out` (columns absent from the feature keep theirs). */
  protected fillValues(table: number, columns: readonly FgbColumn[], out: unknown[]): unknown[] {
    const m = this.m;
    const view = this.view;
    const v = m.vector(table, 1, 1);
    if (v === 0) return out;
    let p = v + 4;
    const end = p + m.length(v);
    while (p < end) {
      if (p + 2 > end) throw new Damaged(WRONG_LENGTH);
      const index = view.getUint16(p, true);
      const column = columns[index];
      if (!column) throw new Damaged(`a value names column ${index} of ${columns.length}`);
      p += 2;
      const size = fixedSize(column.type);
      if (size > 0) {
        if (p + size > end) throw new Damaged(WRONG_LENGTH);
        out[index] = this.fixedValue(column.type, p);
        p += size;
      } else {
        if (p + 4 > end) throw new Damaged(WRONG_LENGTH);
        const length = view.getUint32(p, true);
        p += 4;
        if (length > end - p) throw new Damaged(WRONG_LENGTH);
        out[index] = this.variableValue(column.type, index, p, p + length);
        p += length;
      }
    }
    return out;
  }

  private fixedValue(type: ColumnType, p: number): number | boolean | string {
    const view = this.view;
    switch (type) {
      case ColumnType.Bool: return view.getUint8(p) !== 0;
      case ColumnType.Byte: return view.getInt8(p);
      case ColumnType.UByte: return view.getUint8(p);
      case ColumnType.Short: return view.getInt16(p, true);
      case ColumnType.UShort: return view.getUint16(p, true);
      case ColumnType.Int: return view.getInt32(p, true);
      case ColumnType.UInt: return view.getUint32(p, true);
      case ColumnType.Long: return exactInteger(view.getBigInt64(p, true));
      case ColumnType.ULong: return exactInteger(view.getBigUint64(p, true));
      case ColumnType.Float: return shortFloat32(view.getFloat32(p, true));
      default: return view.getFloat64(p, true);
    }
  }

  /** One text cache per column index. */
  private readonly caches: (TextCache | undefined)[] = [];

  private variableValue(type: ColumnType, column: number, start: number, end: number): unknown {
    if (type === ColumnType.Binary) return this.bytes.slice(start, end);
    if (type !== ColumnType.Json) return (this.caches[column] ??= new TextCache(this.bytes)).text(start, end);
    const text = utf8(this.bytes, start, end);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
}

/**
 * An object with every column set to null, to be copied per feature. Objects built by adding 30 keys one by
 * one fall into V8's slow dictionary mode (more than ~12 keys added by computed name), which made reading
 * 100k parcels three times slower and doubled garbage collection; JSON.parse builds a fast-mode object whose
 * spread copies stay fast, and then only values change.
 */
export function propertiesTemplate(columns: readonly FgbColumn[]): Record<string, null> {
  return JSON.parse(`{${columns.map((c) => `${JSON.stringify(c.name)}:null`).join(',')}}`) as Record<string, null>;
}

/**
 * Decoded text of one column's values, keyed by their bytes: categorical columns (town, industry, dates)
 * repeat a few thousand values over 100k features, and returning the same string saves decoding and
 * memory. A column whose values mostly differ (ids, names) stops being cached after a trial.
 */
class TextCache {
  private readonly entries = new Map<number, { start: number; end: number; text: string }>();
  private lookups = 0;
  private hits = 0;
  private enabled = true;
  constructor(private readonly bytes: Uint8Array) {}

  text(start: number, end: number): string {
    const bytes = this.bytes;
    if (!this.enabled || end - start > 48) return utf8(bytes, start, end);
    let hash = 0x811c9dc5 ^ (end - start);
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    const hit = this.entries.get(hash);
    if (++this.lookups === 4096 && this.hits < 2048) {
      this.enabled = false;
      this.entries.clear();
    }
    if (hit && hit.end - hit.start === end - start) {
      let same = true;
      for (let i = 0; i < end - start; i++) {
        if (bytes[hit.start + i] !== bytes[start + i]) {
          same = false;
          break;
        }
      }
      if (same) {
        this.hits++;
        return hit.text;
      }
    }
    const text = utf8(bytes, start, end);
    if (!hit && this.entries.size < 65536) this.entries.set(hash, { start, end, text });
    return text;
  }
}

/** A 64-bit integer as a number when exact, else as its decimal text (the loader coerces text). */
function exactInteger(v: bigint): number | string {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v.toString();
}

/** Bytes of a fixed-size value; 0 for the length-prefixed types (String, Json, DateTime, Binary). */
function fixedSize(type: ColumnType): number {
  switch (type) {
    case ColumnType.Bool:
    case ColumnType.Byte:
    case ColumnType.UByte:
      return 1;
    case ColumnType.Short:
    case ColumnType.UShort:
      return 2;
    case ColumnType.Int:
    case ColumnType.UInt:
    case ColumnType.Float:
      return 4;
    case ColumnType.Long:
    case ColumnType.ULong:
    case ColumnType.Double:
      return 8;
    default:
      return 0;
  }
}
