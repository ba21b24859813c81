/**
 * Enterprise aggregation (policy-rules.md: "An enterprise on several parcels is evaluated on its
 * summed land"). Parcels belong to one enterprise when they share a 统一社会信用代码, else the same
 * 企业名称; a parcel with neither is an enterprise of its own. Each figure is summed over the parcels
 * that carry it (an enterprise often reports its totals on one parcel only); it stays null only when
 * no parcel of the enterprise has it.
 *
 * Land with a flagged geometry: when any parcel of an enterprise has a `geometryError`, the
 * enterprise's summed land is unknown (figures.areaM2 = null), so its 亩均税收 and 亩均增加值 are null
 * and every rule on them answers `unknown` (missing `geometry`). The other way — sum only the valid
 * parcels and leave the broken parcel's figures out — was rejected: the figures are the enterprise's
 * (its tax, value added, …), often reported in full on one of its parcels, so no parcel has a "share"
 * of them to leave out. Dropping a broken parcel's land while its enterprise's totals sit on a valid
 * parcel would divide the whole tax by part of the land and overstate 亩均税收 (a low-efficiency
 * enterprise could pass as efficient) with no warning. The figures that need no land (productivity,
 * energy intensity, R&D share …) stay known.
 */
import { usableAreaM2, type ParcelLand } from './facts';
import { perMuMetrics, type EconomicFigures, type PerMuMetrics } from './metrics';
import type { EvalClass, ParcelAttributes, Scale } from './parcel';
import type { SquareMetres } from './units';

export interface Enterprise {
  /** `code:<creditCode>`, `name:<enterprise>` or `parcel:<parcelId>`. */
  key: string;
  name: string | null;
  creditCode: string | null;
  /** Indexes into the parcel array. */
  parcels: number[];
  /** `above` when any parcel says 规上, else `below` when any says 规下, else null. */
  scale: Scale | null;
  /** The 亩均效益 class in the data on the first of its parcels (input order) that has one, else null. */
  dataClass: EvalClass | null;
  /** Summed land (m²; null when a parcel's geometry is flagged) and figures. */
  figures: EconomicFigures;
  metrics: PerMuMetrics;
}

/** Credit codes compare trimmed and upper-case. */
function normaliseCode(code: string): string {
  const t = code.trim();
  return /[a-z]/.test(t) ? t.toUpperCase() : t;
}

/** The grouping key of a parcel's enterprise. */
export function enterpriseKey(p: ParcelAttributes): string {
  const code = p.creditCode ? normaliseCode(p.creditCode) : '';
  if (code) return `code:${code}`;
  const name = p.enterprise ? p.enterprise.trim() : '';
  if (name) return `name:${name}`;
  return `parcel:${p.parcelId}`;
}

function addFigure(sum: number | null, value: number | null | undefined): number | null {
  if (value == null || !Number.isFinite(value)) return sum;
  return (sum ?? 0) + value;
}

/** The figures of one parcel alone (its own land, null when unknown, and attributes). */
export function parcelFigures(p: ParcelAttributes, areaM2: SquareMetres | null): EconomicFigures {
  return {
    areaM2,
    tax: addFigure(null, p.tax),
    addedValue: addFigure(null, p.addedValue),
    revenue: addFigure(null, p.revenue),
    rdExpense: addFigure(null, p.rdExpense),
    energyTce: addFigure(null, p.energyTce),
    emissions: addFigure(null, p.emissions),
    electricityKwh: addFigure(null, p.electricityKwh),
    employees: addFigure(null, p.employees),
  };
}

const NO_FIGURES: EconomicFigures = parcelFigures({ parcelId: '' }, 0 as SquareMetres);
const NO_METRICS: PerMuMetrics = perMuMetrics(NO_FIGURES);

export interface EnterpriseGrouping {
  enterprises: Enterprise[];
  /** enterpriseOf[i] = index into `enterprises` of parcel i. */
  enterpriseOf: Int32Array;
}

const FIGURES = 8; // tax, addedValue, revenue, rdExpense, energyTce, emissions, electricityKwh, employees

/**
 * Groups parcels into enterprises and sums their land and figures. `facts[i]` belongs to `parcels[i]`;
 * only their land is read (area and geometry flag), so the grouping can be made before the overlay.
 */
