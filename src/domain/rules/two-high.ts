/**
 * `two-high` 两高 (§三(一)3): projects built in or after 2018 using ≥ 1000 tce/yr, or built before
 * 2018 using ≥ 5000 tce/yr ("以上(含)": the threshold itself counts). Energy is the enterprise's
 * summed 综合能耗 (tce/年); the year is the parcel's 建成年份. Without a year, energy below both bars
 * or at both bars still decides.
 */
import { isAtLeast } from '../compare';
import type { RuleInput } from './input';
import {
  decided, MESSAGE_NOT_INDUSTRIAL, MESSAGE_NOT_STARTED, NOT_INDUSTRIAL, NOT_STARTED, notApplicable, unknown,
  type Bilingual, type RuleOutcome,
} from './outcome';

export const TWO_HIGH_CLAUSE = '§三(一)3';
export type TwoHighReason =
  | 'new-project-energy-at-least' | 'old-project-energy-at-least'
  | 'new-project-energy-below' | 'old-project-energy-below'
  | 'energy-at-least-any-year' | 'energy-below-any-year'
  | typeof NOT_INDUSTRIAL | typeof NOT_STARTED;

export const TWO_HIGH_MESSAGES: Readonly<Record<TwoHighReason, Bilingual>> = {
  'new-project-energy-at-least': { zh: '{sinceYear:0} 年以来建设，年综合能耗 {energyTce} tce ≥ {newMinTce} tce："两高"项目，逐一评估检查', en: 'built {sinceYear:0} or later, energy {energyTce} ≥ {newMinTce} tce: two-high project, to be assessed' },
  'old-project-energy-at-least': { zh: '{sinceYear:0} 年以前建设，年综合能耗 {energyTce} tce ≥ {oldMinTce} tce：逐一评估检查', en: 'built before {sinceYear:0}, energy {energyTce} ≥ {oldMinTce} tce: to be assessed' },
  'new-project-energy-below': { zh: '{sinceYear:0} 年以来建设，年综合能耗 {energyTce} tce < {newMinTce} tce', en: 'built {sinceYear:0} or later, energy {energyTce} < {newMinTce} tce' },
  'old-project-energy-below': { zh: '{sinceYear:0} 年以前建设，年综合能耗 {energyTce} tce < {oldMinTce} tce', en: 'built before {sinceYear:0}, energy {energyTce} < {oldMinTce} tce' },
  'energy-at-least-any-year': { zh: '年综合能耗 {energyTce} tce 达到两档标准（不论建成年份）：逐一评估检查', en: 'energy {energyTce} tce reaches both bars whatever the year built: to be assessed' },
  'energy-below-any-year': { zh: '年综合能耗 {energyTce} tce 低于两档标准', en: 'energy {energyTce} tce below both bars' },
  [NOT_INDUSTRIAL]: MESSAGE_NOT_INDUSTRIAL,
  [NOT_STARTED]: MESSAGE_NOT_STARTED,
};

const rule = 'two-high';
const NOT_INDUSTRIAL_OUTCOME = notApplicable(rule, TWO_HIGH_CLAUSE, NOT_INDUSTRIAL, MESSAGE_NOT_INDUSTRIAL);
const NOT_STARTED_OUTCOME = notApplicable(rule, TWO_HIGH_CLAUSE, NOT_STARTED, MESSAGE_NOT_STARTED);
const UNKNOWN_ENERGY_AND_YEAR = unknown(rule, TWO_HIGH_CLAUSE, ['energyTce', 'builtYear']);
const UNKNOWN_ENERGY = unknown(rule, TWO_HIGH_CLAUSE, ['energyTce']);
const UNKNOWN_YEAR = unknown(rule, TWO_HIGH_CLAUSE, ['builtYear']);

export function evaluateTwoHigh(input: RuleInput): RuleOutcome<TwoHighReason> {
  const { parcel, enterprise, ruleSet } = input;
  if (!input.industrial) return NOT_INDUSTRIAL_OUTCOME;
  if (input.development === 'not-started') return NOT_STARTED_OUTCOME;
  const energy = enterprise.figure('energyTce');
  if (energy == null) return parcel.builtYear == null ? UNKNOWN_ENERGY_AND_YEAR : UNKNOWN_ENERGY;
  const threshold = ruleSet.twoHigh;
  const { sinceYear, newMinTce, oldMinTce } = threshold;
  const builtYear = parcel.builtYear ?? null;
  const actual = { energyTce: energy, builtYear };
  let met: boolean;
  let reason: TwoHighReason;
  if (builtYear == null) {
    // Without a year, energy at both bars or below both still decides.
    if (isAtLeast(energy, Math.max(newMinTce, oldMinTce))) [met, reason] = [true, 'energy-at-least-any-year'];
    else if (!isAtLeast(energy, Math.min(newMinTce, oldMinTce))) [met, reason] = [false, 'energy-below-any-year'];
    else return UNKNOWN_YEAR;
  } else if (builtYear >= sinceYear) {
    met = isAtLeast(energy, newMinTce);
    reason = met ? 'new-project-energy-at-least' : 'new-project-energy-below';
  } else {
    met = isAtLeast(energy, oldMinTce);
    reason = met ? 'old-project-energy-at-least' : 'old-project-energy-below';
  }
  return decided(rule, TWO_HIGH_CLAUSE, met ? 'met' : 'not-met', reason, actual, threshold, TWO_HIGH_MESSAGES[reason]);
}
