/**
 * Per-parcel category codes of the coded colourings, computed from the engine's columns (and the
 * disposal ledger). Pure: the worker bakes them into the parcel tiles (parcelTileProps), the legend counts them.
 */
import { RULE_IDS, STATUS_CODES, type RuleId } from '../domain/rules/outcome';
import { disposalStatusByParcel, type LedgerEntry } from '../domain/ledger';
import { reclaimRuleLacksData } from '../domain/reclaim';
import type { ParcelColumns } from '../worker/protocol';
import { bandOf, POLICY_RULES, POLICY_UNKNOWN_CODE, TAX_PER_MU_BREAKS, VALUE_PER_MU_BREAKS, type ColourMode } from './bands';

const R = RULE_IDS.length;
const ruleIndex = (rule: RuleId): number => RULE_IDS.indexOf(rule);
const MET = STATUS_CODES.indexOf('met');
const UNKNOWN = STATUS_CODES.indexOf('unknown');
/** RECLAIM_KINDS order: achieved, idle, low-efficiency, d-class, under-used. */
const KIND_CODE = [7, -1, 4, 5, 6] as const;
const POLICY_INDEX = POLICY_RULES.map(ruleIndex);

/** The status code (STATUS_CODES index) of `rule` for parcel `fid`. */
export const ruleStatusOf = (c: ParcelColumns, fid: number, rule: RuleId): number => c.ruleStatus[fid * R + ruleIndex(rule)]!;

/**
 * 可腾出 / 闲置 / 已腾出 code (RECLAIM_CATEGORIES): land already freed first, then idle by stage (an idle
 * parcel is shown as idle whatever else it is), then the other pipeline kinds; with nothing to free, 8
 * when one of the reclaim rules (idle, low-efficiency, d-class, under-used) lacks data, else 0.
 */
export function reclaimCode(c: ParcelColumns, fid: number): number {
  const kind = c.reclaimKind[fid]!;
  if (kind === 0) return 7;
  const stage = c.idleStage[fid]!;
  if (stage === 2) return 1;
  if (stage === 1) return 2;
  if (stage === 3) return 3;
  if (kind > 0) {
    const code = KIND_CODE[kind as 1 | 2 | 3 | 4];
    if (code > 0) return code;
    return 2; // idle without a recorded stage: still idle land
  }
  return reclaimRuleLacksData(c.ruleStatus, fid) ? 8 : 0;
}

/** Bit set of the policies the parcel may use (1 差别化地价, 2 提容增效, 4 宿舍型); 8 when none and one lacks data. */
export function policyCode(c: ParcelColumns, fid: number): number {
  const base = fid * R;
  let bits = 0;
  let unknown = false;
  for (let i = 0; i < POLICY_INDEX.length; i++) {
    const s = c.ruleStatus[base + POLICY_INDEX[i]!];
    if (s === MET) bits |= 1 << i;
    else if (s === UNKNOWN) unknown = true;
  }
  return bits === 0 && unknown ? POLICY_UNKNOWN_CODE : bits;
}

const DISPOSAL_CODE: Record<LedgerEntry['status'], number> = { 待处置: 1, 处置中: 2, 已完成: 3 };

/**
 * Disposal code per fid (DISPOSAL_CATEGORIES): 0 none, 1 待处置, 2 处置中, 3 已完成; a parcel with several
 * entries shows 处置中 before 待处置 before 已完成. Entries for unknown parcel ids are ignored.
 */
export function disposalCodes(parcelIds: readonly string[], ledger: readonly LedgerEntry[] | null): Int8Array {
  const codes = new Int8Array(parcelIds.length);
  if (!ledger || ledger.length === 0) return codes;
  // The code each ledger parcel shows, then one pass over the parcels (a map of the ledger's few parcels,
  // not of every parcel id). A parcel id held twice is the last such parcel's, as a map by id would make it.
  // (Which status a parcel with several entries shows: domain/ledger.ts disposalStatusByParcel.)
  const statusOf = disposalStatusByParcel(ledger);
  const lastFid = new Map<string, number>();
  for (let fid = 0; fid < parcelIds.length; fid++) if (statusOf.has(parcelIds[fid]!)) lastFid.set(parcelIds[fid]!, fid);
  for (const [id, fid] of lastFid) codes[fid] = DISPOSAL_CODE[statusOf.get(id)!];
  return codes;
}

/** How many parcels fall in each code (index = code) of `codeOf` over `n` parcels. */
export function countCodes(n: number, codeOf: (fid: number) => number, size = 16): Uint32Array {
  const counts = new Uint32Array(size);
  for (let fid = 0; fid < n; fid++) counts[codeOf(fid)]!++;
  return counts;
}

