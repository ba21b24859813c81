/**
 * The parcel records cross the worker boundary column by column, in transferred buffers, instead of a
 * structured clone of 100k objects (decoded in ONE main-thread task, seconds at 100k) or JSON text (2.1 s
 * to write in the worker, 1.7 s to parse on the page at 100k). Attributes that are the loader's rows of
 * columns (all, in practice) cross as those columns: numbers copied as they are, other values as codes
 * into one string table. Plain-object attributes cross cell by cell. The page rebuilds the records a few
 * thousand per task, so it keeps answering while a big dataset arrives. The records come back as JSON
 * would have brought them (a key left undefined is absent, a non-finite number is null, -0 is 0). Used
 * for `load` and `import-commit` answers only.
 */
import type { ParcelField } from '../domain/parcel';
import { AttributeColumns, ParcelRow, plainAttributes, type ColumnValue } from '../domain/parcel-columns';
import type { LoadedDataset, ParcelRecord } from './protocol';

/**
 * Records rebuilt per task on the page: 2,500 take 10–25 ms, so that a task stays short even when a
 * scavenge of the records made so far (all alive: 50–120 ms at 100k on two busy cores) falls into it.
 */
export const RECORDS_PER_CHUNK = 2500;

/**
 * …and a task stops early past this many ms (looked at every 256 records): a stretch run slower (the
 * code deoptimised by a new kind of value, seen once taking 130 ms for one chunk) is spread over tasks.
 */
const CHUNK_BUDGET_MS = 12;

/** What one attribute value of one record is (`RecordColumns.tags`). */
const ABSENT = 0, NULL = 1, NUMBER = 2, TEXT = 3, TRUE = 4, FALSE = 5, JSON_TEXT = 6;

/** A cell of a wire column of texts (`WireColumnSet.cells`) that holds no text; ≥ 0 is a text's index in the string table. */
const CODE_NULL = -1, CODE_FALSE = -2, CODE_TRUE = -3;

/** Every record, column-wise. */
export interface RecordColumns {
  count: number;
  fid: Float64Array;
  areaM2: Float64Array;
  areaMu: Float64Array;
  /** NaN: null. */
  taxPerMu: Float64Array;
  /** NaN: `registeredAreaDiff` is null. */
  diffMu: Float64Array;
  diffRatio: Float64Array;
  /**
   * Every record's attributes were a row of the loader's columns (domain/parcel-columns.ts): those columns
   * cross as they are, and the page makes rows of columns again. Null: the attributes are plain objects
   * (tests, hand-made datasets), and cross as `keys`, `tags` and `values` (empty otherwise).
   */
  rows: WireRows | null;
  /** The attribute keys, in the order they first appear. */
  keys: string[];
  /** Record-major: record r, key k at r × keys.length + k. */
  tags: Uint8Array;
  /** A number, 0/1, or the index of a text in the string table. */
  values: Float64Array;
  /** The string table, concatenated (a text once per column, but in a mostly distinct column as often as it comes); text i is `texts.slice(ends[i-1], ends[i])`. */
  texts: string;
  ends: Uint32Array;
}

/** Records whose attributes are rows of the loader's columns: the sets of columns, and each record's set and row. */
export interface WireRows {
  sets: WireColumnSet[];
  setOf: Int32Array;
  rowOf: Int32Array;
}

/**
 * One set of attribute columns as it crosses: its fields in its order, and per field its column, a number
 * field's as numbers (NaN: empty), any other's as codes (`CODE_NULL`, `CODE_FALSE`, `CODE_TRUE`, or a
 * text's index in the string table).
 */
export interface WireColumnSet {
  count: number;
  fields: ParcelField[];
  cells: (Float64Array | Int32Array)[];
}

/** A dataset whose `parcels` travel as `parcelColumns`. */
export type WireDataset = Omit<LoadedDataset, 'parcels'> & { parcels: []; parcelColumns: RecordColumns };

