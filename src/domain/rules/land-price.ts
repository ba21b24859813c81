/**
 * `land-price` 差别化地价 (§四(二); 国土资发〔2009〕56号): a priority industry (战略性新兴/先进制造业:
 * the parcel flag, or its industry on the rule set's list) AND FAR ≥ 1.4 × the minimum FAR (1.0)
 * AND building coverage ≥ 42 % AND 亩均税收 ≥ 53.13 万元/亩 (each threshold itself qualifies).
 * Eligible land may be offered at a reserve-price floor = 70 % × the grade's minimum price
 * (元/m², default 480) × area (m²) → 万元. FAR, coverage, 亩均税收 and the price need land: a parcel
 * whose geometry is flagged (or whose enterprise has such a parcel, for 亩均税收) is decided only by
 * what needs none (not a priority industry, or another failed condition), else `unknown` (missing `geometry`).
 */
import { isAtLeast } from '../compare';
import { gradePrice } from '../land-value';
import type { RuleSet } from '../rule-set';
import type { RuleInput } from './input';
import {
  decided, failedExtras, firstSet, MESSAGE_NOT_INDUSTRIAL, NOT_INDUSTRIAL, notApplicable, unknown,
  type Bilingual, type MissingInput, type RuleOutcome,
} from './outcome';

export const LAND_PRICE_CLAUSE = '§四(二); 国土资发〔2009〕56号';
export type LandPriceReason = 'eligible' | 'not-priority' | 'far-below' | 'coverage-below' | 'tax-below' | typeof NOT_INDUSTRIAL;

export const LAND_PRICE_MESSAGES: Readonly<Record<LandPriceReason, Bilingual>> = {
  eligible: { zh: '可享受差别化地价：出让底价不低于 {priceFloorYuanPerM2} 元/m²（等别最低价 {gradePrice} 元/m² × {floorRatio%}%），合计 {priceFloorWan} 万元', en: 'eligible: reserve price ≥ {priceFloorYuanPerM2} CNY/m² ({floorRatio%} % of grade minimum {gradePrice}), {priceFloorWan$} in all' },
  'not-priority': { zh: '非战略性新兴产业/先进制造业，不可享受差别化地价', en: 'not a priority industry: not eligible' },
  'far-below': { zh: '容积率 {far} < {requiredFar}，不可享受差别化地价', en: 'FAR {far} < {requiredFar}: not eligible' },
  'coverage-below': { zh: '建筑系数 {coverage%}% < {minCoverage%}%，不可享受差别化地价', en: 'coverage {coverage%} % < {minCoverage%} %: not eligible' },
  'tax-below': { zh: '亩均税收 {taxPerMu} 万元/亩 < {minTaxPerMu} 万元/亩，不可享受差别化地价', en: 'tax per mu {taxPerMu$}/mu < {minTaxPerMu$}/mu: not eligible' },
  [NOT_INDUSTRIAL]: MESSAGE_NOT_INDUSTRIAL,
};

/** Priority industry: the parcel flag, or the industry named on the list; null when neither is known. */
export function isPriorityIndustry(input: RuleInput): boolean | null {
  const { parcel, ruleSet } = input;
  if (parcel.priorityIndustry === true) return true;
  const industry = parcel.industry?.trim();
  if (industry) for (const name of ruleSet.landPrice.priorityIndustries) if (industry.includes(name)) return true;
  if (parcel.priorityIndustry === false || industry) return false;
  return null;
}

/** Thresholds depend only on the rule set: built once per rule set, shared by every outcome. */
const thresholdCache = new WeakMap<RuleSet, LandPriceThresholds>();
type LandPriceThresholds = {
  requiredFar: number; minFar: number; farMultiplier: number; minCoverage: number; minTaxPerMu: number; floorRatio: number;
};
function thresholdsOf(ruleSet: RuleSet): LandPriceThresholds {
  let t = thresholdCache.get(ruleSet);
  if (t === undefined) {
    const { minFar, farMultiplier, minCoverage, minTaxPerMu, floorRatio } = ruleSet.landPrice;
    t = Object.freeze({ requiredFar: farMultiplier * minFar, minFar, farMultiplier, minCoverage, minTaxPerMu, floorRatio });
    thresholdCache.set(ruleSet, t);
  }
  return t;
}

