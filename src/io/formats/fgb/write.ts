/**
 * FlatGeobuf writer with a packed Hilbert R-tree spatial index (the flatgeobuf package's `serialize`
 * writes none): features sorted by the Hilbert position of their box centres, as GDAL orders them, the
 * index laid out root first with leaves pointing at feature byte offsets (packed-rtree.ts), an EPSG CRS,
 * a title and free metadata in the header. Polygonal geometry is written as MultiPolygon.
 */
import { Builder } from 'flatbuffers';
import type { MultiPolygon, Polygon } from 'geojson';
import { Column } from 'flatgeobuf/lib/mjs/flat-geobuf/column.js';
import { Crs } from 'flatgeobuf/lib/mjs/flat-geobuf/crs.js';
import { Feature } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js';
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js';
import { buildGeometry } from 'flatgeobuf/lib/mjs/generic/geometry.js';
import { parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import { ColumnType, GeometryType } from './header';
import { NODE_BYTES, treeLevels } from './packed-rtree';

export type FgbValue = string | number | boolean | null;
export interface FgbWriteColumn {
  name: string;
  type: 'text' | 'real' | 'int' | 'bool';
}

export interface FgbWriteOptions {
  epsg: number;
  name?: string;
  title?: string;
  metadata?: string;
  /** Children per index node (GDAL's default 16). */
  nodeSize?: number;
}

const MAGIC = [0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62, 0x01];
const TYPE: Record<FgbWriteColumn['type'], number> = { text: ColumnType.String, real: ColumnType.Double, int: ColumnType.Int, bool: ColumnType.Bool };

type Box = [number, number, number, number];

/** Grows as values are appended; one per file. */
class Bytes {
  buf = new Uint8Array(1024);
  view = new DataView(this.buf.buffer);
  n = 0;
  need(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
}

const encoder = new TextEncoder();

function propertyBytes(columns: readonly FgbWriteColumn[], values: readonly FgbValue[], out: Bytes): Uint8Array {
  out.n = 0;
  columns.forEach((c, i) => {
    const v = values[i];
    if (v === null || v === undefined) return;
    if ((c.type === 'real' || c.type === 'int') && (typeof v !== 'number' || !Number.isFinite(v))) return;
    out.need(2);
    out.view.setUint16(out.n, i, true);
    out.n += 2;
    switch (c.type) {
      case 'bool': out.need(1); out.buf[out.n++] = v ? 1 : 0; return;
      case 'int': out.need(4); out.view.setInt32(out.n, v as number, true); out.n += 4; return;
      case 'real': out.need(8); out.view.setFloat64(out.n, v as number, true); out.n += 8; return;
      default: {
        const b = encoder.encode(String(v));
        out.need(4 + b.length);
        out.view.setUint32(out.n, b.length, true);
        out.buf.set(b, out.n + 4);
        out.n += 4 + b.length;
      }
    }
  });
  return out.buf.slice(0, out.n);
}

const asMulti = (g: Polygon | MultiPolygon): MultiPolygon => (g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g);

function boxOf(g: MultiPolygon): Box {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of g.coordinates) for (const ring of poly) for (const p of ring) {
    if (p[0]! < b[0]) b[0] = p[0]!;
    if (p[1]! < b[1]) b[1] = p[1]!;
    if (p[0]! > b[2]) b[2] = p[0]!;
    if (p[1]! > b[3]) b[3] = p[1]!;
  }
  return b;
}

/** Position of (x, y) on a Hilbert curve over a 65536 × 65536 grid (the order flatgeobuf and GDAL sort by). */
export function hilbert(x: number, y: number): number {
  let d = 0;
  for (let s = 1 << 15; s > 0; s >>= 1) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      [x, y] = [y, x];
    }
  }
  return d;
}

function featureBytes(b: Builder, props: Uint8Array, g: MultiPolygon): Uint8Array {
  b.clear();
  const propsOffset = props.length > 0 ? Feature.createPropertiesVector(b, props) : 0;
  const geometryOffset = buildGeometry(b, parseGeometry(g));
  Feature.startFeature(b);
  Feature.addGeometry(b, geometryOffset);
  if (propsOffset) Feature.addProperties(b, propsOffset);
  b.finishSizePrefixed(Feature.endFeature(b));
  return b.asUint8Array().slice();
}

