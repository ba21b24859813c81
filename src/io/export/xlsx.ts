/**
 * Excel export (own small writer, xlsx-writer.ts; loaded only with the exporters): sheet 1 the parcels with Chinese
 * headers and units (地块编号 and 统一社会信用代码 as text so Excel keeps every digit), frozen header and
 * widths; sheet 2 the list's totals against the plan's targets, the rule set, the evaluation date and
 * the dataset identity; sheet 3 the rule trail — per parcel and rule the outcome in words
 * (domain/outcome-meaning), the reason in Chinese and in English, and the clause.
 */
import { outcomeWords } from '../../domain/outcome-meaning';
import { geometryErrorText } from '../../geo/geometry-error-text';
import { RULE_IDS, STATUS_CODES, renderMessage, type RuleId } from '../../domain/rules/outcome';
import type { DistrictSummary, TargetProgress } from '../../domain/summary';
import { TARGET_LABELS } from '../../domain/targets';
import { listTotals } from './totals';
import { changedParameters, DEFAULT_RULE_SET } from '../../domain/rule-set';
import { zh as settingsWords } from '../../i18n/features/settings';
import type { ExportMeta, ExportOptions, ExportSource } from './model';
import { datasetWords, ruleSetWords } from './provenance';
import { writeWorkbook, type CellStyle, type XCell, type XSheet } from './xlsx-writer';

type Cell = XCell;
type Row = XCell[];
type ProgressKey = keyof TargetProgress['actual'] & keyof TargetProgress['target'];

export const RULE_TITLES: Record<RuleId, string> = {
  scope: '排摸范围', 'low-efficiency': '低效企业', 'two-high': '“两高”项目', energy: '能耗强度', idle: '闲置土地',
  'under-used': '低效用地', 'd-class': 'D类企业', 'land-price': '差别化地价', 'floor-area': '提容增效', dormitory: '宿舍型保障性租赁住房',
  'block-line': '工业区块线',
};

const SCALE: Record<string, string> = { above: '规上', below: '规下' };
const RECLAIM: Record<string, string> = { achieved: '已腾出', idle: '闲置', 'low-efficiency': '低效企业', 'd-class': 'D类企业', 'under-used': '低效用地' };
const IDLE: Record<string, string> = { '1': '第一阶段（征收闲置费）', '2': '第二阶段（无偿收回）', negotiated: '协商处置（政府原因）' };

const head = (v: string): Cell => ({ text: v, style: 'bold' });
const text = (v: string | null | undefined): Cell => (v === null || v === undefined || v === '' ? null : { text: v });
const number = (v: number | null | undefined, style: CellStyle = 'n2'): Cell => (v === null || v === undefined || !Number.isFinite(v) ? null : { num: v, style });

interface ParcelColumn {
  header: string;
  width: number;
  /** A code whose every character counts (a text cell here; the CSV writes it so Excel keeps it text too). */
  code?: true;
  cell(s: ExportSource, fid: number): Cell;
}

export const PARCEL_SHEET_COLUMNS: readonly ParcelColumn[] = [
  { header: '地块编号', width: 16, code: true, cell: (s, i) => text(s.parcels[i]!.attributes.parcelId) },
  { header: '企业名称', width: 30, cell: (s, i) => text(s.parcels[i]!.attributes.enterprise) },
  { header: '统一社会信用代码', width: 22, code: true, cell: (s, i) => text(s.parcels[i]!.attributes.creditCode) },
  { header: '镇街', width: 10, cell: (s, i) => text(s.run.parcels.at(i)!.town) },
  { header: '行业', width: 16, cell: (s, i) => text(s.parcels[i]!.attributes.industry) },
  { header: '规模', width: 8, cell: (s, i) => text(SCALE[s.parcels[i]!.attributes.scale ?? ''] ?? null) },
  { header: '计算面积（亩）', width: 14, cell: (s, i) => number(s.run.parcels.at(i)!.areaMu) },
  { header: '计算面积（m²）', width: 14, cell: (s, i) => number(s.run.parcels.at(i)!.areaM2) },
  { header: '登记税收（万元/年）', width: 16, cell: (s, i) => number(s.parcels[i]!.attributes.tax) },
  { header: '亩均税收（万元/亩）', width: 18, cell: (s, i) => number(s.run.parcels.at(i)!.taxPerMu) },
  { header: '亩均增加值（万元/亩）', width: 18, cell: (s, i) => number(s.run.parcels.at(i)!.valuePerMu) },
  { header: '全员劳动生产率（万元/人）', width: 20, cell: (s, i) => number(s.run.parcels.at(i)!.productivity) },
  { header: '单位增加值能耗（吨标准煤/万元）', width: 22, cell: (s, i) => number(s.run.parcels.at(i)!.energyIntensity, 'n4') },
  { header: '容积率', width: 8, cell: (s, i) => number(s.run.parcels.at(i)!.far) },
  { header: '建筑系数（%）', width: 12, cell: (s, i) => { const c = s.run.parcels.at(i)!.coverage; return number(c === null ? null : c * 100, 'n1'); } },
  { header: '未建面积（m²）', width: 14, cell: (s, i) => number(s.run.parcels.at(i)!.unbuiltM2) },
  { header: '亩均效益等级', width: 12, cell: (s, i) => text(s.run.parcels.at(i)!.evalClass) },
  { header: '等级来源', width: 10, cell: (s, i) => text(s.run.parcels.at(i)!.evalClass === null ? null : s.run.parcels.at(i)!.evalClassComputed ? '系统计算' : '数据') },
  { header: '闲置阶段', width: 20, cell: (s, i) => { const v = s.run.parcels.at(i)!.idleStage; return text(v === null ? null : IDLE[String(v)]); } },
  { header: '可腾出面积（亩）', width: 16, cell: (s, i) => { const p = s.run.parcels.at(i)!; return number(p.reclaimKind === 'achieved' ? null : p.reclaimableMu); } },
  { header: '已腾出面积（亩）', width: 16, cell: (s, i) => { const p = s.run.parcels.at(i)!; return number(p.reclaimKind === 'achieved' ? p.reclaimableMu : null); } },
  { header: '腾出类型', width: 12, cell: (s, i) => text(RECLAIM[s.run.parcels.at(i)!.reclaimKind ?? ''] ?? null) },
  { header: '几何问题', width: 16, cell: (s, i) => { const e = s.run.facts[i]?.geometryError; return text(e ? geometryErrorText(e, 'zh') : null); } },
];

