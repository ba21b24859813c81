/**
 * A small Shapefile writer (ESRI Shapefile Technical Description, 1998; dBASE III table): polygons as
 * shape type 5 (outer rings clockwise, holes counter-clockwise, as the format wants), the .shx index, and
 * a .dbf whose text is UTF-8 or GBK (code page 936, written through iconv-lite's table; the language
 * byte says 0x4D and the caller writes the matching .cpg). Field names must already be ≤ 10 ASCII
 * characters and unique. GDAL reading the output back is the oracle (write.test.ts).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

export type DbfType = 'text' | 'real' | 'int' | 'bool';
export type DbfValue = string | number | boolean | null;

export interface DbfFieldSpec {
  name: string;
  type: DbfType;
}

export interface ShapefileBytes {
  shp: Uint8Array;
  shx: Uint8Array;
  dbf: Uint8Array;
}

/** Text → bytes in the table's encoding. */
export type TextEncoderFn = (s: string) => Uint8Array;

type Ring = readonly Position[];

const signedArea = (ring: Ring): number => {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[i]![0]! - ring[j]![0]!) * (ring[i]![1]! + ring[j]![1]!);
  return a / 2; // > 0 clockwise
};

/** The rings of a polygon or multipolygon, closed, outer rings clockwise and holes counter-clockwise. */
export function shapeRings(g: Polygon | MultiPolygon): Ring[] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const out: Ring[] = [];
  for (const poly of polys) {
    poly.forEach((ring, k) => {
      if (ring.length === 0) return;
      const first = ring[0]!;
      const last = ring[ring.length - 1]!;
      const closed = first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
      const clockwise = signedArea(closed) > 0;
      out.push(clockwise === (k === 0) ? closed : [...closed].reverse());
    });
  }
  return out;
}

function writeHeader(v: DataView, fileBytes: number, box: readonly number[]): void {
  v.setInt32(0, 9994, false);
  v.setInt32(24, fileBytes / 2, false);
  v.setInt32(28, 1000, true);
  v.setInt32(32, 5, true);
  for (let k = 0; k < 4; k++) v.setFloat64(36 + 8 * k, box[k]!, true);
}

/** .shp and .shx of polygon shapes (a null geometry is written as a null shape). */
export function writeShp(geometries: readonly (Polygon | MultiPolygon | null)[]): { shp: Uint8Array; shx: Uint8Array } {
  const rings = geometries.map((g) => (g ? shapeRings(g) : []));
  const sizes = rings.map((rs) => {
    if (rs.length === 0) return 4;
    const points = rs.reduce((n, r) => n + r.length, 0);
    return 44 + 4 * rs.length + 16 * points;
  });
  const shpBytes = 100 + sizes.reduce((a, s) => a + 8 + s, 0);
  const shp = new Uint8Array(shpBytes);
  const shx = new Uint8Array(100 + 8 * geometries.length);
  const sv = new DataView(shp.buffer);
  const xv = new DataView(shx.buffer);
  const all = [Infinity, Infinity, -Infinity, -Infinity];
  let at = 100;
  rings.forEach((rs, i) => {
    xv.setInt32(100 + 8 * i, at / 2, false);
    xv.setInt32(104 + 8 * i, sizes[i]! / 2, false);
    sv.setInt32(at, i + 1, false);
    sv.setInt32(at + 4, sizes[i]! / 2, false);
    const c = at + 8;
    if (rs.length === 0) {
      sv.setInt32(c, 0, true);
      at = c + 4;
      return;
    }
    sv.setInt32(c, 5, true);
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    let points = 0;
    sv.setInt32(c + 36, rs.length, true);
    let p = c + 44 + 4 * rs.length;
    rs.forEach((r, k) => {
      sv.setInt32(c + 44 + 4 * k, points, true);
      for (const q of r) {
        const x = q[0]!;
        const y = q[1]!;
        sv.setFloat64(p, x, true);
        sv.setFloat64(p + 8, y, true);
        p += 16;
        if (x < box[0]!) box[0] = x;
        if (y < box[1]!) box[1] = y;
        if (x > box[2]!) box[2] = x;
        if (y > box[3]!) box[3] = y;
      }
      points += r.length;
    });
    sv.setInt32(c + 40, points, true);
    for (let k = 0; k < 4; k++) sv.setFloat64(c + 4 + 8 * k, box[k]!, true);
    for (let k = 0; k < 2; k++) all[k] = Math.min(all[k]!, box[k]!);
    for (let k = 2; k < 4; k++) all[k] = Math.max(all[k]!, box[k]!);
    at = p;
  });
  const box = Number.isFinite(all[0]) ? all : [0, 0, 0, 0];
  writeHeader(sv, shpBytes, box);
  writeHeader(xv, shx.length, box);
  return { shp, shx };
}

