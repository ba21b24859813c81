/**
 * `land-price` 差别化地价 (§四(二); 国土资发〔2009〕56号): a priority industry (战略性新兴/先进制造业:
 * the parcel flag, or its industry on the rule set's list) AND FAR ≥ 1.4 × the minimum FAR (1.0)
 * AND building coverage ≥ 42 % AND 亩均税收 ≥ 53.13 万元/亩. Eligible land may be offered at a
 * reserve-price floor = 70 % × the grade's minimum price (元/m², default 480) × area.
 */
import { isAtLeast } from '../compare';
import { gradePrice } from '../land-value';
import { isIndustrial, type RuleInput } from './input';
import {
  decided, fmt, MESSAGE_NOT_INDUSTRIAL, NOT_INDUSTRIAL, notApplicable, unknown,
  type Bilingual, type MissingInput, type RuleOutcome,
} from './outcome';

export const LAND_PRICE_CLAUSE = '§四(二); 国土资发〔2009〕56号';
export type LandPriceReason = 'eligible' | 'not-priority' | 'far-below' | 'coverage-below' | 'tax-below' | typeof NOT_INDUSTRIAL;

/** Priority industry: the parcel flag, or the industry named on the list; null when neither is known. */
export function isPriorityIndustry(input: RuleInput): boolean | null {
  const { parcel, ruleSet } = input;
  if (parcel.priorityIndustry === true) return true;
  const industry = parcel.industry?.trim();
  if (industry && ruleSet.landPrice.priorityIndustries.some((name) => industry.includes(name))) return true;
  if (parcel.priorityIndustry === false || industry) return false;
  return null;
}

export function evaluateLandPrice(input: RuleInput): RuleOutcome<LandPriceReason> {
  const { parcel, facts, far, coverage, enterprise, ruleSet } = input;
  const rule = 'land-price';
  if (!isIndustrial(parcel.landUse)) return notApplicable(rule, LAND_PRICE_CLAUSE, NOT_INDUSTRIAL, MESSAGE_NOT_INDUSTRIAL);
  const { minFar, farMultiplier, minCoverage, minTaxPerMu, floorRatio } = ruleSet.landPrice;
  const requiredFar = farMultiplier * minFar;
  const priority = isPriorityIndustry(input);
  const taxPerMu = enterprise.metrics.taxPerMu;
  const actual = { priorityIndustry: priority, industry: parcel.industry ?? null, far, coverage, taxPerMu };
  const threshold = { requiredFar, minFar, farMultiplier, minCoverage, minTaxPerMu };

  const failures: [LandPriceReason, Bilingual][] = [];
  const missing: MissingInput[] = [];
  if (priority === false) failures.push(['not-priority', { zh: '非战略性新兴产业/先进制造业', en: 'not a priority industry' }]);
  else if (priority === null) missing.push('priorityIndustry', 'industry');
  if (far !== null && !isAtLeast(far, requiredFar))
    failures.push(['far-below', { zh: `容积率 ${fmt(far)} < ${fmt(requiredFar)}`, en: `FAR ${fmt(far)} < ${fmt(requiredFar)}` }]);
  else if (far === null) missing.push('floorArea');
  if (coverage !== null && !isAtLeast(coverage, minCoverage))
    failures.push(['coverage-below', { zh: `建筑系数 ${fmt(coverage * 100, 1)}% < ${fmt(minCoverage * 100, 1)}%`, en: `coverage ${fmt(coverage * 100, 1)} % < ${fmt(minCoverage * 100, 1)} %` }]);
  else if (coverage === null) missing.push(facts.footprintM2 === null ? 'layer:buildings' : 'area');
  if (taxPerMu !== null && !isAtLeast(taxPerMu, minTaxPerMu))
    failures.push(['tax-below', { zh: `亩均税收 ${fmt(taxPerMu)} < ${fmt(minTaxPerMu)} 万元`, en: `tax ${fmt(taxPerMu)} < ${fmt(minTaxPerMu)} 万元/亩` }]);
  else if (taxPerMu === null) missing.push('tax');

  const first = failures[0];
  if (first) {
    const all = failures.map(([, m]) => m);
    return decided(rule, LAND_PRICE_CLAUSE, 'not-met', first[0], actual, threshold,
      { zh: `不符合差别化地价: ${all.map((m) => m.zh).join('; ')}`, en: `not eligible for the land-price policy: ${all.map((m) => m.en).join('; ')}` });
  }
  if (missing.length > 0) return unknown(rule, LAND_PRICE_CLAUSE, missing);
  const grade = gradePrice(parcel.landGrade, ruleSet);
  const floorYuanPerM2 = floorRatio * grade.price;
  const floorWan = (floorYuanPerM2 * facts.areaM2) / 10000;
  return decided(rule, LAND_PRICE_CLAUSE, 'met', 'eligible', actual, { ...threshold, floorRatio },
    { zh: `符合差别化地价: 出让底价不低于 ${fmt(floorYuanPerM2)} 元/m² (等别最低价 ${fmt(grade.price)} × ${fmt(floorRatio * 100)}%), 合计 ${fmt(floorWan)} 万元`, en: `eligible: reserve price ≥ ${fmt(floorYuanPerM2)} 元/m² (${fmt(floorRatio * 100)} % of grade minimum ${fmt(grade.price)}), ${fmt(floorWan)} 万元 in all` },
    { gradePrice: grade.price, gradeFromData: grade.fromGrade, priceFloorYuanPerM2: floorYuanPerM2, priceFloorWan: floorWan });
}
