/**
 * `energy` 高耗 (§三(一)6): 单位工业增加值能耗 = energyTce (tce) / addedValue (万元) above
 * 0.49 tce/万元 puts the enterprise on the 碳效 list (0.49 exactly does not). Energy used with no
 * value added at all counts as above the line.
 */
import { isAbove } from '../compare';
import type { RuleInput } from './input';
import {
  decided, MESSAGE_NOT_INDUSTRIAL, MESSAGE_NOT_STARTED, NOT_INDUSTRIAL, NOT_STARTED, notApplicable, unknown,
  type Bilingual, type MissingInput, type RuleOutcome,
} from './outcome';

export const ENERGY_CLAUSE = '§三(一)6';
export type EnergyReason =
  | 'intensity-above' | 'energy-without-value-added' | 'intensity-at-most' | 'no-production'
  | typeof NOT_INDUSTRIAL | typeof NOT_STARTED;

export const ENERGY_MESSAGES: Readonly<Record<EnergyReason, Bilingual>> = {
  'intensity-above': { zh: '单位增加值能耗 {energyIntensity:3} tce/万元 > {maxIntensity:3}，列入碳效清单', en: 'energy intensity {energyIntensity:3} > {maxIntensity:3} tce/10k CNY: on the carbon-efficiency list' },
  'energy-without-value-added': { zh: '有能耗 {energyTce} tce 但无工业增加值，列入碳效清单', en: 'uses {energyTce} tce with no value added: on the carbon-efficiency list' },
  'intensity-at-most': { zh: '单位增加值能耗 {energyIntensity:3} tce/万元 ≤ {maxIntensity:3}', en: 'energy intensity {energyIntensity:3} ≤ {maxIntensity:3} tce/10k CNY' },
  'no-production': { zh: '无能耗、无增加值，不适用', en: 'no energy use and no value added; does not apply' },
  [NOT_INDUSTRIAL]: MESSAGE_NOT_INDUSTRIAL,
  [NOT_STARTED]: MESSAGE_NOT_STARTED,
};

const rule = 'energy';
const NOT_INDUSTRIAL_OUTCOME = notApplicable(rule, ENERGY_CLAUSE, NOT_INDUSTRIAL, MESSAGE_NOT_INDUSTRIAL);
const NOT_STARTED_OUTCOME = notApplicable(rule, ENERGY_CLAUSE, NOT_STARTED, MESSAGE_NOT_STARTED);
const NO_PRODUCTION_OUTCOME = notApplicable(rule, ENERGY_CLAUSE, 'no-production', ENERGY_MESSAGES['no-production']);

export function evaluateEnergy(input: RuleInput): RuleOutcome<EnergyReason> {
  const { enterprise, ruleSet } = input;
  if (!input.industrial) return NOT_INDUSTRIAL_OUTCOME;
  if (input.development === 'not-started') return NOT_STARTED_OUTCOME;
  const energyTce = enterprise.figure('energyTce');
  const addedValue = enterprise.figure('addedValue');
  if (energyTce == null || addedValue == null) {
    const missing: MissingInput[] = [];
    if (energyTce == null) missing.push('energyTce');
    if (addedValue == null) missing.push('addedValue');
    return unknown(rule, ENERGY_CLAUSE, missing);
  }
  const threshold = ruleSet.energy;
  if (!(addedValue > 0)) {
    if (!(energyTce > 0)) return NO_PRODUCTION_OUTCOME;
    return decided(rule, ENERGY_CLAUSE, 'met', 'energy-without-value-added', { energyTce, addedValue, energyIntensity: null }, threshold,
      ENERGY_MESSAGES['energy-without-value-added']);
  }
  const energyIntensity = energyTce / addedValue;
  const reason: EnergyReason = isAbove(energyIntensity, threshold.maxIntensity) ? 'intensity-above' : 'intensity-at-most';
  return decided(rule, ENERGY_CLAUSE, reason === 'intensity-above' ? 'met' : 'not-met', reason,
    { energyTce, addedValue, energyIntensity }, threshold, ENERGY_MESSAGES[reason]);
}
