/**
 * Search parcels by 地块编号, enterprise name (any part, Chinese) or 统一社会信用代码. The index is built
 * once per dataset: each key kind is one flat string of "\n"-separated, normalised keys (one per
 * parcel, in fid order) with the offset where each parcel's key starts. A query is a few native
 * `indexOf` scans over those strings, tier by tier, stopping as soon as enough results are found, so a
 * keystroke costs well under a millisecond to a few milliseconds at 100k parcels.
 *
 * Ranking (best first): exact 地块编号 or credit code; 地块编号 or credit code starting with the query;
 * enterprise name starting with it; enterprise name containing it; 地块编号 or credit code containing
 * it. Inside a tier, data order.
 */
import type { ParcelAttributes } from './parcel';

export interface SearchIndex {
  n: number;
  ids: FlatKeys;
  enterprises: FlatKeys;
  codes: FlatKeys;
}

interface FlatKeys {
  /** "\n" + key0 + "\n" + key1 + … + "\n". */
  text: string;
  /** starts[i] = offset of the "\n" before key i; starts[n] = offset of the final "\n". */
  starts: Int32Array;
}

/** What a hit matched, for the suggestion's wording. */
export type SearchField = 'parcelId' | 'enterprise' | 'creditCode';

export interface SearchHit {
  fid: number;
  field: SearchField;
}

/** Full-width ASCII, the ideographic space, and the dashes people paste for '-' (‐ ‑ ‒ – — ― − ﹘ ﹣). */
const FULL_WIDTH = /[\uff01-\uff5e\u3000\u2010-\u2015\u2212\ufe58\ufe63]/g;
const LINE_BREAKS = /[\n\r]/g;
const foldFullWidth = (c: string) => {
  const code = c.charCodeAt(0);
  if (code === 0x3000) return ' ';
  return code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : '-';
};
/** What people type between the groups of an id or a credit code, or leave out: 330304008 0676, 3303040080676. */
const SEPARATORS = /[\s\-_./]/g;

/**
 * Folds full-width ASCII (ＡＢ１２ → ab12, the ideographic space → space), lower-cases, trims and turns
 * line breaks into spaces. (Not NFKC: that costs ~0.5 s over 300k keys and folds nothing else we need.)
 */
export function normaliseKey(s: string | null | undefined): string {
  if (!s) return '';
  return s.replace(FULL_WIDTH, foldFullWidth).replace(LINE_BREAKS, ' ').toLowerCase().trim();
}

/** The flat string and offsets of `keys`, each normalised as by normaliseKey. */
function flatKeys(raw: string[]): FlatKeys {
  // Fast path: trim each key, then fold and lower-case the joined text in one go (per-key calls cost
  // ~1 µs each, a third of a second over 300k keys). Valid when no key holds a line break and lower-casing
  // kept every length; otherwise each key is normalised on its own.
  let keys = raw.map((k) => k.trim());
  const starts = new Int32Array(keys.length + 1);
  const fill = () => {
    let offset = 0;
    for (let i = 0; i < keys.length; i++) {
      starts[i] = offset;
      offset += keys[i]!.length + 1;
    }
    starts[keys.length] = offset;
  };
  fill();
  let text = `\n${keys.join('\n')}\n`.replace(FULL_WIDTH, foldFullWidth).toLowerCase();
  let ok = text.length === starts[keys.length]! + 1;
  for (let i = 0; ok && i <= keys.length; i++) ok = text.charCodeAt(starts[i]!) === 10;
  if (!ok) {
    keys = raw.map(normaliseKey);
    fill();
    text = `\n${keys.join('\n')}\n`;
  }
  return { text, starts };
}

const cache = new WeakMap<readonly { attributes: ParcelAttributes }[], SearchIndex>();

type Parcels = readonly { attributes: ParcelAttributes }[];
const FIELDS = ['parcelId', 'enterprise', 'creditCode'] as const;

function rawKeys(parcels: Parcels, field: (typeof FIELDS)[number]): string[] {
  const n = parcels.length;
  const keys: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) keys[i] = parcels[i]!.attributes[field] ?? '';
  return keys;
}

/** The index of `parcels` (cached per parcel array: built once per dataset). */
export function searchIndexOf(parcels: Parcels): SearchIndex {
  const cached = cache.get(parcels);
  if (cached) return cached;
  const [ids, enterprises, codes] = FIELDS.map((f) => flatKeys(rawKeys(parcels, f))) as [FlatKeys, FlatKeys, FlatKeys];
  const index = { n: parcels.length, ids, enterprises, codes };
  cache.set(parcels, index);
  return index;
}

