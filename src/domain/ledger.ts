/**
 * The disposal ledger (§三(一)2 "一企一策"): one entry per action on a parcel, edited in the app and
 * kept in the user's work.
 */
export type DisposalAction = '关停退出' | '兼并重组' | '整体腾退' | '搬迁入园' | '改造提升' | '闲置收回';
export type DisposalStatus = '待处置' | '处置中' | '已完成';

export const DISPOSAL_ACTIONS: readonly DisposalAction[] = ['关停退出', '兼并重组', '整体腾退', '搬迁入园', '改造提升', '闲置收回'];
export const DISPOSAL_STATUSES: readonly DisposalStatus[] = ['待处置', '处置中', '已完成'];

export interface LedgerEntry {
  parcelId: string;
  action: DisposalAction;
  status: DisposalStatus;
  /** ISO date; for 已完成, the completion date (its year is the year the result counts in). */
  date?: string;
  note?: string;
}

/** Actions that free the parcel's land (policy-rules.md, "Reclaimable area"): all but 改造提升. */
export const LAND_FREEING_ACTIONS: ReadonlySet<DisposalAction> = new Set<DisposalAction>(['关停退出', '兼并重组', '整体腾退', '搬迁入园', '闲置收回']);

/** The action that counts against the 淘汰落后产能 (closed) target; the others count as 整治提升. */
export const CLOSURE_ACTION: DisposalAction = '关停退出';

/** Ledger entries grouped by parcel id. */
export function indexLedger(ledger: readonly LedgerEntry[] | undefined): Map<string, LedgerEntry[]> {
  const byParcel = new Map<string, LedgerEntry[]>();
  for (const entry of ledger ?? []) {
    const list = byParcel.get(entry.parcelId);
    if (list) list.push(entry);
    else byParcel.set(entry.parcelId, [entry]);
  }
  return byParcel;
}

/**
 * Each parcel's disposal status in `entries`; of a parcel with several entries, 处置中 before 待处置 before
 * 已完成 (what is open shows first, as the map's disposal colouring does).
 */
export function disposalStatusByParcel(entries: readonly LedgerEntry[]): ReadonlyMap<string, DisposalStatus> {
  let out = statusCache.get(entries);
  if (out) return out;
  out = new Map<string, DisposalStatus>();
  for (const e of entries) {
    if (!(e.status in STATUS_RANK)) continue;
    const had = out.get(e.parcelId);
    if (had === undefined || STATUS_RANK[e.status] < STATUS_RANK[had]) out.set(e.parcelId, e.status);
  }
  statusCache.set(entries, out);
  return out;
}

const STATUS_RANK: Record<DisposalStatus, number> = { 处置中: 0, 待处置: 1, 已完成: 2 };
/** Per ledger array (a new array each time the ledger changes): filter changes reuse it. */
const statusCache = new WeakMap<readonly LedgerEntry[], Map<string, DisposalStatus>>();

/** The disposal part of a filter: a status, or 'none' (no ledger entry). */
export const DISPOSAL_FILTER_VALUES = [...DISPOSAL_STATUSES, 'none'] as const satisfies readonly (DisposalStatus | 'none')[];

/** Year of an ISO date, or null. */
export function yearOf(date: string | undefined): number | null {
  const m = date ? /^(\d{4})/.exec(date) : null;
  return m ? Number(m[1]) : null;
}

/**
 * The earliest completed (已完成) entry among `entries` matching `accept`; undated entries come after
 * dated ones. Null when none.
 */
export function firstCompleted(entries: readonly LedgerEntry[] | undefined, accept: (a: DisposalAction) => boolean): LedgerEntry | null {
  if (entries === undefined) return null;
  let best: LedgerEntry | null = null;
  for (const e of entries) {
    if (e.status !== '已完成' || !accept(e.action)) continue;
    if (best === null || (e.date && (!best.date || e.date < best.date))) best = e;
  }
  return best;
}