const rule = 'land-price';
const NOT_INDUSTRIAL_OUTCOME = notApplicable(rule, LAND_PRICE_CLAUSE, NOT_INDUSTRIAL, MESSAGE_NOT_INDUSTRIAL);
/** The conditions in the spec's order: `extra.failed` lists the failed ones, the first names the reason. */
const CONDITIONS = ['not-priority', 'far-below', 'coverage-below', 'tax-below'] as const satisfies readonly LandPriceReason[];
const failedExtra = failedExtras(CONDITIONS);

export function evaluateLandPrice(input: RuleInput): RuleOutcome<LandPriceReason> {
  const { parcel, facts, areaM2, far, coverage, enterprise, ruleSet } = input;
  if (!input.industrial) return NOT_INDUSTRIAL_OUTCOME;
  const threshold = thresholdsOf(ruleSet);
  const { requiredFar, minCoverage, minTaxPerMu, floorRatio } = threshold;
  const priority = isPriorityIndustry(input);
  const taxPerMu = enterprise.metric('taxPerMu');
  const actual = { priorityIndustry: priority, industry: parcel.industry ?? null, far, coverage, taxPerMu };
  // Each condition: true (holds), false (fails) or null (data missing). The first failure in the
  // spec's order names the reason; `extra.failed` lists them all.
  const farOk = far === null ? null : isAtLeast(far, requiredFar);
  const coverageOk = coverage === null ? null : isAtLeast(coverage, minCoverage);
  const taxOk = taxPerMu === null ? null : isAtLeast(taxPerMu, minTaxPerMu);
  // Bit i set: CONDITIONS[i] failed.
  const failed = (priority === false ? 1 : 0) | (farOk === false ? 2 : 0) | (coverageOk === false ? 4 : 0) | (taxOk === false ? 8 : 0);
  if (failed !== 0) {
    const first = firstSet(CONDITIONS, failed);
    return decided(rule, LAND_PRICE_CLAUSE, 'not-met', first, actual, threshold, LAND_PRICE_MESSAGES[first], failedExtra(failed));
  }
  // areaM2 null (a flagged geometry) makes far and coverage null too; tested for the type's sake.
  if (priority === null || farOk === null || coverageOk === null || taxOk === null || areaM2 === null) {
    const missing: MissingInput[] = [];
    if (priority === null) missing.push('priorityIndustry', 'industry');
    const landUnknown = enterprise.landM2() === null;
    if (areaM2 === null) {
      // FAR and coverage are unknown for want of the area; name only what the data lacks besides.
      if (parcel.floorArea == null) missing.push('floorArea');
    } else {
      if (farOk === null) missing.push('floorArea');
      if (coverageOk === null) missing.push(facts.footprintM2 === null ? 'layer:buildings' : 'area');
    }
    if (taxOk === null && (!landUnknown || enterprise.figure('tax') == null)) missing.push('tax');
    if (areaM2 === null || (taxOk === null && landUnknown)) missing.push('geometry');
    return unknown(rule, LAND_PRICE_CLAUSE, missing);
  }
  const grade = gradePrice(parcel.landGrade, ruleSet);
  const priceFloorYuanPerM2 = floorRatio * grade.price;
  return decided(rule, LAND_PRICE_CLAUSE, 'met', 'eligible', actual, threshold, LAND_PRICE_MESSAGES.eligible, {
    gradePrice: grade.price, gradeFromData: grade.fromGrade, priceFloorYuanPerM2,
    priceFloorWan: (priceFloorYuanPerM2 * areaM2) / 10000,
  });
}
