/**
 * Test helper: writes FlatGeobuf files with full control of the header (any column types, CRS code,
 * promised feature count, index node size) and, on request, a packed Hilbert R-tree spatial index laid
 * out as GDAL writes it (features in Hilbert order of their box centres, leaves pointing at them). The
 * flatgeobuf package's `serialize` writes no index and only some column types, and GDAL is not on every
 * machine, so the readers' tests make their inputs with this.
 */
import { Builder } from 'flatbuffers';
import type { Geometry } from 'geojson';
import { Column } from 'flatgeobuf/lib/mjs/flat-geobuf/column.js';
import { Crs } from 'flatgeobuf/lib/mjs/flat-geobuf/crs.js';
import { Feature } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js';
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js';
import { buildGeometry } from 'flatgeobuf/lib/mjs/generic/geometry.js';
import { parseGC, parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import { ColumnType, GeometryType } from './header';
import { assembleFgb, hilbert, indexBytes } from './write';

export interface TestColumn {
  name: string;
  type: ColumnType;
}

export interface TestFeature {
  geometry: Geometry | null;
  /** Values by column name; null or missing = absent. Binary takes a Uint8Array, Long/ULong a bigint or number. */
  properties?: Record<string, unknown>;
}

export interface TestFileOptions {
  columns?: TestColumn[];
  /** The header's CRS: an EPSG code (org "EPSG"), or none. */
  epsg?: number;
  /** Defaults to the one type all features share, else Unknown. */
  geometryType?: number;
  /** 0 = no index (the default); ≥ 2 = a packed Hilbert R-tree with that many children per node. */
  indexNodeSize?: number;
  /** The count the header promises; defaults to the true count. */
  featuresCount?: number;
}

const TYPE_NUMBER: Record<string, number> = {
  Point: GeometryType.Point, LineString: GeometryType.LineString, Polygon: GeometryType.Polygon, MultiPoint: GeometryType.MultiPoint,
  MultiLineString: GeometryType.MultiLineString, MultiPolygon: GeometryType.MultiPolygon, GeometryCollection: GeometryType.GeometryCollection,
};

function propertyBytes(columns: readonly TestColumn[], values: Record<string, unknown>): Uint8Array {
  const parts: number[] = [];
  const push = (size: number, write: (v: DataView) => void): void => {
    const b = new Uint8Array(size);
    write(new DataView(b.buffer));
    parts.push(...b);
  };
  const text = (bytes: Uint8Array): void => {
    push(4, (v) => v.setUint32(0, bytes.length, true));
    parts.push(...bytes);
  };
  columns.forEach((c, i) => {
    const value = values[c.name];
    if (value === null || value === undefined) return;
    push(2, (v) => v.setUint16(0, i, true));
    const n = Number(value);
    switch (c.type) {
      case ColumnType.Bool: return push(1, (v) => v.setUint8(0, value ? 1 : 0));
      case ColumnType.Byte: return push(1, (v) => v.setInt8(0, n));
      case ColumnType.UByte: return push(1, (v) => v.setUint8(0, n));
      case ColumnType.Short: return push(2, (v) => v.setInt16(0, n, true));
      case ColumnType.UShort: return push(2, (v) => v.setUint16(0, n, true));
      case ColumnType.Int: return push(4, (v) => v.setInt32(0, n, true));
      case ColumnType.UInt: return push(4, (v) => v.setUint32(0, n, true));
      case ColumnType.Long: return push(8, (v) => v.setBigInt64(0, BigInt(value as bigint | number), true));
      case ColumnType.ULong: return push(8, (v) => v.setBigUint64(0, BigInt(value as bigint | number), true));
      case ColumnType.Float: return push(4, (v) => v.setFloat32(0, n, true));
      case ColumnType.Double: return push(8, (v) => v.setFloat64(0, n, true));
      case ColumnType.Binary: return text(value as Uint8Array);
      case ColumnType.Json: return text(new TextEncoder().encode(JSON.stringify(value)));
      default: return text(new TextEncoder().encode(String(value)));
    }
  });
  return new Uint8Array(parts);
}

function featureBytes(columns: readonly TestColumn[], f: TestFeature): Uint8Array {
  const b = new Builder(256);
  const props = propertyBytes(columns, f.properties ?? {});
  const propsOffset = props.length > 0 ? Feature.createPropertiesVector(b, props) : 0;
  const g = f.geometry;
  const geometryOffset = g === null ? 0 : buildGeometry(b, g.type === 'GeometryCollection' ? parseGC(g) : parseGeometry(g));
  Feature.startFeature(b);
  if (geometryOffset) Feature.addGeometry(b, geometryOffset);
  if (propsOffset) Feature.addProperties(b, propsOffset);
  b.finishSizePrefixed(Feature.endFeature(b));
  return b.asUint8Array();
}

function headerBytes(columns: readonly TestColumn[], o: Required<Omit<TestFileOptions, 'epsg'>> & { epsg?: number }): Uint8Array {
  const b = new Builder(256);
  const cols = Header.createColumnsVector(b, columns.map((c) => {
    const name = b.createString(c.name);
    Column.startColumn(b);
    Column.addName(b, name);
    Column.addType(b, c.type);
    return Column.endColumn(b);
  }));
  let crs = 0;
  if (o.epsg !== undefined) {
    const org = b.createString('EPSG');
    Crs.startCrs(b);
    Crs.addOrg(b, org);
    Crs.addCode(b, o.epsg);
    crs = Crs.endCrs(b);
  }
  const name = b.createString('test');
  Header.startHeader(b);
  Header.addName(b, name);
  Header.addGeometryType(b, o.geometryType);
  Header.addColumns(b, cols);
  Header.addFeaturesCount(b, BigInt(o.featuresCount));
  b.forceDefaults(true);
  Header.addIndexNodeSize(b, o.indexNodeSize);
  b.forceDefaults(false);
  if (crs) Header.addCrs(b, crs);
  b.finishSizePrefixed(Header.endHeader(b));
  return b.asUint8Array();
}

type Box = [number, number, number, number];

function boxOf(g: Geometry | null): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y); box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y);
    } else for (const d of c) visit(d);
  };
  if (g?.type === 'GeometryCollection') for (const p of g.geometries) visit('coordinates' in p ? p.coordinates : []);
  else if (g) visit(g.coordinates);
  return box;
}

