/**
 * Land that can be freed toward the 600-亩 target (§二, §三(一)4; policy-rules.md "Reclaimable area").
 * Each parcel contributes once: achieved (a completed ledger entry with a land-freeing action, the
 * whole parcel, counted in the completion year) or else pipeline (idle → whole parcel; low-efficiency
 * or D-class → whole parcel; under-used → its spare land only), taking the largest portion when the
 * parcel is in several groups. `unknown` outcomes never count. A parcel whose area is unknown (a
 * flagged geometry) keeps its kind — it is freed, or in a group, all the same — but its 亩 are null:
 * no shoelace area of a broken polygon enters land freed or freeable.
 */
import { firstCompleted, LAND_FREEING_ACTIONS, yearOf, type DisposalAction, type LedgerEntry } from './ledger';
import type { RuleOutcomes } from './rules';
import { RULE_IDS, STATUS_CODES } from './rules/outcome';
import type { Mu } from './units';

export type PipelineKind = 'idle' | 'low-efficiency' | 'd-class' | 'under-used';
export type ReclaimKind = 'achieved' | PipelineKind;

/** Reclaim kinds in column order: the `reclaimKind` column's code is the index, -1 = nothing to free. */
export const RECLAIM_KINDS: readonly ReclaimKind[] = ['achieved', 'idle', 'low-efficiency', 'd-class', 'under-used'];

/** The rules that free land: each pipeline kind is the rule (RULE_IDS) that found it. */
const PIPELINE_RULE_AT = (['idle', 'low-efficiency', 'd-class', 'under-used'] as const satisfies readonly PipelineKind[]).map((k) => RULE_IDS.indexOf(k));
const UNKNOWN_STATUS = STATUS_CODES.indexOf('unknown');

/**
 * Whether a rule that frees land lacks data for parcel `i`, from the engine's `ruleStatus` column (RULE_IDS.length
 * codes per parcel): a parcel with nothing to free is then 数据不足, not 无可腾出.
 */
export function reclaimRuleLacksData(ruleStatus: ArrayLike<number>, i: number): boolean {
  const base = i * RULE_IDS.length;
  return PIPELINE_RULE_AT.some((r) => ruleStatus[base + r] === UNKNOWN_STATUS);
}

export interface Reclaim {
  /** null: nothing to free. */
  kind: ReclaimKind | null;
  /** 亩 freed (achieved) or that can be freed (pipeline); null when the parcel's area is unknown. */
  mu: number | null;
  /** Completion year of an achieved parcel; null for pipeline or an undated completion. */
  year: number | null;
  /** The completed land-freeing action of an achieved parcel. */
  action: DisposalAction | null;
}

const NOTHING: Reclaim = { kind: null, mu: 0, year: null, action: null };

function spareMuOf(outcomes: RuleOutcomes): number {
  const o = outcomes['under-used'];
  if (o.status !== 'met') return 0;
  const spare = o.extra?.['spareMu'];
  return typeof spare === 'number' ? spare : 0;
}

/** The parcel's contribution: achieved if the ledger says so, else its largest pipeline portion. */
const freesLand = (a: DisposalAction) => LAND_FREEING_ACTIONS.has(a);

/** `areaMu`: the parcel's area, null when its geometry is flagged (then every portion is unknown). */
export function reclaimOf(areaMu: Mu | null, outcomes: RuleOutcomes, entries: readonly LedgerEntry[] | undefined): Reclaim {
  const done = firstCompleted(entries, freesLand);
  if (done) return { kind: 'achieved', mu: areaMu, year: yearOf(done.date), action: done.action };
  if (areaMu === null) {
    // No portion can be sized, so none can be compared: the first group the parcel is in, in the
    // order below. Spare land (under-used) is area too, and that rule answers unknown without one.
    const kind: PipelineKind | null = outcomes.idle.status === 'met' ? 'idle'
      : outcomes['low-efficiency'].status === 'met' ? 'low-efficiency'
      : outcomes['d-class'].status === 'met' ? 'd-class'
      : null;
    return kind === null ? NOTHING : { kind, mu: null, year: null, action: null };
  }
  // Largest portion wins; ties keep the first in this order.
  let kind: PipelineKind | null = null;
  let best = 0;
  if (outcomes.idle.status === 'met' && areaMu > best) { kind = 'idle'; best = areaMu; }
  if (outcomes['low-efficiency'].status === 'met' && areaMu > best) { kind = 'low-efficiency'; best = areaMu; }
  if (outcomes['d-class'].status === 'met' && areaMu > best) { kind = 'd-class'; best = areaMu; }
  const spare = spareMuOf(outcomes);
  if (spare > best) { kind = 'under-used'; best = spare; }
  return kind === null ? NOTHING : { kind, mu: best, year: null, action: null };
}
