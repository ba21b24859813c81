/**
 * The parcel list's rows: the fids of the filtered set in the chosen order. Numbers sort by value with
 * unknown (NaN) values last in either direction; text (地块编号, enterprise, 镇街) by a zh-CN collation
 * rank computed once per dataset and column. Ties keep data order, so a sort is reproducible.
 */
import { collationRanks } from '../../i18n/collation';
import { RECLAIM_KINDS, type ParcelColumns, type ParcelRecord } from '../../worker/protocol';

export type SortKey = 'parcelId' | 'enterprise' | 'town' | 'areaMu' | 'taxPerMu' | 'classIndex' | 'reclaimMu' | 'idleStage';
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

export const TEXT_KEYS: ReadonlySet<SortKey> = new Set(['parcelId', 'enterprise', 'town']);

const rankCache = new WeakMap<readonly ParcelRecord[], Map<string, Float64Array>>();

/**
 * Collation rank of each parcel's text, `textOf(fid)` ('' ranks NaN: last), made once per parcel array and
 * `cacheKey` (which must name everything the text depends on besides the parcels).
 */
export function textRanks(parcels: readonly ParcelRecord[], cacheKey: string, textOf: (fid: number) => string): Float64Array {
  let byKey = rankCache.get(parcels);
  if (!byKey) rankCache.set(parcels, (byKey = new Map()));
  const cached = byKey.get(cacheKey);
  if (cached && cached.length === parcels.length) return cached;
  const text = Array.from({ length: parcels.length }, (_, fid) => textOf(fid));
  const ranks = collationRanks(text);
  byKey.set(cacheKey, ranks);
  return ranks;
}

/** Puts ranks made elsewhere (the worker, ranks-ahead.ts) into textRanks' cache, so the first sort is a lookup. */
export function primeTextRanks(parcels: readonly ParcelRecord[], cacheKey: 'parcelId' | 'enterprise', ranks: Float64Array): void {
  if (ranks.length !== parcels.length) return;
  let byKey = rankCache.get(parcels);
  if (!byKey) rankCache.set(parcels, (byKey = new Map()));
  if (!byKey.has(cacheKey)) byKey.set(cacheKey, ranks);
}

/** The numbers the rows sort by in `key`. */
export function sortValues(key: SortKey, parcels: readonly ParcelRecord[], columns: ParcelColumns, townNames: readonly string[]): ArrayLike<number> {
  switch (key) {
    case 'parcelId':
      return textRanks(parcels, key, (fid) => parcels[fid]!.attributes.parcelId);
    case 'enterprise':
      return textRanks(parcels, key, (fid) => parcels[fid]!.attributes.enterprise ?? '');
    case 'town':
      // The engine's town can change with a new analysis (towns layer); cached by the names too.
      return textRanks(parcels, `town:${townNames.join('\n')}`, (fid) => townNames[columns.townIndex[fid]!] ?? '');
    case 'areaMu': {
      const a = new Float64Array(parcels.length);
      for (let i = 0; i < a.length; i++) a[i] = parcels[i]!.areaMu;
      return a;
    }
    case 'taxPerMu':
      return columns.taxPerMu;
    case 'classIndex': {
      const c = new Float64Array(parcels.length);
      for (let i = 0; i < c.length; i++) c[i] = columns.classIndex[i]! < 0 ? NaN : columns.classIndex[i]!;
      return c;
    }
    case 'reclaimMu':
      return freeableMuColumn(columns);
    case 'idleStage': {
      const s = new Float64Array(parcels.length);
      for (let i = 0; i < s.length; i++) s[i] = columns.idleStage[i]! === 0 ? NaN : columns.idleStage[i]!;
      return s;
    }
  }
}

/** Fids in `mask` (all when null), ordered by `values` in `dir`; NaN last; ties by fid. */
export function orderRows(mask: Uint8Array | null, n: number, values: ArrayLike<number> | null, dir: 'asc' | 'desc'): Int32Array {
  let count = 0;
  if (mask) for (let i = 0; i < n; i++) count += mask[i]!;
  else count = n;
  const rows = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < n; i++) if (!mask || mask[i]) rows[k++] = i;
  return values ? sortByValues(rows, values, dir) : rows;
}

/** `items` (non-negative) sorted in place by `values[item]` in `dir`: NaN last either way, ties by item (data or list order). */
export function sortByValues(items: Int32Array, values: ArrayLike<number>, dir: 'asc' | 'desc'): Int32Array {
  const n = items.length;
  let max = 0;
  let whole = true;
  for (let i = 0; i < n && whole; i++) {
    const v = values[items[i]!]!;
    if (v !== v) continue;
    if (v >= 0 && v < PACK && Math.floor(v) === v) max = Math.max(max, v);
    else whole = false;
  }
  if (whole) {
    // Whole numbers (text ranks, codes): each packed with its item into one exact float, sorted natively (~3x faster).
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const item = items[i]!;
      const v = values[item]!;
      keys[i] = (v !== v ? max + 1 : dir === 'asc' ? v : max - v) * ITEMS + item;
    }
    keys.sort();
    for (let i = 0; i < n; i++) items[i] = keys[i]! % ITEMS;
    return items;
  }
  const sign = dir === 'asc' ? 1 : -1;
  return items.sort((a, b) => {
    const va = values[a]!;
    const vb = values[b]!;
    const na = va !== va;
    const nb = vb !== vb;
    if (na || nb) return na === nb ? a - b : na ? 1 : -1;
    return va === vb ? a - b : (va < vb ? -sign : sign);
  });
}
/** Packed keys: value (< 2^21) × 2^31 + item (an Int32Array's, ≥ 0) stays below 2^53, exact in a double. */
const PACK = 2 ** 21;
const ITEMS = 2 ** 31;

/** The fids of `order` that are in `mask` (all when null), keeping the order: a filter change costs one pass. */
export function filterRows(order: Int32Array, mask: Uint8Array | null): Int32Array {
  if (!mask) return order;
  let count = 0;
  for (let i = 0; i < order.length; i++) count += mask[order[i]!]!;
  const rows = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < order.length; i++) if (mask[order[i]!]) rows[k++] = order[i]!;
  return rows;
}

const ACHIEVED = RECLAIM_KINDS.indexOf('achieved');
const freeable = new WeakMap<ParcelColumns, Float64Array>();

/** 可腾出面积: each parcel's land still to free (0 for land already freed, which is 已腾出, not freeable). */
export function freeableMuColumn(columns: ParcelColumns): Float64Array {
  let c = freeable.get(columns);
  if (!c) {
    c = Float64Array.from(columns.reclaimMu, (mu, fid) => (columns.reclaimKind[fid] === ACHIEVED ? 0 : mu));
    freeable.set(columns, c);
  }
  return c;
}
