/**
 * The targets dashboard as an Excel workbook (目标看板 → 导出看板), for the monthly and quarterly reports an
 * office writes from it: the 规上 亩均 figures at 基期 / 现状 / 全部腾出后 against the 2021 and 2023 targets,
 * what was freed to date and by the end of each target year, and the table by 镇街 — the dashboard's own figures
 * (the engine's DistrictSummary), with the evaluation date, the rule set and the data they are of.
 */
import { townsByLand, type DistrictSummary, type KpiBlock, type KpiStage } from '../../domain/summary';
import { gradeAgainstTargets, type TargetGrade, type TargetYear } from '../../domain/targets';
import { writeWorkbook, type XCell, type XSheet } from './xlsx-writer';

export interface DashboardMeta {
  evaluationDate: string;
  /** The data's as-of date, when it has one. */
  asOf: string | null;
  ruleSetName: string;
  datasetName: string;
  synthetic: boolean;
  exportedOn: string;
}

const head = (v: string): XCell => ({ text: v, style: 'bold' });
const text = (v: string): XCell => ({ text: v });
const num = (v: number | null | undefined, style: 'n0' | 'n2' | 'n4' = 'n2'): XCell => (v === null || v === undefined || !Number.isFinite(v) ? null : { num: v, style });

const STAGES: [KpiStage, string][] = [['baseline', '基期'], ['current', '现状'], ['afterPipeline', '全部腾出后']];

export function writeDashboardXlsx(summary: DistrictSummary, meta: DashboardMeta): Uint8Array {
  const p2021 = summary.progress.find((p) => p.year === '2021');
  const p2023 = summary.progress.find((p) => p.year === '2023');
  const about: XCell[][] = [
    [head('瓯海区“腾笼换鸟”目标看板')],
    [text('评价日期'), text(meta.evaluationDate)],
    [text('数据截至'), text(meta.asOf ?? '—')],
    [text('数据集'), text(meta.synthetic ? `${meta.datasetName}（示例数据）` : meta.datasetName)],
    [text('规则集'), text(meta.ruleSetName)],
    [text('导出日期'), text(meta.exportedOn)],
    [],
    [head('规上工业亩均效益'), ...STAGES.map(([, l]) => head(l)), head('2021 年目标'), head('2023 年目标')],
  ];
  const ratios: [keyof DistrictSummary['stages']['current'], string, 'taxPerMu' | 'valuePerMu' | 'productivity'][] = [
    ['taxPerMu', '亩均税收（万元/亩）', 'taxPerMu'], ['valuePerMu', '亩均增加值（万元/亩）', 'valuePerMu'], ['productivity', '全员劳动生产率（万元/人）', 'productivity'],
  ];
  for (const [key, label, target] of ratios) {
    about.push([text(label), ...STAGES.map(([s]) => num(summary.stages[s][key].value)), num(p2021?.target[target]), num(p2023?.target[target])]);
  }
  about.push([], [head('累计成效（2021 年起）'), head('至今'), head('截至 2021 年底'), head('2021 年目标'), head('截至 2023 年底'), head('2023 年目标')]);
  const cumulative: [string, number, 'landFreedMu' | 'energyFreedWanTce' | 'carbonCutWanT' | 'closedEnterprises' | 'upgradedEnterprises', 'n0' | 'n2' | 'n4'][] = [
    ['腾出低效工业用地（亩）', summary.achievedInPlanMu, 'landFreedMu', 'n2'],
    ['腾出用能（万吨标准煤）', summary.energyFreedInPlanTce / 10000, 'energyFreedWanTce', 'n4'],
    ['减碳（万吨）', summary.carbonFreedInPlanT / 10000, 'carbonCutWanT', 'n4'],
    ['淘汰落后产能企业（家）', summary.closedInPlanEnterprises, 'closedEnterprises', 'n0'],
    ['整治提升企业或作坊（家）', summary.upgradedInPlanEnterprises, 'upgradedEnterprises', 'n0'],
  ];
  for (const [label, now, key, style] of cumulative) {
    about.push([text(label), num(now, style), num(p2021?.actual[key], style), num(p2021?.target[key], style), num(p2023?.actual[key], style), num(p2023?.target[key], style)]);
  }
  about.push([], [text('可腾出（亩）'), num(summary.pipelineMu)]);

  const sheets: XSheet[] = [
    { name: '目标看板', rows: about, widths: [30, 14, 14, 14, 14, 14] },
    { name: '镇街', rows: townRows(summary), widths: TOWN_COLUMNS.map(([, w]) => w), frozenRows: 1 },
  ];
  return writeWorkbook(sheets);
}