export function isWireDataset(v: unknown): v is WireDataset {
  return typeof v === 'object' && v !== null && typeof (v as { parcelColumns?: unknown }).parcelColumns === 'object';
}

/** Key sets given a shared template when records are rebuilt (`fromWire`). */
const MAX_TEMPLATES = 256;

/** A column whose texts are more than this many and this share of its rows so far is not looked up any more (toWire). */
const DISTINCT_MIN = 16_384;
const DISTINCT_SHARE = 0.5;

/** A number as JSON carries it: non-finite → NaN (read back as null), -0 → 0. */
const jsonNumber = (v: number): number => (Number.isFinite(v) ? v + 0 : NaN);

/**
 * The string table as `toWire` writes it. Texts are shared within a column (towns, industries, an
 * enterprise's name over its parcels); a column that turns out mostly distinct (ids, credit codes) stops
 * being looked up, and a text of it is stored as it comes (a lookup per cell in a map of 100k texts was
 * ~0.5 s of the load at 100k).
 */
class TextTable {
  readonly texts: string[] = [];

  /** One column's `index(text, rowsSoFar)`: the text's index in the table. */
  column(): (s: string, row: number) => number {
    const texts = this.texts;
    let seen: Map<string, number> | null = new Map();
    return (s, row) => {
      if (!seen) return texts.push(s) - 1;
      let i = seen.get(s);
      if (i === undefined) {
        seen.set(s, (i = texts.length));
        texts.push(s);
        if (seen.size > DISTINCT_MIN && seen.size > DISTINCT_SHARE * (row + 1)) seen = null;
      }
      return i;
    };
  }
}

/** The dataset with its records as columns; `wireTransfer` lists the buffers to transfer. */
export function toWire(d: LoadedDataset): WireDataset {
  const n = d.parcels.length;
  const table = new TextTable();
  const c: RecordColumns = {
    count: n,
    fid: new Float64Array(n), areaM2: new Float64Array(n), areaMu: new Float64Array(n), taxPerMu: new Float64Array(n),
    diffMu: new Float64Array(n), diffRatio: new Float64Array(n),
    rows: n > 0 && d.parcels.every((p) => p.attributes instanceof ParcelRow) ? rowsToWire(d.parcels, table) : null,
    keys: [], tags: new Uint8Array(0), values: new Float64Array(0), texts: '', ends: new Uint32Array(0),
  };
  for (let r = 0; r < n; r++) {
    const p = d.parcels[r]!;
    c.fid[r] = p.fid;
    c.areaM2[r] = jsonNumber(p.areaM2);
    c.areaMu[r] = jsonNumber(p.areaMu);
    c.taxPerMu[r] = p.taxPerMu === null ? NaN : jsonNumber(p.taxPerMu);
    c.diffMu[r] = p.registeredAreaDiff ? jsonNumber(p.registeredAreaDiff.diffMu) : NaN;
    c.diffRatio[r] = p.registeredAreaDiff ? jsonNumber(p.registeredAreaDiff.ratio) : NaN;
  }
  if (!c.rows) objectsToWire(d.parcels, c, table);
  const { texts } = table;
  c.ends = new Uint32Array(texts.length);
  let end = 0;
  texts.forEach((s, i) => (c.ends[i] = end += s.length));
  c.texts = texts.join('');
  return { ...d, parcels: [], parcelColumns: c };
}