/**
 * The packed colouring code of a parcel: ONE integer tile property `c` holding every colouring's code as
 * a bit field, each stored as value + 1 (0 = none). One small integer per feature instead of ten
 * properties (two of them doubles) made the worker's encoding of the district's parcel tiles ~3× cheaper
 * (measured at 100k) and the tiles less than half the size. `tb` / `vb`: 亩均税收 / 亩均增加值 band
 * (bands.ts bandOf, the legend's; -1 no data); `cls`: 0 = A … 3 = D, -1 none; `computed`: 1 when the
 * class was computed; `rc`, `pol`, `lp` / `fa` / `dm`, `ds`: the coded colourings' categories.
 */
export const CODE_FIELDS = {
  tb: { shift: 0, bits: 3 },
  vb: { shift: 3, bits: 3 },
  cls: { shift: 6, bits: 3 },
  computed: { shift: 9, bits: 2 },
  rc: { shift: 11, bits: 4 },
  pol: { shift: 15, bits: 4 },
  lp: { shift: 19, bits: 3 },
  fa: { shift: 22, bits: 3 },
  dm: { shift: 25, bits: 3 },
  ds: { shift: 28, bits: 3 },
} as const;
export type CodeField = keyof typeof CODE_FIELDS;
/** The code field each colouring draws by (the class colouring also reads `computed`). */
export const MODE_FIELD: Record<ColourMode, CodeField> = {
  tax: 'tb', value: 'vb', class: 'cls', reclaim: 'rc', policies: 'pol', 'land-price': 'lp', 'floor-area': 'fa', dormitory: 'dm', disposal: 'ds',
};
/** The tile property holding the packed code. */
export const CODE_PROPERTY = 'c';

/** The fields in order, listed once (packCodes runs for every parcel of every analysis). */
const CODE_FIELD_LIST = (Object.entries(CODE_FIELDS) as [CodeField, { shift: number; bits: number }][]).map(
  ([field, { shift, bits }]) => ({ field, bits, limit: 2 ** bits, scale: 2 ** shift }),
);

/** Packs one parcel's codes (absent fields: none). */
export function packCodes(values: Partial<Record<CodeField, number>>): number {
  let c = 0;
  for (const { field, bits, limit, scale } of CODE_FIELD_LIST) {
    const v = (values[field] ?? -1) + 1;
    if (v < 0 || v >= limit) throw new RangeError(`code ${field} = ${v - 1} does not fit in ${bits} bits`);
    c += v * scale;
  }
  return c;
}

/** One field of a packed code (-1 = none); what style.ts decodes with an expression. */
export const unpackCode = (c: number | null | undefined, field: CodeField): number =>
  Math.floor((c ?? 0) / 2 ** CODE_FIELDS[field].shift) % 2 ** CODE_FIELDS[field].bits - 1;

/**
 * The packed colouring code of every parcel (`codes`, packedCodes) as a tile property (the worker bakes it
 * into the parcel tiles it cuts, so switching colourings is a constant paint change and needs no
 * feature-state). The codes are computed at once: the columns are transferred to the page right after.
 */
export function parcelTileProps(codes: Float64Array): (fid: number) => Record<string, number> | null {
  const n = codes.length;
  return (fid) => (fid >= 0 && fid < n ? { [CODE_PROPERTY]: codes[fid]! } : null);
}

/**
 * The distinct codes of `codes`, ascending, with how many parcels carry each: what the parcel picture's
 * palette and the legend's counts need (~700 codes at 100k parcels, instead of a pass over every parcel).
 */
export function codeCounts(codes: Float64Array): { codes: Float64Array; counts: Uint32Array } {
  const n = new Map<number, number>();
  for (let i = 0; i < codes.length; i++) n.set(codes[i]!, (n.get(codes[i]!) ?? 0) + 1);
  const distinct = Float64Array.from(n.keys()).sort();
  return { codes: distinct, counts: Uint32Array.from(distinct, (c) => n.get(c)!) };
}

/** Every parcel's packed code (packCodes), by fid: the tiles' `c`, and the parcel picture's palette (map/picture-colours.ts). */
export function packedCodes(c: ParcelColumns, parcelIds: readonly string[], ledger: readonly LedgerEntry[] | null): Float64Array {
  const n = c.taxPerMu.length;
  const ds = disposalCodes(parcelIds.length === n ? parcelIds : [], ledger);
  const codes = new Float64Array(n);
  const num = (v: number): number | null => (Number.isNaN(v) ? null : v);
  for (let fid = 0; fid < n; fid++) {
    codes[fid] = packCodes({
      tb: bandOf(num(c.taxPerMu[fid]!), TAX_PER_MU_BREAKS),
      vb: bandOf(num(c.valuePerMu[fid]!), VALUE_PER_MU_BREAKS),
      cls: c.classIndex[fid]!,
      computed: c.classComputed[fid] === 1 ? 1 : 0,
      rc: reclaimCode(c, fid),
      pol: policyCode(c, fid),
      lp: ruleStatusOf(c, fid, 'land-price'),
      fa: ruleStatusOf(c, fid, 'floor-area'),
      dm: ruleStatusOf(c, fid, 'dormitory'),
      ds: ds[fid] ?? 0,
    });
  }
  return codes;
}
