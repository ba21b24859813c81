/**
 * `low-efficiency` 低效企业 (§三(一)2): 亩均税收 = Σ tax (万元) / Σ land (亩) over the enterprise's
 * parcels, below 8 万元/亩 (8.0 exactly is not low). Such enterprises must be 整治提升到位 by the end
 * of 2023. When a parcel of the enterprise has a flagged geometry its land is unknown: `unknown`,
 * missing `geometry` (and `tax` when that is missing too).
 */
import { isBelow } from '../compare';
import { muFromM2 } from '../units';
import type { RuleInput } from './input';
import {
  decided, MESSAGE_NOT_INDUSTRIAL, MESSAGE_NOT_STARTED, NOT_INDUSTRIAL, NOT_STARTED, notApplicable, unknown,
  type Bilingual, type RuleOutcome,
} from './outcome';

export const LOW_EFFICIENCY_CLAUSE = '§三(一)2';
export type LowEfficiencyReason = 'tax-per-mu-below' | 'tax-per-mu-at-least' | typeof NOT_INDUSTRIAL | typeof NOT_STARTED;

export const LOW_EFFICIENCY_MESSAGES: Readonly<Record<LowEfficiencyReason, Bilingual>> = {
  'tax-per-mu-below': { zh: '亩均税收 {taxPerMu} 万元/亩 < {taxPerMuBelow} 万元/亩：低效企业，{deadlineYear:0} 年底前整治提升到位', en: 'tax per mu {taxPerMu$}/mu < {taxPerMuBelow$}/mu: low-efficiency, to be upgraded by end {deadlineYear:0}' },
  'tax-per-mu-at-least': { zh: '亩均税收 {taxPerMu} 万元/亩 ≥ {taxPerMuBelow} 万元/亩', en: 'tax per mu {taxPerMu$}/mu ≥ {taxPerMuBelow$}/mu' },
  [NOT_INDUSTRIAL]: MESSAGE_NOT_INDUSTRIAL,
  [NOT_STARTED]: MESSAGE_NOT_STARTED,
};

const rule = 'low-efficiency';
const NOT_INDUSTRIAL_OUTCOME = notApplicable(rule, LOW_EFFICIENCY_CLAUSE, NOT_INDUSTRIAL, MESSAGE_NOT_INDUSTRIAL);
const NOT_STARTED_OUTCOME = notApplicable(rule, LOW_EFFICIENCY_CLAUSE, NOT_STARTED, MESSAGE_NOT_STARTED);
const UNKNOWN_TAX = unknown(rule, LOW_EFFICIENCY_CLAUSE, ['tax']);
const UNKNOWN_AREA = unknown(rule, LOW_EFFICIENCY_CLAUSE, ['area']);
const UNKNOWN_GEOMETRY = unknown(rule, LOW_EFFICIENCY_CLAUSE, ['geometry']);
const UNKNOWN_TAX_AND_GEOMETRY = unknown(rule, LOW_EFFICIENCY_CLAUSE, ['tax', 'geometry']);

export function evaluateLowEfficiency(input: RuleInput): RuleOutcome<LowEfficiencyReason> {
  const { enterprise, ruleSet } = input;
  if (!input.industrial) return NOT_INDUSTRIAL_OUTCOME;
  if (input.development === 'not-started') return NOT_STARTED_OUTCOME;
  const tax = enterprise.figure('tax');
  const areaM2 = enterprise.landM2();
  if (areaM2 === null) return tax == null ? UNKNOWN_TAX_AND_GEOMETRY : UNKNOWN_GEOMETRY;
  const taxPerMu = enterprise.metric('taxPerMu');
  if (taxPerMu == null) return tax == null ? UNKNOWN_TAX : UNKNOWN_AREA;
  const threshold = ruleSet.lowEfficiency;
  const actual = { taxPerMu, tax, landMu: muFromM2(areaM2), parcels: enterprise.parcels.length };
  const reason: LowEfficiencyReason = isBelow(taxPerMu, threshold.taxPerMuBelow) ? 'tax-per-mu-below' : 'tax-per-mu-at-least';
  return decided(rule, LOW_EFFICIENCY_CLAUSE, reason === 'tax-per-mu-below' ? 'met' : 'not-met', reason, actual, threshold, LOW_EFFICIENCY_MESSAGES[reason]);
}
