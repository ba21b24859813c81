/**
 * Display formatting of parcel values: thousands separators, 是/否, 规上/规下, 民营…, dates, ratios as %.
 * Pure presentation — no analysis. Numbers use the comma grouping that both zh-CN and en readers expect.
 */
import type { ParcelAttributes, ParcelField } from '../domain/parcel';
import { yuanScale } from '../domain/units';
import { translate, type Lang, type MessageKey } from './index';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** `12345.678` → `12,345.68` (at most `maxDigits` decimals, at least `minDigits`). */
export function formatNumber(value: number, maxDigits = 2, minDigits = 0): string {
  const key = `${minDigits}:${maxDigits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: maxDigits, minimumFractionDigits: minDigits });
    numberFormats.set(key, f);
  }
  return f.format(value);
}

/** 0–1 share → `85.0%`. */
export function formatPercent(share: number, digits = 1): string {
  return `${formatNumber(share * 100, digits, digits)}%`;
}

/** ISO date `2019-03-05` → `2019年3月5日` (zh-CN) or `2019-03-05` (en); anything else is shown as is. */
export function formatDate(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  if (lang === 'en') return `${y}-${mo}-${d}`;
  return translate(lang, 'dateFormat', { y, m: Number(mo), d: Number(d) });
}

type Kind = 'text' | 'boolean' | 'enum' | 'date' | 'share' | 'integer' | 'year' | 'number';

const FIELD_KIND: Partial<Record<ParcelField, Kind>> = {
  priorityIndustry: 'boolean',
  govCause: 'boolean',
  scale: 'enum',
  ownership: 'enum',
  tenure: 'enum',
  transferDate: 'date',
  agreedStartDate: 'date',
  actualStartDate: 'date',
  suspendedSince: 'date',
  developedRatio: 'share',
  investedRatio: 'share',
  supportLandRatio: 'share',
  landGrade: 'integer',
  employees: 'integer',
  builtYear: 'year',
  registeredAreaMu: 'number',
  floorArea: 'number',
  plannedMaxFar: 'number',
  tax: 'number',
  addedValue: 'number',
  revenue: 'number',
  rdExpense: 'number',
  energyTce: 'number',
  emissions: 'number',
  electricityKwh: 'number',
};

const ENUM_LABEL: Record<string, MessageKey> = {
  above: 'scaleAbove',
  below: 'scaleBelow',
  private: 'ownershipPrivate',
  state: 'ownershipState',
  foreign: 'ownershipForeign',
  other: 'ownershipOther',
  owned: 'tenureOwned',
  leased: 'tenureLeased',
};

/**
 * One parcel field as display text, without its unit (the unit comes from PARCEL_FIELDS and is shown
 * by the panel; shares are shown as % and carry their own sign). Missing values become `—`.
 */
export function formatFieldValue(key: ParcelField, value: ParcelAttributes[ParcelField], lang: Lang): string {
  if (value === null || value === undefined || value === '') return translate(lang, 'noValue');
  const kind = FIELD_KIND[key] ?? 'text';
  switch (kind) {
    case 'boolean':
      return translate(lang, value ? 'yes' : 'no');
    case 'enum': {
      const label = ENUM_LABEL[String(value)];
      return label ? translate(lang, label) : String(value);
    }
    case 'date':
      return formatDate(String(value), lang);
    case 'share':
      return typeof value === 'number' ? formatPercent(value) : String(value);
    case 'integer':
      return typeof value === 'number' ? formatNumber(value, 0) : String(value);
    case 'year':
      return String(value);
    case 'number':
      return typeof value === 'number' ? formatNumber(value, 2) : String(value);
    case 'text':
      return String(value);
  }
}

/** What a 万元 amount is per: nothing, a mu, a person, a year. */
export type WanPer = '' | 'mu' | 'person' | 'yr';
const PER_ZH: Record<WanPer, string> = { '': '', mu: '/亩', person: '/人', yr: '/年' };

/**
 * An amount in 万元 (10,000 CNY) with its unit: `29.83 万元/亩` in Chinese; in English in yuan, shortened:
 * `CNY 298.3k/mu`, `CNY 12.346M/yr` ("29.83 10k CNY/mu" read as a product). The same precision in the
 * thousands, at most 3 decimals above.
 */
export function formatWan(value: number, lang: Lang, per: WanPer = '', digits = 2): string {
  if (lang !== 'en') return `${formatNumber(value, digits)} 万元${PER_ZH[per]}`;
  const y = yuanScale(value, digits);
  return `CNY ${formatNumber(y.value, y.decimals)}${y.suffix}${per ? `/${per}` : ''}`;
}

const UNIT_EN: Record<string, string> = {
  亩: 'mu',
  公顷: 'ha',
  元: 'CNY',
  万元: '10k CNY',
  '万元/年': '10k CNY/yr',
  'tce/年': 'tce/yr',
  '吨/年': 't/yr',
  '万kWh/年': '10k kWh/yr',
  人: 'persons',
};

/** A PARCEL_FIELDS unit in the current language (units are written in Chinese in domain/parcel.ts). */
export function formatUnit(unit: string, lang: Lang): string {
  return lang === 'en' ? (UNIT_EN[unit] ?? unit) : unit;
}

/** A signed number, e.g. `+0.2` / `-1.35`. */
export function formatSigned(value: number, maxDigits = 2): string {
  return `${value > 0 ? '+' : value < 0 ? '-' : ''}${formatNumber(Math.abs(value), maxDigits)}`;
}
