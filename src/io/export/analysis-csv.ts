/**
 * The results table (analysis-table.ts) straight to CSV bytes, in chunks: the UTF-8 of
 * `toCsv(analysisColumns(), rows of analysisRow)`, without making 45 cells per parcel first. At 100k
 * parcels that detour was a third of the CLI's run: every figure went number → rounded text → number →
 * text, and every rule's status and reason through the quoting regexes again. Here a figure's digits
 * are written as bytes, and the few distinct statuses, reasons, towns and classes are quoted and
 * encoded once: no string per figure or row, and no 46 MB of text to encode afterwards.
 */
import { RECLAIM_KINDS, type AnalysisResult } from '../../domain/analyze';
import { CLASS_LETTERS } from '../../domain/evaluation';
import { nullIfNaN } from '../../domain/metrics';
import type { ParcelGeoFacts } from '../../domain/facts';
import { RULE_IDS, STATUS_CODES } from '../../domain/rules/outcome';
import { analysisColumns, provenanceCells, type Provenance } from './analysis-table';
import { csvCell } from './csv';

const BOM = '\uFEFF';
const encoder = new TextEncoder();
/** Bytes per chunk: few chunks to write, and no 46 MB buffer to grow and copy. */
export const CSV_CHUNK_BYTES = 1 << 20;

/**
 * `csvCell(round(v, digits))` without the round trip through a number: `toFixed` with trailing zeros
 * (and a bare point) dropped is the shortest text of the rounded value while it has at most 15
 * significant digits, which below 1e11 it has; larger values take the long way.
 */
function fixedCellByText(v: number, digits: number): string {
  if (!(Math.abs(v) < 1e11)) return csvCell(Number(v.toFixed(digits)));
  const s = v.toFixed(digits);
  let e = s.length;
  if (digits > 0) {
    while (s.charCodeAt(e - 1) === 48) e--;
    if (s.charCodeAt(e - 1) === 46) e--;
  }
  const t = e === s.length ? s : s.slice(0, e);
  return t === '-0' ? '0' : t;
}

const SCALE = [1, 10, 100, 1000, 10000];

/**
 * `csvCell(round(v, digits))` (digits 0–4), a figure's cell, as ByteChunks.fixed writes it (for tests
 * and single cells).
 */
export function fixedCell(v: number | null, digits: number): string {
  const out = new ByteChunks(32);
  out.fixed(v, digits);
  return new TextDecoder().decode(out.take(true)[0] ?? new Uint8Array(0));
}

/** Output bytes in chunks of `size` bytes at most (a single longer write gets a chunk of its own). */
class ByteChunks {
  /** Chunks filled and not yet taken. */
  private full: Uint8Array[] = [];
  private buf: Uint8Array;
  private pos = 0;
  constructor(private readonly size: number) {
    this.buf = new Uint8Array(size);
  }

  /** Makes room for `n` more bytes in the current chunk (a new chunk when they do not fit). */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.pos > 0) this.full.push(this.buf.subarray(0, this.pos));
    this.buf = new Uint8Array(Math.max(this.size, n));
    this.pos = 0;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    const buf = this.buf;
    let p = this.pos;
    // Cells are short: a loop beats `set`'s fixed cost.
    if (b.length < 32) for (let i = 0; i < b.length; i++) buf[p++] = b[i]!;
    else { buf.set(b, p); p += b.length; }
    this.pos = p;
  }

  /** Text as UTF-8 (ASCII by hand; anything else through the encoder). */
  text(s: string): void {
    this.room(3 * s.length);
    const buf = this.buf;
    const p = this.pos;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = p + encoder.encodeInto(s, buf.subarray(p)).written;
        return;
      }
      buf[p + i] = c;
    }
    this.pos = p + s.length;
  }

  /** The non-negative integer `n` (below 2^31) in decimal, padded with zeros to `width` digits. */
  digits(n: number, width: number): void {
    let len = 1;
    for (let t = n; t >= 10; t = Math.floor(t / 10)) len++;
    if (len < width) len = width;
    this.room(len);
    const buf = this.buf;
    let p = this.pos + len;
    this.pos = p;
    for (let i = 0; i < len; i++) {
      const q = Math.floor(n / 10);
      buf[--p] = 48 + n - 10 * q;
      n = q;
    }
  }

  /**
   * `csvCell(round(v, digits))` (digits 0–4), a figure's cell. Mostly by integer arithmetic, which is
   * the same as `toFixed` where that is provable: |v·10^digits| < 2^31, so the product is within 2^-22
   * of the exact one and, unless its fraction is that close to ½, rounds to the same integer. Else by text.
   */
  fixed(v: number | null, digits: number): void {
    if (v === null || !Number.isFinite(v)) return;
    const s = v * SCALE[digits]!;
    if (!(Math.abs(s) < 2147483648) || Math.abs(s - Math.floor(s) - 0.5) < 1e-6) {
      this.text(fixedCellByText(v, digits));
      return;
    }
    const n = Math.round(s);
    if (n === 0) {
      this.byte(48);
      return;
    }
    const a = n < 0 ? -n : n;
    const unit = SCALE[digits]!;
    const whole = Math.floor(a / unit);
    let frac = a - whole * unit;
    if (n < 0) this.byte(45);
    this.digits(whole, 1);
    if (frac === 0) return;
    let d = digits;
    while (frac % 10 === 0) { frac /= 10; d--; }
    this.byte(46);
    this.digits(frac, d);
  }

  /** The chunks filled since the last call (with `end`, the current one too). */
  take(end = false): Uint8Array[] {
    if (end && this.pos > 0) {
      this.full.push(this.buf.subarray(0, this.pos));
      this.buf = new Uint8Array(0);
      this.pos = 0;
    }
    const full = this.full;
    if (full.length > 0) this.full = [];
    return full;
  }
}

