/** Counts and totals of a list of parcels: 宗, 亩, tax 万元, freeable and freed 亩 (shortlist panel, Excel, report). */
import type { ExportSource } from './model';

export interface ListTotals {
  count: number;
  areaMu: number;
  /** Σ tax of the parcels' records, 万元/年 (a tax missing from the data counts 0). */
  taxWan: number;
  /** Pipeline 亩 (idle, low-efficiency, D-class, under-used). */
  freeableMu: number;
  /** Achieved 亩 (disposals the ledger completed). */
  achievedMu: number;
}

export function listTotals(source: ExportSource, fids: readonly number[]): ListTotals {
  const t: ListTotals = { count: fids.length, areaMu: 0, taxWan: 0, freeableMu: 0, achievedMu: 0 };
  for (const fid of fids) {
    const p = source.run.parcels.at(fid)!;
    if (!source.run.facts[fid]?.geometryError) t.areaMu += p.areaMu;
    t.taxWan += source.parcels[fid]!.attributes.tax ?? 0;
    if (p.reclaimKind === 'achieved') t.achievedMu += p.reclaimableMu;
    else if (p.reclaimKind !== null) t.freeableMu += p.reclaimableMu;
  }
  return t;
}
