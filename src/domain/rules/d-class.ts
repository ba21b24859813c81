/**
 * `d-class` D类 (§四(三)(四)): 亩均效益 class D → 限制续贷, 差别电价/水价/气价. The class comes from the
 * data, else from evaluation.ts (then `computed: true` in the figures).
 */
import { developmentState, isIndustrial, type RuleInput } from './input';
import {
  decided, MESSAGE_NOT_INDUSTRIAL, MESSAGE_NOT_STARTED, NOT_INDUSTRIAL, NOT_STARTED, notApplicable, unknown,
  type Bilingual, type RuleOutcome,
} from './outcome';

export const D_CLASS_CLAUSE = '§四(三)(四)';
export type DClassReason = 'class-d' | 'class-d-computed' | 'class-above-d' | typeof NOT_INDUSTRIAL | typeof NOT_STARTED;

export const D_CLASS_MESSAGES: Readonly<Record<DClassReason, Bilingual>> = {
  'class-d': { zh: '亩均效益 D 类: 限制续贷, 实行差别电价、水价、气价', en: 'efficiency class D: loans restricted, differential power/water/gas prices' },
  'class-d-computed': { zh: '亩均效益 D 类 (计算所得): 限制续贷, 实行差别电价、水价、气价', en: 'efficiency class D (computed): loans restricted, differential power/water/gas prices' },
  'class-above-d': { zh: '亩均效益 {evalClass} 类', en: 'efficiency class {evalClass}' },
  [NOT_INDUSTRIAL]: MESSAGE_NOT_INDUSTRIAL,
  [NOT_STARTED]: MESSAGE_NOT_STARTED,
};

const THRESHOLD = { evalClass: 'D' } as const;

export function evaluateDClass(input: RuleInput): RuleOutcome<DClassReason> {
  const { parcel, evalClass, evalClassComputed } = input;
  const rule = 'd-class';
  if (!isIndustrial(parcel.landUse)) return notApplicable(rule, D_CLASS_CLAUSE, NOT_INDUSTRIAL, MESSAGE_NOT_INDUSTRIAL);
  if (developmentState(parcel) === 'not-started') return notApplicable(rule, D_CLASS_CLAUSE, NOT_STARTED, MESSAGE_NOT_STARTED);
  if (evalClass === null) return unknown(rule, D_CLASS_CLAUSE, ['evalClass']);
  const actual = { evalClass, computed: evalClassComputed };
  const reason: DClassReason = evalClass !== 'D' ? 'class-above-d' : evalClassComputed ? 'class-d-computed' : 'class-d';
  return decided(rule, D_CLASS_CLAUSE, evalClass === 'D' ? 'met' : 'not-met', reason, actual, THRESHOLD, D_CLASS_MESSAGES[reason]);
}
