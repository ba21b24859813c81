/**
 * The unit of a registered-area or tax column whose header names none, read from the values' magnitude
 * (a header without a unit is taken as 亩 / 万元, the model's units). The area is compared with the area
 * of the parcel's shape: the median ratio tells 亩 (≈1) from m² (≈666.7) and 公顷 (≈0.0667). Tax has
 * no such yardstick, but a median 亩均税收 above 10,000 万元/亩 is beyond any enterprise (the district's best
 * pay ~100 万元/亩), where in 元 it is ordinary: the column is 元. Either way the column is converted
 * and the user told, and picking the unit in the preview's field table overrides it.
 */
import { formatUnit } from '../../i18n/format';
import type { ParcelField } from '../../domain/parcel';
import { parseNumber } from '../field-mapping';
import type { Bilingual } from './report';
import { UNIT_CHOICES, type UnitChoice } from './units';

/** Parcels sampled, spread over the layer. */
export const UNIT_SAMPLE = 1000;
/** Fewer usable values than this decide nothing. */
const MIN_VALUES = 3;
/** A ratio counts as a unit's when within this factor of it (units differ by 15× and more). */
const TOLERANCE = 2;
/** Median 亩均税收 (万元/亩) above which a tax column read as 万元 is 元. */
export const MAX_TAX_PER_MU = 10_000;

export interface DetectedUnit {
  target: Extract<ParcelField, 'registeredAreaMu' | 'tax'>;
  source: string;
  choice: UnitChoice;
  note: Bilingual;
}

/** One sampled parcel: its shape's area in 亩 and its raw value in each column checked. */
export interface UnitSample {
  areaMu: number;
  raw: (source: string) => unknown;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median of value / areaMu over the samples with both positive; undefined when too few. */
function medianPerMu(samples: readonly UnitSample[], source: string, field: ParcelField): number | undefined {
  const ratios: number[] = [];
  for (const s of samples) {
    const v = parseNumber(s.raw(source), field);
    if (Number.isFinite(v) && v > 0 && s.areaMu > 0) ratios.push(v / s.areaMu);
  }
  return ratios.length < MIN_VALUES ? undefined : median(ratios);
}

const figure = (v: number): string => (v >= 10 ? String(Math.round(v)) : String(Number(v.toPrecision(2))));

/** The registered area's unit, when the values are plainly not 亩. */
export function detectAreaUnit(samples: readonly UnitSample[], source: string): DetectedUnit | undefined {
  const ratio = medianPerMu(samples, source, 'registeredAreaMu');
  const choices = UNIT_CHOICES.registeredAreaMu!;
  if (ratio === undefined) return undefined;
  // A value in a unit of factor f is 1/f times the area in 亩.
  const best = choices.reduce((a, b) => (Math.abs(Math.log(ratio * a.factor)) <= Math.abs(Math.log(ratio * b.factor)) ? a : b));
  if (best.factor === 1 || Math.abs(Math.log(ratio * best.factor)) > Math.log(TOLERANCE)) return undefined;
  return {
    target: 'registeredAreaMu', source, choice: best,
    note: {
      zh: `字段「${source}」的值约为按图形计算的面积（亩）的 ${figure(ratio)} 倍，单位应是${best.label}，已按${best.label}换算为亩；`
        + `如不对，请在字段对应表中把该列的单位改为正确的单位`,
      en: `column "${source}" is about ${figure(ratio)} times the area of the shapes in mu: its unit looks like ${formatUnit(best.label, 'en')}, so it was converted from ${formatUnit(best.label, 'en')} to mu; `
        + `if that is wrong, pick the right unit for the column in the field table`,
    },
  };
}

/** The tax column's unit, when read as 万元 its median 亩均税收 is beyond belief (元). */
export function detectTaxUnit(samples: readonly UnitSample[], source: string): DetectedUnit | undefined {
  const perMu = medianPerMu(samples, source, 'tax');
  if (perMu === undefined || perMu <= MAX_TAX_PER_MU) return undefined;
  const yuan = UNIT_CHOICES.tax!.find((c) => c.label === '元')!;
  return {
    target: 'tax', source, choice: yuan,
    note: {
      zh: `字段「${source}」若按万元计，亩均税收中位数为 ${figure(perMu)} 万元/亩，远超实际（超过 ${MAX_TAX_PER_MU} 万元/亩），单位应是元，已按元换算为万元；`
        + `如不对，请在字段对应表中把该列的单位改为万元`,
      en: `column "${source}" read as 10k CNY gives a median tax per mu of CNY ${figure(perMu * 10)}k per mu, far beyond any real one (over CNY ${MAX_TAX_PER_MU * 10}k): its unit looks like CNY (元), so it was converted to 10k CNY (万元); `
        + `if that is wrong, set the column's unit to 万元 in the field table`,
    },
  };
}
