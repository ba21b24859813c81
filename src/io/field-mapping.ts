/**
 * Maps the property names of a user's parcel layer to the canonical ParcelAttributes keys and coerces
 * the values (data-model.md, "Importing other people's files"). Names match case-insensitively: the
 * canonical key, the Chinese label (PARCEL_FIELDS) and the pinyin-initial aliases bureaus use (DKBH, QYMC …).
 * Never throws: every value that cannot be used becomes null plus a warning naming the feature.
 */
import { FIELD_KIND, PARCEL_FIELDS, type FieldKind, type ParcelAttributes, type ParcelField } from '../domain/parcel';
import { AttributeColumns, plainAttributes, writeCell } from '../domain/parcel-columns';
import { muFromM2, squareMetres } from '../domain/units';
import type { FeatureRef, IoWarning } from './formats/types';
import { ouhaiTownName } from './ouhai-towns';

/** Extra names per field beyond the key and the Chinese label: pinyin initials first, then Chinese variants. */
const ALIASES: Record<ParcelField, readonly string[]> = {
  parcelId: ['DKBH', 'DKDM', 'ZDBH', 'ZDDM', 'parcel_id', '宗地编号', '宗地代码', '地块代码'],
  enterprise: ['QYMC', 'DWMC', 'NSR', 'NSRMC', 'QLR', 'enterprise_name', '单位名称', '纳税人', '纳税人名称', '权利人', '使用权人'],
  creditCode: ['TYSHXYDM', 'XYDM', 'NSRSBH', 'credit_code', '信用代码', '纳税人识别号'],
  town: ['SSJD', 'SSZJ', 'ZJMC', 'JDMC', '所属街道', '镇街', '街道', '镇街名称', '乡镇街道'],
  industry: ['HY', 'SSHY', 'HYLB', 'HYMC', '所属行业', '行业类别', '行业名称'],
  priorityIndustry: ['ZLXXCY', 'SFZLXX', 'XJZZY', '战略性新兴产业', '先进制造业', '是否战略性新兴产业'],
  scale: ['GM', 'QYGM', 'SFGS', '企业规模', '是否规上'],
  ownership: ['QYXZ', 'JJLX', 'SYZ', '经济类型', '所有制', '企业类型'],
  tenure: ['YDFS', 'TDLY', '土地来源', '使用方式'],
  landUse: ['YT', 'TDYT', 'DLMC', '土地用途', '地类', '地类名称'],
  landGrade: ['DJ', 'TDDJ', 'DB', '等别', '土地等级'],
  registeredAreaMu: ['MJ', 'DJMJ', 'ZDMJ', 'YDMJ', '面积', '宗地面积', '用地面积', '占地面积'],
  transferDate: ['CRRQ', 'GDRQ', '出让时间', '供地日期'],
  agreedStartDate: ['YDDGRQ', 'YDKGRQ', '约定开工日期', '合同约定动工日期'],
  actualStartDate: ['SJDGRQ', 'SJKGRQ', '实际开工日期'],
  suspendedSince: ['TGRQ', '停工时间'],
  developedRatio: ['KFBL', 'YKFZB', '开发比例', '已开发比例'],
  investedRatio: ['TZBL', 'YTZZB', '投资比例', '已投资比例'],
  govCause: ['ZFYY', 'gov_cause', '政府原因'],
  builtYear: ['JCNF', 'JCND', 'built_year', '建成年代'],
  floorArea: ['ZJZMJ', 'JZMJ', 'floor_area', '建筑面积'],
  plannedMaxFar: ['RJL', 'GHRJL', 'RJLSX', '容积率', '规划容积率', '容积率上限'],
  supportLandRatio: ['PTYDZB', 'PTBL', '配套用地比例', '配套设施用地比例'],
  tax: ['SS', 'SJSJ', 'NSE', 'SSZE', '实缴税金', '税收总额', '纳税额', '实缴税收'],
  addedValue: ['ZJZ', 'GYZJZ', 'added_value', '增加值'],
  revenue: ['YYSR', 'ZYYWSR', 'XSSR', '主营业务收入', '销售收入'],
  rdExpense: ['YFJF', 'YFFY', 'RDJF', 'rd_expense', '研发经费', '研发费用'],
  energyTce: ['NH', 'ZHNH', 'energy_tce', '能耗'],
  emissions: ['PFL', 'WRWPF', '污染物排放量', '排放量'],
  electricityKwh: ['YDL', 'electricity_kwh', '用电量'],
  employees: ['CYRS', 'ZGRS', 'YGRS', '从业人数', '职工人数', '员工人数', '从业人员数'],
  evalClass: ['PJDJ', 'MJXYDJ', 'eval_class', '评价等级', '亩均等级', '亩均评价等级'],
};