const COMMA = 44;

/**
 * The CSV file (BOM, header, one CRLF-ended line per parcel of `fids`) as UTF-8, in consecutive chunks
 * of at most `chunkBytes` bytes (a single longer write gets a chunk of its own; a chunk ends between cells or inside a
 * figure, never inside a character), each given out as
 * soon as it is full: a caller can write one while the next is made.
 */
export function* analysisCsvBytes(result: AnalysisResult, facts: readonly (ParcelGeoFacts | undefined)[], fids: readonly number[], provenance: Provenance, chunkBytes = CSV_CHUNK_BYTES): Generator<Uint8Array, void, undefined> {
  const out = new ByteChunks(chunkBytes);
  // Statuses, reasons, towns and classes repeat a few dozen values over every parcel: quote and encode each once.
  const encoded = new Map<string, Uint8Array>();
  const cellBytes = (s: string): Uint8Array => {
    let b = encoded.get(s);
    if (b === undefined) {
      b = encoder.encode(csvCell(s));
      if (encoded.size < 4096) encoded.set(s, b);
    }
    return b;
  };
  const tail = encoder.encode(`,${provenanceCells(provenance).map(csvCell).join(',')}\r\n`);
  const statusCell = STATUS_CODES.map((c) => encoder.encode(csvCell(c)));
  const flagCell = [encoder.encode(csvCell(false)), encoder.encode(csvCell(true))];
  // A rule's two cells with their commas (`,status,reason`) are one of a few runs of bytes per rule: each
  // made once, by reason then status, and the last reason's kept per rule (reasons repeat parcel to parcel).
  const pairCells = RULE_IDS.map(() => new Map<string, Uint8Array[]>());
  const lastReason = new Array<string>(RULE_IDS.length).fill('\u0000');
  const lastPairs = new Array<Uint8Array[]>(RULE_IDS.length).fill([]);
  const pairsOf = (k: number, reason: string): Uint8Array[] => {
    const cells = pairCells[k]!;
    let pairs = cells.get(reason);
    if (pairs === undefined) {
      pairs = [];
      if (cells.size < 4096) cells.set(reason, pairs);
    }
    return pairs;
  };
  const pairCell = (pairs: Uint8Array[], status: number, reason: string): Uint8Array => {
    let b = pairs[status];
    if (b === undefined) {
      const st = statusCell[status]!;
      const rs = cellBytes(reason);
      b = new Uint8Array(2 + st.length + rs.length);
      b[0] = COMMA;
      b.set(st, 1);
      b[1 + st.length] = COMMA;
      b.set(rs, 2 + st.length);
      pairs[status] = b;
    }
    return b;
  };
  out.text(`${BOM}${analysisColumns().map(csvCell).join(',')}\r\n`);
  // A cell and the comma after it: a repeated text (null: empty), a figure to `digits` decimals.
  const textCell = (s: string | null): void => {
    if (s !== null) out.bytes(cellBytes(s));
    out.byte(COMMA);
  };
  const figure = (v: number | null, digits: number): void => {
    out.fixed(v, digits);
    out.byte(COMMA);
  };
  // Read from the result columns (no row object per parcel: at 100k this is the CLI's last step).
  const r = result.parcels;
  for (const index of fids) {
    const enterprise = r.enterpriseAt(index);
    out.text(csvCell(r.parcels[index]!.parcelId));
    out.byte(COMMA);
    textCell(r.town[index] ?? null);
    figure(r.areaM2[index]!, 2);
    figure(r.areaMu[index]!, 4);
    figure(enterprise.metric('taxPerMu'), 4);
    figure(enterprise.metric('valuePerMu'), 4);
    figure(enterprise.metric('productivity'), 4);
    figure(enterprise.metric('energyIntensity'), 4);
    figure(nullIfNaN(r.far[index]!), 4);
    figure(nullIfNaN(r.coverage[index]!), 4);
    figure(nullIfNaN(r.unbuiltM2[index]!), 2);
    const classIndex = r.classIndex[index]!;
    textCell(classIndex < 0 ? null : CLASS_LETTERS[classIndex]!);
    out.bytes(flagCell[r.classComputed[index]!]!);
    out.byte(COMMA);
    const stage = r.idleStage[index]!;
    textCell(stage === 0 ? null : stage === 3 ? 'negotiated' : String(stage));
    figure(r.reclaimableMu[index]!, 4);
    const kind = r.reclaimKind[index]!;
    textCell(kind < 0 ? null : RECLAIM_KINDS[kind]!);
    const geometryError = facts[index]?.geometryError;
    if (geometryError) out.bytes(cellBytes(geometryError));
    const at = index * RULE_IDS.length;
    for (let k = 0; k < RULE_IDS.length; k++) {
      const reason = result.ruleReason[at + k]!;
      if (reason !== lastReason[k]) { lastReason[k] = reason; lastPairs[k] = pairsOf(k, reason); }
      out.bytes(pairCell(lastPairs[k]!, result.ruleStatus[at + k]!, reason));
    }
    out.bytes(tail);
    for (const chunk of out.take()) yield chunk;
  }
  yield* out.take(true);
}