/** The 镇街 sheet's columns (header, width): the dashboard's 镇街 table, every group of it side by side. */
const TOWN_COLUMNS: [string, number][] = [
  ['镇街', 14], ['地块数（宗）', 12],
  ['规上亩均税收（现状，万元/亩）', 16], ['亩均税收对照目标', 16],
  ['规上亩均增加值（现状，万元/亩）', 16], ['亩均增加值对照目标', 16],
  ['规上全员劳动生产率（现状，万元/人）', 16], ['劳动生产率对照目标', 16],
  ['已腾出（亩，2021 年起）', 14], ['可腾出（亩）', 12], ['腾出用能（万吨标准煤，2021 年起）', 18], ['减碳（万吨，2021 年起）', 14],
  ['淘汰落后产能企业（家，2021 年起）', 18], ['整治提升企业或作坊（家，2021 年起）', 18],
];

const RATIO_KEYS = ['taxPerMu', 'valuePerMu', 'productivity'] as const;

/** A ratio against the two targets in the dashboard's words, graded as shown there (2 decimals, the sheet's n2 too). */
const GRADE_WORDS: Record<TargetGrade, string | null> = { 'met-2023': '达到 2023 目标', 'met-2021': '达到 2021 目标', below: '未达 2021 目标', none: null };

/**
 * One row per 镇街 in the dashboard's order, the district (全区) under them — the towns add up to it, 已腾出 to the
 * dashboard's 已腾出 (completions from 2021 on, as the targets count them) — then the 2021 and 2023 targets.
 */
function townRows(summary: DistrictSummary): XCell[][] {
  const p2021 = summary.progress.find((p) => p.year === '2021');
  const p2023 = summary.progress.find((p) => p.year === '2023');
  const row = (name: string, b: KpiBlock): XCell[] => [
    text(name), num(b.parcels, 'n0'),
    ...RATIO_KEYS.flatMap((k): XCell[] => {
      const v = b.stages.current[k].value;
      const words = p2021 && p2023 ? GRADE_WORDS[gradeAgainstTargets(v, p2021.target[k], p2023.target[k], 2)] : null;
      return [num(v), words === null ? null : text(words)];
    }),
    num(b.achievedInPlanMu), num(b.pipelineMu), num(b.energyFreedInPlanTce / 10000, 'n4'), num(b.carbonFreedInPlanT / 10000, 'n4'),
    num(b.closedInPlanEnterprises, 'n0'), num(b.upgradedInPlanEnterprises, 'n0'),
  ];
  const target = (label: string, tg: TargetYear | undefined): XCell[] => (!tg ? [] : [
    text(label), null, ...RATIO_KEYS.flatMap((k): XCell[] => [num(tg[k]), null]),
    num(tg.landFreedMu), null, num(tg.energyFreedWanTce, 'n4'), num(tg.carbonCutWanT, 'n4'), num(tg.closedEnterprises, 'n0'), num(tg.upgradedEnterprises, 'n0'),
  ]);
  return [
    TOWN_COLUMNS.map(([h]) => head(h)),
    ...townsByLand(summary).map(([name, b]) => row(name, b)),
    row('全区', summary),
    [],
    target('2021 年目标', p2021?.target),
    target('2023 年目标', p2023?.target),
  ];
}
