/**
 * Reading a polygon FlatGeobuf layer without making GeoJSON: every feature's rings go into one set of
 * flat typed arrays (geo/flat-polygons.ts) while their offsets and lengths are checked as the GeoJSON
 * decoder checks them, and each feature's properties are checked in place but decoded only when asked
 * for. A layer of 300 000 building footprints then costs a few buffers instead of millions of small
 * arrays and objects the garbage collector must walk; `geometry` and `properties` are still there for
 * every feature (made when asked for), so the loader's general path reads such a layer like any other.
 */
import { flatFeatureParts, type FlatPolygons } from '../../../geo/flat-polygons';
import type { SourceFeature } from '../../source';
import { FeatureDecoder } from './decode';
import { Damaged } from './flatbuffer';
import { GeometryType, type FgbHeader } from './header';

/** The layer holds something the flat form does not (z values, a feature's own columns): read it as GeoJSON instead. */
export class NotFlat extends Error {}

/**
 * Whether a file's features may be read flat: polygons declared in the header, or no type declared (GDAL
 * writes Unknown for a layer of Polygons and MultiPolygons; a feature of another type then sends the file
 * to the GeoJSON decoder), no z.
 */
export const flatReadable = (header: FgbHeader): boolean =>
  !header.hasZ && (header.geometryType === GeometryType.Polygon || header.geometryType === GeometryType.MultiPolygon || header.geometryType === GeometryType.Unknown);

/** A typed array that doubles when full (sized at once where the total is known: `size`). */
class Grow<T extends Float64Array | Uint32Array | Uint8Array> {
  length = 0;
  constructor(public data: T, private readonly make: (n: number) => T) {}
  /** Room for `n` values in all, while still empty: `done` then gives `data` itself when exactly `n` came. */
  size(n: number): void {
    if (this.length === 0 && n !== this.data.length) this.data = this.make(n);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(Math.max(2 * this.data.length, 16));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): T {
    return this.length === this.data.length ? this.data : (this.data.slice(0, this.length) as T);
  }
  /** Makes room for `n` more values. */
  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    const next = this.make(Math.max(2 * this.data.length, this.length + n));
    next.set(this.data);
    this.data = next;
  }
}

/** Whether this machine stores numbers little-endian, as FlatGeobuf does (then coordinates are copied as bytes). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Up to this many values (x and y) a ring is copied value by value, above in one block. */
const SHORT_RING_VALUES = 64;

const f64 = (n: number) => new Float64Array(n);
const u32 = (n: number) => new Uint32Array(n);
const u8 = (n: number) => new Uint8Array(n);

/**
 * A feature whose geometry and properties are made from the flat layer when asked for. Two fields: every
 * feature of a layer lives as long as its reading (300k buildings); where its bytes are, and what was
 * made, the decoder keeps.
 */
class LazyFeature implements SourceFeature {
  constructor(private readonly source: FlatFeatureDecoder, private readonly index: number) {}
  get geometry(): unknown {
    return this.source.geometryOf(this.index);
  }
  get properties(): Record<string, unknown> {
    return this.source.propertiesOf(this.index);
  }
  propertiesOnce(): Record<string, unknown> {
    return this.source.propertiesOnceOf(this.index);
  }
  valuesOnce(): unknown[] | null {
    return this.source.valuesOnceOf(this.index);
  }
}

export class FlatFeatureDecoder extends FeatureDecoder {
  private readonly xyOut = new Grow(f64(1 << 16), f64);
  private readonly ringEnd = new Grow(u32(1 << 12), u32);
  private readonly partEnd = new Grow(u32(1 << 12), u32);
  private readonly featureEnd = new Grow(u32(1 << 12), u32);
  /** Per feature: 0 no geometry, else its GeometryType (Polygon or MultiPolygon). */
  private readonly types = new Grow(u8(1 << 12), u8);
  /** Each feature's bytes: [start, start + size) (a file held in memory is under 4 GiB: V8's limit for one buffer). */
  private readonly starts = new Grow(u32(1 << 12), u32);
  private readonly sizes = new Grow(u32(1 << 12), u32);
  private flat: FlatPolygons | null = null;
  /** Geometries made so far, by feature (few in the CLI, which packs the flat arrays instead). */
  private readonly geometries: unknown[] = [];
  /** Properties made so far, by feature (few: problem reports, a small layer's names). */
  private readonly made = new Map<number, Record<string, unknown>>();

