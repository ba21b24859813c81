/**
 * A small, independent estimate of the reclaimable-land pipeline and of the baseline figures, used to
 * check the generated data (the app's real engine lives in src/domain). Rules per policy-rules.md:
 * idle (令第53号 Art. 2: not started 1 year after the agreed date, or started, developed < 1/3 or
 * invested < 25 % and suspended ≥ 1 year) → whole area; low-efficiency (亩均税收 < 8 万元/亩 on the
 * enterprise's summed land, §三(一)2) → whole area; D class → whole area; under-used (coverage < 30 %)
 * → area − footprint / 0.30. Each parcel counts once, its largest portion.
 */
import type { EvalClass, ParcelAttributes } from '../../src/domain/parcel';
import { M2_PER_MU } from '../../src/domain/units';
import { addYears, dayOf } from './dates';
import { LOW_EFFICIENCY_TAX_PER_MU } from './economics';

export interface ParcelFacts {
  attrs: ParcelAttributes;
  areaMu: number;
  /** Building footprint inside the parcel, m². */
  footprintM2: number;
}

export interface PipelineEstimate {
  totalMu: number;
  idleMu: number;
  lowEfficiencyMu: number;
  dClassMu: number;
  /** Part of dClassMu from classes the app has to compute (bottom 5 % of the firms with no class). */
  computedDMu: number;
  underUsedSpareMu: number;
  idleParcels: number;
  lowEfficiencyParcels: number;
  dClassParcels: number;
  underUsedParcels: number;
  /** Reclaimable 亩 per parcel index (0 when none). */
  byParcel: number[];
}

/** 令第53号 Art. 2 idle test at the evaluation date `asOf` (ISO). */
export function isIdle(a: ParcelAttributes, asOf: string): boolean {
  const limit = dayOf(asOf);
  const yearAfter = (iso: string) => addYears(dayOf(iso), 1) <= limit;
  if (!a.actualStartDate) return !!a.agreedStartDate && yearAfter(a.agreedStartDate);
  if (!a.suspendedSince || !yearAfter(a.suspendedSince)) return false;
  const lowDev = a.developedRatio != null && a.developedRatio < 1 / 3;
  const lowInv = a.investedRatio != null && a.investedRatio < 0.25;
  return lowDev || lowInv;
}

const enterpriseKey = (a: ParcelAttributes) => a.creditCode ?? a.enterprise ?? a.parcelId;

export function estimatePipeline(parcels: readonly ParcelFacts[], asOf: string): PipelineEstimate {
  // Enterprise sums: tax is unknown if any of its parcels lacks it.
  const sums = new Map<string, { tax: number | null; mu: number; scale: string; cls: EvalClass | null }>();
  for (const p of parcels) {
    const k = enterpriseKey(p.attrs);
    const s = sums.get(k) ?? { tax: 0, mu: 0, scale: p.attrs.scale ?? 'below', cls: p.attrs.evalClass ?? null };
    s.tax = s.tax === null || p.attrs.tax == null ? null : s.tax + p.attrs.tax;
    s.mu += p.areaMu;
    sums.set(k, s);
  }
  const taxPerMu = (k: string) => {
    const s = sums.get(k)!;
    return s.tax === null ? null : s.tax / s.mu;
  };
  // Classes the app will compute: bottom 5 % (by 亩均税收) of the unclassified firms of each scale become D.
  const computedD = new Set<string>();
  for (const scale of ['above', 'below']) {
    const missing = [...sums].filter(([, s]) => s.cls === null && s.scale === scale).map(([k]) => k)
      .sort((a, b) => (taxPerMu(a) ?? Infinity) - (taxPerMu(b) ?? Infinity) || (a < b ? -1 : 1));
    for (const k of missing.slice(0, Math.round(missing.length * 0.05))) computedD.add(k);
  }
  const est: PipelineEstimate = {
    totalMu: 0, idleMu: 0, lowEfficiencyMu: 0, dClassMu: 0, computedDMu: 0, underUsedSpareMu: 0,
    idleParcels: 0, lowEfficiencyParcels: 0, dClassParcels: 0, underUsedParcels: 0, byParcel: [],
  };
  for (const p of parcels) {
    const k = enterpriseKey(p.attrs);
    const idle = isIdle(p.attrs, asOf);
    const t = taxPerMu(k);
    const low = t !== null && t < LOW_EFFICIENCY_TAX_PER_MU;
    const d = p.attrs.evalClass === 'D' || computedD.has(k);
    const areaM2 = p.areaMu * M2_PER_MU;
    const coverage = p.footprintM2 / areaM2;
    const spareMu = coverage < 0.3 ? (areaM2 - p.footprintM2 / 0.3) / M2_PER_MU : 0;
    if (idle) { est.idleMu += p.areaMu; est.idleParcels++; }
    if (low) { est.lowEfficiencyMu += p.areaMu; est.lowEfficiencyParcels++; }
    if (d) { est.dClassMu += p.areaMu; est.dClassParcels++; if (computedD.has(k)) est.computedDMu += p.areaMu; }
    if (spareMu > 0) { est.underUsedSpareMu += spareMu; est.underUsedParcels++; }
    const portion = idle || low || d ? p.areaMu : spareMu;
    est.byParcel.push(portion);
    est.totalMu += portion;
  }
  return est;
}

export interface Baseline {
  taxPerMu: number;
  valuePerMu: number;
  productivity: number;
  aboveFirms: number;
  firms: number;
  aboveLandShare: number;
}

/** Area-weighted (Σ/Σ) 规上 figures over parcels (policy-rules.md, "Per-mu metrics"). */
export function baseline(parcels: readonly ParcelFacts[]): Baseline {
  let tax = 0, taxMu = 0, va = 0, vaMu = 0, emp = 0, vaEmp = 0, aboveMu = 0, allMu = 0;
  const firms = new Set<string>();
  const above = new Set<string>();
  for (const p of parcels) {
    const a = p.attrs;
    allMu += p.areaMu;
    firms.add(enterpriseKey(a));
    if (a.scale !== 'above') continue;
    above.add(enterpriseKey(a));
    aboveMu += p.areaMu;
    if (a.tax != null) { tax += a.tax; taxMu += p.areaMu; }
    if (a.addedValue != null) { va += a.addedValue; vaMu += p.areaMu; }
    if (a.addedValue != null && a.employees != null) { vaEmp += a.addedValue; emp += a.employees; }
  }
  return { taxPerMu: tax / taxMu, valuePerMu: va / vaMu, productivity: vaEmp / emp, aboveFirms: above.size, firms: firms.size, aboveLandShare: aboveMu / allMu };
}
