/**
 * 亩均效益综合评价 A/B/C/D (policy-rules.md), computed when the data carries no class.
 * score = Σ weight × (indicator / group average of that indicator); a missing indicator scores the
 * average (ratio 1). Averages are area- or input-weighted (Σ numerator / Σ denominator) over the
 * group. Above-scale: 亩均税收 30, 亩均增加值 20, 单位能耗增加值 20, 单位排放增加值 10, 全员劳动生产率 10,
 * R&D 占比 10. Below-scale: 亩均税收 100, or 50/50 with 单位电耗税收 where the enterprise has
 * electricity data. Classes by rank within the group: A top 20 %, B next 60 %, C next 15 %, D last 5 %
 * (ties share the better class). An enterprise with none of the indicators, or of unknown scale, gets
 * no class. An enterprise whose land is unknown (a parcel with a flagged geometry, enterprise.ts) has
 * no per-mu indicators: it is scored on the others like any enterprise missing an indicator, and it
 * adds nothing to the group's per-mu averages, so its shoelace area moves no one's class.
 */
import type { Enterprise } from './enterprise';
import { METRIC_KEYS, type PerMuMetrics } from './metrics';
import type { EvalClass } from './parcel';
import type { RuleSet } from './rule-set';
import { muFromM2 } from './units';

export interface EnterpriseClass {
  evalClass: EvalClass | null;
  score: number | null;
}

type Indicator = keyof PerMuMetrics;

const UNCLASSED: EnterpriseClass = Object.freeze({ evalClass: null, score: null });

/** Numerator and denominator of each indicator, for the group average Σ num / Σ den. */
function numerator(e: Enterprise, indicator: Indicator): number {
  switch (indicator) {
    case 'taxPerMu': case 'taxPerElectricity': return e.figure('tax') ?? 0;
    case 'valuePerMu': case 'productivity': case 'valuePerEnergy': case 'valuePerEmission': return e.figure('addedValue') ?? 0;
    case 'energyIntensity': return e.figure('energyTce') ?? 0;
    case 'rdShare': return e.figure('rdExpense') ?? 0;
  }
}

function denominator(e: Enterprise, indicator: Indicator): number {
  switch (indicator) {
    // Read only for members whose metric is known, which needs the land (null: a flagged geometry).
    case 'taxPerMu': case 'valuePerMu': { const land = e.landM2(); return land === null ? 0 : muFromM2(land); }
    case 'productivity': return e.figure('employees') ?? 0;
    case 'energyIntensity': return e.figure('addedValue') ?? 0;
    case 'valuePerEnergy': return e.figure('energyTce') ?? 0;
    case 'valuePerEmission': return e.figure('emissions') ?? 0;
    case 'rdShare': return e.figure('revenue') ?? 0;
    case 'taxPerElectricity': return e.figure('electricityKwh') ?? 0;
  }
}

/** Group average of an indicator: Σ numerator / Σ denominator over members that have it; null if none. */
export function groupAverage(members: readonly Enterprise[], indicator: Indicator): number | null {
  let num = 0;
  let den = 0;
  for (const e of members) {
    if (e.metric(indicator) === null) continue;
    num += numerator(e, indicator);
    den += denominator(e, indicator);
  }
  return den > 0 ? num / den : null;
}

/** The indicators in the columns' order (METRIC_KEYS), so a loop reads them by slot. */
const INDICATORS: readonly Indicator[] = METRIC_KEYS;
const SLOT = new Map(INDICATORS.map((indicator, k) => [indicator, k]));

/**
 * Every indicator's group average in one pass over the members: the same sums, in the same member
 * order, as groupAverage.
 */
function groupAverages(members: readonly Enterprise[]): Map<Indicator, number | null> {
  const num = new Float64Array(INDICATORS.length);
  const den = new Float64Array(INDICATORS.length);
  for (const e of members) {
    for (let k = 0; k < INDICATORS.length; k++) {
      if (e.metricAt(k) === null) continue;
      const indicator = INDICATORS[k]!;
      num[k]! += numerator(e, indicator);
      den[k]! += denominator(e, indicator);
    }
  }
  const averages = new Map<Indicator, number | null>();
  INDICATORS.forEach((indicator, k) => averages.set(indicator, den[k]! > 0 ? num[k]! / den[k]! : null));
  return averages;
}

