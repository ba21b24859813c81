/**
 * `floor-area` 提容增效 (§四(二); 《节约集约利用土地规定》国土资源部令第61号): on existing industrial land,
 * a private enterprise (民营) on its own land (自有, not leased), use unchanged, with FAR below the
 * planned maximum (parcel field, default 3.0) may add floor area = (maxFAR − FAR) × area (m²) with no
 * land premium and reduced 城市基础设施配套费. FAR and the extra floor area need the parcel's area: with
 * its geometry flagged, a parcel not excluded by ownership or tenure is `unknown` (missing `geometry`).
 */
import { isBelow } from '../compare';
import { isExistingProject } from './existing';
import type { RuleSet } from '../rule-set';
import type { RuleInput } from './input';
import {
  decided, failedExtras, firstSet, MESSAGE_NOT_INDUSTRIAL, NOT_INDUSTRIAL, notApplicable, unknown,
  type Bilingual, type Figures, type MissingInput, type RuleOutcome,
} from './outcome';

export const FLOOR_AREA_CLAUSE = '§四(二); 国土资源部令第61号';
export type FloorAreaReason = 'eligible' | 'not-private' | 'leased' | 'far-at-max' | 'not-existing' | typeof NOT_INDUSTRIAL;

export const FLOOR_AREA_MESSAGES: Readonly<Record<FloorAreaReason, Bilingual>> = {
  eligible: { zh: '可提容增效：容积率 {far} → {plannedMaxFar}，可增建 {extraFloorAreaM2:0} m²，不再增收土地价款', en: 'eligible: FAR {far} → {plannedMaxFar}, {extraFloorAreaM2:0} m² more floor area with no land premium' },
  'not-private': { zh: '非民营企业，不适用提容增效政策', en: 'not a private enterprise: not eligible' },
  leased: { zh: '租赁用地，非自有，不适用提容增效政策', en: 'leased land, not its own: not eligible' },
  'far-at-max': { zh: '容积率 {far} 已达规划上限 {plannedMaxFar}', en: 'FAR {far} at the planned maximum {plannedMaxFar}' },
  'not-existing': { zh: '非存量工业项目（未建成），不适用', en: 'not an existing project (not built); does not apply' },
  [NOT_INDUSTRIAL]: MESSAGE_NOT_INDUSTRIAL,
};

const rule = 'floor-area';
const NOT_INDUSTRIAL_OUTCOME = notApplicable(rule, FLOOR_AREA_CLAUSE, NOT_INDUSTRIAL, MESSAGE_NOT_INDUSTRIAL);
const NOT_EXISTING_OUTCOME = notApplicable(rule, FLOOR_AREA_CLAUSE, 'not-existing', FLOOR_AREA_MESSAGES['not-existing']);
/** The conditions in the order `extra.failed` lists them (and the first names the reason). */
const CONDITIONS = ['not-private', 'leased', 'far-at-max'] as const satisfies readonly FloorAreaReason[];
const failedExtra = failedExtras(CONDITIONS);

/**
 * Thresholds: the planned maximum FAR and whether it came from the data. They repeat across parcels
 * (the rule-set default, a handful of planned values), so each distinct pair is built once.
 */
interface Thresholds { fromDefault: Figures; fromData: Map<number, Figures> }
const thresholdCache = new WeakMap<RuleSet, Thresholds>();
const MAX_CACHED_VALUES = 256;
function thresholdsFor(ruleSet: RuleSet, plannedMaxFar: number | null | undefined): Figures {
  let t = thresholdCache.get(ruleSet);
  if (t === undefined) {
    t = { fromDefault: Object.freeze({ plannedMaxFar: ruleSet.floorArea.defaultPlannedMaxFar, maxFarFromData: false }), fromData: new Map() };
    thresholdCache.set(ruleSet, t);
  }
  if (plannedMaxFar == null) return t.fromDefault;
  let shared = t.fromData.get(plannedMaxFar);
  if (shared === undefined) {
    shared = Object.freeze({ plannedMaxFar, maxFarFromData: true });
    // Map keys do not tell 0 from -0: a zero keeps its own object.
    if (plannedMaxFar !== 0 && t.fromData.size < MAX_CACHED_VALUES) t.fromData.set(plannedMaxFar, shared);
  }
  return shared;
}

export function evaluateFloorArea(input: RuleInput): RuleOutcome<FloorAreaReason> {
  const { parcel, areaM2, far, ruleSet } = input;
  if (!input.industrial) return NOT_INDUSTRIAL_OUTCOME;
  const existing = isExistingProject(parcel);
  if (existing === false) return NOT_EXISTING_OUTCOME;
  const plannedMaxFar = parcel.plannedMaxFar ?? ruleSet.floorArea.defaultPlannedMaxFar;
  const actual = { ownership: parcel.ownership ?? null, tenure: parcel.tenure ?? null, far };
  const threshold = thresholdsFor(ruleSet, parcel.plannedMaxFar);
  // Bit i set: CONDITIONS[i] failed.
  const failed = (parcel.ownership != null && parcel.ownership !== 'private' ? 1 : 0)
    | (parcel.tenure === 'leased' ? 2 : 0)
    | (far !== null && !isBelow(far, plannedMaxFar) ? 4 : 0);
  if (failed !== 0) {
    const first = firstSet(CONDITIONS, failed);
    return decided(rule, FLOOR_AREA_CLAUSE, 'not-met', first, actual, threshold, FLOOR_AREA_MESSAGES[first], failedExtra(failed));
  }
  // areaM2 null (a flagged geometry) makes far null too; tested for the type's sake.
  if (parcel.ownership == null || parcel.tenure == null || far === null || areaM2 === null) {
    const missing: MissingInput[] = [];
    if (parcel.ownership == null) missing.push('ownership');
    if (parcel.tenure == null) missing.push('tenure');
    if (areaM2 === null) {
      if (parcel.floorArea == null) missing.push(existing === null ? 'builtYear' : 'floorArea');
      missing.push('geometry');
    } else if (far === null) missing.push(existing === null ? 'builtYear' : 'floorArea');
    return unknown(rule, FLOOR_AREA_CLAUSE, missing);
  }
  return decided(rule, FLOOR_AREA_CLAUSE, 'met', 'eligible', actual, threshold, FLOOR_AREA_MESSAGES.eligible,
    { extraFloorAreaM2: (plannedMaxFar - far) * areaM2 });
}
