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
  decided, fmt, MESSAGE_NOT_INDUSTRIAL, NOT_INDUSTRIAL, notApplicable, unknown,
  type Bilingual, type MissingInput, type RuleOutcome,
} from './outcome';

export const FLOOR_AREA_CLAUSE = '§四(二); 国土资源部令第61号';
export type FloorAreaReason = 'eligible' | 'not-private' | 'leased' | 'far-at-max' | 'not-existing' | typeof NOT_INDUSTRIAL;

export function evaluateFloorArea(input: RuleInput): RuleOutcome<FloorAreaReason> {
  const { parcel, facts, far, ruleSet } = input;
  const rule = 'floor-area';
  if (!isIndustrial(parcel.landUse)) return notApplicable(rule, FLOOR_AREA_CLAUSE, NOT_INDUSTRIAL, MESSAGE_NOT_INDUSTRIAL);
  const existing = isExistingProject(parcel);
  if (existing === false)
    return notApplicable(rule, FLOOR_AREA_CLAUSE, 'not-existing', { zh: '非存量工业项目 (未建成), 不适用', en: 'not an existing project (not built); does not apply' });
  const maxFar = parcel.plannedMaxFar ?? ruleSet.floorArea.defaultPlannedMaxFar;
  const actual = { ownership: parcel.ownership ?? null, tenure: parcel.tenure ?? null, far, plannedMaxFar: maxFar };
  const threshold = { plannedMaxFar: maxFar, maxFarFromData: parcel.plannedMaxFar != null };
  const failures: [FloorAreaReason, Bilingual][] = [];
  const missing: MissingInput[] = [];
  if (parcel.ownership == null) missing.push('ownership');
  else if (parcel.ownership !== 'private') failures.push(['not-private', { zh: '非民营企业', en: 'not a private enterprise' }]);
  if (parcel.tenure == null) missing.push('tenure');
  else if (parcel.tenure === 'leased') failures.push(['leased', { zh: '租赁用地, 非自有', en: 'leased land, not its own' }]);
  if (far === null) missing.push(existing === null ? 'builtYear' : 'floorArea');
  else if (!isBelow(far, maxFar)) failures.push(['far-at-max', { zh: `容积率 ${fmt(far)} 已达规划上限 ${fmt(maxFar)}`, en: `FAR ${fmt(far)} at the planned maximum ${fmt(maxFar)}` }]);
  const first = failures[0];
  if (first) {
    const all = failures.map(([, m]) => m);
    return decided(rule, FLOOR_AREA_CLAUSE, 'not-met', first[0], actual, threshold,
      { zh: `不适用提容增效: ${all.map((m) => m.zh).join('; ')}`, en: `not eligible for extra floor area: ${all.map((m) => m.en).join('; ')}` });
  }
  if (missing.length > 0) return unknown(rule, FLOOR_AREA_CLAUSE, missing);
  const extraFloorAreaM2 = (maxFar - far!) * facts.areaM2;
  return decided(rule, FLOOR_AREA_CLAUSE, 'met', 'eligible', actual, threshold,
    { zh: `可提容增效: 容积率 ${fmt(far!)} → ${fmt(maxFar)}, 可增建 ${fmt(extraFloorAreaM2, 0)} m², 不再增收土地价款`, en: `eligible: FAR ${fmt(far!)} → ${fmt(maxFar)}, ${fmt(extraFloorAreaM2, 0)} m² more floor area with no land premium` },
    { extraFloorAreaM2 });
}
