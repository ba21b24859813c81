/**
 * The parcel list's rows: the fids of the filtered set in the chosen order. Numbers sort by value with
 * unknown (NaN) values last in either direction; text (地块编号, enterprise, 镇街) by a zh-CN collation
 * rank computed once per dataset and column. Ties keep data order, so a sort is reproducible.
 */
import { RECLAIM_KINDS, type ParcelColumns, type ParcelRecord } from '../../worker/protocol';

export type SortKey = 'parcelId' | 'enterprise' | 'town' | 'areaMu' | 'taxPerMu' | 'classIndex' | 'reclaimMu' | 'idleStage';
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

export const TEXT_KEYS: ReadonlySet<SortKey> = new Set(['parcelId', 'enterprise', 'town']);

const rankCache = new WeakMap<readonly ParcelRecord[], Map<string, Float64Array>>();

/** Collation rank of each parcel's text in `key` (empty text ranks NaN: last). */
function textRanks(parcels: readonly ParcelRecord[], key: 'parcelId' | 'enterprise' | 'town', columns: ParcelColumns, townNames: readonly string[]): Float64Array {
  let byKey = rankCache.get(parcels);
  if (!byKey) rankCache.set(parcels, (byKey = new Map()));
  // The engine's town can change with a new analysis (towns layer); cache it by the names too.
  const cacheKey = key === 'town' ? `town:${townNames.join('\n')}` : key;
  const cached = byKey.get(cacheKey);
  if (cached && cached.length === parcels.length) return cached;
  const n = parcels.length;
  const text: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const a = parcels[i]!.attributes;
    text[i] = key === 'town' ? (townNames[columns.townIndex[i]!] ?? '') : ((key === 'parcelId' ? a.parcelId : a.enterprise) ?? '');
  }
  // Sort the distinct values once (far fewer than parcels for enterprises and towns).
  const distinct = [...new Set(text)].filter((s) => s !== '');
  const collator = new Intl.Collator('zh-CN', { numeric: true });
  distinct.sort(collator.compare);
  const rankOf = new Map(distinct.map((s, r) => [s, r]));
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) ranks[i] = text[i] === '' ? NaN : rankOf.get(text[i]!)!;
  byKey.set(cacheKey, ranks);
  return ranks;
}

/** The numbers the rows sort by in `key`. */
export function sortValues(key: SortKey, parcels: readonly ParcelRecord[], columns: ParcelColumns, townNames: readonly string[]): ArrayLike<number> {
  switch (key) {
    case 'parcelId':
    case 'enterprise':
    case 'town':
      return textRanks(parcels, key, columns, townNames);
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
  if (!values) return rows;
  const sign = dir === 'asc' ? 1 : -1;
  rows.sort((a, b) => {
    const va = values[a]!;
    const vb = values[b]!;
    const na = va !== va;
    const nb = vb !== vb;
    if (na || nb) return na === nb ? a - b : na ? 1 : -1;
    return va === vb ? a - b : (va < vb ? -sign : sign);
  });
  return rows;
}

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
