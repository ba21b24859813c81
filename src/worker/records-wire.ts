/**
 * The parcel records cross the worker boundary column by column: numbers in typed arrays, texts once each
 * in one string table (shared within a column), all in transferred buffers, instead of a structured clone of 100k objects (decoded
 * in ONE main-thread task, seconds at 100k) or JSON text (2.1 s to write in the worker, 1.7 s to parse on
 * the page at 100k). The page rebuilds the records a few thousand per task, so it keeps answering while a
 * big dataset arrives. The records come back as JSON would have brought them (a key left undefined is
 * absent, a non-finite number is null, -0 is 0). Used for `load` and `import-commit` answers only.
 */
import type { ParcelField } from '../domain/parcel';
import { AttributeColumns, ParcelRow, writeCell } from '../domain/parcel-columns';
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

/** Every record, column-wise. Attribute cells are record-major: record r, key k at r × keys.length + k. */
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
  /** The attribute keys, in the order they first appear. */
  keys: string[];
  tags: Uint8Array;
  /** A number, 0/1, or the index of a text in the string table. */
  values: Float64Array;
  /** The string table, concatenated (a text once per column, but in a mostly distinct column as often as it comes); text i is `texts.slice(ends[i-1], ends[i])`. */
  texts: string;
  ends: Uint32Array;
  /**
   * Every record's attributes were the loader's rows of columns (domain/parcel-columns.ts): each key is a
   * parcel field and each value of its field's kind, so the page rebuilds them as rows of columns too.
   */
  rows: boolean;
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

/** The dataset with its records as columns; `wireTransfer` lists the buffers to transfer. */
export function toWire(d: LoadedDataset): WireDataset {
  const n = d.parcels.length;
  const keyIndex = new Map<string, number>();
  // Records of one key set list their keys in one order: a record whose keys are the previous one's (nearly
  // all) is passed over here, and below its cells take the previous record's columns, with no lookups.
  let seenKeys: string[] = [];
  // Rows of attribute columns (the loader's) hold their columns' fields: looked at once per set of columns.
  let seenColumns: AttributeColumns | null = null;
  let allRows = n > 0;
  for (const r of d.parcels) {
    const a = r.attributes;
    allRows &&= a instanceof ParcelRow;
    if (a instanceof ParcelRow) {
      if (a.columns === seenColumns) continue;
      seenColumns = a.columns;
      for (const k of a.columns.fields) if (!keyIndex.has(k)) keyIndex.set(k, keyIndex.size);
      continue;
    }
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
  const c: RecordColumns = {
    count: n,
    fid: new Float64Array(n), areaM2: new Float64Array(n), areaMu: new Float64Array(n), taxPerMu: new Float64Array(n),
    diffMu: new Float64Array(n), diffRatio: new Float64Array(n),
    keys, tags: new Uint8Array(n * width), values: new Float64Array(n * width), texts: '', ends: new Uint32Array(0),
    rows: allRows,
  };
  // Texts are shared within a column (towns, industries, an enterprise's name over its parcels). A column
  // that turns out to be mostly distinct (ids, credit codes) stops being looked up: a text is then stored
  // as it comes (a lookup per cell in a map of 100k texts was ~0.5 s of the load at 100k).
  const texts: string[] = [];
  const shared: (Map<string, number> | null)[] = keys.map(() => new Map());
  const textOf = (k: number, r: number, s: string): number => {
    const index = shared[k];
    if (!index) return texts.push(s) - 1;
    let i = index.get(s);
    if (i === undefined) {
      index.set(s, (i = texts.length));
      texts.push(s);
      if (index.size > DISTINCT_MIN && index.size > DISTINCT_SHARE * (r + 1)) shared[k] = null;
    }
    return i;
  };
  /** The previous record's keys in order, and their columns. */
  const lastKeys: string[] = [];
  const lastColumns: number[] = [];
  /** Per set of attribute columns: each field's wire column, and its number or value column. */
  type Plan = { key: number[]; numbers: (Float64Array | undefined)[]; values: ((string | boolean | null)[] | undefined)[] };
  const plans = new Map<AttributeColumns, Plan>();
  let lastPlan = null as { columns: AttributeColumns; plan: Plan } | null;
  for (let r = 0; r < n; r++) {
    const p = d.parcels[r]!;
    c.fid[r] = p.fid;
    c.areaM2[r] = jsonNumber(p.areaM2);
    c.areaMu[r] = jsonNumber(p.areaMu);
    c.taxPerMu[r] = p.taxPerMu === null ? NaN : jsonNumber(p.taxPerMu);
    c.diffMu[r] = p.registeredAreaDiff ? jsonNumber(p.registeredAreaDiff.diffMu) : NaN;
    c.diffRatio[r] = p.registeredAreaDiff ? jsonNumber(p.registeredAreaDiff.ratio) : NaN;
    if (p.attributes instanceof ParcelRow) {
      const { columns, index } = p.attributes;
      // Nearly always the columns of the record before.
      let plan: Plan | undefined = columns === lastPlan?.columns ? lastPlan.plan : plans.get(columns);
      if (!plan) {
        const slots = columns.fields.map((f) => columns.column(f));
        plan = {
          key: columns.fields.map((f) => keyIndex.get(f)!),
          numbers: slots.map((col) => (col instanceof Float64Array ? col : undefined)),
          values: slots.map((col) => (col instanceof Float64Array ? undefined : col)),
        };
        plans.set(columns, plan);
      }
      lastPlan = { columns, plan };
      for (let j = 0; j < plan.key.length; j++) {
        const key = plan.key[j]!;
        const o = r * width + key;
        const numbers = plan.numbers[j];
        if (numbers) {
          const x = numbers[index]!;
          if (Number.isFinite(x)) {
            c.tags[o] = NUMBER;
            c.values[o] = x + 0;
          } else c.tags[o] = NULL;
          continue;
        }
        const v = plan.values[j]![index]!;
        if (v === null) c.tags[o] = NULL;
        else if (typeof v === 'string') {
          c.tags[o] = TEXT;
          c.values[o] = textOf(key, r, v);
        } else c.tags[o] = v ? TRUE : FALSE;
      }
      continue;
    }
    const a = p.attributes as unknown as Record<string, unknown>;
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
        c.values[o] = textOf(key, r, v);
      } else if (typeof v === 'boolean') c.tags[o] = v ? TRUE : FALSE;
      else {
        c.tags[o] = JSON_TEXT;
        c.values[o] = textOf(key, r, JSON.stringify(v));
      }
    }
    if (!changed && j < lastKeys.length) {
      lastKeys.length = j;
      lastColumns.length = j;
    }
  }
  c.ends = new Uint32Array(texts.length);
  let end = 0;
  texts.forEach((s, i) => (c.ends[i] = end += s.length));
  c.texts = texts.join('');
  return { ...d, parcels: [], parcelColumns: c };
}