function parcelSheet(source: ExportSource, fids: readonly number[]): XSheet {
  const rows: Row[] = [PARCEL_SHEET_COLUMNS.map((c) => head(c.header))];
  for (const fid of fids) rows.push(PARCEL_SHEET_COLUMNS.map((c) => c.cell(source, fid)));
  return { name: '地块清单', rows, widths: PARCEL_SHEET_COLUMNS.map((c) => c.width), frozenRows: 1 };
}

/**
 * The rows of the targets table, each with its figure's decimals (as the dashboard and its export show them:
 * 0.849 万吨标准煤 needs 4, enterprises none) and its 至今 figure: the dashboard's campaign-to-date one
 * (summary.*InPlan*); a ratio has none (its 现状 is shown as 至今).
 */
const TARGET_ROWS: { key: ProgressKey; style: CellStyle; toDate?: (s: DistrictSummary) => number }[] = [
  { key: 'landFreedMu', style: 'n2', toDate: (s) => s.achievedInPlanMu },
  { key: 'taxPerMu', style: 'n2' },
  { key: 'valuePerMu', style: 'n2' },
  { key: 'productivity', style: 'n2' },
  { key: 'closedEnterprises', style: 'n0', toDate: (s) => s.closedInPlanEnterprises },
  { key: 'upgradedEnterprises', style: 'n0', toDate: (s) => s.upgradedInPlanEnterprises },
  { key: 'energyFreedWanTce', style: 'n4', toDate: (s) => s.energyFreedInPlanTce / 10000 },
  { key: 'carbonCutWanT', style: 'n4', toDate: (s) => s.carbonFreedInPlanT / 10000 },
];

/** The district's 亩均 stages when the summary has them (dashboard: 基期 / 现状 / 全部腾出后). */
interface StageRatio { value: number | null }
interface Stages { stages?: Record<'baseline' | 'current' | 'afterPipeline', { taxPerMu?: StageRatio; valuePerMu?: StageRatio; productivity?: StageRatio }> }

