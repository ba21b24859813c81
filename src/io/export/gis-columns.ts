/**
 * The attribute table of the GIS exports (GeoJSON, FlatGeobuf, Shapefile): every parcel field under its
 * canonical English key (so the app's own loader reads the file back unchanged), then the engine's
 * results and, for each rule, its status and its reason in Chinese and English (policy-rules.md: exports carry
 * them). Each rule's clause, the same for all its outcomes, is in the file's metadata (model.ts metaRecord).
 * The Shapefile leaves the English reasons out (SHAPEFILE_COLUMNS; Excel and CSV have them): its fixed-width
 * table holds every text at the width of the longest, and with them the Shapefile of 10k parcels took ~1.3 s
 * (bench:export, bar 1 s). `short` is the ≤ 10-character DBF name: the bureaus' pinyin initials for the parcel
 * fields (which the loader maps back), plain codes for the results. The Shapefile's text is cut to 254 bytes
 * at a character boundary by its writer (formats/shapefile/write.ts).
 */
import type { RuleOutcomes } from '../../domain/rules';
import { RULE_IDS, STATUS_CODES, renderMessage, type RuleId } from '../../domain/rules/outcome';
import { PARCEL_FIELDS, type ParcelField } from '../../domain/parcel';
import { round } from './analysis-table';
import type { ExportSource } from './model';

export type GisType = 'text' | 'real' | 'int' | 'bool';
export type GisValue = string | number | boolean | null;

export interface GisColumn {
  key: string;
  /** DBF field name, ≤ 10 ASCII characters. */
  short: string;
  type: GisType;
  zh: string;
  /** Left out of the Shapefile's table (see the module comment). */
  notInShapefile?: true;
  value(source: ExportSource, fid: number): GisValue;
}

const SHORT: Record<ParcelField, string> = {
  parcelId: 'DKBH', enterprise: 'QYMC', creditCode: 'TYSHXYDM', town: 'SSJD', industry: 'HY', priorityIndustry: 'ZLXXCY',
  scale: 'GM', ownership: 'QYXZ', tenure: 'YDFS', landUse: 'YT', landGrade: 'DJ', registeredAreaMu: 'MJ', transferDate: 'CRRQ',
  agreedStartDate: 'YDDGRQ', actualStartDate: 'SJDGRQ', suspendedSince: 'TGRQ', developedRatio: 'KFBL', investedRatio: 'TZBL',
  govCause: 'ZFYY', builtYear: 'JCNF', floorArea: 'ZJZMJ', plannedMaxFar: 'RJL', supportLandRatio: 'PTYDZB', tax: 'SS',
  addedValue: 'ZJZ', revenue: 'YYSR', rdExpense: 'YFJF', energyTce: 'NH', emissions: 'PFL', electricityKwh: 'YDL',
  employees: 'CYRS', evalClass: 'PJDJ',
};

const INTEGER = new Set<ParcelField>(['landGrade', 'builtYear', 'employees']);
const BOOLEAN = new Set<ParcelField>(['priorityIndustry', 'govCause']);
const REAL = new Set<ParcelField>([
  'registeredAreaMu', 'developedRatio', 'investedRatio', 'floorArea', 'plannedMaxFar', 'supportLandRatio', 'tax', 'addedValue',
  'revenue', 'rdExpense', 'energyTce', 'emissions', 'electricityKwh',
]);

const attributeColumns: GisColumn[] = PARCEL_FIELDS.map((f) => ({
  key: f.key,
  short: SHORT[f.key],
  type: INTEGER.has(f.key) ? 'int' : BOOLEAN.has(f.key) ? 'bool' : REAL.has(f.key) ? 'real' : 'text',
  zh: f.unit ? `${f.zh}（${f.unit}）` : f.zh,
  value: (s, fid) => {
    const v = s.parcels[fid]!.attributes[f.key];
    return v === undefined ? null : v;
  },
}));

const num = (v: number | null | undefined, digits: number): number | null => round(v ?? null, digits);