/**
 * Builds the index of `parcels` ahead of the first query, one key kind per task (`pause` between
 * them), so no single main-thread task holds the whole build (~0.1–0.3 s at 100k parcels).
 */
export async function warmSearchIndex(parcels: Parcels, pause: () => Promise<void> = () => new Promise((r) => setTimeout(r, 0))): Promise<SearchIndex> {
  const built: FlatKeys[] = [];
  for (const f of FIELDS) {
    const cached = cache.get(parcels);
    if (cached) return cached;
    built.push(flatKeys(rawKeys(parcels, f)));
    await pause();
  }
  const cached = cache.get(parcels);
  if (cached) return cached;
  const index = { n: parcels.length, ids: built[0]!, enterprises: built[1]!, codes: built[2]! };
  cache.set(parcels, index);
  return index;
}

/** The parcel whose key holds text offset `pos` (binary search over the starts). */
function parcelAt(keys: FlatKeys, pos: number): number {
  const s = keys.starts;
  let lo = 0;
  let hi = s.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

type Mode = 'exact' | 'prefix' | 'substring';

/**
 * Adds to `out` the parcels whose key matches `q` in `mode`, skipping those already found, until
 * `out` holds `limit` hits. Returns false once the limit is reached.
 */
function scan(keys: FlatKeys, q: string, mode: Mode, field: SearchField, seen: Set<number>, out: SearchHit[], limit: number): boolean {
  const needle = mode === 'exact' ? `\n${q}\n` : mode === 'prefix' ? `\n${q}` : q;
  const text = keys.text;
  let from = 0;
  for (;;) {
    const at = text.indexOf(needle, from);
    if (at < 0) return true;
    // A key's text starts one after its separator; a substring match lies inside one key (no "\n" in q).
    const fid = parcelAt(keys, mode === 'substring' ? at - 1 : at);
    if (!seen.has(fid)) {
      seen.add(fid);
      out.push({ fid, field });
      if (out.length >= limit) return false;
    }
    // Next key: the rest of this one cannot add another parcel.
    from = keys.starts[fid + 1]!;
  }
}

/** Up to `limit` parcels matching `query`, best first (see the module comment for the order). */
export function searchParcels(index: SearchIndex, query: string, limit = 10): SearchHit[] {
  const q = normaliseKey(query);
  if (!q || limit <= 0) return [];
  const out: SearchHit[] = [];
  const seen = new Set<number>();
  const tiers: [FlatKeys, Mode, SearchField][] = [
    [index.ids, 'exact', 'parcelId'],
    [index.codes, 'exact', 'creditCode'],
    [index.ids, 'prefix', 'parcelId'],
    [index.codes, 'prefix', 'creditCode'],
    [index.enterprises, 'prefix', 'enterprise'],
    [index.enterprises, 'substring', 'enterprise'],
    [index.ids, 'substring', 'parcelId'],
    [index.codes, 'substring', 'creditCode'],
  ];
  for (const [keys, mode, field] of tiers) {
    if (!scan(keys, q, mode, field, seen, out, limit)) return out;
  }
  // Ids and credit codes without their separators, when the query has some or found nothing.
  const cq = q.replace(SEPARATORS, '');
  if (cq.length >= 3 && (cq !== q || out.length === 0)) {
    const compact = compactOf(index);
    for (const mode of ['exact', 'prefix', 'substring'] as const) {
      if (!scan(compact.ids, cq, mode, 'parcelId', seen, out, limit)) return out;
      if (!scan(compact.codes, cq, mode, 'creditCode', seen, out, limit)) return out;
    }
  }
  return out;
}

const compacts = new WeakMap<SearchIndex, { ids: FlatKeys; codes: FlatKeys }>();

/** The ids and credit codes of `index` with their separators taken out (made on the first query that needs them). */
function compactOf(index: SearchIndex): { ids: FlatKeys; codes: FlatKeys } {
  let c = compacts.get(index);
  if (!c) {
    const strip = (keys: FlatKeys): FlatKeys => flatKeys(keys.text.slice(1, -1).split('\n').map((k) => k.replace(SEPARATORS, '')));
    c = { ids: strip(index.ids), codes: strip(index.codes) };
    compacts.set(index, c);
  }
  return c;
}