function summarySheet(source: ExportSource, fids: readonly number[], meta: ExportMeta): XSheet {
  const t = listTotals(source, fids);
  const data: Row[] = [
    [head('名单汇总')],
    [text('名单名称'), text(meta.listName)],
    [text('地块数（宗）'), number(t.count, 'n0')],
    [text('面积（亩）'), number(t.areaMu)],
    // Each parcel's record summed (an enterprise's tax is often on one of its parcels; zones share it by land).
    [text('登记税收合计（万元/年，各地块数据之和）'), number(t.taxWan)],
    [text('可腾出面积（亩）'), number(t.freeableMu)],
    [text('已腾出面积（亩）'), number(t.achievedMu)],
    [],
    [head('依据')],
    [text('评价日期'), text(meta.evaluationDate)],
    [text('规则集'), text(ruleSetWords(meta))],
    [text('数据集'), text(datasetWords(meta))],
    [text('数据集标识（SHA-256）'), text(meta.dataset.hash)],
    [text('数据日期'), text(meta.dataset.asOf ?? null)],
    [text('导出日期'), text(meta.exportedOn)],
    [],
    [head('全区目标完成情况')],
    ['年度', '指标', '单位', '目标', '截至该年底', '至今', '本名单可腾出'].map(head),
  ];
  const summary = source.run.summary;
  for (const p of summary.progress) {
    for (const { key, style, toDate } of TARGET_ROWS) {
      // A ratio has no year-end figure: progress carries its 现状, which is the 至今 column.
      const yearEnd = toDate ? p.actual[key] : null;
      const now = toDate ? toDate(summary) : p.actual[key];
      data.push([text(p.year), text(TARGET_LABELS[key].zh), text(TARGET_LABELS[key].unit), number(p.target[key], style), number(yearEnd, style), number(now, style), key === 'landFreedMu' ? number(t.freeableMu, style) : null]);
    }
  }
  const stages = (source.run.summary as unknown as Stages).stages;
  if (stages) {
    data.push([], [head('规上亩均指标（全区）')], ['指标', '基期', '现状', '全部腾出后'].map(head));
    const rows: ['taxPerMu' | 'valuePerMu' | 'productivity', string][] = [['taxPerMu', '亩均税收（万元/亩）'], ['valuePerMu', '亩均增加值（万元/亩）'], ['productivity', '全员劳动生产率（万元/人）']];
    for (const [k, label] of rows) data.push([text(label), number(stages.baseline[k]?.value), number(stages.current[k]?.value), number(stages.afterPipeline[k]?.value)]);
  }
  return { name: '汇总', rows: data, widths: [24, 44, 12, 12, 12, 12, 14] };
}

/** Excel's last row is 1,048,576: a sheet holds its header and this many rows. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;

/**
 * The rule trail, one row per parcel and rule (11 per parcel): over ~95k parcels it continues on sheets
 * 规则明细 2, 3, … (Excel refuses a sheet past its last row), each with the header, a parcel never split.
 */
function trailSheets(source: ExportSource, fids: readonly number[], progress?: (f: number) => void, maxRows = XLSX_MAX_DATA_ROWS): XSheet[] {
  const header = (): Row[] => [['地块编号', '规则', '结果', '说明', '说明（英文）', '条款'].map(head)];
  const R = RULE_IDS.length;
  const sheets: XSheet[] = [];
  let data = header();
  const close = () => sheets.push({ name: sheets.length === 0 ? '规则明细' : `规则明细 ${sheets.length + 1}`, rows: data, widths: [16, 16, 30, 60, 60, 30], frozenRows: 1 });
  fids.forEach((fid, k) => {
    if (data.length - 1 + R > maxRows) {
      close();
      data = header();
    }
    const outcomes = source.run.outcomesOf(fid);
    const id = text(source.parcels[fid]!.attributes.parcelId);
    RULE_IDS.forEach((rule, r) => {
      const status = STATUS_CODES[source.run.ruleStatus[fid * R + r]!]!;
      const o = outcomes[rule];
      data.push([id, text(RULE_TITLES[rule]), text(outcomeWords(rule, status).zh), text(renderMessage(o, 'zh')), text(renderMessage(o, 'en')), text(o.clause)]);
    });
    if (k % 1000 === 0) progress?.(0.2 + (0.4 * k) / fids.length);
  });
  close();
  return sheets;
}

/** The parameters of the rule set that differ from the district's defaults: what 已调整 N 项参数 in its name means. */
function ruleParameterSheet(meta: ExportMeta): XSheet | null {
  const changed = changedParameters(meta.ruleSet);
  if (changed.length === 0) return null;
  const at = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
  const shown = (v: unknown): Cell => (typeof v === 'number' ? number(v, 'n4') : text(v === undefined ? '' : Array.isArray(v) ? v.join('、') : String(v)));
  const dictionary = settingsWords as Record<string, string>;
  const rows: Row[] = [['参数', '说明', '默认值', '本次取值'].map(head)];
  for (const path of changed) rows.push([text(path), text(dictionary[`set_${path}`] ?? ''), shown(at(DEFAULT_RULE_SET, path)), shown(at(meta.ruleSet, path))]);
  return { name: '规则参数', rows, widths: [34, 36, 14, 14], frozenRows: 1 };
}

export function writeXlsx(source: ExportSource, fids: readonly number[], meta: ExportMeta, options: ExportOptions = {}): Uint8Array {
  const parameters = ruleParameterSheet(meta);
  const sheets = [parcelSheet(source, fids), summarySheet(source, fids, meta), ...(parameters ? [parameters] : []), ...trailSheets(source, fids, options.progress, options.maxTrailRows)];
  options.progress?.(0.6);
  return writeWorkbook(sheets);
}
