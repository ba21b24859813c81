/**
 * Enterprise economics (万元/年, tce/年, 人), calibrated so that over 规上 (above-scale) firms the
 * area-weighted district figures match the plan's 2021 baseline (§二): 亩均税收 48.19 万元/亩,
 * 亩均增加值 266.82 万元/亩, 全员劳动生产率 17.61 万元/人.
 */
import type { Enterprise } from './enterprises';
import type { Rng } from './rng';
import type { EconomicFigures } from '../../src/domain/metrics';

export const BASELINE_2021 = { taxPerMu: 48.19, valuePerMu: 266.82, productivity: 17.61 } as const;
/** 亩均税收 threshold of the low-efficiency rule (§三(一)2), 万元/亩. */
export const LOW_EFFICIENCY_TAX_PER_MU = 8;

/** An enterprise's yearly figures, as the domain reads them (null = not reported, a real-data gap). */
export type Economics = Omit<EconomicFigures, 'areaM2'>;

const EMPTY: Economics = { tax: null, addedValue: null, revenue: null, rdExpense: null, energyTce: null, emissions: null, electricityKwh: null, employees: null };

/** Per-mu tax (万元/亩) by role; the ordinary firms' figures are rescaled later. */
function taxPerMu(e: Enterprise, rng: Rng): number {
  switch (e.role) {
    case 'low-efficiency': return rng.uniform(0.8, 7.6);
    case 'd-class': return rng.uniform(8.6, 14);
    case 'idle': return rng.uniform(0, 2);
    default: {
      const t = e.scale === 'above' ? rng.lognormal(36, 0.7) : rng.lognormal(16, 0.6);
      return t >= 8.6 ? t : rng.uniform(8.6, 12);
    }
  }
}

/** Ordinary 规上 firms, whose tax is rescaled (never below the low-efficiency line). */
const isAdjustable = (e: Enterprise) => e.scale === 'above' && (e.role === 'normal' || e.role === 'under-used');

/**
 * Draws each firm's figures, then rescales 规上 tax, value added and employees so the area-weighted
 * (Σ/Σ) baseline matches BASELINE_2021. Returns the figures indexed like `list`.
 */
export function buildEconomics(list: readonly Enterprise[], rng: Rng): Economics[] {
  const perMu = list.map((e) => taxPerMu(e, rng));
  const ratio = list.map((e) => (e.scale === 'above' ? rng.lognormal(5.5, 0.3) : rng.lognormal(5, 0.35)));
  const prod = list.map((e) => (e.scale === 'above' ? rng.lognormal(17, 0.35) : rng.lognormal(12, 0.4)));
  const above = list.map((e, i) => i).filter((i) => list[i]!.scale === 'above');
  const land = (i: number) => list[i]!.landMu;
  const sumOver = (idx: number[], f: (i: number) => number) => idx.reduce((s, i) => s + f(i), 0);
  const aboveLand = sumOver(above, land);
  // Tax: scale the adjustable firms, clamp at 8.6, repeat until the clamp no longer moves the total.
  const adj = above.filter((i) => isAdjustable(list[i]!));
  const fixed = above.filter((i) => !isAdjustable(list[i]!));
  for (let pass = 0; pass < 8; pass++) {
    const want = BASELINE_2021.taxPerMu * aboveLand - sumOver(fixed, (i) => perMu[i]! * land(i));
    const k = want / sumOver(adj, (i) => perMu[i]! * land(i));
    for (const i of adj) perMu[i] = Math.max(8.6, perMu[i]! * k);
  }
  const valuePerMu = perMu.map((t, i) => t * ratio[i]!);
  const kv = (BASELINE_2021.valuePerMu * aboveLand) / sumOver(above, (i) => valuePerMu[i]! * land(i));
  for (const i of above) valuePerMu[i] = valuePerMu[i]! * kv;
  const employees = list.map((e, i) => Math.max(3, (valuePerMu[i]! * e.landMu) / prod[i]!));
  const ke = sumOver(above, (i) => valuePerMu[i]! * land(i)) / BASELINE_2021.productivity / sumOver(above, (i) => employees[i]!);
  for (const i of above) employees[i] = employees[i]! * ke;

  return list.map((e, i) => {
    if (e.role === 'pending') return EMPTY;
    const addedValue = valuePerMu[i]! * e.landMu;
    // ~8 % of 规下 firms (with the idle ones) report no tax (a real gap, so the app must say "unknown").
    const taxMissing = (e.role === 'idle' && rng.chance(0.6)) || (e.scale === 'below' && e.role === 'normal' && rng.chance(0.065));
    const intensity = Math.min(1.5, Math.max(0.05, rng.lognormal(0.27, 0.45))); // tce/万元
    const energyTce = addedValue * intensity;
    const revenue = addedValue / rng.uniform(0.18, 0.32);
    const rdShare = e.priority ? rng.uniform(0.03, 0.07) : e.scale === 'above' ? rng.uniform(0.008, 0.035) : rng.chance(0.35) ? 0 : rng.uniform(0.002, 0.02);
    return {
      tax: taxMissing ? null : perMu[i]! * e.landMu,
      addedValue: e.role === 'idle' ? (taxMissing ? null : addedValue) : addedValue,
      revenue,
      rdExpense: revenue * rdShare,
      energyTce,
      emissions: energyTce * rng.uniform(0.002, 0.012),
      electricityKwh: (energyTce * rng.uniform(0.55, 0.9)) / 1.229, // 万kWh; 1 万kWh = 1.229 tce (当量)
      employees: Math.max(2, Math.round(employees[i]!)),
    };
  });
}

/**
 * A few "两高" firms (§三(一)3): ≥ 1000 tce and built since 2018, or ≥ 5000 tce and built before.
 * Raises energy use of up to `count` firms of each kind among the given candidates.
 */
export function addTwoHighFirms(econ: { energyTce?: number | null }[], recent: number[], older: number[], rng: Rng, count = 3): void {
  for (const i of recent.slice(0, count)) {
    const x = econ[i]!;
    if (x.energyTce != null) x.energyTce = Math.max(x.energyTce, rng.uniform(1100, 2600));
  }
  for (const i of older.slice(0, count)) {
    const x = econ[i]!;
    if (x.energyTce != null) x.energyTce = Math.max(x.energyTce, rng.uniform(5200, 9000));
  }
}
