/**
 * The plan's targets (§二 主要目标, 温瓯政发〔2021〕217号), for 2021 and 2023 (cumulative where the plan
 * says 累计). Shown as progress; data never edits them (a rule set may, see rule-set.ts `targets`).
 */

export interface TargetYear {
  /** 规上工业亩均税收, 万元/亩. */
  taxPerMu: number;
  /** 规上工业亩均增加值, 万元/亩. */
  valuePerMu: number;
  /** 规上工业全员劳动生产率, 万元/人. */
  productivity: number;
  /** 淘汰落后产能企业 (cumulative), 家. */
  closedEnterprises: number;
  /** 整治提升企业或作坊 (cumulative), 家. */
  upgradedEnterprises: number;
  /** 腾出低效工业用地 (cumulative), 亩. */
  landFreedMu: number;
  /** 腾出用能 (cumulative), 万吨标准煤. */
  energyFreedWanTce: number;
  /** 减碳 (cumulative), 万吨 CO2. */
  carbonCutWanT: number;
  /** 单位工业增加值能耗下降 (against the 2020 baseline), share (0.03 = 3 %). */
  energyIntensityDrop: number;
  /** 规上制造业 R&D 经费占主营业务收入, share. */
  rdShare: number;
}

export type TargetYearKey = '2021' | '2023';
export const TARGET_YEARS: readonly TargetYearKey[] = ['2021', '2023'];
/** The campaign's first year (§二: 2021-2023): completions before it do not count toward its targets. */
export const PLAN_FIRST_YEAR = 2021;

export const PLAN_TARGETS: Readonly<Record<TargetYearKey, TargetYear>> = {
  '2021': {
    taxPerMu: 48.19, valuePerMu: 266.82, productivity: 17.61, closedEnterprises: 50, upgradedEnterprises: 100,
    landFreedMu: 200, energyFreedWanTce: 0.849, carbonCutWanT: 1.47, energyIntensityDrop: 0.03, rdShare: 0.027,
  },
  '2023': {
    taxPerMu: 53.13, valuePerMu: 291.36, productivity: 19.41, closedEnterprises: 100, upgradedEnterprises: 300,
    landFreedMu: 600, energyFreedWanTce: 2.1, carbonCutWanT: 3.6, energyIntensityDrop: 0.09, rdShare: 0.0285,
  },
};

/** Labels and units of each target, for the dashboard and the report. */
export const TARGET_LABELS: Readonly<Record<keyof TargetYear, { zh: string; en: string; unit: string; unitEn: string }>> = {
  taxPerMu: { zh: '规上工业亩均税收', en: 'Tax per mu (above-scale)', unit: '万元/亩', unitEn: '10k CNY/mu' },
  valuePerMu: { zh: '规上工业亩均增加值', en: 'Value added per mu (above-scale)', unit: '万元/亩', unitEn: '10k CNY/mu' },
  productivity: { zh: '规上工业全员劳动生产率', en: 'Labour productivity (above-scale)', unit: '万元/人', unitEn: '10k CNY/person' },
  closedEnterprises: { zh: '淘汰落后产能企业', en: 'Enterprises closed', unit: '家', unitEn: 'firms' },
  upgradedEnterprises: { zh: '整治提升企业或作坊', en: 'Enterprises upgraded', unit: '家', unitEn: 'firms' },
  landFreedMu: { zh: '腾出低效工业用地', en: 'Land freed', unit: '亩', unitEn: 'mu' },
  energyFreedWanTce: { zh: '腾出用能', en: 'Energy freed', unit: '万吨标准煤', unitEn: '10k tce' },
  carbonCutWanT: { zh: '减碳', en: 'Carbon cut', unit: '万吨', unitEn: '10k t CO₂' },
  energyIntensityDrop: { zh: '单位工业增加值能耗下降', en: 'Energy intensity drop', unit: '%', unitEn: '%' },
  rdShare: { zh: '规上制造业 R&D 占主营业务收入', en: 'R&D share of revenue', unit: '%', unitEn: '%' },
};

/**
 * Where a figure stands against the two targets: `met-2023` (at or above the 2023 target), `met-2021`
 * (at or above the 2021 one only), `below` (under both) or `none` (no figure). Figures and targets are
 * compared as they are shown, rounded to `decimals`: 48.185 shown as 48.19 meets a 48.19 target
 * (a figure equal to its target on screen is never drawn as missing it).
 */
export type TargetGrade = 'met-2023' | 'met-2021' | 'below' | 'none';

export function gradeAgainstTargets(value: number | null, t2021: number, t2023: number, decimals: number): TargetGrade {
  if (value === null || !Number.isFinite(value)) return 'none';
  const scale = 10 ** decimals;
  const shown = Math.round(value * scale);
  if (shown >= Math.round(t2023 * scale)) return 'met-2023';
  return shown >= Math.round(t2021 * scale) ? 'met-2021' : 'below';
}