/** Quantities that cannot be negative. Value added may be (losses); tax paid may not (a refund is not output). */
const NON_NEGATIVE = new Set<ParcelField>([
  'tax', 'registeredAreaMu', 'floorArea', 'plannedMaxFar', 'revenue', 'rdExpense', 'energyTce', 'emissions', 'electricityKwh', 'employees',
]);
/** Plausible bounds beyond which a value is reported (and, for hard bounds, dropped). */
const MAX_FAR = 20;
/**
 * Magnitudes no single industrial enterprise in a district reaches (the district's whole 规上 tax is a few
 * 十亿元): beyond them a value is a unit or typing error (1e308, 元 typed as 万元 twice) and is dropped.
 */
const MAX_ABS: Partial<Record<ParcelField, number>> = {
  tax: 1e6, addedValue: 1e7, revenue: 1e8, rdExpense: 1e7, energyTce: 1e7, emissions: 1e7, electricityKwh: 1e7,
  employees: 1e6, floorArea: 1e7, registeredAreaMu: 1e5,
};

/** `税收（万元）` → `税收`, ` Tax_ ` → `tax`: lower case, no spaces/underscores/hyphens, no unit suffix. */
export function normaliseFieldName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[(（[【].*?[)）\]】]\s*$/u, '')
    .replace(/[\s_-]/g, '')
    // Half a character a 10-byte .dbf name was cut in, as the reader decodes it.
    .replace(/\ufffd+$/u, '')
    .toLowerCase();
}

const LOOKUP: Map<string, { key: ParcelField; how: FieldMatch['how'] }> = (() => {
  const m = new Map<string, { key: ParcelField; how: FieldMatch['how'] }>();
  for (const f of PARCEL_FIELDS) {
    m.set(normaliseFieldName(f.key), { key: f.key, how: 'key' });
    m.set(normaliseFieldName(f.zh), { key: f.key, how: 'label' });
  }
  for (const [key, names] of Object.entries(ALIASES) as [ParcelField, readonly string[]][]) {
    for (const n of names) if (!m.has(normaliseFieldName(n))) m.set(normaliseFieldName(n), { key, how: 'alias' });
  }
  return m;
})();

export interface FieldMatch {
  /** The property name in the user's file. */
  source: string;
  target: ParcelField;
  /** `prefix`: a Chinese name cut to the .dbf's 10 bytes that begins one field's label or alias (matchField). */
  how: 'key' | 'label' | 'alias' | 'prefix';
  /** Multiply values by this on import, e.g. m² → 亩 when the header says 平方米. */
  factor?: number;
}

export interface FieldMapping {
  matches: FieldMatch[];
  /** Source names that matched nothing. */
  unmapped: string[];
  /** Source names that matched a field already taken by an earlier column. */
  duplicates: { source: string; target: ParcelField; keptSource: string }[];
}