/** Records of rows of columns: each set of columns whole (numbers copied, other values as codes), and each record's set and row. */
function rowsToWire(parcels: readonly ParcelRecord[], table: TextTable): WireRows {
  const n = parcels.length;
  const setOf = new Int32Array(n);
  const rowOf = new Int32Array(n);
  const sets: AttributeColumns[] = [];
  const setIndex = new Map<AttributeColumns, number>();
  let last: AttributeColumns | null = null;
  let lastSet = -1;
  for (let r = 0; r < n; r++) {
    const { columns, index } = parcels[r]!.attributes as ParcelRow;
    // Nearly always the columns of the record before.
    if (columns !== last) {
      last = columns;
      lastSet = setIndex.get(columns) ?? sets.push(columns) - 1;
      setIndex.set(columns, lastSet);
    }
    setOf[r] = lastSet;
    rowOf[r] = index;
  }
  return { sets: sets.map((columns) => columnSetToWire(columns, table)), setOf, rowOf };
}

function columnSetToWire(columns: AttributeColumns, table: TextTable): WireColumnSet {
  const cells = columns.fields.map((f) => {
    const column = columns.column(f);
    const n = column.length;
    if (column instanceof Float64Array) {
      const numbers = new Float64Array(n);
      for (let i = 0; i < n; i++) numbers[i] = jsonNumber(column[i]!);
      return numbers;
    }
    const text = table.column();
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = column[i];
      codes[i] = typeof v === 'string' ? text(v, i) : v === true ? CODE_TRUE : v === false ? CODE_FALSE : CODE_NULL;
    }
    return codes;
  });
  return { count: columns.count, fields: [...columns.fields], cells };
}

/** Records of plain objects (a row among them read as one), cell by cell: `keys`, `tags` and `values`. */
function objectsToWire(parcels: readonly ParcelRecord[], c: RecordColumns, table: TextTable): void {
  const n = parcels.length;
  const attributesOf = (r: number) => {
    const a = parcels[r]!.attributes;
    return (a instanceof ParcelRow ? plainAttributes(a) : a) as unknown as Record<string, unknown>;
  };
  const keyIndex = new Map<string, number>();
  // Records of one key set list their keys in one order: a record whose keys are the previous one's (nearly
  // all) is passed over here, and below its cells take the previous record's columns, with no lookups.
  let seenKeys: string[] = [];
  for (let r = 0; r < n; r++) {
    const a = attributesOf(r);
    let j = 0, same = true;
    for (const k in a) if (seenKeys[j++] !== k) same = false;
    if (same && j === seenKeys.length) continue;
    seenKeys = [];
    for (const k in a) {
      seenKeys.push(k);
      if (!keyIndex.has(k)) keyIndex.set(k, keyIndex.size);
    }
  }
  const keys = [...keyIndex.keys()];
  const width = keys.length;
  c.keys = keys;
  c.tags = new Uint8Array(n * width);
  c.values = new Float64Array(n * width);
  const textOf = keys.map(() => table.column());
  /** The previous record's keys in order, and their columns. */
  const lastKeys: string[] = [];
  const lastColumns: number[] = [];
  for (let r = 0; r < n; r++) {
    const a = attributesOf(r);
    let j = 0, changed = false;
    for (const k in a) {
      const v = a[k];
      let key: number;
      if (!changed && lastKeys[j] === k) key = lastColumns[j]!;
      else {
        key = keyIndex.get(k)!;
        if (!changed) {
          changed = true;
          lastKeys.length = j;
          lastColumns.length = j;
        }
      }
      if (changed) {
        lastKeys.push(k);
        lastColumns.push(key);
      }
      j++;
      const o = r * width + key;
      if (v === undefined) continue; // JSON drops it: absent
      if (v === null) c.tags[o] = NULL;
      else if (typeof v === 'number') {
        const x = jsonNumber(v);
        c.tags[o] = Number.isNaN(x) ? NULL : NUMBER;
        c.values[o] = Number.isNaN(x) ? 0 : x;
      } else if (typeof v === 'string') {
        c.tags[o] = TEXT;
        c.values[o] = textOf[key]!(v, r);
      } else if (typeof v === 'boolean') c.tags[o] = v ? TRUE : FALSE;
      else {
        c.tags[o] = JSON_TEXT;
        c.values[o] = textOf[key]!(JSON.stringify(v), r);
      }
    }
    if (!changed && j < lastKeys.length) {
      lastKeys.length = j;
      lastColumns.length = j;
    }
  }
}

