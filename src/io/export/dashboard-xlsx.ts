/**
 * The targets dashboard as an Excel workbook (目标看板 → 导出看板), for the monthly and quarterly reports an
 * office writes from it: the 规上 亩均 figures at 基期 / 现状 / 全部腾出后 against the 2021 and 2023 targets,
 * what was freed to date and by the end of each target year, and the table by 镇街 — the dashboard's own figures
 * (the engine's DistrictSummary), with the evaluation date, the rule set and the data they are of.
 */
import { townsByLand, type DistrictSummary, type KpiStage } from '../../domain/summary';
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
    ['腾出用能（万吨标准煤）', summary.energyFreedTce / 10000, 'energyFreedWanTce', 'n4'],
    ['减碳（万吨）', summary.carbonFreedT / 10000, 'carbonCutWanT', 'n4'],
    ['淘汰落后产能企业（家）', summary.closedEnterprises, 'closedEnterprises', 'n0'],
    ['整治提升企业或作坊（家）', summary.upgradedEnterprises, 'upgradedEnterprises', 'n0'],
  ];
  for (const [label, now, key, style] of cumulative) {
    about.push([text(label), num(now, style), num(p2021?.actual[key], style), num(p2021?.target[key], style), num(p2023?.actual[key], style), num(p2023?.target[key], style)]);
  }
  about.push([], [text('可腾出（亩）'), num(summary.pipelineMu)]);

  const towns: XCell[][] = [['镇街', '地块数（宗）', '规上亩均税收（现状，万元/亩）', '已腾出（亩）', '可腾出（亩）', '淘汰落后产能企业（家）', '整治提升企业或作坊（家）'].map(head)];
  for (const [name, b] of townsByLand(summary)) {
    towns.push([text(name), num(b.parcels, 'n0'), num(b.stages.current.taxPerMu.value), num(b.achievedMu), num(b.pipelineMu), num(b.closedEnterprises, 'n0'), num(b.upgradedEnterprises, 'n0')]);
  }
  const sheets: XSheet[] = [
    { name: '目标看板', rows: about, widths: [30, 14, 14, 14, 14, 14] },
    { name: '镇街', rows: towns, widths: [14, 12, 26, 14, 14, 20, 22], frozenRows: 1 },
  ];
  return writeWorkbook(sheets);
}
