/**
 * Units a parcel column may come in, and the factor to the data model's unit (万元, 亩, m², 万kWh).
 * Bureaus export tax in 元 as often as in 万元 and areas in m², 亩 or 公顷; the header usually says which
 * (`税收(元)`, `面积（平方米）`). The user can always pick the unit in the preview.
 */
import type { ParcelField } from '../../domain/parcel';

export interface UnitChoice {
  /** As shown: `万元`, `元`, `m²` … */
  label: string;
  /** Multiply a value in this unit by `factor` to get the model's unit. */
  factor: number;
  /** Header spellings of this unit (inside brackets, normalised to NFKC lower case). */
  spellings: readonly string[];
}

const MONEY: readonly UnitChoice[] = [
  { label: '万元', factor: 1, spellings: ['万元', '万'] },
  { label: '元', factor: 1e-4, spellings: ['元', 'yuan', 'rmb', 'cny'] },
  { label: '亿元', factor: 1e4, spellings: ['亿元', '亿'] },
];

/** Choices per field; the first is the model's own unit (factor 1). Fields not listed take no unit choice. */
export const UNIT_CHOICES: Partial<Record<ParcelField, readonly UnitChoice[]>> = {
  tax: MONEY,
  addedValue: MONEY,
  revenue: MONEY,
  rdExpense: MONEY,
  registeredAreaMu: [
    { label: '亩', factor: 1, spellings: ['亩', 'mu'] },
    { label: 'm²', factor: 15 / 10_000, spellings: ['平方米', 'm2', 'm²', '㎡', 'sqm', '平米'] },
    { label: '公顷', factor: 15, spellings: ['公顷', 'ha', 'hm2', 'hm²'] },
  ],
  floorArea: [
    { label: 'm²', factor: 1, spellings: ['平方米', 'm2', 'm²', '㎡', 'sqm', '平米'] },
    { label: '万m²', factor: 10_000, spellings: ['万平方米', '万m2', '万m²', '万㎡'] },
  ],
  electricityKwh: [
    { label: '万kWh', factor: 1, spellings: ['万kwh', '万千瓦时', '万度'] },
    { label: 'kWh', factor: 1e-4, spellings: ['kwh', '千瓦时', '度'] },
  ],
};

/** The unit a header names in trailing brackets, e.g. `税收(元)` → 元 for tax; undefined when none or unknown. */
export function unitFromHeader(field: ParcelField, header: string): UnitChoice | undefined {
  const choices = UNIT_CHOICES[field];
  if (!choices) return undefined;
  const unit = /[(（[【](.*?)[)）\]】]\s*$/u.exec(header.normalize('NFKC'))?.[1]?.toLowerCase().replace(/\s/g, '').replace(/\/年$/, '');
  if (!unit) return undefined;
  return choices.find((c) => c.spellings.includes(unit));
}

/** The label of `factor` among the field's choices (for showing a remembered or chosen factor). */
export function unitLabel(field: ParcelField, factor: number | undefined): string | undefined {
  const choices = UNIT_CHOICES[field];
  if (!choices) return undefined;
  return (choices.find((c) => c.factor === (factor ?? 1)) ?? choices[0])?.label;
}
