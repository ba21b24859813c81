/**
 * A FilterSpec (domain/filter.ts) turned into a per-parcel mask and the filtered set's figures.
 * Pure and fast: every part of the spec is one pass over typed arrays that clears the parcels it
 * rejects, so 100k parcels take a few milliseconds. Text attributes (industry, scale) are coded once
 * per dataset (`parcelCodes`, cached per parcel array); the engine's results come as its columns.
 */
import type { FilterSpec, NumberRange } from './filter';
import type { ParcelAttributes } from './parcel';
import { RECLAIM_KINDS, reclaimRuleLacksData } from './reclaim';
import { disposalStatusByParcel, type LedgerEntry } from './ledger';
import { RULE_IDS, STATUS_CODES } from './rules/outcome';
import { UNASSIGNED_TOWN } from './summary';


/** What the mask reads of a parcel record (worker/protocol ParcelRecord satisfies it). */
export interface FilterParcel {
  attributes: ParcelAttributes;
  areaMu: number;
}

/** The engine's columns the mask reads (worker/protocol ParcelColumns satisfies it). */
export interface FilterColumns {
  taxPerMu: Float64Array;
  classIndex: Int8Array;
  reclaimMu: Float64Array;
  reclaimKind: Int8Array;
  ruleStatus: Uint8Array;
  geometryError: Uint8Array;
  far: Float64Array;
  coverage: Float64Array;
  blockline1M2: Float64Array;
  blockline2M2: Float64Array;
  blocklineUM2: Float64Array;
  inPark: Uint8Array;
  townIndex: Int16Array;
}

/** Class letters in `classIndex` order. */
const CLASSES = ['A', 'B', 'C', 'D'] as const;

/** Per-dataset codes of the text attributes the filter reads. */
export interface ParcelCodes {
  n: number;
  /** Index into `industries`, -1 = none. */
  industry: Int16Array;
  /** Distinct industries, most parcels first. */
  industries: string[];
  /** 0 规上, 1 规下, -1 unknown. */
  scale: Int8Array;
  areaMu: Float64Array;
}

const codeCache = new WeakMap<readonly FilterParcel[], ParcelCodes>();

/** Codes of `parcels`, computed once per parcel array. */
export function parcelCodes(parcels: readonly FilterParcel[]): ParcelCodes {
  const cached = codeCache.get(parcels);
  if (cached) return cached;
  const n = parcels.length;
  const industry = new Int16Array(n).fill(-1);
  const scale = new Int8Array(n).fill(-1);
  const areaMu = new Float64Array(n);
  const seen = new Map<string, number>();
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = parcels[i]!;
    const a = p.attributes;
    areaMu[i] = p.areaMu;
    scale[i] = a.scale === 'above' ? 0 : a.scale === 'below' ? 1 : -1;
    const ind = a.industry?.trim();
    if (ind) {
      let k = seen.get(ind);
      if (k === undefined) { k = seen.size; seen.set(ind, k); counts.push(0); }
      industry[i] = k;
      counts[k]!++;
    }
  }
  // Most parcels first; the codes are remapped to that order.
  const names = [...seen.keys()];
  const order = names.map((_, k) => k).sort((x, y) => counts[y]! - counts[x]! || names[x]!.localeCompare(names[y]!, 'zh-CN'));
  const remap = new Int16Array(order.length);
  order.forEach((k, rank) => (remap[k] = rank));
  for (let i = 0; i < n; i++) if (industry[i]! >= 0) industry[i] = remap[industry[i]!]!;
  const codes: ParcelCodes = { n, industry, industries: order.map((k) => names[k]!), scale, areaMu };
  codeCache.set(parcels, codes);
  return codes;
}

/** The filtered set: its mask and figures. */
export interface FilterResult {
  /** 1 = in the filtered set, by fid. */
  mask: Uint8Array;
  count: number;
  /** Σ 亩 of the parcels in the set whose area is usable (no flagged geometry), as the engine counts land. */
  areaMu: number;
  /** Σ 亩 that can be freed (pipeline kinds: idle, low-efficiency, d-class, under-used). */
  freeableMu: number;
  /** Σ 亩 already freed (ledger, achieved). */
  achievedMu: number;
}

/** Clears mask[i] where `keep(i)` is false. */
function keepWhere(mask: Uint8Array, keep: (i: number) => boolean): void {
  for (let i = 0; i < mask.length; i++) if (mask[i] && !keep(i)) mask[i] = 0;
}

function rangeActive(r: NumberRange | undefined): r is NumberRange {
  return r !== undefined && (Number.isFinite(r.min) || Number.isFinite(r.max));
}

/** Keeps parcels whose value lies in [min, max]; an unknown (NaN) value is outside every range. */
function keepInRange(mask: Uint8Array, values: ArrayLike<number>, r: NumberRange): void {
  const lo = Number.isFinite(r.min) ? r.min! : -Infinity;
  const hi = Number.isFinite(r.max) ? r.max! : Infinity;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const v = values[i]!;
    if (!(v >= lo && v <= hi)) mask[i] = 0;
  }
}

/** A lookup table over `size` codes, 1 where the code is wanted. */
function table(size: number, wanted: Iterable<number>): Uint8Array {
  const t = new Uint8Array(size);
  for (const k of wanted) if (k >= 0 && k < size) t[k] = 1;
  return t;
}

/**
 * The mask and figures of `spec` over `parcels` with the engine's `columns` (town names in
 * `townNames`). Parts combine with AND, values inside a list with OR; an empty list or an absent part
 * filters nothing. Town `未划定镇街` matches parcels with no town.
 */
