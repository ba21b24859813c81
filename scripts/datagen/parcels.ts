/**
 * Parcel attributes (keys exactly as ParcelAttributes) and the building plan of each parcel: dates,
 * development state (idle under 令第53号, pending, suspended), land facts and the enterprise's figures
 * apportioned by area, so that sums over an enterprise's parcels give back the enterprise.
 */
import type { EvalClass, ParcelAttributes, Tenure } from '../../src/domain/parcel';
import { muFromM2, squareMetres } from '../../src/domain/units';
import type { BuildingPlan } from './buildings';
import { addYears, dayOf, isoOf, startOfYear, yearOf } from './dates';
import type { Economics } from './economics';
import type { Enterprise } from './enterprises';
import type { ParcelShape } from './layout';
import type { Rng } from './rng';
import type { Town } from './towns';

export interface ParcelDraft {
  attrs: ParcelAttributes;
  plan: BuildingPlan;
  areaMu: number;
  enterprise: number;
  /** Chosen as under-used (coverage < 30 %). */
  underUsed: boolean;
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
const dayBetween = (rng: Rng, a: number, b: number) => rng.int(a, b);

/** Share of the district's industrial land to leave as spare land of under-used parcels. */
export const UNDER_USED_SPARE_BUDGET = 0.0035;

interface DevState {
  transferDate: number | null;
  agreedStartDate: number | null;
  actualStartDate: number | null;
  suspendedSince: number | null;
  developedRatio: number | null;
  investedRatio: number | null;
  govCause: boolean | null;
  builtYear: number | null;
}

/** Dates and development of a parcel by role. asOf is the dataset date (nothing happens after it). */
function development(e: Enterprise, rng: Rng, asOf: number): DevState {
  const lastIdleStart = addYears(asOf, -1) - 30; // ≥ 1 full year before asOf, with a month's margin
  if (e.role === 'idle') {
    const gov = rng.chance(0.15);
    if (rng.chance(0.55)) {
      // (a) never started, 1+ years after the agreed start date.
      const agreed = dayBetween(rng, startOfYear(2016), lastIdleStart);
      return { transferDate: agreed - rng.int(120, 365), agreedStartDate: agreed, actualStartDate: null, suspendedSince: null,
        developedRatio: 0, investedRatio: round(rng.uniform(0, 0.1), 3), govCause: gov, builtYear: null };
    }
    // (b) started, little developed or invested, suspended ≥ 1 year.
    const suspended = dayBetween(rng, startOfYear(2017), lastIdleStart);
    const actual = suspended - rng.int(120, 700);
    const agreed = actual - rng.int(0, 200);
    const lowDev = rng.chance(0.6);
    return { transferDate: agreed - rng.int(120, 365), agreedStartDate: agreed, actualStartDate: actual, suspendedSince: suspended,
      developedRatio: round(lowDev ? rng.uniform(0.05, 0.3) : rng.uniform(0.35, 0.6), 3),
      investedRatio: round(lowDev ? rng.uniform(0.1, 0.6) : rng.uniform(0.05, 0.24), 3), govCause: gov, builtYear: null };
  }
  if (e.role === 'pending') {
    // Agreed start less than a year ago: not idle yet.
    const agreed = dayBetween(rng, addYears(asOf, -1) + 20, asOf - 20);
    return { transferDate: agreed - rng.int(120, 300), agreedStartDate: agreed, actualStartDate: null, suspendedSince: null,
      developedRatio: 0, investedRatio: round(rng.uniform(0, 0.15), 3), govCause: false, builtYear: null };
  }
  const builtYear = rng.chance(0.35) ? rng.int(1990, 2004) : rng.chance(0.75) ? rng.int(2005, 2016) : rng.int(2017, 2022);
  const actual = dayBetween(rng, startOfYear(builtYear - 2), startOfYear(builtYear) - 1);
  const agreed = actual - rng.int(-30, 180);
  const old = builtYear < 1998 && rng.chance(0.4);
  const state: DevState = {
    transferDate: old && rng.chance(0.5) ? null : agreed - rng.int(90, 365),
    agreedStartDate: old ? null : agreed, actualStartDate: old ? null : actual, suspendedSince: null,
    developedRatio: rng.chance(0.6) ? 1 : null, investedRatio: null, govCause: rng.chance(0.7) ? false : null, builtYear,
  };
  if (state.developedRatio === 1) state.investedRatio = 1;
  if (rng.chance(0.012)) {
    // Suspended but not idle: either well developed, or suspended for less than a year.
    if (rng.chance(0.5)) {
      state.suspendedSince = dayBetween(rng, startOfYear(2019), lastIdleStart);
      state.developedRatio = round(rng.uniform(0.5, 0.9), 3);
      state.investedRatio = round(rng.uniform(0.5, 0.9), 3);
    } else {
      state.suspendedSince = dayBetween(rng, addYears(asOf, -1) + 30, asOf - 10);
      state.developedRatio = round(rng.uniform(0.1, 0.3), 3);
      state.investedRatio = round(rng.uniform(0.1, 0.2), 3);
    }
  }
  return state;
}

/** Splits a total over parcels by area share; integer totals use largest remainders. */
function apportion(total: number | null, shares: readonly number[], integer: boolean): (number | null)[] {
  if (total === null) return shares.map(() => null);
  if (!integer) return shares.map((s) => round(total * s, 2));
  const raw = shares.map((s) => total * s);
  const out = raw.map(Math.floor);
  const order = raw.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; out.reduce((a, b) => a + b, 0) < Math.round(total); k++) out[order[k % order.length]![1]]! += 1;
  return out;
}