/** The canonical field a source name maps to, or undefined. */
export function matchField(source: string): { key: ParcelField; how: FieldMatch['how'] } | undefined {
  const name = normaliseFieldName(source);
  return LOOKUP.get(name) ?? truncatedMatch(name);
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const truncated = new Map<string, { key: ParcelField; how: 'prefix' } | undefined>();

/**
 * A .dbf field name holds 10 bytes, and the tools bureaus export with cut longer Chinese names there:
 * 统一社会信用代码 becomes 统一社会信 in GBK (2 bytes a character), 地块编号 becomes 地块编 in UTF-8 (3 bytes;
 * GDAL may leave half a character, which the reader decodes as U+FFFD and normaliseFieldName drops).
 * A Chinese name that fills those 10 bytes (9–10 in GBK, 8–10 in UTF-8: the next character would not
 * fit; the file's encoding is not known here, so either) and begins exactly one field's label or aliases
 * is that field. Two fields sharing the prefix (所属 …) decide nothing.
 */
function truncatedMatch(name: string): { key: ParcelField; how: 'prefix' } | undefined {
  if (truncated.has(name)) return truncated.get(name);
  let hit: { key: ParcelField; how: 'prefix' } | undefined;
  if (CJK.test(name) && atDbfLimit(name)) {
    const keys = new Set<ParcelField>();
    for (const [known, { key }] of LOOKUP) if (known.length > name.length && known.startsWith(name)) keys.add(key);
    if (keys.size === 1) hit = { key: [...keys][0]!, how: 'prefix' };
  }
  if (truncated.size < 4096) truncated.set(name, hit);
  return hit;
}

function atDbfLimit(name: string): boolean {
  let gbk = 0, utf8 = 0;
  for (const ch of name) {
    const wide = CJK.test(ch);
    gbk += wide ? 2 : 1;
    utf8 += wide ? 3 : ch.codePointAt(0)! < 0x80 ? 1 : ch.codePointAt(0)! < 0x800 ? 2 : 3;
  }
  return (gbk >= 9 && gbk <= 10) || (utf8 >= 8 && utf8 <= 10);
}

/** Unit written in a header's parentheses, for the area field: `面积(平方米)` is m², `面积（亩）` is 亩. */
function areaFactor(source: string): number | undefined {
  const unit = /[(（[【](.*?)[)）\]】]\s*$/u.exec(source.normalize('NFKC'))?.[1]?.toLowerCase().trim();
  if (!unit) return undefined;
  if (/^(平方米|m2|m²|㎡|sqm)$/.test(unit)) return muFromM2(squareMetres(1));
  if (/^(公顷|ha|hm2|hm²)$/.test(unit)) return 15;
  return undefined;
}

/** Guesses the mapping for a layer's property names (file order); the first column wins a field. */
export function guessFieldMapping(sources: readonly string[]): FieldMapping {
  const matches: FieldMatch[] = [];
  const unmapped: string[] = [];
  const duplicates: FieldMapping['duplicates'] = [];
  const taken = new Map<ParcelField, string>();
  for (const source of sources) {
    const hit = matchField(source);
    if (!hit) {
      unmapped.push(source);
      continue;
    }
    const kept = taken.get(hit.key);
    if (kept !== undefined) {
      duplicates.push({ source, target: hit.key, keptSource: kept });
      continue;
    }
    taken.set(hit.key, source);
    const factor = hit.key === 'registeredAreaMu' ? areaFactor(source) : undefined;
    matches.push(factor === undefined ? { source, target: hit.key, how: hit.how } : { source, target: hit.key, how: hit.how, factor });
  }
  return { matches, unmapped, duplicates };
}

// ---- value coercion -------------------------------------------------------------------------------

type Coerced = { ok: true; value: string | number | boolean | null } | { ok: false; reason: string };

const EMPTY = new Set(['', '-', '--', '/', '—', 'null', 'nan', 'n/a', 'na', '无数据']);
const ok = (value: string | number | boolean | null): Coerced => ({ ok: true, value });
const fail = (reason: string): Coerced => ({ ok: false, reason });

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  // Every empty marker is short: longer strings skip the (costly) normalisation.
  return typeof v === 'string' && v.length <= 8 && EMPTY.has(v.normalize('NFKC').trim().toLowerCase());
}

/**
 * `1,234.5` / `１２３` / ` 12 ` → number; NaN when it is not a plain number. A unit written after the number
 * (311.37万元, 15亩, 85人) is read against `field`'s own: the same unit is dropped, 平方米 ↔ 亩 converted, any
 * other makes the value unreadable (3335平方米 in a 亩 column is not 3335 亩). Without a field, any of the
 * model's units is dropped.
 */
export function parseNumber(v: unknown, field?: ParcelField): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return NaN;
  let s = v.normalize('NFKC').trim().replace(/[,，\s]/g, '');
  let factor = 1;
  const last = s.charCodeAt(s.length - 1);
  const unit = last >= 48 && last <= 57 ? undefined : UNIT_SUFFIXES.find(([re]) => re.test(s)); // most end in a digit
  if (unit) {
    s = s.replace(unit[0], '');
    const own = field === undefined ? undefined : FIELD_UNIT[field];
    if (field !== undefined && own !== unit[1]) {
      const convert = own === undefined ? undefined : UNIT_CONVERSIONS[`${unit[1]}>${own}`];
      if (convert === undefined) return NaN;
      factor = convert;
    }
  }
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s) ? Number(s) * factor : NaN;
}

