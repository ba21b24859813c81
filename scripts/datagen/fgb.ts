/**
 * FlatGeobuf writing with an explicit column schema. flatgeobuf's `geojson.serialize` infers the columns
 * from the FIRST feature: a null there becomes a String column (later numbers are then written as text),
 * every number becomes Double, and `undefined` is not skipped. Declaring the schema avoids all three.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { geojson } from 'flatgeobuf';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { buildFeature } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { Builder } from 'flatbuffers';
import { Column } from 'flatgeobuf/lib/mjs/flat-geobuf/column.js';
import { Crs } from 'flatgeobuf/lib/mjs/flat-geobuf/crs.js';
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js';
import { parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import type { ColumnMeta } from 'flatgeobuf/lib/mjs/column-meta.js';

export type ColumnKind = 'string' | 'double' | 'int' | 'bool';
export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
}
export type Props = Record<string, string | number | boolean | null>;

const KIND_TYPE: Record<ColumnKind, ColumnType> = {
  string: ColumnType.String,
  double: ColumnType.Double,
  int: ColumnType.Int,
  bool: ColumnType.Bool,
};

const MAGIC = new Uint8Array([0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62, 0x00]);

function geometryTypeOf(features: readonly Feature[]): GeometryType {
  const names = new Set(features.map((f) => f.geometry.type));
  if (names.size !== 1) return GeometryType.Unknown;
  const name = [...names][0] as keyof typeof GeometryType;
  return GeometryType[name] ?? GeometryType.Unknown;
}

function checkValue(col: ColumnSpec, v: unknown, i: number): void {
  if (v === null) return;
  const ok =
    col.kind === 'string' ? typeof v === 'string'
    : col.kind === 'bool' ? typeof v === 'boolean'
    : col.kind === 'int' ? Number.isInteger(v) && Math.abs(v as number) < 2 ** 31
    : typeof v === 'number' && Number.isFinite(v);
  if (!ok) throw new Error(`feature ${i}: column ${col.name} (${col.kind}) got ${String(v)}`);
}

function extent(features: readonly Feature[]): number[] {
  const e = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[];
      e[0] = Math.min(e[0]!, x!); e[1] = Math.min(e[1]!, y!); e[2] = Math.max(e[2]!, x!); e[3] = Math.max(e[3]!, y!);
    } else for (const d of c as unknown[]) visit(d);
  };
  for (const f of features) if ('coordinates' in f.geometry) visit(f.geometry.coordinates);
  return e;
}

/** The header as flatgeobuf's buildHeader writes it, plus the layer name (not "L1") and the extent. */
function buildHeaderBytes(name: string, header: HeaderMeta, columns: readonly ColumnMeta[], envelope: number[], epsg: number): Uint8Array {
  const b = new Builder();
  const cols = Header.createColumnsVector(b, columns.map((c) => {
    const n = b.createString(c.name);
    Column.startColumn(b);
    Column.addName(b, n);
    Column.addType(b, c.type);
    Column.addNullable(b, true);
    return Column.endColumn(b);
  }));
  const nameOffset = b.createString(name);
  const env = Header.createEnvelopeVector(b, envelope);
  Crs.startCrs(b);
  Crs.addCode(b, epsg);
  const crs = Crs.endCrs(b);
  Header.startHeader(b);
  Header.addCrs(b, crs);
  Header.addEnvelope(b, env);
  Header.addFeaturesCount(b, BigInt(header.featuresCount));
  Header.addGeometryType(b, header.geometryType);
  Header.addIndexNodeSize(b, 0);
  Header.addColumns(b, cols);
  Header.addName(b, nameOffset);
  b.finishSizePrefixed(Header.endHeader(b));
  return b.asUint8Array();
}

/** Serialises features to FlatGeobuf bytes (no spatial index) as layer `name` with the given columns and
 *  EPSG code. Missing properties are written as null (absent); values are checked against their column kind. */
export function writeFgb(name: string, features: readonly Feature<Geometry, Props>[], columns: readonly ColumnSpec[], epsg: number): Uint8Array {
  const colMeta: ColumnMeta[] = columns.map((c) => ({
    name: c.name, type: KIND_TYPE[c.kind], title: null, description: null,
    width: -1, precision: -1, scale: -1, nullable: true, unique: false, primary_key: false,
  }));
  const header: HeaderMeta = {
    geometryType: geometryTypeOf(features), columns: colMeta, envelope: null,
    featuresCount: features.length, indexNodeSize: 0, crs: null, title: null, description: null, metadata: null,
  };
  const headerBytes = buildHeaderBytes(name, header, colMeta, extent(features), epsg);
  const parts: Uint8Array[] = [];
  let total = MAGIC.length + headerBytes.length;
  features.forEach((f, i) => {
    const props: Props = {};
    for (const c of columns) {
      const v = f.properties[c.name] ?? null;
      checkValue(c, v, i);
      props[c.name] = v;
    }
    const bytes = buildFeature(parseGeometry(f.geometry as never), props, header);
    parts.push(bytes);
    total += bytes.length;
  });
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out.set(headerBytes, MAGIC.length);
  let off = MAGIC.length + headerBytes.length;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Reads every feature of a FlatGeobuf file; absent (null) values come back as missing keys. */
export async function readFgb(bytes: Uint8Array): Promise<FeatureCollection> {
  const features: Feature[] = [];
  for await (const f of geojson.deserialize(bytes)) features.push(f as Feature);
  return { type: 'FeatureCollection', features };
}