export function filterMask(
  spec: FilterSpec,
  parcels: readonly FilterParcel[],
  columns: FilterColumns,
  townNames: readonly string[],
  /** The disposal ledger the analysis ran with (the `disposal` part). */
  ledger: readonly LedgerEntry[] | null = null,
): FilterResult {
  const codes = parcelCodes(parcels);
  const n = codes.n;
  const mask = new Uint8Array(n).fill(1);

  if (spec.towns?.length) {
    const wanted = new Set(spec.towns);
    // Shifted by one: code 0 is "no town" (townIndex -1).
    const t = table(townNames.length + 1, [
      ...(wanted.has(UNASSIGNED_TOWN) ? [0] : []),
      ...townNames.flatMap((name, k) => (wanted.has(name) ? [k + 1] : [])),
    ]);
    const ti = columns.townIndex;
    keepWhere(mask, (i) => t[ti[i]! + 1] === 1);
  }
  if (spec.industries?.length) {
    const wanted = new Set(spec.industries);
    const t = table(codes.industries.length, codes.industries.flatMap((name, k) => (wanted.has(name) ? [k] : [])));
    const ind = codes.industry;
    keepWhere(mask, (i) => ind[i]! >= 0 && t[ind[i]!] === 1);
  }
  if (spec.scale?.length) {
    const t = table(2, spec.scale.map((s) => (s === 'above' ? 0 : 1)));
    const sc = codes.scale;
    keepWhere(mask, (i) => sc[i]! >= 0 && t[sc[i]!] === 1);
  }
  if (spec.classes?.length) {
    // Shifted by one: code 0 is "no class".
    const t = table(CLASSES.length + 1, spec.classes.map((c) => (c === 'none' ? 0 : CLASSES.indexOf(c) + 1)));
    const ci = columns.classIndex;
    keepWhere(mask, (i) => t[ci[i]! + 1] === 1);
  }
  if (spec.rules) {
    const stride = RULE_IDS.length;
    const rs = columns.ruleStatus;
    for (const [rule, statuses] of Object.entries(spec.rules)) {
      const r = RULE_IDS.indexOf(rule as (typeof RULE_IDS)[number]);
      if (r < 0 || !statuses?.length) continue;
      const t = table(STATUS_CODES.length, statuses.map((s) => STATUS_CODES.indexOf(s)));
      keepWhere(mask, (i) => t[rs[i * stride + r]!] === 1);
    }
  }
  if (spec.reclaim?.length) {
    // Kinds by their column code + 1 (0: nothing to free); the last slot: nothing found, a reclaim rule lacking data.
    const UNKNOWN_SLOT = RECLAIM_KINDS.length + 1;
    const t = table(RECLAIM_KINDS.length + 2, spec.reclaim.map((k) => (k === 'none' ? 0 : k === 'unknown' ? UNKNOWN_SLOT : RECLAIM_KINDS.indexOf(k) + 1)));
    const rk = columns.reclaimKind;
    const rs = columns.ruleStatus;
    keepWhere(mask, (i) => {
      const k = rk[i]!;
      return t[k < 0 && reclaimRuleLacksData(rs, i) ? UNKNOWN_SLOT : k + 1] === 1;
    });
  }
  if (spec.disposal?.length) {
    const status = disposalStatusByParcel(ledger ?? []);
    const wanted = new Set<string>(spec.disposal);
    keepWhere(mask, (i) => wanted.has(status.get(parcels[i]!.attributes.parcelId) ?? 'none'));
  }
  if (rangeActive(spec.areaMu)) keepInRange(mask, codes.areaMu, spec.areaMu);
  if (rangeActive(spec.taxPerMu)) keepInRange(mask, columns.taxPerMu, spec.taxPerMu);
  if (rangeActive(spec.far)) keepInRange(mask, columns.far, spec.far);
  if (rangeActive(spec.coverage)) keepInRange(mask, columns.coverage, spec.coverage);
  if (spec.inBlockline !== undefined) {
    const want = spec.inBlockline;
    const { blockline1M2: b1, blockline2M2: b2, blocklineUM2: bu } = columns;
    // No block-line layer (NaN): neither inside nor outside.
    keepWhere(mask, (i) => {
      const total = b1[i]! + b2[i]! + bu[i]!;
      return total === total && (total > 0) === want;
    });
  }
  if (spec.inPark !== undefined) {
    const want = spec.inPark ? 1 : 0;
    const park = columns.inPark;
    keepWhere(mask, (i) => park[i] === want);
  }
  if (spec.fids) {
    const t = table(n, spec.fids);
    keepWhere(mask, (i) => t[i] === 1);
  }
  return { mask, ...figuresOf(mask, codes.areaMu, columns) };
}

/** Count, usable 亩, freeable and achieved 亩 of the parcels in `mask` (null mask = all parcels). */
export function figuresOf(mask: Uint8Array | null, areaMu: ArrayLike<number>, columns: Pick<FilterColumns, 'reclaimMu' | 'reclaimKind' | 'geometryError'>): Omit<FilterResult, 'mask'> {
  let count = 0;
  let area = 0;
  let freeable = 0;
  let achieved = 0;
  const { reclaimMu, reclaimKind, geometryError } = columns;
  const n = areaMu.length;
  for (let i = 0; i < n; i++) {
    if (mask && !mask[i]) continue;
    count++;
    if (!geometryError[i]) area += areaMu[i]!;
    const k = reclaimKind[i]!;
    const m = reclaimMu[i]!;
    if (k === 0) achieved += m === m ? m : 0;
    else if (k > 0) freeable += m === m ? m : 0;
  }
  return { count, areaMu: area, freeableMu: freeable, achievedMu: achieved };
}