type UnitClass = 'wan' | 'mu' | 'm2' | 'people' | 'tce' | 'wanKwh' | 'ton';
/** Units of the model a value may be written with (万元, 亩, m², 人, tce, 万kWh, 吨). */
const UNIT_SUFFIXES: readonly [RegExp, UnitClass][] = [
  [/万元(\/年)?$/, 'wan'], [/亩$/, 'mu'], [/(m2|m²|㎡|平方米)$/i, 'm2'], [/人$/, 'people'],
  [/(tce|吨标煤)$/i, 'tce'], [/(万kwh|万千瓦时)$/i, 'wanKwh'], [/吨$/, 'ton'],
];
/** Each numeric field's own unit (PARCEL_FIELDS). */
const FIELD_UNIT: Partial<Record<ParcelField, UnitClass>> = {
  registeredAreaMu: 'mu', floorArea: 'm2', tax: 'wan', addedValue: 'wan', revenue: 'wan', rdExpense: 'wan',
  energyTce: 'tce', emissions: 'ton', electricityKwh: 'wanKwh', employees: 'people',
};
const UNIT_CONVERSIONS: Record<string, number> = { 'm2>mu': muFromM2(squareMetres(1)), 'mu>m2': 1 / muFromM2(squareMetres(1)) };

const TRUE = new Set(['是', 'y', 'yes', 'true', '1', 't', '有', '√']);
const FALSE = new Set(['否', 'n', 'no', 'false', '0', 'f', '无', '×']);

export function parseBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const s = String(v).normalize('NFKC').trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** How a warning ends when the unreadable value was kept as written (a date), not left empty. */
export const KEPT_AS_WRITTEN = 'kept as written';
/** What dates.ts `parseIsoDate` reads a date from: a text beginning so. */
const ISO_PREFIX = /^\d{4}-\d{2}-\d{2}/;
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * The day a date written to the month only (`2019年5月`, `2019-05`, `2019.5`, `2019/5`) stands for:
 * the month's first, or its last.
 */
export type MonthPrecision = 'first' | 'last';

/**
 * Per date field, the day a month-only date is read as: the one that never wrongs the holder. An agreed
 * start is a deadline and a suspension starts the clock of 闲置 (idle years count from either), so they
 * take the month's last day: a parcel is never called late or idle longer because the file was vague.
 * An actual start and a transfer are events and take the first; only their presence or order matters.
 */
const MONTH_PRECISION: Partial<Record<ParcelField, MonthPrecision>> = {
  agreedStartDate: 'last',
  suspendedSince: 'last',
};

/**
 * `2021/3/5`, `2021-03-05`, `2021.3.5`, `2021年3月5日`, `20210305`, `2021-03-05T00:00:00Z` → `2021-03-05`;
 * to the month only, `2021年3月`, `2021-03`, `2021.3`, `2021/3` → its first (or, `month: 'last'`, last) day.
 * Rejects impossible dates (2021-02-30) and years outside 1949–2100.
 */
export function parseDate(v: unknown, month: MonthPrecision = 'first'): string | undefined {
  // Fast path for the ISO form most files hold (100k parcels × 4 date columns).
  if (typeof v === 'string' && v.length === 10 && ISO_DATE.test(v)) {
    const [y, mo, d] = [Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10))];
    if (y >= 1949 && y <= 2100 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo)) return v;
  }
  const s = (typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '').normalize('NFKC').trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T\s].*)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  // A number 2019.1 may be 2019.10 with its zero lost: October or January cannot be told.
  const toMonth = m || (typeof v === 'number' && /\.1$/.test(s)) ? null : /^(\d{4})[-/.年](\d{1,2})月?$/.exec(s);
  if (!m && !toMonth) return undefined;
  const [y, mo] = [Number((m ?? toMonth)![1]), Number((m ?? toMonth)![2])];
  if (y < 1949 || y > 2100 || mo < 1 || mo > 12) return undefined;
  const d = m ? Number(m[3]) : month === 'last' ? daysIn(y, mo) : 1;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A year on its own or with the first part of a date: `2015`, `2015年`, `2015年度`, `2015年5月`, `2015-05-01` → 2015. */
export function parseYear(v: unknown): number | undefined {
  const s = (typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '').normalize('NFKC').trim();
  const y = /^(\d{4})(?:年度?)?$/.exec(s)?.[1] ?? parseDate(s)?.slice(0, 4);
  return y === undefined ? undefined : Number(y);
}

