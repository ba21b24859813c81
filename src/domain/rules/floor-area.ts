/**
 * `floor-area` 提容增效 (§四(二); 《节约集约利用土地规定》国土资源部令第61号): on existing industrial land,
 * a private enterprise (民营) on its own land (自有, not leased), use unchanged, with FAR below the
 * planned maximum (parcel field, default 3.0) may add floor area = (maxFAR − FAR) × area (m²) with no
 * land premium and reduced 城市基础设施配套费.
 */
import { isBelow } from '../compare';
import { isExistingProject } from './existing';
import { isIndustrial, type RuleInput } from './input';
import {
  decided, MESSAGE_NOT_INDUSTRIAL, NOT_INDUSTRIAL, notApplicable, unknown,
  type Bilingual, type MissingInput, type RuleOutcome,
} from './outcome';

export const FLOOR_AREA_CLAUSE = '§四(二); 国土资源部令第61号';
export type FloorAreaReason = 'eligible' | 'not-private' | 'leased' | 'far-at-max' | 'not-existing' | typeof NOT_INDUSTRIAL;

export const FLOOR_AREA_MESSAGES: Readonly<Record<FloorAreaReason, Bilingual>> = {
  eligible: { zh: '可提容增效: 容积率 {far} → {plannedMaxFar}, 可增建 {extraFloorAreaM2:0} m², 不再增收土地价款', en: 'eligible: FAR {far} → {plannedMaxFar}, {extraFloorAreaM2:0} m² more floor area with no land premium' },
  'not-private': { zh: '非民营企业, 不适用提容增效政策', en: 'not a private enterprise: not eligible' },
  leased: { zh: '租赁用地, 非自有, 不适用提容增效政策', en: 'leased land, not its own: not eligible' },
  'far-at-max': { zh: '容积率 {far} 已达规划上限 {plannedMaxFar}', en: 'FAR {far} at the planned maximum {plannedMaxFar}' },
  'not-existing': { zh: '非存量工业项目 (未建成), 不适用', en: 'not an existing project (not built); does not apply' },
  [NOT_INDUSTRIAL]: MESSAGE_NOT_INDUSTRIAL,
};

export function evaluateFloorArea(input: RuleInput): RuleOutcome<FloorAreaReason> {
  const { parcel, facts, far, ruleSet } = input;
  const rule = 'floor-area';
  if (!isIndustrial(parcel.landUse)) return notApplicable(rule, FLOOR_AREA_CLAUSE, NOT_INDUSTRIAL, MESSAGE_NOT_INDUSTRIAL);
  const existing = isExistingProject(parcel);
  if (existing === false) return notApplicable(rule, FLOOR_AREA_CLAUSE, 'not-existing', FLOOR_AREA_MESSAGES['not-existing']);
  const plannedMaxFar = parcel.plannedMaxFar ?? ruleSet.floorArea.defaultPlannedMaxFar;
  const actual = { ownership: parcel.ownership ?? null, tenure: parcel.tenure ?? null, far };
  const threshold = { plannedMaxFar, maxFarFromData: parcel.plannedMaxFar != null };
  const failed: FloorAreaReason[] = [];
  const missing: MissingInput[] = [];
  if (parcel.ownership == null) missing.push('ownership');
  else if (parcel.ownership !== 'private') failed.push('not-private');
  if (parcel.tenure == null) missing.push('tenure');
  else if (parcel.tenure === 'leased') failed.push('leased');
  if (far === null) missing.push(existing === null ? 'builtYear' : 'floorArea');
  else if (!isBelow(far, plannedMaxFar)) failed.push('far-at-max');
  const first = failed[0];
  if (first) return decided(rule, FLOOR_AREA_CLAUSE, 'not-met', first, actual, threshold, FLOOR_AREA_MESSAGES[first], { failed: failed.join(',') });
  if (missing.length > 0 || far === null) return unknown(rule, FLOOR_AREA_CLAUSE, missing);
  return decided(rule, FLOOR_AREA_CLAUSE, 'met', 'eligible', actual, threshold, FLOOR_AREA_MESSAGES.eligible,
    { extraFloorAreaM2: (plannedMaxFar - far) * facts.areaM2 });
}