export function buildParcelDrafts(
  shapes: readonly ParcelShape[], towns: readonly Town[], list: readonly Enterprise[], econ: readonly Economics[],
  classes: readonly (EvalClass | null)[], rng: Rng, asOf: string,
): ParcelDraft[] {
  const asOfDay = dayOf(asOf);
  const seq = new Map<number, number>();
  const drafts: ParcelDraft[] = new Array<ParcelDraft>(shapes.length);
  // Under-used parcels: ordinary firms' parcels, drawn until their spare land meets the budget.
  const totalMu = shapes.reduce((s, p) => s + muFromM2(squareMetres(p.areaM2)), 0);
  const underUsed = new Map<number, number>();
  let spare = 0;
  for (const e of rng.shuffle(list)) {
    if (spare >= UNDER_USED_SPARE_BUDGET * totalMu) break;
    if (e.role !== 'normal' || e.micro) continue;
    for (const pi of e.parcels) {
      const c = rng.uniform(0.1, 0.27);
      underUsed.set(pi, c);
      spare += muFromM2(squareMetres(shapes[pi]!.areaM2)) * (1 - c / 0.3);
    }
  }
  for (const e of list) {
    const x = econ[e.index]!;
    const areas = e.parcels.map((pi) => shapes[pi]!.areaM2);
    const sum = areas.reduce((a, b) => a + b, 0);
    const shares = areas.map((a) => a / sum);
    const split = {
      tax: apportion(x.tax, shares, false), addedValue: apportion(x.addedValue, shares, false), revenue: apportion(x.revenue, shares, false),
      rdExpense: apportion(x.rdExpense, shares, false), energyTce: apportion(x.energyTce, shares, false), emissions: apportion(x.emissions, shares, false),
      electricityKwh: apportion(x.electricityKwh, shares, false), employees: apportion(x.employees, shares, true),
    };
    e.parcels.forEach((pi, k) => {
      const shape = shapes[pi]!;
      const town = towns[shape.townIndex]!;
      const n = (seq.get(shape.townIndex) ?? 0) + 1;
      seq.set(shape.townIndex, n);
      const areaMu = muFromM2(squareMetres(shape.areaM2));
      const dev = development(e, rng, asOfDay);
      const regRoll = rng.next();
      const registeredAreaMu = regRoll < 0.08 ? null
        : regRoll < 0.11 ? round(areaMu * (1 + (rng.chance(0.5) ? 1 : -1) * rng.uniform(0.01, 0.08)), 2)
        : round(areaMu * (1 + rng.uniform(-0.003, 0.003)), 2);
      const uc = underUsed.get(pi);
      const coverage = e.role === 'idle' ? (dev.actualStartDate !== null ? (dev.developedRatio ?? 0.2) * rng.uniform(0.15, 0.35) : 0)
        : e.role === 'pending' ? 0
        : uc ?? (rng.chance(0.9) ? rng.uniform(0.35, 0.6) : rng.uniform(0.3, 0.72));
      const far = Math.min(3.2, Math.max(0.6, rng.lognormal(1.45, 0.3)));
      const plan: BuildingPlan = {
        coverage,
        floors: e.role === 'idle' ? 1 : Math.max(1, Math.min(8, far / Math.max(coverage, 0.2))),
        buildYear: dev.builtYear ?? (dev.actualStartDate === null ? null : yearOf(dev.actualStartDate)),
        quirks: e.role === 'normal' && uc === undefined,
      };
      const iso = (d: number | null) => (d === null ? null : isoOf(d));
      const attrs: ParcelAttributes = {
        parcelId: `${town.code}-${String(n).padStart(n > 9999 ? 5 : 4, '0')}`,
        enterprise: e.name,
        creditCode: e.creditCode,
        town: rng.chance(0.02) ? null : town.name,
        industry: e.industry,
        priorityIndustry: e.priority,
        scale: e.scale,
        ownership: e.ownership,
        tenure: rng.weighted<Tenure>([['owned', 88], ['leased', 12]]),
        landUse: '工业',
        landGrade: rng.weighted([[4, 88], [5, 9], [3, 3]]),
        registeredAreaMu,
        transferDate: iso(dev.transferDate),
        agreedStartDate: iso(dev.agreedStartDate),
        actualStartDate: iso(dev.actualStartDate),
        suspendedSince: iso(dev.suspendedSince),
        developedRatio: dev.developedRatio,
        investedRatio: dev.investedRatio,
        govCause: dev.govCause,
        builtYear: dev.builtYear,
        floorArea: null, // set from the buildings (Σ footprint × floors)
        plannedMaxFar: rng.chance(0.12) ? null : round(rng.uniform(2.0, 3.5), 1),
        supportLandRatio: rng.chance(0.2) ? null : round(rng.uniform(0.02, 0.07), 3),
        tax: split.tax[k]!, addedValue: split.addedValue[k]!, revenue: split.revenue[k]!, rdExpense: split.rdExpense[k]!,
        energyTce: split.energyTce[k]!, emissions: split.emissions[k]!, electricityKwh: split.electricityKwh[k]!, employees: split.employees[k]!,
        evalClass: classes[e.index] ?? null,
      };
      drafts[pi] = { attrs, plan, areaMu, enterprise: e.index, underUsed: uc !== undefined };
    });
  }
  return drafts;
}
