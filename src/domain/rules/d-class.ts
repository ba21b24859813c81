/**
 * `d-class` D类 (§四(三)(四)): 亩均效益 class D → 限制续贷, 差别电价/水价/气价. The class comes from the
 * data, else from evaluation.ts (then `computed: true` in the figures).
 */
import type { EvalClass } from '../parcel';
import type { RuleInput } from './input';
import {
  decided, MESSAGE_NOT_INDUSTRIAL, MESSAGE_NOT_STARTED, NOT_INDUSTRIAL, NOT_STARTED, notApplicable, unknown,
  type Bilingual, type RuleOutcome,
} from './outcome';

export const D_CLASS_CLAUSE = '§四(三)(四)';
export type DClassReason = 'class-d' | 'class-d-computed' | 'class-above-d' | typeof NOT_INDUSTRIAL | typeof NOT_STARTED;

export const D_CLASS_MESSAGES: Readonly<Record<DClassReason, Bilingual>> = {
  'class-d': { zh: '亩均效益 D 类：限制续贷，实行差别电价、水价、气价', en: 'efficiency class D: loans restricted, differential power/water/gas prices' },
  'class-d-computed': { zh: '亩均效益 D 类（计算所得）：限制续贷，实行差别电价、水价、气价', en: 'efficiency class D (computed): loans restricted, differential power/water/gas prices' },
  'class-above-d': { zh: '亩均效益 {evalClass} 类', en: 'efficiency class {evalClass}' },
  [NOT_INDUSTRIAL]: MESSAGE_NOT_INDUSTRIAL,
  [NOT_STARTED]: MESSAGE_NOT_STARTED,
};

const THRESHOLD = { evalClass: 'D' } as const;

const rule = 'd-class';
const NOT_INDUSTRIAL_OUTCOME = notApplicable(rule, D_CLASS_CLAUSE, NOT_INDUSTRIAL, MESSAGE_NOT_INDUSTRIAL);
const NOT_STARTED_OUTCOME = notApplicable(rule, D_CLASS_CLAUSE, NOT_STARTED, MESSAGE_NOT_STARTED);
const UNKNOWN_CLASS = unknown(rule, D_CLASS_CLAUSE, ['evalClass']);

function classOutcome(evalClass: EvalClass, computed: boolean): RuleOutcome<DClassReason> {
  const reason: DClassReason = evalClass !== 'D' ? 'class-above-d' : computed ? 'class-d-computed' : 'class-d';
  return decided(rule, D_CLASS_CLAUSE, evalClass === 'D' ? 'met' : 'not-met', reason, { evalClass, computed }, THRESHOLD, D_CLASS_MESSAGES[reason]);
}

/**
 * The outcome depends on the class and `computed` alone: one shared outcome per pair. Read-only like
 * every outcome, but not frozen: a frozen object has its own hidden class, and a fifth outcome shape
 * would make every `.status` read in the engine megamorphic (slow).
 */
const CLASS_OUTCOMES: Readonly<Record<EvalClass, readonly [given: RuleOutcome<DClassReason>, computed: RuleOutcome<DClassReason>]>> = {
  A: [classOutcome('A', false), classOutcome('A', true)],
  B: [classOutcome('B', false), classOutcome('B', true)],
  C: [classOutcome('C', false), classOutcome('C', true)],
  D: [classOutcome('D', false), classOutcome('D', true)],
};

export function evaluateDClass(input: RuleInput): RuleOutcome<DClassReason> {
  const { evalClass, evalClassComputed } = input;
  if (!input.industrial) return NOT_INDUSTRIAL_OUTCOME;
  if (input.development === 'not-started') return NOT_STARTED_OUTCOME;
  if (evalClass === null) return UNKNOWN_CLASS;
  // A class outside A–D never comes from the readers; should one slip in, it gets its own outcome as before.
  const shared = (CLASS_OUTCOMES as Partial<typeof CLASS_OUTCOMES>)[evalClass];
  return shared ? shared[evalClassComputed ? 1 : 0] : classOutcome(evalClass, evalClassComputed);
}
