/**
 * Per-mu metrics (亩均论英雄; policy-rules.md "Per-mu metrics"). Every function returns null when an
 * input is missing or the denominator is not positive: never NaN or Infinity. An area is missing
 * (null) when the parcel's geometry is flagged (facts.ts `usableAreaM2`): every figure over it is null.
 */
import { muFromM2, type SquareMetres } from './units';

/** The economic figures of a parcel or of an enterprise (summed over its parcels). */
export interface EconomicFigures {
  /**
   * Land, m²; null when it is unknown: a parcel with a flagged geometry, or an enterprise one of whose
   * parcels has one (see enterprise.ts). The per-mu metrics are then null too.
   */
  areaM2: SquareMetres | null;
  /** 税收, 万元/年. */
  tax: number | null;
  /** 工业增加值, 万元/年. */
  addedValue: number | null;
  /** 营业收入, 万元/年. */
  revenue: number | null;
  /** R&D经费, 万元/年. */
  rdExpense: number | null;
  /** 综合能耗, tce/年. */
  energyTce: number | null;
  /** 主要污染物排放, 吨/年. */
  emissions: number | null;
  /** 用电量, 万kWh/年. */
  electricityKwh: number | null;
  /** 从业人员, 人. */
  employees: number | null;
}

export interface PerMuMetrics {
  /** 亩均税收 = tax / area_mu, 万元/亩. */
  taxPerMu: number | null;
  /** 亩均增加值 = addedValue / area_mu, 万元/亩. */
  valuePerMu: number | null;
  /** 全员劳动生产率 = addedValue / employees, 万元/人. */
  productivity: number | null;
  /** 单位工业增加值能耗 = energyTce / addedValue, tce/万元. */
  energyIntensity: number | null;
  /** 单位能耗增加值 = addedValue / energyTce, 万元/tce. */
  valuePerEnergy: number | null;
  /** 单位排放增加值 = addedValue / emissions, 万元/吨. */
  valuePerEmission: number | null;
  /** R&D 占比 = rdExpense / revenue, a share (0.027 = 2.7 %). */
  rdShare: number | null;
  /** 单位电耗税收 = tax / electricityKwh, 万元/万kWh. */
  taxPerElectricity: number | null;
}

/** numerator / denominator, or null when either is missing or the denominator is not > 0. */
export function ratio(numerator: number | null | undefined, denominator: number | null | undefined): number | null {
  if (numerator == null || denominator == null || !(denominator > 0) || !Number.isFinite(numerator)) return null;
  const r = numerator / denominator;
  return Number.isFinite(r) ? r : null;
}

/** Area in 亩, null when the area is unknown. */
function muOrNull(areaM2: SquareMetres | null): number | null {
  return areaM2 === null ? null : muFromM2(areaM2);
}

/** 亩均税收: tax (万元) / area (亩) → 万元/亩. */
export function taxPerMu(tax: number | null | undefined, areaM2: SquareMetres | null): number | null {
  return ratio(tax, muOrNull(areaM2));
}

/** 容积率 FAR = floorArea (m²) / area (m²), dimensionless. */
export function floorAreaRatio(floorArea: number | null | undefined, areaM2: SquareMetres | null): number | null {
  return ratio(floorArea, areaM2);
}

/** 建筑系数 building coverage = footprint (m², clipped to the parcel) / area (m²), a share 0–1. */
export function buildingCoverage(footprintM2: SquareMetres | null, areaM2: SquareMetres | null): number | null {
  return ratio(footprintM2, areaM2);
}

/** Unbuilt land = area − footprint, m² (never below 0). Null without a buildings layer or an area. */
export function unbuiltArea(areaM2: SquareMetres | null, footprintM2: SquareMetres | null): SquareMetres | null {
  if (footprintM2 == null || areaM2 === null) return null;
  return Math.max(0, areaM2 - footprintM2) as SquareMetres;
}

/** The figures in their column order (enterprise.ts keeps an enterprise's so). */
export const FIGURE_KEYS = ['areaM2', 'tax', 'addedValue', 'revenue', 'rdExpense', 'energyTce', 'emissions', 'electricityKwh', 'employees'] as const;
/** The metrics in their column order, as perMuMetricsInto writes them. */
export const METRIC_KEYS = ['taxPerMu', 'valuePerMu', 'productivity', 'energyIntensity', 'valuePerEnergy', 'valuePerEmission', 'rdShare', 'taxPerElectricity'] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];
export type MetricKey = (typeof METRIC_KEYS)[number];
// Every field of the interfaces has its column (a field added to one must be added to its list).
const everyFigure: Exclude<keyof EconomicFigures, FigureKey> extends never ? true : never = true;
const everyMetric: Exclude<keyof PerMuMetrics, MetricKey> extends never ? true : never = true;
void everyFigure;
void everyMetric;

/** A number column's cell: NaN stands for null (every figure is finite or missing, never NaN itself). */
export const nullIfNaN = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** Every metric of a parcel's or an enterprise's figures, written into `out` from `at` on in METRIC_KEYS order, null as NaN. */
export function perMuMetricsInto(f: EconomicFigures, out: Float64Array, at: number): void {
  const mu = muOrNull(f.areaM2);
  out[at] = ratio(f.tax, mu) ?? NaN;
  out[at + 1] = ratio(f.addedValue, mu) ?? NaN;
  out[at + 2] = ratio(f.addedValue, f.employees) ?? NaN;
  out[at + 3] = ratio(f.energyTce, f.addedValue) ?? NaN;
  out[at + 4] = ratio(f.addedValue, f.energyTce) ?? NaN;
  out[at + 5] = ratio(f.addedValue, f.emissions) ?? NaN;
  out[at + 6] = ratio(f.rdExpense, f.revenue) ?? NaN;
  out[at + 7] = ratio(f.tax, f.electricityKwh) ?? NaN;
}

/** Every metric of the figures, as an object. */
export function perMuMetrics(f: EconomicFigures): PerMuMetrics {
  const out = new Float64Array(METRIC_KEYS.length);
  perMuMetricsInto(f, out, 0);
  return Object.fromEntries(METRIC_KEYS.map((k, i) => [k, nullIfNaN(out[i]!)])) as unknown as PerMuMetrics;
}
