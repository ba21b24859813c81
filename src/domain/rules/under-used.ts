/**
 * `under-used` 低效用地 (《工业项目建设用地控制指标》): building coverage = footprint (m², clipped to
 * the parcel) / area (m²) below 30 % (30 % exactly is not under-used). Spare land = area −
 * footprint / 0.30 (m²): what remains once the existing buildings sit on a compliant plot. Both need
 * the parcel's area: with its geometry flagged the outcome is `unknown` (missing `geometry`).
 */
import { isBelow } from '../compare';
import { muFromM2, type SquareMetres } from '../units';
import type { RuleInput } from './input';
import { decided, MESSAGE_NOT_INDUSTRIAL, NOT_INDUSTRIAL, notApplicable, unknown, type Bilingual, type RuleOutcome } from './outcome';

export const UNDER_USED_CLAUSE = '《工业项目建设用地控制指标》(国土资发〔2008〕24号)';
export type UnderUsedReason = 'coverage-below' | 'coverage-at-least' | 'not-built' | typeof NOT_INDUSTRIAL;

export const UNDER_USED_MESSAGES: Readonly<Record<UnderUsedReason, Bilingual>> = {
  'coverage-below': { zh: '建筑系数 {coverage%}% < {minCoverage%}%，可腾出 {spareMu} 亩', en: 'building coverage {coverage%} % < {minCoverage%} %: {spareMu} mu spare' },
  'coverage-at-least': { zh: '建筑系数 {coverage%}% ≥ {minCoverage%}%', en: 'building coverage {coverage%} % ≥ {minCoverage%} %' },
  'not-built': { zh: '项目尚未建成，不适用（见闲置土地）', en: 'not built yet; does not apply (see idle land)' },
  [NOT_INDUSTRIAL]: MESSAGE_NOT_INDUSTRIAL,
};

/** Spare land of an under-used parcel, m²: area − footprint / minCoverage, never below 0. */
export function spareLand(areaM2: SquareMetres, footprintM2: SquareMetres, minCoverage: number): SquareMetres {
  return Math.max(0, areaM2 - footprintM2 / minCoverage) as SquareMetres;
}

const rule = 'under-used';
const NOT_INDUSTRIAL_OUTCOME = notApplicable(rule, UNDER_USED_CLAUSE, NOT_INDUSTRIAL, MESSAGE_NOT_INDUSTRIAL);
const NOT_BUILT_OUTCOME = notApplicable(rule, UNDER_USED_CLAUSE, 'not-built', UNDER_USED_MESSAGES['not-built']);
const UNKNOWN_BUILDINGS = unknown(rule, UNDER_USED_CLAUSE, ['layer:buildings']);
const UNKNOWN_AREA = unknown(rule, UNDER_USED_CLAUSE, ['area']);
const UNKNOWN_GEOMETRY = unknown(rule, UNDER_USED_CLAUSE, ['geometry']);

export function evaluateUnderUsed(input: RuleInput): RuleOutcome<UnderUsedReason> {
  const { facts, areaM2, coverage, ruleSet } = input;
  if (!input.industrial) return NOT_INDUSTRIAL_OUTCOME;
  const state = input.development;
  if (state === 'not-started' || state === 'under-construction' || state === 'unreadable') return NOT_BUILT_OUTCOME;
  // Before the footprint: a flagged parcel has no footprint either, and the buildings layer is not what is missing.
  if (areaM2 === null) return UNKNOWN_GEOMETRY;
  if (facts.footprintM2 === null) return UNKNOWN_BUILDINGS;
  if (coverage === null) return UNKNOWN_AREA;
  const threshold = ruleSet.underUsed;
  const actual = { coverage, footprintM2: facts.footprintM2, areaM2 };
  if (isBelow(coverage, threshold.minCoverage)) {
    const spareM2 = spareLand(areaM2, facts.footprintM2, threshold.minCoverage);
    return decided(rule, UNDER_USED_CLAUSE, 'met', 'coverage-below', actual, threshold, UNDER_USED_MESSAGES['coverage-below'],
      { spareM2, spareMu: muFromM2(spareM2) });
  }
  return decided(rule, UNDER_USED_CLAUSE, 'not-met', 'coverage-at-least', actual, threshold, UNDER_USED_MESSAGES['coverage-at-least']);
}
