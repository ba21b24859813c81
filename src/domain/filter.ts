/**
 * What the user filters parcels by (the explore panel, a 镇街 row, a zone's figure). Every part is
 * optional and the parts combine with AND; inside a list the values combine with OR. Pure data: it
 * lives in the store and the URL, and `domain/filter-mask.ts` turns it into a per-parcel mask.
 */
import type { ReclaimKind } from './reclaim';
import type { DisposalStatus } from './ledger';
import type { RuleId, RuleStatus } from './rules/outcome';

export interface NumberRange {
  min?: number;
  max?: number;
}

export interface FilterSpec {
  /** 镇街 names (the engine's town of the parcel). */
  towns?: string[];
  /** Industry codes or names as in the data. */
  industries?: string[];
  /** 规上 / 规下. */
  scale?: ('above' | 'below')[];
  /** Class letters; 'none' = no class. */
  classes?: ('A' | 'B' | 'C' | 'D' | 'none')[];
  /** Per rule, the outcomes wanted (the engine's statuses). */
  rules?: Partial<Record<RuleId, RuleStatus[]>>;
  /** Reclaim kinds; 'none' = nothing to free; 'unknown' = nothing found to free, but a reclaim rule lacks data. */
  reclaim?: (ReclaimKind | 'none' | 'unknown')[];
  /** Disposal status in the ledger the analysis ran with; 'none' = no ledger entry. */
  disposal?: (DisposalStatus | 'none')[];
  areaMu?: NumberRange;
  /** 万元/亩. */
  taxPerMu?: NumberRange;
  far?: NumberRange;
  /** 0–1. */
  coverage?: NumberRange;
  /** true = overlaps any block line; false = overlaps none. */
  inBlockline?: boolean;
  /** true = inside a park; false = outside every park. */
  inPark?: boolean;
  /** An explicit set of parcels (a zone's figure, a shortlist), by fid. */
  fids?: number[];
  /**
   * The chosen parcels by 地块编号, once another dataset has replaced the one they were chosen in (a streamed
   * file's next view): `fids` are those of them the dataset shown holds, so panning never loses any.
   */
  fidIds?: string[];
}

/** True when the spec filters nothing: every part absent, an empty list or an empty object. */
export function isEmptyFilter(spec: FilterSpec): boolean {
  return Object.values(spec).every((v: unknown) => {
    if (v === undefined) return true;
    if (Array.isArray(v)) return v.length === 0;
    if (typeof v === 'object' && v !== null) return Object.values(v).every((x) => x === undefined);
    return false;
  });
}