/** A whole FlatGeobuf file. With an index, the features are stored in Hilbert order (as GDAL does). */
export function writeTestFgb(features: readonly TestFeature[], options: TestFileOptions = {}): Uint8Array {
  const columns = options.columns ?? [];
  const types = new Set(features.map((f) => (f.geometry ? TYPE_NUMBER[f.geometry.type] : undefined)));
  const geometryType = options.geometryType ?? (types.size === 1 ? ([...types][0] ?? GeometryType.Unknown) : GeometryType.Unknown);
  const indexNodeSize = options.indexNodeSize ?? 0;
  let ordered = [...features];
  let boxes = ordered.map((f) => boxOf(f.geometry));
  if (indexNodeSize > 0 && features.length > 0) {
    const extent = boxes.reduce<Box>((e, b) => [Math.min(e[0], b[0]), Math.min(e[1], b[1]), Math.max(e[2], b[2]), Math.max(e[3], b[3])], [Infinity, Infinity, -Infinity, -Infinity]);
    const w = extent[2] - extent[0] || 1;
    const h = extent[3] - extent[1] || 1;
    const key = boxes.map((b) => hilbert(Math.floor((65535 * ((b[0] + b[2]) / 2 - extent[0])) / w), Math.floor((65535 * ((b[1] + b[3]) / 2 - extent[1])) / h)));
    const order = ordered.map((_, i) => i).sort((a, b) => key[a]! - key[b]!);
    ordered = order.map((i) => features[i]!);
    boxes = order.map((i) => boxes[i]!);
  }
  const encoded = ordered.map((f) => featureBytes(columns, f));
  const header = headerBytes(columns, { geometryType, indexNodeSize, featuresCount: options.featuresCount ?? features.length, epsg: options.epsg, columns: [] });
  return assembleFgb(header, encoded, indexNodeSize > 0 && features.length > 0 ? (offsets) => indexBytes(boxes, offsets, indexNodeSize) : null);
}

/** `n` × `m` axis-aligned squares of `size` metres every `step` metres from (x0, y0), with id/row/col columns. */
export function gridFeatures(n: number, m: number, x0 = 560_000, y0 = 3_100_000, step = 30, size = 20): TestFeature[] {
  const out: TestFeature[] = [];
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < n; c++) {
      const x = x0 + c * step;
      const y = y0 + r * step;
      out.push({
        geometry: { type: 'Polygon', coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]] },
        properties: { id: `C-${r}-${c}`, row: r, col: c },
      });
    }
  }
  return out;
}

export const GRID_COLUMNS: TestColumn[] = [
  { name: 'id', type: ColumnType.String },
  { name: 'row', type: ColumnType.Int },
  { name: 'col', type: ColumnType.Int },
];
