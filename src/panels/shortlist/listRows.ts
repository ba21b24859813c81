/** The rows and totals of a shortlist, from the loaded parcels and the analysis columns (no geometry). */
import { RECLAIM_KINDS } from '../../domain/reclaim';
import type { AnalysisView, LoadedDataset } from '../../worker/protocol';
import { collationRanks } from '../../i18n/collation';
import { sortByValues, textRanks } from '../explore/listRows';

export interface ListRow {
  fid: number;
  parcelId: string;
  enterprise: string;
  town: string;
  areaMu: number;
  taxPerMu: number | null;
  freeMu: number;
}

export interface PageTotals {
  count: number;
  areaMu: number;
  taxWan: number;
  freeableMu: number;
  achievedMu: number;
}

/** The achieved kind's reclaimKind code; the pipeline kinds' codes are above it. */
const ACHIEVED = RECLAIM_KINDS.indexOf('achieved');

/** The rows of `fids` (a list's, or the part of it shown): built only for those asked for. */
export function listRows(fids: ArrayLike<number>, dataset: LoadedDataset, analysis: AnalysisView | null): ListRow[] {
  const rows: ListRow[] = [];
  const c = analysis?.columns;
  for (let i = 0; i < fids.length; i++) {
    const fid = fids[i]!;
    const p = dataset.parcels[fid];
    if (!p) continue;
    const kind = c ? c.reclaimKind[fid]! : -1;
    const tax = c ? c.taxPerMu[fid]! : NaN;
    rows.push({
      fid,
      parcelId: p.attributes.parcelId,
      enterprise: p.attributes.enterprise ?? '',
      town: townOf(fid, dataset, analysis),
      areaMu: p.areaMu,
      // The engine's (the enterprise's summed land); before the analysis, the record's. Never the parcel's own
      // where the engine has none: an enterprise's tax often sits on one of its parcels (enterprise.ts).
      taxPerMu: c ? (Number.isFinite(tax) ? tax : null) : p.taxPerMu,
      freeMu: kind > ACHIEVED && c ? c.reclaimMu[fid]! : 0,
    });
  }
  return rows;
}

/** The 镇街 a list shows: the engine's, else the record's. */
function townOf(fid: number, dataset: LoadedDataset, analysis: AnalysisView | null): string {
  const t = analysis?.columns.townIndex[fid] ?? -1;
  return (t >= 0 ? analysis?.townNames[t] : undefined) ?? dataset.parcels[fid]?.attributes.town ?? '';
}

export function pageTotals(fids: readonly number[], dataset: LoadedDataset, analysis: AnalysisView | null): PageTotals {
  const t: PageTotals = { count: 0, areaMu: 0, taxWan: 0, freeableMu: 0, achievedMu: 0 };
  const c = analysis?.columns;
  for (const fid of fids) {
    const p = dataset.parcels[fid];
    if (!p) continue;
    t.count++;
    // As listTotals (Excel): a parcel with a flagged geometry has no known area.
    if (!c?.geometryError[fid]) t.areaMu += p.areaMu;
    t.taxWan += p.attributes.tax ?? 0;
    if (c) {
      const kind = c.reclaimKind[fid]!;
      if (kind === ACHIEVED) t.achievedMu += c.reclaimMu[fid]!;
      else if (kind > ACHIEVED) t.freeableMu += c.reclaimMu[fid]!;
    }
  }
  return t;
}

export type SortKey = 'parcelId' | 'enterprise' | 'town' | 'areaMu' | 'taxPerMu' | 'freeMu';

/** Lists up to this long sort by their own texts' ranks; longer ones by the dataset's (cached). */
const SMALL_LIST = 5000;

/**
 * `fids` in the order of column `key` (as the rows show it) in `dir`: unknown numbers and empty text last
 * either way, ties in list order. Text by zh-CN collation ranks (i18n/collation): a list of up to SMALL_LIST
 * ranks its own texts, a longer one takes the parcel list's, made once per dataset and column
 * (explore/listRows textRanks), so a sort, and every change to a sorted list, sorts numbers only.
 */
export function sortFids(fids: readonly number[], key: SortKey, dir: 1 | -1, dataset: LoadedDataset, analysis: AnalysisView | null): Int32Array {
  const { parcels } = dataset;
  const c = analysis?.columns;
  const n = fids.length;
  let value: (fid: number) => number;
  switch (key) {
    case 'parcelId':
    case 'enterprise':
    case 'town': {
      const textOf = key === 'town' ? (fid: number) => townOf(fid, dataset, analysis)
        : key === 'parcelId' ? (fid: number) => parcels[fid]!.attributes.parcelId : (fid: number) => parcels[fid]!.attributes.enterprise ?? '';
      if (n <= SMALL_LIST) {
        // A short list ranks its own texts (instant) rather than the whole dataset's.
        const ranks = collationRanks(fids.map((fid) => (parcels[fid] ? textOf(fid) : '')));
        return inOrder(fids, ranks, dir);
      }
      // The engine's 镇街 else the record's: cached apart from the parcel list's engine-only 镇街.
      const ranks = textRanks(parcels, key === 'town' ? `listTown:${c ? analysis.townNames.join('\n') : '-'}` : key, textOf);
      value = (fid) => ranks[fid]!;
      break;
    }
    case 'areaMu':
      value = (fid) => parcels[fid]!.areaMu;
      break;
    case 'taxPerMu':
      // As shown: an infinite or missing figure is unknown (—).
      value = c ? (fid) => c.taxPerMu[fid]! : (fid) => parcels[fid]!.taxPerMu ?? NaN;
      break;
    case 'freeMu':
      value = (fid) => (c && c.reclaimKind[fid]! > ACHIEVED ? c.reclaimMu[fid]! : 0);
      break;
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = parcels[fids[i]!] ? value(fids[i]!) : NaN;
    values[i] = Number.isFinite(v) ? v : NaN;
  }
  return inOrder(fids, values, dir);
}

/** `fids` ordered by `values` (one per list place). */
function inOrder(fids: readonly number[], values: ArrayLike<number>, dir: 1 | -1): Int32Array {
  const order = Int32Array.from(fids, (_, i) => i);
  sortByValues(order, values, dir === 1 ? 'asc' : 'desc');
  for (let i = 0; i < order.length; i++) order[i] = fids[order[i]!]!;
  return order;
}