/** The buffers of a wire dataset, for `postMessage`'s transfer list. */
export function wireTransfer(w: WireDataset): ArrayBuffer[] {
  const c = w.parcelColumns;
  const rows = c.rows ? [c.rows.setOf, c.rows.rowOf, ...c.rows.sets.flatMap((s) => s.cells)] : [];
  return [c.fid, c.areaM2, c.areaMu, c.taxPerMu, c.diffMu, c.diffRatio, c.tags, c.values, c.ends, ...rows].map((a) => a.buffer as ArrayBuffer);
}

/**
 * Lets the page's event loop run between chunks, so input and rendering get their turn: `scheduler.yield`
 * where there is one, else a message task (setTimeout's 4 ms floor after five nested calls would add
 * 0.15 s over 40 chunks).
 */
function yieldTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * The dataset back with its records, rebuilt RECORDS_PER_CHUNK per task at most (fewer past CHUNK_BUDGET_MS),
 * the first after a pause (the task that received the message has deserialised it, and often collected
 * garbage). A text is cut from the table when a record first needs it: cutting 300k at once made a
 * scavenge of them all in one task.
 */
export async function fromWire(w: WireDataset, pause: () => Promise<void> = yieldTask, perChunk = RECORDS_PER_CHUNK): Promise<LoadedDataset> {
  if (w.parcelColumns.rows) return fromWireRows(w, w.parcelColumns.rows, pause, perChunk);
  const c = w.parcelColumns;
  const { keys, tags, values, ends } = c;
  const width = keys.length;
  const strings: (string | undefined)[] = new Array(ends.length);
  const textAt = (i: number): string => (strings[i] ??= c.texts.slice(i === 0 ? 0 : ends[i - 1], ends[i]));
  const parcels: ParcelRecord[] = new Array(c.count);
  const valueAt = (o: number): unknown => {
    const tag = tags[o]!;
    return tag === NUMBER ? values[o] : tag === TEXT ? textAt(values[o]!) : tag === NULL ? null : tag === TRUE ? true : tag === FALSE ? false : JSON.parse(textAt(values[o]!));
  };
  // Objects given 30-odd properties one by one under computed keys turn into dictionaries in V8 (~3× the
  // memory, slower to read). So each set of keys gets a template from JSON.parse (a compact object), and a
  // record is a copy of its template with the values written over (no property is added).
  const templates = new Map<string, Record<string, unknown>>();
  /** The row whose key set gave `lastTemplate`: a record with the same keys as the one before (nearly all) takes it without a lookup. */
  let lastRow = -1;
  let lastTemplate: Record<string, unknown> | undefined;
  const sameKeys = (r: number, q: number): boolean => {
    for (let k = 0, o = r * width, p = q * width; k < width; k++, o++, p++) if ((tags[o] === ABSENT) !== (tags[p] === ABSENT)) return false;
    return true;
  };
  // `next` lives across the pauses; the loop's own `r` does not, so it stays a local of the hot loop.
  for (let next = 0; next < c.count;) {
    await pause();
    const started = performance.now();
    const from = next;
    const to = Math.min(c.count, from + perChunk);
    let r = from;
    for (; r < to; r++) {
      if (((r - from) & 255) === 255 && performance.now() - started > CHUNK_BUDGET_MS) break;
      let template = lastRow >= 0 && sameKeys(r, lastRow) ? lastTemplate : undefined;
      let present = '';
      if (!template) {
        for (let k = 0, o = r * width; k < width; k++, o++) present += tags[o] === ABSENT ? '0' : '1';
        template = templates.get(present);
      }
      if (!template) {
        const first: Record<string, unknown> = {};
        for (let k = 0, o = r * width; k < width; k++, o++) if (tags[o] !== ABSENT) first[keys[k]!] = valueAt(o);
        template = JSON.parse(JSON.stringify(first)) as Record<string, unknown>;
        // Few key sets in practice (the loader gives every mapped key, null when empty); past MAX_TEMPLATES
        // the record is built from its own template, so a table of ever-new key sets stays linear.
        if (templates.size < MAX_TEMPLATES) templates.set(present, template);
      }
      if (template !== lastTemplate) {
        lastTemplate = template;
        lastRow = r;
      }
      const a: Record<string, unknown> = { ...template };
      for (let k = 0, o = r * width; k < width; k++, o++) if (tags[o] !== ABSENT) a[keys[k]!] = valueAt(o);
      parcels[r] = recordAt(c, r, a as unknown as ParcelRecord['attributes']);
    }
    next = r;
  }
  const { parcelColumns: _, ...rest } = w;
  return { ...rest, parcels };
}