/** A number as the shortest text that reads back as the same double, or null when it is too long for `width`. */
function numberText(v: number, width: number): string | null {
  let s = String(v);
  if (s.length > width || /e/i.test(s)) {
    const t = v.toFixed(Math.max(0, Math.min(15, width - 2 - String(Math.trunc(Math.abs(v))).length - (v < 0 ? 1 : 0))));
    s = t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t;
  }
  return s.length > width ? null : s;
}

const REAL_WIDTH = 24;
const REAL_DECIMALS = 10;
const INT_WIDTH = 18;

/** Cuts `bytes` (text in a multi-byte encoding) to at most `max` bytes without splitting a character. */
function cut(s: string, encode: TextEncoderFn, max: number): Uint8Array {
  // Most values fit: encoded once, with no copy of their characters.
  if (s.length <= max) {
    const whole = encode(s);
    if (whole.length <= max) return whole;
  }
  // Every character is at least one byte: no more than `max` of them can fit (a name of 100k characters was
  // re-encoded once per character dropped, quadratic, in the analysis worker).
  // (The first `max` characters lie within the first 2·max UTF-16 units.)
  let chars = [...s.slice(0, 2 * max)].slice(0, max);
  let b = encode(chars.join(''));
  while (b.length > max && chars.length > 0) {
    chars = chars.slice(0, -1);
    b = encode(chars.join(''));
  }
  return b;
}

/**
 * The .dbf: text fields as wide as their longest value (1–254 bytes; longer text is cut at a character
 * boundary), reals N(24,10) written as their shortest exact text, integers N(18,0), booleans L.
 */
export function writeDbf(fields: readonly DbfFieldSpec[], rows: readonly (readonly DbfValue[])[], encode: TextEncoderFn, languageByte: number): Uint8Array {
  for (const f of fields) if (!/^[A-Za-z][A-Za-z0-9_]{0,9}$/.test(f.name)) throw new Error(`writeDbf: field name "${f.name}" is not ≤ 10 ASCII characters`);
  const texts: (Uint8Array | null)[][] = rows.map((row) => fields.map((f, c) => {
    const v = row[c];
    return f.type === 'text' && v !== null && v !== undefined ? cut(String(v), encode, 254) : null;
  }));
  const widths = fields.map((f, c) => {
    if (f.type === 'real') return REAL_WIDTH;
    if (f.type === 'int') return INT_WIDTH;
    if (f.type === 'bool') return 1;
    let w = 1;
    for (const t of texts) w = Math.max(w, t[c]?.length ?? 0);
    return w;
  });
  const headerBytes = 32 + 32 * fields.length + 1;
  const recordBytes = 1 + widths.reduce((a, w) => a + w, 0);
  const out = new Uint8Array(headerBytes + recordBytes * rows.length + 1);
  const v = new DataView(out.buffer);
  const now = new Date();
  out[0] = 0x03;
  out[1] = now.getUTCFullYear() - 1900;
  out[2] = now.getUTCMonth() + 1;
  out[3] = now.getUTCDate();
  v.setUint32(4, rows.length, true);
  v.setUint16(8, headerBytes, true);
  v.setUint16(10, recordBytes, true);
  out[29] = languageByte;
  fields.forEach((f, c) => {
    const d = 32 + 32 * c;
    for (let k = 0; k < f.name.length; k++) out[d + k] = f.name.charCodeAt(k);
    out[d + 11] = (f.type === 'text' ? 'C' : f.type === 'bool' ? 'L' : 'N').charCodeAt(0);
    out[d + 16] = widths[c]!;
    out[d + 17] = f.type === 'real' ? REAL_DECIMALS : 0;
  });
  out[headerBytes - 1] = 0x0d;
  const SPACE = 0x20;
  let p = headerBytes;
  const ascii = (s: string, width: number, right: boolean): void => {
    const pad = width - s.length;
    for (let k = 0; k < width; k++) out[p + k] = SPACE;
    const start = right ? pad : 0;
    for (let k = 0; k < s.length; k++) out[p + start + k] = s.charCodeAt(k);
  };
  rows.forEach((row, r) => {
    out[p++] = SPACE;
    fields.forEach((f, c) => {
      const w = widths[c]!;
      const value = row[c];
      if (f.type === 'text') {
        const t = texts[r]![c];
        out.fill(SPACE, p, p + w);
        if (t) out.set(t, p);
      } else if (f.type === 'bool') {
        out[p] = (value === true ? 'T' : value === false ? 'F' : '?').charCodeAt(0);
      } else if (typeof value === 'number' && Number.isFinite(value)) {
        const s = f.type === 'int' ? String(Math.round(value)) : numberText(value, w);
        ascii(s ?? '', w, true);
      } else ascii('', w, true);
      p += w;
    });
  });
  out[p] = 0x1a;
  return out;
}