const SCALE: Record<string, 'above' | 'below'> = {
  规上: 'above', 规模以上: 'above', 规上企业: 'above', above: 'above', 是: 'above', y: 'above', '1': 'above', true: 'above', t: 'above',
  规下: 'below', 规模以下: 'below', 规下企业: 'below', below: 'below', 否: 'below', n: 'below', '0': 'below', false: 'below', f: 'below',
};
const OWNERSHIP: Record<string, 'private' | 'state' | 'foreign' | 'other'> = {
  民营: 'private', 私营: 'private', 民营企业: 'private', 私营企业: 'private', 个体: 'private', private: 'private',
  国有: 'state', 国企: 'state', 国有企业: 'state', 集体: 'state', state: 'state',
  外资: 'foreign', 外商投资: 'foreign', 外资企业: 'foreign', 中外合资: 'foreign', 港澳台: 'foreign', foreign: 'foreign',
  其他: 'other', 其它: 'other', other: 'other',
};
const TENURE: Record<string, 'owned' | 'leased'> = {
  自有: 'owned', 出让: 'owned', 划拨: 'owned', 自有用地: 'owned', owned: 'owned',
  租赁: 'leased', 租用: 'leased', 承租: 'leased', 租赁用地: 'leased', leased: 'leased',
};

function fromTable<T extends string>(table: Record<string, T>, v: unknown, what: string): Coerced {
  const s = String(v).normalize('NFKC').trim();
  const hit = table[s] ?? table[s.toLowerCase()];
  return hit ? ok(hit) : fail(`"${s}" is not a known ${what} (${[...new Set(Object.values(table))].join('/')})`);
}

/** Words for "not started" in an actual-start column: read as empty, which means just that (data-model.md). */
const NOT_STARTED_TEXT = /^(尚?未(动|开)工|未建)$/;

function coerce(kind: FieldKind, v: unknown, field?: ParcelField): Coerced {
  if (isEmpty(v)) return ok(null);
  switch (kind) {
    case 'string':
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
        ? ok(String(v).trim() === '' ? null : String(v).trim())
        : fail('is not text');
    case 'number':
    case 'integer': {
      const n = parseNumber(v, field);
      if (!Number.isFinite(n)) return fail(field && Number.isFinite(parseNumber(v)) ? `"${String(v)}" is written in another unit than the field's` : `"${String(v)}" is not a number`);
      return ok(n);
    }
    case 'ratio': {
      const s = typeof v === 'string' ? v.normalize('NFKC').trim() : '';
      const n = s.endsWith('%') ? parseNumber(s.slice(0, -1)) / 100 : parseNumber(v);
      return Number.isFinite(n) ? ok(n) : fail(`"${String(v)}" is not a share`);
    }
    case 'boolean': {
      const b = parseBoolean(v);
      return b === undefined ? fail(`"${String(v)}" is not yes/no (是/否, Y/N, 1/0, true/false)`) : ok(b);
    }
    case 'date': {
      if (field === 'actualStartDate' && typeof v === 'string' && NOT_STARTED_TEXT.test(v.trim())) return ok(null);
      const d = parseDate(v, field === undefined ? undefined : MONTH_PRECISION[field]);
      return d === undefined ? fail(`"${String(v)}" is not a date (2021-03-05, 2021/3/5, 20210305 or 2021年3月)`) : ok(d);
    }
    case 'scale':
      return fromTable(SCALE, v, 'scale');
    case 'ownership':
      return fromTable(OWNERSHIP, v, 'ownership');
    case 'tenure':
      return fromTable(TENURE, v, 'tenure');
    case 'evalClass': {
      const s = String(v).normalize('NFKC').trim().toUpperCase().replace(/类$/, '');
      return /^[ABCD]$/.test(s) ? ok(s) : fail(`"${String(v)}" is not a class A/B/C/D`);
    }
  }
}