/**
 * `fromWire` of records whose attributes were rows of columns: rows of columns again, the same sets of
 * columns as in the worker, so the page holds no object per parcel's attributes either (at 100k: ~100k
 * objects and a million boxed numbers fewer for its GCs to copy). Number columns are taken as they came;
 * the other columns are decoded row by row with the records, a chunk per task.
 */
async function fromWireRows(w: WireDataset, rows: WireRows, pause: () => Promise<void>, perChunk: number): Promise<LoadedDataset> {
  const c = w.parcelColumns;
  const { ends, count } = c;
  const { setOf, rowOf } = rows;
  const strings: (string | undefined)[] = new Array(ends.length);
  const textAt = (i: number): string => (strings[i] ??= c.texts.slice(i === 0 ? 0 : ends[i - 1], ends[i]));
  const built = rows.sets.map((s) => {
    const columns = new AttributeColumns(s.count, []);
    const coded: { codes: Int32Array; values: ColumnValue[] }[] = [];
    s.fields.forEach((f, j) => {
      const cells = s.cells[j]!;
      if (cells instanceof Float64Array) columns.map(f, cells);
      else coded.push({ codes: cells, values: columns.column(f) as ColumnValue[] });
    });
    return { columns, coded };
  });
  const parcels: ParcelRecord[] = new Array(count);
  for (let next = 0; next < count;) {
    await pause();
    const started = performance.now();
    const from = next;
    const to = Math.min(count, from + perChunk);
    let r = from;
    for (; r < to; r++) {
      if (((r - from) & 255) === 255 && performance.now() - started > CHUNK_BUDGET_MS) break;
      const { columns, coded } = built[setOf[r]!]!;
      const i = rowOf[r]!;
      for (const { codes, values } of coded) {
        const code = codes[i]!;
        values[i] = code >= 0 ? textAt(code) : code === CODE_NULL ? null : code === CODE_TRUE;
      }
      parcels[r] = recordAt(c, r, columns.row(i));
    }
    next = r;
  }
  const { parcelColumns: _, ...rest } = w;
  return { ...rest, parcels };
}

/** Record `r` of the columns, with its attributes. */
function recordAt(c: RecordColumns, r: number, attributes: ParcelRecord['attributes']): ParcelRecord {
  const tax = c.taxPerMu[r]!, diffMu = c.diffMu[r]!;
  return {
    fid: c.fid[r]!,
    attributes,
    areaM2: nullable(c.areaM2[r]!) as ParcelRecord['areaM2'],
    areaMu: nullable(c.areaMu[r]!) as ParcelRecord['areaMu'],
    taxPerMu: Number.isNaN(tax) ? null : tax,
    registeredAreaDiff: Number.isNaN(diffMu) ? null : { diffMu, ratio: nullable(c.diffRatio[r]!) as number },
  };
}

/** A column value back as JSON would bring it (NaN was a non-finite number: null). */
const nullable = (x: number): number | null => (Number.isNaN(x) ? null : x);