export function groupEnterprises(parcels: readonly ParcelAttributes[], facts: readonly ParcelLand[]): EnterpriseGrouping {
  // Separate maps by kind, keyed by the raw (trimmed) value: no per-parcel string building.
  const byCode = new Map<string, number>();
  const byName = new Map<string, number>();
  const byParcel = new Map<string, number>();
  const enterprises: Enterprise[] = [];
  const enterpriseOf = new Int32Array(parcels.length);
  // Sums go into typed arrays (no boxed numbers per parcel); `known` marks figures some parcel reported.
  let sums = new Float64Array(1024 * FIGURES);
  let known = new Uint8Array(1024 * FIGURES);
  let area = new Float64Array(1024);
  // 1: some parcel of the enterprise has a flagged geometry, so its summed land is unknown.
  let landUnknown = new Uint8Array(1024);
  for (let i = 0; i < parcels.length; i++) {
    const p = parcels[i]!;
    const code = p.creditCode ? normaliseCode(p.creditCode) : '';
    const trimmedName = p.enterprise ? p.enterprise.trim() : '';
    const name = code === '' ? trimmedName : '';
    const map = code !== '' ? byCode : name !== '' ? byName : byParcel;
    const id = code !== '' ? code : name !== '' ? name : p.parcelId;
    let e = map.get(id);
    if (e !== undefined) enterprises[e]!.parcels.push(i);
    else {
      e = enterprises.length;
      map.set(id, e);
      if (e === area.length) {
        sums = grown(sums, new Float64Array(sums.length * 2));
        known = grown(known, new Uint8Array(known.length * 2));
        area = grown(area, new Float64Array(area.length * 2));
        landUnknown = grown(landUnknown, new Uint8Array(landUnknown.length * 2));
      }
      enterprises.push({
        key: code !== '' ? `code:${code}` : name !== '' ? `name:${name}` : `parcel:${p.parcelId}`,
        name: trimmedName || null,
        creditCode: code || null,
        parcels: [i], // a literal of one: an empty array would reserve room for 16 on its first push
        scale: null,
        dataClass: null,
        figures: NO_FIGURES, // replaced once every parcel is summed
        metrics: NO_METRICS,
      });
    }
    enterpriseOf[i] = e;
    const ent = enterprises[e]!;
    if (p.scale === 'above') ent.scale = 'above';
    else if (p.scale === 'below' && ent.scale === null) ent.scale = 'below';
    if (!ent.name && trimmedName) ent.name = trimmedName;
    if (ent.dataClass === null && p.evalClass) ent.dataClass = p.evalClass;
    const f = facts[i];
    if (f?.geometryError) landUnknown[e] = 1;
    else area[e] = area[e]! + (f?.areaM2 ?? 0);
    const o = e * FIGURES;
    add(sums, known, o, p.tax);
    add(sums, known, o + 1, p.addedValue);
    add(sums, known, o + 2, p.revenue);
    add(sums, known, o + 3, p.rdExpense);
    add(sums, known, o + 4, p.energyTce);
    add(sums, known, o + 5, p.emissions);
    add(sums, known, o + 6, p.electricityKwh);
    add(sums, known, o + 7, p.employees);
  }
  for (let e = 0; e < enterprises.length; e++) {
    const o = e * FIGURES;
    const ent = enterprises[e]!;
    const only = ent.parcels.length === 1 ? ent.parcels[0]! : -1;
    // Most enterprises hold one parcel: their figures are that parcel's own numbers (the same values
    // as the sums, taken as they are rather than re-computed, so no new number objects).
    const onlyFacts = only >= 0 ? facts[only] : undefined;
    ent.figures = only >= 0 ? oneParcelFigures(parcels[only]!, onlyFacts ? usableAreaM2(onlyFacts) : 0) : {
      areaM2: landUnknown[e] ? null : area[e]! as SquareMetres,
      tax: sumAt(sums, known, o), addedValue: sumAt(sums, known, o + 1),
      revenue: sumAt(sums, known, o + 2), rdExpense: sumAt(sums, known, o + 3),
      energyTce: sumAt(sums, known, o + 4), emissions: sumAt(sums, known, o + 5),
      electricityKwh: sumAt(sums, known, o + 6), employees: sumAt(sums, known, o + 7),
    };
    ent.metrics = perMuMetrics(ent.figures);
  }
  return { enterprises, enterpriseOf };
}

/** A sum over one value, 0 + value: the value itself, -0 turned into 0; null when not finite. */
function sumOfOne(value: number | null | undefined): number | null {
  if (value == null || !Number.isFinite(value)) return null;
  return value === 0 ? 0 : value;
}

function oneParcelFigures(p: ParcelAttributes, areaM2: number | null): EconomicFigures {
  return {
    areaM2: areaM2 === null ? null : (areaM2 === 0 ? 0 : areaM2) as SquareMetres,
    tax: sumOfOne(p.tax), addedValue: sumOfOne(p.addedValue), revenue: sumOfOne(p.revenue), rdExpense: sumOfOne(p.rdExpense),
    energyTce: sumOfOne(p.energyTce), emissions: sumOfOne(p.emissions), electricityKwh: sumOfOne(p.electricityKwh), employees: sumOfOne(p.employees),
  };
}

function add(sums: Float64Array, known: Uint8Array, at: number, value: number | null | undefined): void {
  if (value == null || !Number.isFinite(value)) return;
  sums[at] = sums[at]! + value;
  known[at] = 1;
}

function sumAt(sums: Float64Array, known: Uint8Array, at: number): number | null {
  return known[at] ? sums[at]! : null;
}

function grown<T extends Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