const resultColumns: GisColumn[] = [
  { key: 'areaM2', short: 'R_AREAM2', type: 'real', zh: '计算面积（m²）', value: (s, i) => num(s.run.parcels.at(i)!.areaM2, 2) },
  { key: 'areaMu', short: 'R_AREAMU', type: 'real', zh: '计算面积（亩）', value: (s, i) => num(s.run.parcels.at(i)!.areaMu, 4) },
  { key: 'taxPerMu', short: 'R_TAXMU', type: 'real', zh: '亩均税收（万元/亩）', value: (s, i) => num(s.run.parcels.at(i)!.taxPerMu, 4) },
  { key: 'valuePerMu', short: 'R_VALMU', type: 'real', zh: '亩均增加值（万元/亩）', value: (s, i) => num(s.run.parcels.at(i)!.valuePerMu, 4) },
  { key: 'productivity', short: 'R_PROD', type: 'real', zh: '全员劳动生产率（万元/人）', value: (s, i) => num(s.run.parcels.at(i)!.productivity, 4) },
  { key: 'energyIntensity', short: 'R_ENERGY', type: 'real', zh: '单位增加值能耗（tce/万元）', value: (s, i) => num(s.run.parcels.at(i)!.energyIntensity, 4) },
  { key: 'far', short: 'R_FAR', type: 'real', zh: '容积率', value: (s, i) => num(s.run.parcels.at(i)!.far, 4) },
  // In percent, as the Excel sheet and the screen give it (the ratio's key, `coverage`, is the CLI's 0–1 column).
  { key: 'coveragePct', short: 'R_COVPCT', type: 'real', zh: '建筑系数（%）', value: (s, i) => { const c = s.run.parcels.at(i)!.coverage; return num(c === null ? null : c * 100, 2); } },
  { key: 'unbuiltM2', short: 'R_UNBUILT', type: 'real', zh: '未建面积（m²）', value: (s, i) => num(s.run.parcels.at(i)!.unbuiltM2, 2) },
  { key: 'townResolved', short: 'R_TOWN', type: 'text', zh: '镇街（分析）', value: (s, i) => s.run.parcels.at(i)!.town },
  { key: 'evalClassResult', short: 'R_CLASS', type: 'text', zh: '亩均效益等级（分析）', value: (s, i) => s.run.parcels.at(i)!.evalClass },
  { key: 'evalClassComputed', short: 'R_CLASSC', type: 'bool', zh: '等级为计算所得', value: (s, i) => s.run.parcels.at(i)!.evalClassComputed },
  { key: 'idleStage', short: 'R_IDLE', type: 'text', zh: '闲置阶段', value: (s, i) => { const v = s.run.parcels.at(i)!.idleStage; return v === null ? null : String(v); } },
  { key: 'reclaimableMu', short: 'R_RECLMU', type: 'real', zh: '可腾出面积（亩）', value: (s, i) => { const p = s.run.parcels.at(i)!; return p.reclaimKind === 'achieved' ? null : num(p.reclaimableMu, 4); } },
  { key: 'freedMu', short: 'R_FREEDMU', type: 'real', zh: '已腾出面积（亩）', value: (s, i) => { const p = s.run.parcels.at(i)!; return p.reclaimKind === 'achieved' ? num(p.reclaimableMu, 4) : null; } },
  { key: 'reclaimKind', short: 'R_RECLK', type: 'text', zh: '腾出类型', value: (s, i) => s.run.parcels.at(i)!.reclaimKind },
  { key: 'geometryError', short: 'R_GEOMERR', type: 'text', zh: '几何问题', value: (s, i) => s.run.facts[i]?.geometryError ?? null },
];

const RULE_SHORT: Record<RuleId, string> = {
  scope: 'S_SCOPE', 'low-efficiency': 'S_LOWEFF', 'two-high': 'S_TWOHIGH', energy: 'S_ENERGY', idle: 'S_IDLE',
  'under-used': 'S_UNDERUSE', 'd-class': 'S_DCLASS', 'land-price': 'S_LANDPRI', 'floor-area': 'S_FLOOR', dormitory: 'S_DORM',
  'block-line': 'S_BLOCK',
};

/** The last parcel's outcomes per run: a row asks for them once per rule column, and outcomesOf recomputes them. */
const lastOutcomes = new WeakMap<ExportSource['run'], { fid: number; outcomes: RuleOutcomes }>();

function outcomesOf(s: ExportSource, fid: number): RuleOutcomes {
  let last = lastOutcomes.get(s.run);
  if (last?.fid !== fid) lastOutcomes.set(s.run, (last = { fid, outcomes: s.run.outcomesOf(fid) }));
  return last.outcomes;
}

/** Per rule: status (S_), reason in Chinese (Z_) and English (E_); the DBF names share the code after S_. */
const ruleColumns: GisColumn[] = RULE_IDS.flatMap((id, r): GisColumn[] => {
  const code = RULE_SHORT[id].slice(2);
  return [
    { key: `${id}.status`, short: RULE_SHORT[id], type: 'text', zh: `${id} 结果`, value: (s, i) => STATUS_CODES[s.run.ruleStatus[i * RULE_IDS.length + r]!] ?? null },
    { key: `${id}.message.zh`, short: `Z_${code}`, type: 'text', zh: `${id} 说明`, value: (s, i) => renderMessage(outcomesOf(s, i)[id], 'zh') },
    { key: `${id}.message.en`, short: `E_${code}`, type: 'text', zh: `${id} 说明（英文）`, notInShapefile: true, value: (s, i) => renderMessage(outcomesOf(s, i)[id], 'en') },
  ];
});

export const GIS_COLUMNS: readonly GisColumn[] = [...attributeColumns, ...resultColumns, ...ruleColumns];
export const SHAPEFILE_COLUMNS: readonly GisColumn[] = GIS_COLUMNS.filter((c) => !c.notInShapefile);