function headerBytes(columns: readonly FgbWriteColumn[], count: number, extent: Box | null, nodeSize: number, o: FgbWriteOptions): Uint8Array {
  const b = new Builder(1024);
  const cols = Header.createColumnsVector(b, columns.map((c) => {
    const name = b.createString(c.name);
    Column.startColumn(b);
    Column.addName(b, name);
    Column.addType(b, TYPE[c.type]);
    Column.addNullable(b, true);
    return Column.endColumn(b);
  }));
  const org = b.createString('EPSG');
  Crs.startCrs(b);
  Crs.addOrg(b, org);
  Crs.addCode(b, o.epsg);
  const crs = Crs.endCrs(b);
  const name = b.createString(o.name ?? 'parcels');
  const title = o.title === undefined ? 0 : b.createString(o.title);
  const metadata = o.metadata === undefined ? 0 : b.createString(o.metadata);
  const envelope = extent ? Header.createEnvelopeVector(b, extent) : 0;
  Header.startHeader(b);
  Header.addName(b, name);
  if (envelope) Header.addEnvelope(b, envelope);
  Header.addGeometryType(b, GeometryType.MultiPolygon);
  Header.addColumns(b, cols);
  Header.addFeaturesCount(b, BigInt(count));
  b.forceDefaults(true);
  Header.addIndexNodeSize(b, nodeSize);
  b.forceDefaults(false);
  Header.addCrs(b, crs);
  if (title) Header.addTitle(b, title);
  if (metadata) Header.addMetadata(b, metadata);
  b.finishSizePrefixed(Header.endHeader(b));
  return b.asUint8Array();
}

/** The packed Hilbert R-tree's bytes: nodes root first, leaves last pointing at feature byte offsets. */
export function indexBytes(boxes: readonly Box[], offsets: readonly number[], nodeSize: number): Uint8Array {
  const levels = treeLevels(boxes.length, nodeSize)!;
  const total = levels[0]!.end;
  const nb = new Float64Array(total * 4);
  const no = new Float64Array(total);
  const leaves = levels[0]!.start;
  boxes.forEach((b, i) => {
    nb.set(b, (leaves + i) * 4);
    no[leaves + i] = offsets[i]!;
  });
  for (let l = 1; l < levels.length; l++) {
    const below = levels[l - 1]!;
    const level = levels[l]!;
    for (let n = level.start; n < level.end; n++) {
      const first = below.start + (n - level.start) * nodeSize;
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (let c = first; c < Math.min(first + nodeSize, below.end); c++) {
        x0 = Math.min(x0, nb[4 * c]!); y0 = Math.min(y0, nb[4 * c + 1]!);
        x1 = Math.max(x1, nb[4 * c + 2]!); y1 = Math.max(y1, nb[4 * c + 3]!);
      }
      nb.set([x0, y0, x1, y1], 4 * n);
      no[n] = first;
    }
  }
  const out = new Uint8Array(total * NODE_BYTES);
  const view = new DataView(out.buffer);
  for (let n = 0; n < total; n++) {
    for (let k = 0; k < 4; k++) view.setFloat64(n * NODE_BYTES + 8 * k, nb[4 * n + k]!, true);
    view.setBigUint64(n * NODE_BYTES + 32, BigInt(no[n]!), true);
  }
  return out;
}

/** A whole indexed FlatGeobuf file of polygonal features. */
export function writeFgb(
  columns: readonly FgbWriteColumn[],
  features: readonly { geometry: Polygon | MultiPolygon; values: readonly FgbValue[] }[],
  options: FgbWriteOptions,
): Uint8Array {
  const nodeSize = options.nodeSize ?? 16;
  const geoms = features.map((f) => asMulti(f.geometry));
  const boxes = geoms.map(boxOf);
  let extent: Box | null = null;
  if (boxes.length > 0) {
    extent = [Infinity, Infinity, -Infinity, -Infinity];
    for (const b of boxes) extent = [Math.min(extent[0], b[0]), Math.min(extent[1], b[1]), Math.max(extent[2], b[2]), Math.max(extent[3], b[3])];
  }
  let order = features.map((_, i) => i);
  if (extent) {
    const [ex0, ey0, ex1, ey1] = extent;
    const w = ex1 - ex0 || 1;
    const h = ey1 - ey0 || 1;
    const key = boxes.map((b) => hilbert(Math.floor((65535 * ((b[0] + b[2]) / 2 - ex0)) / w), Math.floor((65535 * ((b[1] + b[3]) / 2 - ey0)) / h)));
    order = order.sort((a, b) => key[a]! - key[b]!);
  }
  const scratch = new Bytes();
  const builder = new Builder(4096);
  const encoded = order.map((i) => featureBytes(builder, propertyBytes(columns, features[i]!.values, scratch), geoms[i]!));
  const header = headerBytes(columns, features.length, extent, features.length > 0 ? nodeSize : 0, options);
  return assembleFgb(header, encoded, features.length > 0 ? (offsets) => indexBytes(order.map((i) => boxes[i]!), offsets, nodeSize) : null);
}

/** Magic, header, index (built from the features' byte offsets; null = none) and features as one file. */
export function assembleFgb(header: Uint8Array, encoded: readonly Uint8Array[], index: ((offsets: number[]) => Uint8Array) | null): Uint8Array {
  const offsets: number[] = [];
  let at = 0;
  for (const e of encoded) {
    offsets.push(at);
    at += e.length;
  }
  const indexPart = index ? index(offsets) : new Uint8Array();
  const out = new Uint8Array(MAGIC.length + header.length + indexPart.length + at);
  out.set(MAGIC);
  out.set(header, MAGIC.length);
  out.set(indexPart, MAGIC.length + header.length);
  let p = MAGIC.length + header.length + indexPart.length;
  for (const e of encoded) {
    out.set(e, p);
    p += e.length;
  }
  return out;
}