/** Range checks after coercion: null when the value stands, else the value to keep and a warning text. */
export function checkRange(field: ParcelField, kind: FieldKind, v: number): { value: number | null; warning: string; code: IoWarning['code'] } | null {
  if (NON_NEGATIVE.has(field) && v < 0) return { value: null, warning: `is negative (${v}); dropped`, code: 'absurd-value' };
  const max = MAX_ABS[field];
  if (max !== undefined && Math.abs(v) > max) return { value: null, warning: `${v} is beyond any plausible value (${max}); dropped`, code: 'absurd-value' };
  if (kind === 'ratio') {
    if (v > 1 && v <= 100) return { value: v / 100, warning: `${v} read as ${v}% = ${v / 100}`, code: 'percent-as-ratio' };
    if (v < 0 || v > 1) return { value: null, warning: `${v} is not a share between 0 and 1; dropped`, code: 'absurd-value' };
  }
  if (field === 'plannedMaxFar' && v > MAX_FAR) return { value: null, warning: `FAR ${v} is above ${MAX_FAR}; dropped`, code: 'absurd-value' };
  if (field === 'landGrade' && (v < 1 || v > 15 || !Number.isInteger(v)))
    return { value: null, warning: `${v} is not a land grade 1–15; dropped`, code: 'absurd-value' };
  if (field === 'builtYear' && (v < 1900 || v > 2100 || !Number.isInteger(v)))
    return { value: null, warning: `${v} is not a year; dropped`, code: 'absurd-value' };
  if (field === 'employees' && !Number.isInteger(v)) return { value: Math.round(v), warning: `${v} people rounded to ${Math.round(v)}`, code: 'unit-converted' };
  return null;
}

/**
 * A mapping prepared once per layer: per column its source, target, kind and factor in arrays, and a memo
 * of coerced short texts. Categorical columns (镇街, 行业, 规模, dates) repeat a few
 * hundred values over 100k parcels and coercing is pure, so each distinct text is read once per column.
 */
interface MappingPlan {
  sources: string[];
  targets: ParcelField[];
  kinds: FieldKind[];
  factors: (number | undefined)[];
  /**
   * Per column, for `checkRange`'s common case: the bound a number must stay within (in magnitude), whether it
   * must not be negative, and whether only those two checks apply (not a share, FAR, grade, year or head count).
   */
  maxAbs: number[];
  nonNegative: boolean[];
  plainRange: boolean[];
  /**
   * For the other columns (shares, FAR, grade, year, head count): values in [lo, hi] (whole numbers
   * where `whole`) are ones `checkRange` lets stand, so they skip it; anything else takes checkRange.
   */
  standLo: number[];
  standHi: number[];
  standWhole: boolean[];
  memos: Map<string, Coerced>[];
  /** Per date column: its dates met so far, by `isoDateKey` (made when the column meets its first). */
  dates: ((string | undefined)[] | undefined)[];
}

/**
 * Per field that `checkRange` checks beyond the plain bounds: the range [lo, hi] (and whether whole
 * numbers only) inside which it lets a value stand, i.e. returns null (field-mapping.test.ts checks it).
 */
export const STANDING: Partial<Record<ParcelField, readonly [number, number, boolean]>> = {
  developedRatio: [0, 1, false], investedRatio: [0, 1, false], supportLandRatio: [0, 1, false],
  plannedMaxFar: [0, MAX_FAR, false], landGrade: [1, 15, true], builtYear: [1900, 2100, true], employees: [0, 1e6, true],
};

const plans = new WeakMap<FieldMapping, MappingPlan>();
function planOf(mapping: FieldMapping): MappingPlan {
  let plan = plans.get(mapping);
  if (!plan) {
    const ms = mapping.matches;
    plan = {
      sources: ms.map((m) => m.source),
      targets: ms.map((m) => m.target),
      kinds: ms.map((m) => FIELD_KIND[m.target]),
      factors: ms.map((m) => m.factor),
      maxAbs: ms.map((m) => MAX_ABS[m.target] ?? Infinity),
      nonNegative: ms.map((m) => NON_NEGATIVE.has(m.target)),
      // The fields STANDING names are the ones checkRange checks beyond the plain bounds (every ratio among them).
      plainRange: ms.map((m) => STANDING[m.target] === undefined),
      standLo: ms.map((m) => STANDING[m.target]?.[0] ?? Infinity),
      standHi: ms.map((m) => STANDING[m.target]?.[1] ?? -Infinity),
      standWhole: ms.map((m) => STANDING[m.target]?.[2] ?? false),
      memos: ms.map(() => new Map()),
      dates: ms.map(() => undefined),
    };
    plans.set(mapping, plan);
  }
  return plan;
}

/**
 * Text of CJK unified ideographs only (娄桥街道, 工业) other than the empty marker 无数据: its own NFKC form
 * with nothing to trim, so `coerce` as text gives it back unchanged.
 */
function isPlainHan(s: string): boolean {
  if (s.length === 0 || s === '无数据') return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x4e00 || c > 0x9fff) return false;
  }
  return true;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days a year takes in `isoDateKey` (12 months of 31), and how many keys there are (1949–2100). */