/** The buffers of a wire dataset, for `postMessage`'s transfer list. */
export function wireTransfer(w: WireDataset): ArrayBuffer[] {
  const c = w.parcelColumns;
  return [c.fid, c.areaM2, c.areaMu, c.taxPerMu, c.diffMu, c.diffRatio, c.tags, c.values, c.ends].map((a) => a.buffer as ArrayBuffer);
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
  if (w.parcelColumns.rows) return fromWireRows(w, pause, perChunk);
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
 * `fromWire` of records whose attributes were rows of columns: rebuilt as rows of columns again, one set
 * of columns per key set (per parcel layer, in practice one), so the page holds no object per parcel's
 * attributes either (at 100k: ~100k objects and a million boxed numbers fewer for its GCs to copy).
 */
async function fromWireRows(w: WireDataset, pause: () => Promise<void>, perChunk: number): Promise<LoadedDataset> {
  const c = w.parcelColumns;
  const { keys, tags, values, ends, count } = c;
  const width = keys.length;
  const strings: (string | undefined)[] = new Array(ends.length);
  const textAt = (i: number): string => (strings[i] ??= c.texts.slice(i === 0 ? 0 : ends[i - 1], ends[i]));
  // Each record's key set and its row among the records of that set (typed arrays only: one short task).
  const setOf = new Int32Array(count);
  const rowOf = new Int32Array(count);
  const sets: { keyAt: number[]; count: number }[] = [];
  const byPresent = new Map<string, number>();
  for (let r = 0; r < count; r++) {
    // Nearly always the key set of the record before.
    let same = r > 0;
    for (let k = 0, o = r * width, q = o - width; same && k < width; k++, o++, q++) same = (tags[o] === ABSENT) === (tags[q] === ABSENT);
    if (same) setOf[r] = setOf[r - 1]!;
    else {
      let present = '';
      for (let k = 0, o = r * width; k < width; k++, o++) present += tags[o] === ABSENT ? '0' : '1';
      let s = byPresent.get(present);
      if (s === undefined) {
        byPresent.set(present, (s = sets.length));
        sets.push({ keyAt: keys.flatMap((_, k) => (present[k] === '1' ? [k] : [])), count: 0 });
      }
      setOf[r] = s;
    }
    rowOf[r] = sets[setOf[r]!]!.count++;
  }
  const built = sets.map((s) => {
    const columns = new AttributeColumns(s.count, s.keyAt.map((k) => keys[k] as ParcelField));
    return { columns, cells: columns.fields.map((f) => columns.column(f)), keyAt: s.keyAt };
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
      const { columns, cells, keyAt } = built[setOf[r]!]!;
      const i = rowOf[r]!;
      for (let j = 0; j < keyAt.length; j++) {
        const o = r * width + keyAt[j]!;
        const tag = tags[o]!;
        const cell = cells[j]!;
        if (tag === NUMBER && cell instanceof Float64Array) cell[i] = values[o]!;
        else if (tag !== NULL) writeCell(cell, i, tag === TEXT ? textAt(values[o]!) : tag === TRUE ? true : tag === FALSE ? false : values[o]);
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
