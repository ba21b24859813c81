/** Test helper: builds .shp and .dbf bytes in memory (synthetic records, broken ones, 100k-record files). */

type XY = readonly [number, number];

/** A record's content: shape type first, then the type's fields. */
export function polyRecord(rings: readonly (readonly XY[])[], shapeType = 5, extraBytes = 0): Uint8Array {
  const numPoints = rings.reduce((n, r) => n + r.length, 0);
  const out = new Uint8Array(44 + 4 * rings.length + 16 * numPoints + extraBytes);
  const v = new DataView(out.buffer);
  v.setInt32(0, shapeType, true);
  const xs = rings.flat().map((p) => p[0]);
  const ys = rings.flat().map((p) => p[1]);
  [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((b, i) => v.setFloat64(4 + 8 * i, b, true));
  v.setInt32(36, rings.length, true);
  v.setInt32(40, numPoints, true);
  let start = 0;
  rings.forEach((r, i) => {
    v.setInt32(44 + 4 * i, start, true);
    start += r.length;
  });
  let at = 44 + 4 * rings.length;
  for (const [x, y] of rings.flat()) {
    v.setFloat64(at, x, true);
    v.setFloat64(at + 8, y, true);
    at += 16;
  }
  return out;
}

/** Z/M types carry a range and one value per point after the XY points. */
export const zBytes = (numPoints: number, withM: boolean): number => (16 + 8 * numPoints) * (withM ? 2 : 1);

export function pointRecord(x: number, y: number, shapeType = 1): Uint8Array {
  const out = new Uint8Array(shapeType === 1 ? 20 : shapeType === 21 ? 28 : 36);
  const v = new DataView(out.buffer);
  v.setInt32(0, shapeType, true);
  v.setFloat64(4, x, true);
  v.setFloat64(12, y, true);
  return out;
}

export function multiPointRecord(points: readonly XY[], shapeType = 8): Uint8Array {
  const out = new Uint8Array(40 + 16 * points.length);
  const v = new DataView(out.buffer);
  v.setInt32(0, shapeType, true);
  v.setInt32(36, points.length, true);
  points.forEach(([x, y], i) => {
    v.setFloat64(40 + 16 * i, x, true);
    v.setFloat64(48 + 16 * i, y, true);
  });
  return out;
}

export const nullRecord = (): Uint8Array => new Uint8Array(4);

/** A .shp from record contents (each padded to whole 16-bit words, as the format requires). */
export function buildShp(contents: readonly Uint8Array[], shapeType = 5): Uint8Array {
  const total = 100 + contents.reduce((n, c) => n + 8 + c.length + (c.length % 2), 0);
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  v.setInt32(0, 9994, false);
  v.setInt32(24, total / 2, false);
  v.setInt32(28, 1000, true);
  v.setInt32(32, shapeType, true);
  let at = 100;
  contents.forEach((c, i) => {
    const padded = c.length + (c.length % 2);
    v.setInt32(at, i + 1, false);
    v.setInt32(at + 4, padded / 2, false);
    out.set(c, at + 8);
    at += 8 + padded;
  });
  return out;
}

/** The .shx of a .shp: the same header with the index's length, then each record's offset and content length (16-bit words). */
export function buildShx(shp: Uint8Array): Uint8Array {
  const sv = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  const entries: [number, number][] = [];
  for (let at = 100; at + 8 <= shp.length; at += 8 + 2 * sv.getInt32(at + 4, false)) entries.push([at / 2, sv.getInt32(at + 4, false)]);
  const out = new Uint8Array(100 + 8 * entries.length);
  out.set(shp.subarray(0, 100));
  const v = new DataView(out.buffer);
  v.setInt32(24, out.length / 2, false);
  entries.forEach(([offset, length], i) => {
    v.setInt32(100 + 8 * i, offset, false);
    v.setInt32(104 + 8 * i, length, false);
  });
  return out;
}

export interface FieldSpec {
  name: string | Uint8Array;
  type: string;
  width: number;
  decimals?: number;
}

export const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A .dbf; row values are strings (UTF-8) or raw bytes, padded with spaces; a row may start deleted. */
export function buildDbf(fields: readonly FieldSpec[], rows: readonly { values: readonly (string | Uint8Array)[]; deleted?: boolean }[], ldid = 0): Uint8Array {
  const recordLength = 1 + fields.reduce((n, f) => n + f.width, 0);
  const headerLength = 32 + 32 * fields.length + 1;
  const out = new Uint8Array(headerLength + recordLength * rows.length + 1);
  const v = new DataView(out.buffer);
  out[0] = 0x03;
  v.setUint32(4, rows.length, true);
  v.setUint16(8, headerLength, true);
  v.setUint16(10, recordLength, true);
  out[29] = ldid;
  fields.forEach((f, i) => {
    const at = 32 + 32 * i;
    out.set((typeof f.name === 'string' ? utf8(f.name) : f.name).subarray(0, 11), at);
    out[at + 11] = f.type.charCodeAt(0);
    out[at + 16] = f.width & 0xff;
    out[at + 17] = f.decimals ?? (f.width >> 8);
  });
  out[headerLength - 1] = 0x0d;
  rows.forEach((row, r) => {
    let at = headerLength + r * recordLength;
    out.fill(0x20, at, at + recordLength);
    out[at] = row.deleted ? 0x2a : 0x20;
    at++;
    fields.forEach((f, i) => {
      const value = row.values[i] ?? '';
      const bytes = typeof value === 'string' ? utf8(value) : value;
      out.set(bytes.subarray(0, f.width), at);
      at += f.width;
    });
  });
  out[out.length - 1] = 0x1a;
  return out;
}

/** A square ring of side `s` at (x, y), clockwise (a Shapefile outer ring) unless `ccw`. */
export function square(x: number, y: number, s: number, ccw = false): XY[] {
  const cw: XY[] = [[x, y], [x, y + s], [x + s, y + s], [x + s, y], [x, y]];
  return ccw ? cw.reverse() : cw;
}
