/**
 * `dormitory` 宿舍型保障性租赁住房 (§四(五); 国办发〔2021〕22号): an existing industrial project inside
 * an industrial park, or outside with 亩均效益 class A or B and land ≥ 50 亩 (含; the parcel's own
 * planar area), may raise its support-facility land cap from 7 % to 15 % of the parcel (extra land =
 * 8 % × area, m²) and its support floor-area cap to 30 % of its floor area (m²). A parcel whose
 * geometry is flagged has neither an area nor a park: `unknown` (missing `geometry`).
 */
import { isAtLeast } from '../compare';
import { isExistingProject } from './existing';
import type { RuleInput } from './input';
import {
  decided, MESSAGE_NOT_INDUSTRIAL, NOT_INDUSTRIAL, notApplicable, unknown,
  type Bilingual, type Figures, type MissingInput, type RuleOutcome,
} from './outcome';
import type { RuleSet } from '../rule-set';

export const DORMITORY_CLAUSE = '§四(五); 国办发〔2021〕22号';
export type DormitoryReason = 'in-park' | 'class-and-area' | 'class-not-eligible' | 'area-below' | 'not-existing' | typeof NOT_INDUSTRIAL;

export const DORMITORY_MESSAGES: Readonly<Record<DormitoryReason, Bilingual>> = {
  'in-park': { zh: '位于产业园区（{park}）：配套用地上限 {supportLandRatioFrom%}% → {supportLandRatioTo%}%，可增 {extraSupportLandM2:0} m² 用于宿舍型保障性租赁住房', en: 'inside industrial park {park}: support land cap {supportLandRatioFrom%} % → {supportLandRatioTo%} %, {extraSupportLandM2:0} m² more for dormitory housing' },
  'class-and-area': { zh: '园区外，亩均效益 {evalClass} 类且用地 {areaMu} 亩 ≥ {minAreaMu} 亩：配套用地上限 {supportLandRatioFrom%}% → {supportLandRatioTo%}%，可增 {extraSupportLandM2:0} m²', en: 'outside parks, class {evalClass} on {areaMu} ≥ {minAreaMu} mu: support land cap {supportLandRatioFrom%} % → {supportLandRatioTo%} %, {extraSupportLandM2:0} m² more' },
  'class-not-eligible': { zh: '园区外且亩均效益 {evalClass} 类，非 {classes} 类', en: 'outside parks and class {evalClass}, not {classes}' },
  'area-below': { zh: '园区外且用地 {areaMu} 亩 < {minAreaMu} 亩', en: 'outside parks and land {areaMu} < {minAreaMu} mu' },
  'not-existing': { zh: '非存量工业项目，不适用', en: 'not an existing project; does not apply' },
  [NOT_INDUSTRIAL]: MESSAGE_NOT_INDUSTRIAL,
};

/** Thresholds depend only on the rule set: built once per rule set, shared by every outcome. */
const thresholdCache = new WeakMap<RuleSet, Figures>();
function thresholdsOf(ruleSet: RuleSet): Figures {
  let t = thresholdCache.get(ruleSet);
  if (t === undefined) {
    const { minAreaMu, classes, supportLandRatioFrom, supportLandRatioTo, supportFloorAreaRatio } = ruleSet.dormitory;
    t = Object.freeze({ minAreaMu, classes: classes.join('/'), supportLandRatioFrom, supportLandRatioTo, supportFloorAreaRatio });
    thresholdCache.set(ruleSet, t);
  }
  return t;
}

const rule = 'dormitory';
const NOT_INDUSTRIAL_OUTCOME = notApplicable(rule, DORMITORY_CLAUSE, NOT_INDUSTRIAL, MESSAGE_NOT_INDUSTRIAL);
const NOT_EXISTING_OUTCOME = notApplicable(rule, DORMITORY_CLAUSE, 'not-existing', DORMITORY_MESSAGES['not-existing']);

export function evaluateDormitory(input: RuleInput): RuleOutcome<DormitoryReason> {
  const { parcel, facts, areaM2, areaMu, evalClass, evalClassComputed, ruleSet } = input;
  if (!input.industrial) return NOT_INDUSTRIAL_OUTCOME;
  const existing = isExistingProject(parcel);
  if (existing === false) return NOT_EXISTING_OUTCOME;
  if (areaM2 === null || areaMu === null) {
    // In a park, or on enough land: neither can be told, so whatever the class it stays open.
    const missing: MissingInput[] = [];
    if (existing === null) missing.push('builtYear');
    missing.push('geometry');
    if (evalClass === null) missing.push('evalClass');
    return unknown(rule, DORMITORY_CLAUSE, missing);
  }
  const { minAreaMu, classes, supportLandRatioFrom, supportLandRatioTo, supportFloorAreaRatio } = ruleSet.dormitory;
  const park = facts.park;
  const inPark = typeof park === 'string' && park !== '';
  const classOk = evalClass === null ? null : classes.includes(evalClass);
  const areaOk = isAtLeast(areaMu, minAreaMu);
  const actual = { park: park ?? null, evalClass, evalClassComputed, areaMu };
  const threshold = thresholdsOf(ruleSet);
  const builtYearMissing = existing === null;

  if ((inPark || (classOk === true && areaOk)) && !builtYearMissing) {
    const reason: DormitoryReason = inPark ? 'in-park' : 'class-and-area';
    return decided(rule, DORMITORY_CLAUSE, 'met', reason, actual, threshold, DORMITORY_MESSAGES[reason], {
      extraSupportLandM2: (supportLandRatioTo - supportLandRatioFrom) * areaM2,
      supportLandCapM2: supportLandRatioTo * areaM2,
      currentSupportLandM2: parcel.supportLandRatio != null ? parcel.supportLandRatio * areaM2 : null,
      supportFloorAreaCapM2: parcel.floorArea != null ? supportFloorAreaRatio * parcel.floorArea : null,
    });
  }
  // Not qualified by what is known: is that because it lies outside every park, or don't we know?
  const failsOutside = !areaOk || classOk === false;
  if (failsOutside && !builtYearMissing && park !== undefined) {
    const reason: DormitoryReason = !areaOk ? 'area-below' : 'class-not-eligible';
    return decided(rule, DORMITORY_CLAUSE, 'not-met', reason, actual, threshold, DORMITORY_MESSAGES[reason]);
  }
  const missing: MissingInput[] = [];
  if (builtYearMissing) missing.push('builtYear');
  if (park === undefined) missing.push('layer:parks');
  if (classOk === null && !failsOutside) missing.push('evalClass');
  return unknown(rule, DORMITORY_CLAUSE, missing);
}