const KEY_DAYS_PER_YEAR = 12 * 31;
const DATE_KEYS = (2100 - 1949 + 1) * KEY_DAYS_PER_YEAR;

/**
 * A valid YYYY-MM-DD date in 1949–2100, which `parseDate` gives back as it is (checked by character codes),
 * as a small number of its own: (year − 1949) × 372 + (month − 1) × 31 + day − 1; -1 for anything else.
 */
function isoDateKey(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  let y = 0, m = 0, d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    if (i < 4) y = 10 * y + c;
    else if (i < 7) m = 10 * m + c;
    else d = 10 * d + c;
  }
  if (y < 1949 || y > 2100 || m < 1 || m > 12 || d < 1) return -1;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!) ? (y - 1949) * KEY_DAYS_PER_YEAR + (m - 1) * 31 + d - 1 : -1;
}

/**
 * The ISO date `s` (key `isoDateKey(s)`) as its column first met it: the reader makes a new string per
 * cell, and kept as they came, 100k parcels' four date columns were 280k strings alive after the load
 * (13k distinct, 9 MB), each copied by the young-generation GCs of the load. Found by its key in a dense
 * array (~450 kB a column; a map of the strings themselves cost ~0.1 s per 100k-parcel load in lookups).
 */
function sameDate(dates: (string | undefined)[], key: number, s: string): string {
  return (dates[key] ??= s);
}

/** `coerce` of a short text through its column's memo. */
function coerceText(memo: Map<string, Coerced>, kind: FieldKind, v: string, field?: ParcelField): Coerced {
  let c = memo.get(v);
  if (c === undefined) {
    c = coerce(kind, v, field);
    if (memo.size < 65536) memo.set(v, c);
  }
  return c;
}

/**
 * Maps one feature's properties (the one-parcel case of `mapInto`). Returns the attributes found, every
 * mapped field present (null when empty; parcelId may be missing, the caller decides), and warnings naming
 * the feature and the source field.
 */
export function mapProperties(
  props: Record<string, unknown>,
  mapping: FieldMapping,
  file: string,
  feature: FeatureRef,
): { attributes: Partial<ParcelAttributes>; warnings: IoWarning[] } {
  const { columns, cells } = attributeColumnsFor(mapping, 1);
  const warnings: IoWarning[] = [];
  mapInto(null, NO_POSITIONS, props, mapping, cells, 0, warnings, file, feature);
  return { attributes: plainAttributes(columns.row(0)), warnings };
}
const NO_POSITIONS = new Int32Array(0);

/** A layer's attribute columns for `count` parcels, one per mapped field, and each mapping column's cells. */
export function attributeColumnsFor(mapping: FieldMapping, count: number): { columns: AttributeColumns; cells: ReturnType<AttributeColumns['column']>[] } {
  const columns = new AttributeColumns(count, mapping.matches.map((m) => m.target));
  return { columns, cells: mapping.matches.map((m) => columns.column(m.target)) };
}

/**
 * `mapProperties` into parcel `row` of attribute columns (`cells` from `attributeColumnsFor`), a feature's
 * values read from `values` (its properties by column position, SourceFeature.valuesOnce, `at[i]` the
 * position of `mapping.matches[i].source`, -1: absent) or else from `props`. Warnings go to `warnings`.
 */
export function mapInto(
  values: readonly unknown[] | null,
  at: Int32Array,
  props: Record<string, unknown> | null,
  mapping: FieldMapping,
  cells: readonly ReturnType<AttributeColumns['column']>[],
  row: number,
  warnings: IoWarning[],
  file: string,
  feature: FeatureRef,
): void {
  const plan = planOf(mapping);
  for (let j = 0; j < plan.sources.length; j++) {
    const raw = values ? values[at[j]!] : props![plan.sources[j]!];
    // The cells start empty.
    if (raw === null || raw === undefined) continue;
    const value = mapValue(plan, j, raw, warnings, file, feature);
    if (value !== undefined && value !== null) writeCell(cells[j]!, row, value);
  }
}

/**
 * Column j's value `raw` (not null) coerced, converted and checked, with its warnings; undefined when it
 * could not be read (left empty).
 */