interface Weight {
  indicator: Indicator;
  /** The indicator's slot in the metric columns. */
  slot: number;
  weight: number;
  /** The group average of the indicator. */
  average: number | null;
}

/** A weight table ({ indicator: weight }, in its key order) joined with the group's averages. */
function weightsWith(table: object, averages: ReadonlyMap<Indicator, number | null>): Weight[] {
  return (Object.entries(table) as [Indicator, number][]).map(([indicator, weight]) => ({ indicator, slot: SLOT.get(indicator)!, weight, average: averages.get(indicator) ?? null }));
}

/** Score of one enterprise against the group averages; null when it has none of the indicators. */
function score(e: Enterprise, weights: readonly Weight[]): number | null {
  let total = 0;
  let any = false;
  for (const { slot, weight, average } of weights) {
    const value = e.metricAt(slot);
    if (value !== null) any = true;
    total += weight * (value !== null && average !== null && average > 0 ? value / average : 1);
  }
  return any ? total : null;
}

/** Rank cut-offs: class of the unit with `ahead` units strictly better out of `n`. */
function classByRank(ahead: number, n: number, shares: Record<EvalClass, number>): EvalClass {
  const p = ahead / n;
  const eps = 1e-12;
  if (p < shares.A - eps) return 'A';
  if (p < shares.A + shares.B - eps) return 'B';
  if (p < shares.A + shares.B + shares.C - eps) return 'C';
  return 'D';
}

/** How many of the ascending `sorted` scores are strictly above `s` (binary search). */
function countAbove(sorted: Float64Array, s: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! > s) hi = mid;
    else lo = mid + 1;
  }
  return sorted.length - lo;
}

/**
 * Computed classes and scores of every enterprise, as columns (analyze.ts reads these: no object per
 * enterprise). classIndex[i]: index into CLASS_LETTERS, or -1 when unclassed (then scores[i] is NaN).
 */
export interface ClassColumns {
  classIndex: Int8Array;
  scores: Float64Array;
}

export const CLASS_LETTERS: readonly EvalClass[] = ['A', 'B', 'C', 'D'];

/**
 * Ranks scored members and writes their classes into `out`. A member's rank is the number of
 * members scoring strictly better, so tied scores share the better class.
 */
function rankInto(members: readonly number[], scores: Float64Array, shares: Record<EvalClass, number>, classIndex: Int8Array): void {
  const n = members.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = scores[members[i]!]!;
  sorted.sort(); // numeric, ascending
  for (const idx of members) classIndex[idx] = CLASS_LETTERS.indexOf(classByRank(countAbove(sorted, scores[idx]!), n, shares));
}

/** Computed class and score of every enterprise, as columns (see ClassColumns). */
export function computeClassColumns(enterprises: readonly Enterprise[], ruleSet: RuleSet): ClassColumns {
  const { aboveWeights, belowWeights, belowWeightsWithElectricity, classShares } = ruleSet.evaluation;
  const classIndex = new Int8Array(enterprises.length).fill(-1);
  const scores = new Float64Array(enterprises.length).fill(NaN);
  for (const scale of ['above', 'below'] as const) {
    const averages = groupAverages(enterprises.filter((e) => e.scale === scale));
    const above = weightsWith(aboveWeights, averages);
    const below = weightsWith(belowWeights, averages);
    const belowElectric = weightsWith(belowWeightsWithElectricity, averages);
    const scored: number[] = [];
    for (let i = 0; i < enterprises.length; i++) {
      const e = enterprises[i]!;
      if (e.scale !== scale) continue;
      const weights = scale === 'above' ? above : e.metric('taxPerElectricity') !== null ? belowElectric : below;
      const s = score(e, weights);
      if (s === null) continue;
      scores[i] = s;
      scored.push(i);
    }
    rankInto(scored, scores, classShares, classIndex);
  }
  return { classIndex, scores };
}

/** Computed class and score of every enterprise (index-aligned with `enterprises`). */
export function computeClasses(enterprises: readonly Enterprise[], ruleSet: RuleSet): EnterpriseClass[] {
  const { classIndex, scores } = computeClassColumns(enterprises, ruleSet);
  return Array.from(classIndex, (c, i) => (c < 0 ? UNCLASSED : { evalClass: CLASS_LETTERS[c]!, score: scores[i]! }));
}
