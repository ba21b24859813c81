/**
 * What-if for a consolidation zone: its land redeveloped at a target 亩均税收 (default: the rule set's
 * 2023 target) and FAR (default: the rule set's planned maximum FAR), and what freeing its freeable
 * land does to the district's figures and the 2023 land-freed target (600 亩).
 */
import type { RuleSet } from './rule-set';
import type { DistrictSummary } from './summary';
import type { WhatIfKpis, ZoneWhatIf, ZoneWhatIfInput } from './zone-stats';

/** The zone's own figures the what-if starts from (clipped shares). */
export interface ZoneWhatIfBase {
  landMu: number;
  taxWan: number;
  floorAreaM2: number;
  freeableMu: number;
}

const M2_PER_MU = 10000 / 15;

function todayKpis(summary: DistrictSummary, ruleSet: RuleSet): WhatIfKpis {
  const p2023 = summary.progress.find((p) => p.year === '2023');
  const target = ruleSet.targets['2023'].landFreedMu;
  const freed = p2023?.actual.landFreedMu ?? summary.achievedMu;
  return {
    taxPerMu: summary.taxPerMu.value,
    valuePerMu: summary.valuePerMu.value,
    landFreedMu: freed,
    landFreedTargetMu: target,
    landFreedShare: target > 0 ? freed / target : null,
  };
}

/** The zone's what-if against the district of `run`; targets from `input`, else from the rule set. */
export function zoneWhatIf(zone: ZoneWhatIfBase, run: { summary: DistrictSummary; ruleSet: RuleSet }, input: ZoneWhatIfInput = {}): ZoneWhatIf {
  const fromRequest = input.targetTaxPerMu !== undefined && Number.isFinite(input.targetTaxPerMu);
  const targetTaxPerMu = fromRequest ? input.targetTaxPerMu! : run.ruleSet.targets['2023'].taxPerMu;
  const targetFar = input.targetFar !== undefined && Number.isFinite(input.targetFar) ? input.targetFar : run.ruleSet.floorArea.defaultPlannedMaxFar;
  const taxTargetWan = targetTaxPerMu * zone.landMu;
  const floorTargetM2 = targetFar * zone.landMu * M2_PER_MU;
  const today = todayKpis(run.summary, run.ruleSet);
  const freedMu = today.landFreedMu + zone.freeableMu;
  const afterFreeing: WhatIfKpis = {
    ...today,
    landFreedMu: freedMu,
    landFreedShare: today.landFreedTargetMu > 0 ? freedMu / today.landFreedTargetMu : null,
  };
  return {
    targetTaxPerMu, targetTaxSource: fromRequest ? 'request' : 'rule-set-2023', targetFar,
    landMu: zone.landMu,
    taxTodayWan: zone.taxWan, taxTargetWan, taxGainedWan: taxTargetWan - zone.taxWan,
    floorTodayM2: zone.floorAreaM2, floorTargetM2, floorGainedM2: floorTargetM2 - zone.floorAreaM2,
    district: { today, afterFreeing, afterRedevelopment: afterFreeing },
  };
}
