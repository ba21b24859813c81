/**
 * Data conflicts on one parcel: where the data the rules judged on disagrees with what the geometry
 * shows (e.g. judged idle on 12.8 % developed while its buildings cover 42.7 % of the parcel). Pure;
 * the card words them. The registered-vs-computed area difference is shown with the area itself.
 */
import type { OutcomeDetail } from '../../worker/protocol';

export type DataConflictKind = 'idle-coverage' | 'not-started-built' | 'floor-area';

export interface DataConflict {
  kind: DataConflictKind;
  /** Shares 0–1 and FAR, formatted by the card. */
  developed?: number;
  coverage: number;
  far?: number;
}

/** Buildings covering at least this much more than the developed share said (or this much of an unstarted parcel) is a conflict. */
export const COVERAGE_MARGIN = 0.1;

export function dataConflicts(outcomes: readonly OutcomeDetail[], coverage: number | null, far: number | null): DataConflict[] {
  if (coverage === null || !Number.isFinite(coverage)) return [];
  const out: DataConflict[] = [];
  const idle = outcomes.find((o) => o.rule === 'idle');
  if (idle?.status === 'met' && idle.actual) {
    const developed = idle.actual['developedRatio'];
    const notStarted = 'yearsSinceAgreedStart' in idle.actual && idle.actual['actualStartDate'] === null;
    if (typeof developed === 'number' && coverage - developed >= COVERAGE_MARGIN) out.push({ kind: 'idle-coverage', developed, coverage });
    else if (notStarted && coverage >= COVERAGE_MARGIN) out.push({ kind: 'not-started-built', coverage });
  }
  // Floor area below the footprint: FAR = floor area / area < coverage = footprint / area.
  if (far !== null && Number.isFinite(far) && coverage >= 0.05 && far < coverage * 0.95) out.push({ kind: 'floor-area', coverage, far });
  return out;
}