  /**
   * Sizes the flat arrays for the features laid end to end from `start`, from a quick first pass over their
   * geometries' vector lengths (~1/20 of the decoding's time). Grown by doubling instead, the arrays' memory
   * was written ~3 times over (each doubling, then the final copy to length): for the 300k buildings' 22 MB
   * of coordinates the read touched ~70 MB more new memory (measured in Node), and on the benchmarks'
   * virtual machines every 4 KB page written for the first time costs ~10 µs of the kernel's time. Anything unexpected (damage, a geometry
   * the flat form does not take, counts the bytes cannot hold: a crafted file can point many parts at one
   * polygon) leaves them to grow as they go; the decoding then says what is wrong.
   */
  presize(start: number): void {
    const { m, view, bytes } = this;
    let values = 0;
    let rings = 0;
    let parts = 0;
    let features = 0;
    const part = (g: number): void => {
      const xy = m.vector(g, 1, 8);
      const ends = m.length(m.vector(g, 0, 4));
      values += m.length(xy);
      rings += ends > 0 ? ends : m.length(xy) > 0 ? 1 : 0;
      parts++;
    };
    try {
      for (let offset = start; offset + 4 <= bytes.length; features++) {
        const end = offset + 4 + view.getUint32(offset, true);
        if (end > bytes.length) return;
        const g = m.field(m.at(offset + 4, end), 0);
        if (g !== 0) {
          const geometry = m.target(g);
          const type = this.header.geometryType === GeometryType.Unknown ? m.u8Field(geometry, 6, 0) : this.header.geometryType;
          if (type === GeometryType.Polygon) part(geometry);
          else if (type === GeometryType.MultiPolygon) {
            const list = m.vector(geometry, 7, 4);
            for (let i = 0; i < m.length(list); i++) part(m.tableAt(list, i));
          } else return;
        }
        offset = end;
      }
    } catch {
      return;
    }
    // Each value, ring end, part end takes at least 8, 4, 4 bytes of the file.
    const room = bytes.length - start;
    if (8 * values > room || 4 * rings > room || 4 * parts > room) return;
    this.xyOut.size(values);
    this.ringEnd.size(rings);
    this.partEnd.size(parts);
    for (const perFeature of [this.featureEnd, this.types, this.starts, this.sizes]) perFeature.size(features);
  }

  /** Checks the feature in bytes [start, end) and adds its rings; returns it with lazy values. */
  decodeFlat(start: number, end: number): SourceFeature {
    const m = this.m;
    const table = m.at(start, end);
    const g = m.field(table, 0);
    const index = this.types.length;
    if (g === 0) this.types.push(0);
    else {
      const geometry = m.target(g);
      const declared = this.header.geometryType;
      const type = declared === GeometryType.Unknown ? m.u8Field(geometry, 6, 0) : declared;
      if (type !== GeometryType.Polygon && type !== GeometryType.MultiPolygon) throw new NotFlat();
      this.types.push(type);
      if (type === GeometryType.Polygon) this.part(geometry);
      else {
        const parts = m.vector(geometry, 7, 4);
        for (let i = 0; i < m.length(parts); i++) this.part(m.tableAt(parts, i));
      }
    }
    this.featureEnd.push(this.partEnd.length);
    // A feature with its own columns is rare: such a file is read as GeoJSON.
    if (m.field(table, 2) !== 0) throw new NotFlat();
    this.properties(table, this.header.columns, null);
    this.starts.push(start);
    this.sizes.push(end - start);
    return new LazyFeature(this, index);
  }

  /** Adds one polygon's rings (cut at `ends`, as the GeoJSON decoder cuts them). */
  private part(g: number): void {
    const m = this.m;
    const xy = this.xy(g);
    if (xy.z >= 0) throw new NotFlat();
    const ends = m.vector(g, 0, 4);
    const parts = m.length(ends);
    if (parts === 0) {
      if (xy.count > 0) this.ring(xy.data, 0, xy.count);
    } else {
      let from = 0;
      for (let i = 0; i < parts; i++) {
        const to = this.view.getUint32(ends + 4 + 4 * i, true);
        if (to < from || to > xy.count) throw new Damaged('a ring end lies outside the coordinate list');
        this.ring(xy.data, from, to);
        from = to;
      }
    }
    this.partEnd.push(this.ringEnd.length);
  }

