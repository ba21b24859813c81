/**
 * What-if for a consolidation zone (issue 8 item 3): its land redeveloped at a target 亩均税收 (default:
 * the rule set's 2023 target) and FAR (default: the rule set's planned maximum FAR), and what that does
 * to the district beside today's figures. District figures are the dashboard's (summary.ts):
 * - today: the 现状 stage (after the recorded disposals) and the 2023 land-freed progress;
 * - afterFreeing: the zone's freeable land freed as the engine's 全部腾出后 stage frees it — an idle,
 *   low-efficiency or D-class parcel leaves the ratios with its tax, value added, employees and 亩; an
 *   under-used parcel loses its spare 亩 only — each parcel by its share inside the zone; its freeable
 *   亩 add to the 2023 progress;
 * - afterRedevelopment: every parcel of the zone (by its share) leaves the ratios and the zone's land
 *   comes back yielding the target 亩均税收 (value added and productivity are not modelled: null).
 */
import type { RuleSet } from './rule-set';
import type { DistrictSummary, Ratio } from './summary';
import { M2_PER_MU } from './units';
import type { WhatIfKpis, ZoneWhatIf, ZoneWhatIfInput } from './zone-stats';

/** Amounts leaving the district's above-scale ratios: numerators and denominators. */
export interface RatioDelta {
  taxNum: number; taxDen: number;
  valueNum: number; valueDen: number;
  prodNum: number; prodDen: number;
}

export const emptyDelta = (): RatioDelta => ({ taxNum: 0, taxDen: 0, valueNum: 0, valueDen: 0, prodNum: 0, prodDen: 0 });

/** Adds one parcel's share to `d`; `counts` says which ratios the parcel is in (summary.ts's conditions). */
export function addDelta(d: RatioDelta, counts: { tax: boolean; value: boolean; prod: boolean }, tax: number, value: number, employees: number, mu: number): void {
  if (counts.tax) { d.taxNum += tax; d.taxDen += mu; }
  if (counts.value) { d.valueNum += value; d.valueDen += mu; }
  if (counts.prod) { d.prodNum += value; d.prodDen += employees; }
}

/** The zone's own figures the what-if starts from (clipped shares). */
export interface ZoneWhatIfBase {
  landMu: number;
  taxWan: number;
  floorAreaM2: number;
  freeableMu: number;
  /** What freeing the zone's freeable land takes out of the 现状 ratios. */
  freeing: RatioDelta;
  /** What all of the zone's parcels (their shares) bring to the 现状 ratios. */
  zoneShare: RatioDelta;
  /** The zone's land (亩) whose tax / floor area is not in the data (counted 0). */
  taxUnknownMu: number;
  floorUnknownMu: number;
}

/** Ratios closer to 0 than this (亩, 人) are empty: a freed district has no 亩均 figure. */
const EMPTY = 1e-9;

const value = (num: number, den: number): number | null => (den > EMPTY ? num / den : null);
const minus = (r: Ratio, num: number, den: number): number | null => value(r.numerator - num, r.denominator - den);

function progress(summary: DistrictSummary, ruleSet: RuleSet, extraMu: number): Pick<WhatIfKpis, 'landFreedMu' | 'landFreedTargetMu' | 'landFreedShare'> {
  const p2023 = summary.progress.find((p) => p.year === '2023');
  const landFreedTargetMu = ruleSet.targets['2023'].landFreedMu;
  const landFreedMu = (p2023?.actual.landFreedMu ?? summary.achievedMu) + extraMu;
  return { landFreedMu, landFreedTargetMu, landFreedShare: landFreedTargetMu > 0 ? landFreedMu / landFreedTargetMu : null };
}

/** The what-if of a zone against the district of one analysis (`summary` and the `ruleSet` it ran with). */
export function zoneWhatIf(zone: ZoneWhatIfBase, run: { summary: DistrictSummary; ruleSet: RuleSet }, input: ZoneWhatIfInput = {}): ZoneWhatIf {
  const { summary, ruleSet } = run;
  const taxFromRequest = typeof input.targetTaxPerMu === 'number' && Number.isFinite(input.targetTaxPerMu) && input.targetTaxPerMu >= 0;
  const farFromRequest = typeof input.targetFar === 'number' && Number.isFinite(input.targetFar) && input.targetFar >= 0;
  const targetTaxPerMu = taxFromRequest ? input.targetTaxPerMu! : ruleSet.targets['2023'].taxPerMu;
  const targetFar = farFromRequest ? input.targetFar! : ruleSet.floorArea.defaultPlannedMaxFar;
  const taxTargetWan = targetTaxPerMu * zone.landMu;
  const floorTargetM2 = targetFar * zone.landMu * M2_PER_MU;

  const cur = summary.stages.current;
  const today: WhatIfKpis = {
    taxPerMu: cur.taxPerMu.value, valuePerMu: cur.valuePerMu.value, productivity: cur.productivity.value,
    ...progress(summary, ruleSet, 0),
  };
  const f = zone.freeing;
  const afterFreeing: WhatIfKpis = {
    taxPerMu: minus(cur.taxPerMu, f.taxNum, f.taxDen),
    valuePerMu: minus(cur.valuePerMu, f.valueNum, f.valueDen),
    productivity: minus(cur.productivity, f.prodNum, f.prodDen),
    ...progress(summary, ruleSet, zone.freeableMu),
  };
  const z = zone.zoneShare;
  const afterRedevelopment: WhatIfKpis = {
    taxPerMu: value(cur.taxPerMu.numerator - z.taxNum + taxTargetWan, cur.taxPerMu.denominator - z.taxDen + zone.landMu),
    valuePerMu: null,
    productivity: null,
    ...progress(summary, ruleSet, zone.freeableMu),
  };
  return {
    targetTaxPerMu, targetTaxSource: taxFromRequest ? 'request' : 'rule-set-2023',
    targetFar, targetFarSource: farFromRequest ? 'request' : 'rule-set',
    landMu: zone.landMu,
    taxTodayWan: zone.taxWan, taxTargetWan, taxGainedWan: taxTargetWan - zone.taxWan,
    floorTodayM2: zone.floorAreaM2, floorTargetM2, floorGainedM2: floorTargetM2 - zone.floorAreaM2,
    taxUnknownMu: zone.taxUnknownMu, floorUnknownMu: zone.floorUnknownMu,
    district: { today, afterFreeing, afterRedevelopment },
  };
}
