/**
 * `dormitory` 宿舍型保障性租赁住房 (§四(五); 国办发〔2021〕22号): an existing industrial project inside
 * an industrial park, or outside with 亩均效益 class A or B and land ≥ 50 亩 (含), may raise its
 * support-facility land cap from 7 % to 15 % of the parcel (extra 8 % of the area, m²) and the
 * support floor-area cap to 30 % of its floor area.
 */
import { isAtLeast } from '../compare';
import { isExistingProject } from './existing';
import { isIndustrial, type RuleInput } from './input';
import {
  decided, fmt, MESSAGE_NOT_INDUSTRIAL, NOT_INDUSTRIAL, notApplicable, unknown,
  type MissingInput, type RuleOutcome,
} from './outcome';

export const DORMITORY_CLAUSE = '§四(五); 国办发〔2021〕22号';
export type DormitoryReason = 'in-park' | 'class-and-area' | 'class-not-eligible' | 'area-below' | 'not-existing' | typeof NOT_INDUSTRIAL;

export function evaluateDormitory(input: RuleInput): RuleOutcome<DormitoryReason> {
  const { parcel, facts, areaMu, evalClass, evalClassComputed, ruleSet } = input;
  const rule = 'dormitory';
  if (!isIndustrial(parcel.landUse)) return notApplicable(rule, DORMITORY_CLAUSE, NOT_INDUSTRIAL, MESSAGE_NOT_INDUSTRIAL);
  const existing = isExistingProject(parcel);
  if (existing === false)
    return notApplicable(rule, DORMITORY_CLAUSE, 'not-existing', { zh: '非存量工业项目, 不适用', en: 'not an existing project; does not apply' });
  const { minAreaMu, classes, supportLandRatioFrom, supportLandRatioTo, supportFloorAreaRatio } = ruleSet.dormitory;
  const park = facts.park;
  const inPark = typeof park === 'string' && park !== '';
  const classOk = evalClass === null ? null : classes.includes(evalClass);
  const areaOk = isAtLeast(areaMu, minAreaMu);
  const actual = { park: park ?? null, evalClass, evalClassComputed, areaMu };
  const threshold = { minAreaMu, classes: classes.join('/') };
  const missing: MissingInput[] = [];
  if (existing === null) missing.push('builtYear');

  if ((inPark || (classOk === true && areaOk)) && missing.length === 0) {
    const extraSupportLandM2 = (supportLandRatioTo - supportLandRatioFrom) * facts.areaM2;
    const supportFloorAreaCapM2 = parcel.floorArea != null ? supportFloorAreaRatio * parcel.floorArea : null;
    const why = inPark
      ? { zh: `位于产业园区 (${park})`, en: `inside industrial park ${park}` }
      : { zh: `园区外, 亩均效益 ${evalClass} 类且用地 ${fmt(areaMu)} 亩 ≥ ${fmt(minAreaMu)} 亩`, en: `outside parks, class ${evalClass} on ${fmt(areaMu)} ≥ ${fmt(minAreaMu)} 亩` };
    return decided(rule, DORMITORY_CLAUSE, 'met', inPark ? 'in-park' : 'class-and-area', actual, threshold,
      { zh: `${why.zh}: 配套用地上限 ${fmt(supportLandRatioFrom * 100)}% → ${fmt(supportLandRatioTo * 100)}%, 可增 ${fmt(extraSupportLandM2, 0)} m² 用于宿舍型保障性租赁住房`, en: `${why.en}: support land cap ${fmt(supportLandRatioFrom * 100)} % → ${fmt(supportLandRatioTo * 100)} %, ${fmt(extraSupportLandM2, 0)} m² more for dormitory housing` },
      {
        supportLandRatioFrom, supportLandRatioTo, extraSupportLandM2,
        supportLandCapM2: supportLandRatioTo * facts.areaM2,
        currentSupportLandM2: parcel.supportLandRatio != null ? parcel.supportLandRatio * facts.areaM2 : null,
        supportFloorAreaRatio, supportFloorAreaCapM2,
      });
  }
  // Not qualified by what is known; is that because it is outside a park, or don't we know?
  if (park === undefined) missing.push('layer:parks');
  const failsOutside = !areaOk || classOk === false;
  if (failsOutside && missing.length === 0) {
    const reason: DormitoryReason = !areaOk ? 'area-below' : 'class-not-eligible';
    const detail = !areaOk
      ? { zh: `用地 ${fmt(areaMu)} 亩 < ${fmt(minAreaMu)} 亩`, en: `land ${fmt(areaMu)} < ${fmt(minAreaMu)} 亩` }
      : { zh: `亩均效益 ${evalClass} 类, 非 ${classes.join('/')} 类`, en: `class ${evalClass}, not ${classes.join('/')}` };
    return decided(rule, DORMITORY_CLAUSE, 'not-met', reason, actual, threshold,
      { zh: `园区外且${detail.zh}`, en: `outside parks and ${detail.en}` });
  }
  if (classOk === null && !failsOutside) missing.push('evalClass');
  return unknown(rule, DORMITORY_CLAUSE, missing);
}