function mapValue(plan: MappingPlan, j: number, raw: unknown, warnings: IoWarning[], file: string, feature: FeatureRef): string | number | boolean | null | undefined {
  const source = plan.sources[j]!;
  const target = plan.targets[j]!;
  const kind = plan.kinds[j]!;
  // Fast paths for what most files hold (a number in a number column, plain text, a 0/1 or true/false flag): no result objects.
  let value: string | number | boolean | null | undefined;
  if (typeof raw === 'number') {
    if (Number.isFinite(raw) && (kind === 'number' || kind === 'integer' || kind === 'ratio')) value = raw;
    else if (kind === 'boolean' && (raw === 0 || raw === 1)) value = raw === 1;
  } else if (typeof raw === 'string') {
    if (kind === 'string' && (raw.length > 8 || isPlainHan(raw))) value = raw.trim() || undefined;
    else if (kind === 'date') {
      const key = isoDateKey(raw);
      if (key >= 0) value = sameDate((plan.dates[j] ??= new Array<string | undefined>(DATE_KEYS)), key, raw);
    }
  } else if (typeof raw === 'boolean' && kind === 'boolean') value = raw;
  if (value === undefined) {
    // A unit in the cell is read against the field's own, where the column's header named none (no factor).
    const unitOf = plan.factors[j] === undefined ? target : undefined;
    let c = typeof raw === 'string' && raw.length <= 32 ? coerceText(plan.memos[j]!, kind, raw, unitOf) : coerce(kind, raw, unitOf);
    if (!c.ok && target === 'builtYear') {
      const year = parseYear(raw);
      if (year !== undefined) c = ok(year);
    }
    if (!c.ok) {
      // A date is kept as written, not left empty: an empty 实际动工日期 means "not started" (data-model.md),
      // and a started parcel must not turn idle because its date was written oddly; the rules read a date
      // that is not ISO as unreadable (数据不足, naming it). An impossible ISO date (2021-02-30, 1940-…) would
      // read as a date, so it is dropped, but for the actual start, whose mere presence counts (input.ts).
      const text = kind === 'date' ? String(raw).normalize('NFKC').trim() : '';
      const keep = text !== '' && (target === 'actualStartDate' || !ISO_PREFIX.test(text));
      warnings.push({ file, feature, field: source, code: 'coercion-failed', message: `${source} → ${target}: ${c.reason}; ${keep ? KEPT_AS_WRITTEN : 'left empty'}` });
      return keep ? text : undefined;
    }
    value = c.value;
  }
  // 娄桥, 娄桥街道 and 330304005 are one town: its full name (a value naming none is kept as given).
  if (target === 'town' && typeof value === 'string') return ouhaiTownName(value) ?? value;
  if (typeof value === 'number') {
    const factor = plan.factors[j];
    if (factor !== undefined) value *= factor;
    // Most numbers pass the plain bounds and need no more checks (the same answer as checkRange's).
    if (plan.plainRange[j] && !(plan.nonNegative[j] && value < 0) && !(Math.abs(value) > plan.maxAbs[j]!)) return value;
    if (value >= plan.standLo[j]! && value <= plan.standHi[j]! && (!plan.standWhole[j] || Number.isInteger(value))) return value;
    const r = checkRange(target, kind, value);
    if (r) {
      warnings.push({ file, feature, field: source, code: r.code, message: `${source} → ${target}: ${r.warning}` });
      value = r.value;
    }
  }
  return value;
}

/** Layer-level warnings for the mapping itself: unmapped columns and columns that lost to an earlier one. */
export function mappingWarnings(mapping: FieldMapping, file: string): IoWarning[] {
  const w: IoWarning[] = mapping.unmapped.map((source) => ({
    file,
    field: source,
    code: 'unmapped-field' as const,
    message: `column "${source}" matches no parcel field and is ignored`,
  }));
  for (const d of mapping.duplicates) {
    w.push({ file, field: d.source, code: 'duplicate-field', message: `column "${d.source}" also means ${d.target}; "${d.keptSource}" is used` });
  }
  for (const m of mapping.matches) {
    if (m.factor !== undefined) w.push({ file, field: m.source, code: 'unit-converted', message: `column "${m.source}" converted to 亩 (×${m.factor})` });
  }
  return w;
}

/** One line per matched column for people to check the guess, e.g. `DKBH → parcelId (地块编号)`. */
export function describeMapping(mapping: FieldMapping): string[] {
  const label = new Map(PARCEL_FIELDS.map((f) => [f.key, f.zh]));
  return mapping.matches.map((m) => `${m.source} → ${m.target} (${label.get(m.target) ?? ''})`);
}