  private ring(data: number, from: number, to: number): void {
    const out = this.xyOut;
    const values = 2 * (to - from);
    out.reserve(values);
    if (LITTLE_ENDIAN && values > SHORT_RING_VALUES) {
      // The file's x, y doubles are the output's bytes: one copy (the run need not be 8-byte aligned in the file).
      new Uint8Array(out.data.buffer, out.data.byteOffset + 8 * out.length, 8 * values).set(this.bytes.subarray(data + 16 * from, data + 16 * to));
    } else {
      // A short ring (most parcels and buildings) value by value: two typed-array views per ring cost more.
      const view = this.view;
      const xy = out.data;
      const at = out.length - 2 * from;
      for (let i = from; i < to; i++) {
        xy[at + 2 * i] = view.getFloat64(data + 16 * i, true);
        xy[at + 2 * i + 1] = view.getFloat64(data + 16 * i + 8, true);
      }
    }
    out.length += values;
    this.ringEnd.push(out.length >> 1);
  }

  /** The flat layer, once every feature was decoded. */
  finish(): FlatPolygons {
    this.flat = {
      count: this.types.length,
      xy: this.xyOut.done(),
      ringEnd: this.ringEnd.done(),
      partEnd: this.partEnd.done(),
      featureEnd: this.featureEnd.done(),
    };
    return this.flat;
  }

  /** Feature i's properties, made once. */
  propertiesOf(i: number): Record<string, unknown> {
    let p = this.made.get(i);
    if (!p) this.made.set(i, (p = this.propertiesAt(this.starts.data[i]!, this.starts.data[i]! + this.sizes.data[i]!)));
    return p;
  }

  /** Feature i's properties in the object every call reuses, unless they were made. */
  propertiesOnceOf(i: number): Record<string, unknown> {
    return this.made.get(i) ?? this.scratchPropertiesAt(this.starts.data[i]!, this.starts.data[i]! + this.sizes.data[i]!);
  }

  /** Feature i's values by column in the array every call reuses; null once its properties were made. */
  valuesOnceOf(i: number): unknown[] | null {
    return this.made.size > 0 && this.made.has(i) ? null : this.scratchValuesAt(this.starts.data[i]!, this.starts.data[i]! + this.sizes.data[i]!);
  }

  /**
   * Feature i's geometry as the GeoJSON decoder makes it (Polygon or MultiPolygon, or null), made once: the
   * import dialog evaluates the same read again on every option changed.
   */
  geometryOf(i: number): unknown {
    return (this.geometries[i] ??= this.makeGeometry(i));
  }

  private makeGeometry(i: number): unknown {
    const flat = this.flat;
    if (!flat) throw new Error('geometry asked for before the layer was read');
    const type = this.types.data[i]!;
    if (type === 0) return null;
    const parts = flatFeatureParts(flat, i);
    return type === GeometryType.Polygon ? { type: 'Polygon', coordinates: parts[0] ?? [] } : { type: 'MultiPolygon', coordinates: parts };
  }

  /** The properties of the feature in bytes [start, end), checked when it was read. */
  propertiesAt(start: number, end: number): Record<string, unknown> {
    return this.properties(this.m.at(start, end), this.header.columns, this.template);
  }

  private scratch: Record<string, unknown> | null = null;

  private values: unknown[] | null = null;

  /** The values by column index, written into one array that every call reuses (valid until the next call). */
  scratchValuesAt(start: number, end: number): unknown[] {
    const values = (this.values ??= new Array<unknown>(this.header.columns.length)).fill(null);
    return this.fillValues(this.m.at(start, end), this.header.columns, values);
  }

  /** The same, written into one object that every call reuses (valid until the next call). */
  scratchPropertiesAt(start: number, end: number): Record<string, unknown> {
    const props = Object.assign((this.scratch ??= { ...this.template }), this.template);
    return this.fillProperties(this.m.at(start, end), this.header.columns, props)!;
  }
}
