/**
 * Mapbox Vector Tile bytes of one layer, written straight from geojson-vt's raw tile (flat integer
 * coordinate arrays, `getTileRaw`): the same bytes vt-pbf writes from `getTile` (tested byte for byte in
 * tile-encode.test.ts), without the per-vertex [x, y] arrays geojson-vt's `getTile` builds, the per-vertex
 * Point objects vt-pbf's wrapper builds and a copy of each feature for its properties. At 100k parcels the
 * tiles of one view hold ~100k polygons, so that garbage was most of a tile's encoding time.
 */
import type { RawTile } from 'geojson-vt';

/** A growable protobuf writer with the field encodings the tile format uses (as pbf writes them). */
class Writer {
  buf = new Uint8Array(1 << 16);
  pos = 0;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** A non-negative integer (up to 2^53) as a varint. */
  varint(v: number): void {
    this.room(10);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** Opens a length-delimited field; `end` writes its length (one byte reserved, moved when longer). */
  begin(field: number): number {
    this.tag(field, 2);
    this.room(1);
    return ++this.pos;
  }

  end(start: number): void {
    const len = this.pos - start;
    const extra = len < 0x80 ? 0 : len < 0x4000 ? 1 : len < 0x200000 ? 2 : len < 0x10000000 ? 3 : 4;
    if (extra > 0) {
      this.room(extra);
      this.buf.copyWithin(start + extra, start, this.pos);
    }
    this.pos = start - 1;
    this.varint(len);
    this.pos += len;
  }

  string(field: number, s: string): void {
    const bytes = ENCODER.encode(s);
    this.tag(field, 2);
    this.varint(bytes.length);
    this.room(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  double(field: number, v: number): void {
    this.tag(field, 1);
    this.room(8);
    new DataView(this.buf.buffer, this.pos, 8).setFloat64(0, v, true);
    this.pos += 8;
  }
}

const ENCODER = new TextEncoder();

const command = (cmd: number, length: number): number => (length << 3) + (cmd & 0x7);
const zigzag = (n: number): number => (n << 1) ^ (n >> 31);

/** A property value's message (vt-pbf writeValue). */
function writeValue(w: Writer, value: unknown): void {
  if (typeof value === 'string') w.string(1, value);
  else if (typeof value === 'boolean') {
    w.tag(7, 0);
    w.varint(value ? 1 : 0);
  } else if (typeof value === 'number') {
    if (value % 1 !== 0) w.double(3, value);
    else if (value < 0) {
      w.tag(6, 0);
      w.varint(-value * 2 - 1);
    } else {
      w.tag(5, 0);
      w.varint(value);
    }
  }
}

/**
 * The tile bytes of one layer `name` holding `tile`'s features (polygons and lines; null when a feature is
 * of another kind, for the caller's general path). `tagsOf` gives a feature's properties (null: none).
 */
export function encodeRawTile(
  name: string,
  tile: RawTile,
  extent: number,
  tagsOf: (feature: RawTile['features'][number]) => Readonly<Record<string, unknown>> | null,
): Uint8Array | null {
  const features = tile.features;
  const w = new Writer();
  const layer = w.begin(3);
  w.tag(15, 0);
  w.varint(2);
  w.string(1, name);
  w.tag(5, 0);
  w.varint(extent);
  const keys: string[] = [];
  const keyIndex = new Map<string, number>();
  const values: unknown[] = [];
  const numberIndex = new Map<number, number>();
  const otherIndex = new Map<string, number>();
  for (const f of features) {
    if (f.type !== 2 && f.type !== 3) return null;
    const feature = w.begin(2);
    const id = (f as { id?: unknown }).id;
    if (typeof id === 'number') {
      w.tag(1, 0);
      w.varint(id);
    }
    const props = w.begin(2);
    const tags = tagsOf(f);
    for (const key in tags) {
      let value: unknown = tags[key];
      if (value === null) continue; // vt-pbf writes no null value
      let k = keyIndex.get(key);
      if (k === undefined) {
        keyIndex.set(key, (k = keys.length));
        keys.push(key);
      }
      w.varint(k);
      // One value per distinct type and value, as vt-pbf's `type:value` cache.
      let v: number | undefined;
      if (typeof value === 'number') {
        v = numberIndex.get(value);
        if (v === undefined) {
          numberIndex.set(value, (v = values.length));
          values.push(value);
        }
      } else {
        const type = typeof value;
        if (type !== 'string' && type !== 'boolean') value = JSON.stringify(value);
        const cacheKey = `${type}:${String(value)}`;
        v = otherIndex.get(cacheKey);
        if (v === undefined) {
          otherIndex.set(cacheKey, (v = values.length));
          values.push(value);
        }
      }
      w.varint(v);
    }
    w.end(props);
    w.tag(3, 0);
    w.varint(f.type);
    const geometry = w.begin(4);
    let x = 0, y = 0;
    for (const ring of f.geometry) {
      const points = ring.length >> 1;
      w.varint(command(1, 1)); // moveto
      // A polygon's closing point is not written as a lineto.
      const lineCount = f.type === 3 ? points - 1 : points;
      for (let i = 0; i < lineCount; i++) {
        if (i === 1) w.varint(command(2, lineCount - 1)); // lineto
        const dx = ring[2 * i]! - x;
        const dy = ring[2 * i + 1]! - y;
        w.varint(zigzag(dx) >>> 0);
        w.varint(zigzag(dy) >>> 0);
        x += dx;
        y += dy;
      }
      if (f.type === 3) w.varint(command(7, 1)); // closepath
    }
    w.end(geometry);
    w.end(feature);
  }
  for (const key of keys) w.string(3, key);
  for (const value of values) {
    const m = w.begin(4);
    writeValue(w, value);
    w.end(m);
  }
  w.end(layer);
  return w.buf.slice(0, w.pos);
}
