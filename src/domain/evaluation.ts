/**
 * 亩均效益综合评价 A/B/C/D (policy-rules.md), computed when the data carries no class.
 * score = Σ weight × (indicator / group average of that indicator); a missing indicator scores the
 * average (ratio 1). Averages are area- or input-weighted (Σ numerator / Σ denominator) over the
 * group. Above-scale: 亩均税收 30, 亩均增加值 20, 单位能耗增加值 20, 单位排放增加值 10, 全员劳动生产率 10,
 * R&D 占比 10. Below-scale: 亩均税收 100, or 50/50 with 单位电耗税收 where the enterprise has
 * electricity data. Classes by rank within the group: A top 20 %, B next 60 %, C next 15 %, D last 5 %
 * (ties share the better class). An enterprise with none of the indicators, or of unknown scale, gets
 * no class.
 */
import type { Enterprise } from './enterprise';
import type { EconomicFigures, PerMuMetrics } from './metrics';
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
function numerator(f: EconomicFigures, indicator: Indicator): number {
  switch (indicator) {
    case 'taxPerMu': case 'taxPerElectricity': return f.tax ?? 0;
    case 'valuePerMu': case 'productivity': case 'valuePerEnergy': case 'valuePerEmission': return f.addedValue ?? 0;
    case 'energyIntensity': return f.energyTce ?? 0;
    case 'rdShare': return f.rdExpense ?? 0;
  }
}

function denominator(f: EconomicFigures, indicator: Indicator): number {
  switch (indicator) {
    case 'taxPerMu': case 'valuePerMu': return muFromM2(f.areaM2);
    case 'productivity': return f.employees ?? 0;
    case 'energyIntensity': return f.addedValue ?? 0;
    case 'valuePerEnergy': return f.energyTce ?? 0;
    case 'valuePerEmission': return f.emissions ?? 0;
    case 'rdShare': return f.revenue ?? 0;
    case 'taxPerElectricity': return f.electricityKwh ?? 0;
  }
}

/** Group average of an indicator: Σ numerator / Σ denominator over members that have it; null if none. */
export function groupAverage(members: readonly Enterprise[], indicator: Indicator): number | null {
  let num = 0;
  let den = 0;
  for (const e of members) {
    if (e.metrics[indicator] === null) continue;
    num += numerator(e.figures, indicator);
    den += denominator(e.figures, indicator);
  }
  return den > 0 ? num / den : null;
}

type WeightList = readonly (readonly [Indicator, number])[];

/** Score of one enterprise against the group averages; null when it has none of the indicators. */
function score(e: Enterprise, weights: WeightList, averages: ReadonlyMap<Indicator, number | null>): number | null {
  let total = 0;
  let any = false;
  for (const [indicator, weight] of weights) {
    const value = e.metrics[indicator];
    const avg = averages.get(indicator) ?? null;
    if (value !== null) any = true;
    total += weight * (value !== null && avg !== null && avg > 0 ? value / avg : 1);
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

/** Ranks scored members (desc) and writes their classes into `out`. */
function rankInto(members: readonly number[], scores: Float64Array, shares: Record<EvalClass, number>, out: EnterpriseClass[]): void {
  const order = members.slice().sort((a, b) => scores[b]! - scores[a]!);
  const n = order.length;
  let tieStart = 0;
  for (let i = 0; i < n; i++) {
    const idx = order[i]!;
    if (i > 0 && scores[idx]! !== scores[order[i - 1]!]!) tieStart = i;
    out[idx] = { evalClass: classByRank(tieStart, n, shares), score: scores[idx]! };
  }
}

const weightList = (w: object): WeightList => Object.entries(w) as [Indicator, number][];

/** Computed class and score of every enterprise (index-aligned with `enterprises`). */
export function computeClasses(enterprises: readonly Enterprise[], ruleSet: RuleSet): EnterpriseClass[] {
  const { aboveWeights, belowWeights, belowWeightsWithElectricity, classShares } = ruleSet.evaluation;
  const above = weightList(aboveWeights);
  const below = weightList(belowWeights);
  const belowElectric = weightList(belowWeightsWithElectricity);
  const out: EnterpriseClass[] = new Array<EnterpriseClass>(enterprises.length).fill(UNCLASSED);
  const scores = new Float64Array(enterprises.length);
  for (const scale of ['above', 'below'] as const) {
    const members = enterprises.filter((e) => e.scale === scale);
    const indicators = new Set<Indicator>([...(scale === 'above' ? above : [...below, ...belowElectric]).map(([i]) => i)]);
    const averages = new Map<Indicator, number | null>();
    for (const ind of indicators) averages.set(ind, groupAverage(members, ind));
    const scored: number[] = [];
    for (let i = 0; i < enterprises.length; i++) {
      const e = enterprises[i]!;
      if (e.scale !== scale) continue;
      const weights = scale === 'above' ? above : e.metrics.taxPerElectricity !== null ? belowElectric : below;
      const s = score(e, weights, averages);
      if (s === null) continue;
      scores[i] = s;
      scored.push(i);
    }
    rankInto(scored, scores, classShares, out);
  }
  return out;
}

