/** The rows and totals of a shortlist, from the loaded parcels and the analysis columns (no geometry). */
import { RECLAIM_KINDS } from '../../domain/reclaim';
import type { AnalysisView, LoadedDataset } from '../../worker/protocol';

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

export function listRows(fids: readonly number[], dataset: LoadedDataset, analysis: AnalysisView | null): ListRow[] {
  return fids.flatMap((fid) => {
    const p = dataset.parcels[fid];
    if (!p) return [];
    const c = analysis?.columns;
    const kind = c ? c.reclaimKind[fid]! : -1;
    const t = c?.townIndex[fid] ?? -1;
    const tax = c ? c.taxPerMu[fid]! : NaN;
    return [{
      fid,
      parcelId: p.attributes.parcelId,
      enterprise: p.attributes.enterprise ?? '',
      town: (t >= 0 ? analysis?.townNames[t] : undefined) ?? p.attributes.town ?? '',
      areaMu: p.areaMu,
      // The engine's (the enterprise's summed land); before the analysis, the record's. Never the parcel's own
      // where the engine has none: an enterprise's tax often sits on one of its parcels (enterprise.ts).
      taxPerMu: c ? (Number.isFinite(tax) ? tax : null) : p.taxPerMu,
      freeMu: kind > ACHIEVED && c ? c.reclaimMu[fid]! : 0,
    }];
  });
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

/** Sorted copy; missing numbers last in either direction, text by the Chinese collation. */
export function sortRows(rows: readonly ListRow[], key: SortKey, dir: 1 | -1): ListRow[] {
  const collator = new Intl.Collator('zh-CN', { numeric: true });
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (typeof x === 'number' || typeof y === 'number' || x === null || y === null) {
      if (x === null) return y === null ? 0 : 1;
      if (y === null) return -1;
      return dir * ((x as number) - (y as number));
    }
    return dir * collator.compare(x, y);
  });
}
