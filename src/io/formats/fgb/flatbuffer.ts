/**
 * Bounds-checked reading of one FlatBuffers message (a FlatGeobuf header or feature) straight from the
 * file's bytes. The generated classes in the flatgeobuf package trust every offset, so a damaged file makes
 * them read zeros past the end or garbage; here every offset is checked against the message's own byte
 * range and a bad one throws `Damaged`, which the readers turn into an error naming the feature. It is
 * also faster than the generated classes: no ByteBuffer or accessor objects per feature, one instance is
 * re-pointed at each message in turn.
 */

/** A read outside the message: the file is damaged. Internal; readers convert it to an IoError. */
export class Damaged extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'Damaged';
  }
}

export class FlatMessage {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** The message's byte range within `bytes` (the size prefix excluded). */
  start = 0;
  end = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Points at the message in bytes [start, end) and returns its root table's position. */
  at(start: number, end: number): number {
    if (start < 0 || end > this.bytes.length || end - start < 8) throw new Damaged('the message is too short to hold a table');
    this.start = start;
    this.end = end;
    return this.target(start);
  }

  private check(pos: number, size: number): void {
    if (pos < this.start || pos + size > this.end) throw new Damaged(`an internal offset points outside it: byte ${pos - this.start} of ${this.end - this.start}`);
  }

  u8(pos: number): number {
    this.check(pos, 1);
    return this.bytes[pos]!;
  }
  u16(pos: number): number {
    this.check(pos, 2);
    return this.view.getUint16(pos, true);
  }
  u32(pos: number): number {
    this.check(pos, 4);
    return this.view.getUint32(pos, true);
  }
  i32(pos: number): number {
    this.check(pos, 4);
    return this.view.getInt32(pos, true);
  }
  /** An unsigned 64-bit value as a number; beyond 2^53 it is no count or offset a real file has. */
  u64(pos: number): number {
    this.check(pos, 8);
    const low = this.view.getUint32(pos, true);
    const high = this.view.getUint32(pos + 4, true);
    if (high >= 0x200000) throw new Damaged('a 64-bit count or offset is beyond 2^53');
    return high * 0x100000000 + low;
  }

  /** Follows the uoffset stored at `pos`. */
  target(pos: number): number {
    const to = pos + this.u32(pos);
    this.check(to, 4);
    return to;
  }

  /** Absolute position of field `index` of the table at `table`, or 0 when the field is absent. */
  field(table: number, index: number): number {
    const vtable = table - this.i32(table);
    const vtableSize = this.u16(vtable);
    const slot = 4 + 2 * index;
    if (slot + 2 > vtableSize) return 0;
    const offset = this.u16(vtable + slot);
    if (offset === 0) return 0;
    this.check(table + offset, 1);
    return table + offset;
  }

  /** Position of the length word of vector field `index` (elements follow it), or 0 when absent. Checks
   *  that `elementSize`-byte elements fit. */
  vector(table: number, index: number, elementSize: number): number {
    const f = this.field(table, index);
    if (f === 0) return 0;
    const v = this.target(f);
    this.check(v + 4, this.u32(v) * elementSize);
    return v;
  }

  /** Element count of the vector whose length word is at `v` (0 for an absent vector). */
  length(v: number): number {
    return v === 0 ? 0 : this.view.getUint32(v, true);
  }

  /** The table that element `i` of a vector of tables points to. */
  tableAt(v: number, i: number): number {
    return this.target(v + 4 + 4 * i);
  }

  stringField(table: number, index: number): string | null {
    const v = this.vector(table, index, 1);
    return v === 0 ? null : utf8(this.bytes, v + 4, v + 4 + this.length(v));
  }

  u8Field(table: number, index: number, fallback: number): number {
    const f = this.field(table, index);
    return f === 0 ? fallback : this.u8(f);
  }
  u16Field(table: number, index: number, fallback: number): number {
    const f = this.field(table, index);
    return f === 0 ? fallback : this.u16(f);
  }
  i32Field(table: number, index: number, fallback: number): number {
    const f = this.field(table, index);
    return f === 0 ? fallback : this.i32(f);
  }
  u64Field(table: number, index: number, fallback: number): number {
    const f = this.field(table, index);
    return f === 0 ? fallback : this.u64(f);
  }
}

// A value's leading U+FEFF is its own text, as the hand decoder below keeps it.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
/** Code units of the string being decoded, reused between calls (64 bytes of UTF-8 are at most 64 units). */
const units = new Uint16Array(64);
const f = String.fromCharCode;

/**
 * The string of units[0 … n). A call with a fixed number of arguments is compiled to a direct string
 * build; `apply` over an array takes V8's generic path, 3–4× slower for ids and names (Node microbenchmark:
 * 45–100 ns against 200–370 ns a string), and 100k parcels hold over a million such strings.
 */
function fromUnits(n: number): string {
  const u = units;
  switch (n) {
    case 0: return '';
    case 1: return f(u[0]!);
    case 2: return f(u[0]!, u[1]!);
    case 3: return f(u[0]!, u[1]!, u[2]!);
    case 4: return f(u[0]!, u[1]!, u[2]!, u[3]!);
    case 5: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!);
    case 6: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!);
    case 7: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!);
    case 8: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!);
    case 9: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!);
    case 10: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!);
    case 11: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!);
    case 12: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!);
    case 13: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!);
    case 14: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!);
    case 15: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!);
    case 16: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!);
    case 17: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!);
    case 18: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!);
    case 19: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!);
    case 20: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!);
    case 21: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!, u[20]!);
    case 22: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!, u[20]!, u[21]!);
    case 23: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!, u[20]!, u[21]!, u[22]!);
    case 24: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!, u[20]!, u[21]!, u[22]!, u[23]!);
    default: return String.fromCharCode.apply(null, u.subarray(0, n) as unknown as number[]);
  }
}

/**
 * UTF-8 text of bytes [start, end). Short strings (most attribute values) are decoded by hand into a reused
 * array of code units: TextDecoder costs a fixed ~300 ns per call, which dominates for 10-byte values, and
 * `+=` per character leaves rope strings behind. Anything unusual (4-byte sequences, malformed bytes) goes
 * to TextDecoder, which substitutes U+FFFD as the spec asks.
 */
export function utf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > 64) return decoder.decode(bytes.subarray(start, end));
  let n = 0;
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      units[n++] = b;
      i += 1;
    } else if (b >= 0xe0 && b < 0xf0 && i + 2 < end) {
      const b1 = bytes[i + 1]!;
      const b2 = bytes[i + 2]!;
      const c = ((b & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
      if ((b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80 || c < 0x800 || (c >= 0xd800 && c < 0xe000)) return decoder.decode(bytes.subarray(start, end));
      units[n++] = c;
      i += 3;
    } else if (b >= 0xc2 && b < 0xe0 && i + 1 < end && (bytes[i + 1]! & 0xc0) === 0x80) {
      units[n++] = ((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
      i += 2;
    } else {
      return decoder.decode(bytes.subarray(start, end));
    }
  }
  return fromUnits(n);
}
