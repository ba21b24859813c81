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
import type { ParcelLand } from './facts';
import { FIGURE_KEYS, METRIC_KEYS, nullIfNaN, perMuMetrics, perMuMetricsInto, type EconomicFigures, type FigureKey, type MetricKey, type PerMuMetrics } from './metrics';
import type { EvalClass, ParcelAttributes, Scale } from './parcel';
import { StringIds } from './string-ids';
import type { SquareMetres } from './units';

const FIGURES = FIGURE_KEYS.length;
const METRICS = METRIC_KEYS.length;
const FIGURE_AT = Object.fromEntries(FIGURE_KEYS.map((k, i) => [k, i])) as Record<FigureKey, number>;
const METRIC_AT = Object.fromEntries(METRIC_KEYS.map((k, i) => [k, i])) as Record<MetricKey, number>;

/**
 * Every enterprise's summed figures and their metrics, as columns (NaN: null). Objects per enterprise,
 * with their numbers boxed one by one, lived as long as the run: at 100k parcels the CLI took ~0.2 s
 * longer with them (6 alternated runs).
 */
interface EnterpriseTable {
  figures: Float64Array;
  metrics: Float64Array;
}

export class Enterprise {
  readonly #table: EnterpriseTable;
  readonly #at: number;

  /** What the key is made of: `code`, `name` or `parcel`, and that code, name or parcel id. */
  readonly #keyKind: 'code' | 'name' | 'parcel';
  readonly #keyId: string;

  constructor(
    keyKind: 'code' | 'name' | 'parcel',
    keyId: string,
    public name: string | null,
    readonly creditCode: string | null,
    /** Indexes into the parcel array. */
    readonly parcels: number[],
    table: EnterpriseTable,
    at: number,
  ) {
    this.#table = table;
    this.#at = at;
    this.#keyKind = keyKind;
    this.#keyId = keyId;
  }

  /** `code:<creditCode>`, `name:<enterprise>` or `parcel:<parcelId>`: made when asked (one string per enterprise, 89k at 100k parcels, that few readers need). */
  get key(): string {
    return `${this.#keyKind}:${this.#keyId}`;
  }

  /** `above` when any parcel says 规上, else `below` when any says 规下, else null. */
  scale: Scale | null = null;
  /** The 亩均效益 class in the data on the first of its parcels (input order) that has one, else null. */
  dataClass: EvalClass | null = null;

  /** One summed figure (land in m², null when a parcel's geometry is flagged). */
  figure(k: FigureKey): number | null {
    return nullIfNaN(this.#table.figures[this.#at * FIGURES + FIGURE_AT[k]]!);
  }

  /** The summed land, m²; null when a parcel's geometry is flagged. */
  landM2(): SquareMetres | null {
    return this.figure('areaM2') as SquareMetres | null;
  }

  /** One metric of the summed figures. */
  metric(k: MetricKey): number | null {
    return this.metricAt(METRIC_AT[k]);
  }

  /** Metric METRIC_KEYS[slot] (a loop over the metrics reads them by slot). */
  metricAt(slot: number): number | null {
    return nullIfNaN(this.#table.metrics[this.#at * METRICS + slot]!);
  }

  /** The summed land and figures, as an object made anew (for tests and the odd reader). */
  get figures(): EconomicFigures {
    return Object.fromEntries(FIGURE_KEYS.map((k) => [k, this.figure(k)])) as unknown as EconomicFigures;
  }

  /** The metrics, as an object made anew. */
  get metrics(): PerMuMetrics {
    return perMuMetrics(this.figures);
  }
}

/** The kinds of enterprise key, by their numbers in groupEnterprises. */
const KEY_KINDS = ['code', 'name', 'parcel'] as const;

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

export interface EnterpriseGrouping {
  enterprises: Enterprise[];
  /** enterpriseOf[i] = index into `enterprises` of parcel i. */
  enterpriseOf: Int32Array;
}

/**
 * Groups parcels into enterprises and sums their land and figures. `facts[i]` belongs to `parcels[i]`;
 * only their land is read (area and geometry flag), so the grouping can be made before the overlay.
 */
export function groupEnterprises(parcels: readonly ParcelAttributes[], facts: readonly ParcelLand[]): EnterpriseGrouping {
  // Numbered by kind (code, name, parcel id) and the raw (trimmed) value: no per-parcel string building.
  const ids = new StringIds(parcels.length);
  const enterprises: Enterprise[] = [];
  const enterpriseOf = new Int32Array(parcels.length);
  const table: EnterpriseTable = { figures: new Float64Array(0), metrics: new Float64Array(0) };
  // Sums go into typed arrays (no boxed numbers per parcel); `known` marks figures some parcel reported.
  // Slot 0 of each enterprise is its land: area, and landUnknown = 1 when some parcel's geometry is flagged.
  let sums = new Float64Array(1024 * FIGURES);
  let known = new Uint8Array(1024 * FIGURES);
  let landUnknown = new Uint8Array(1024);
  for (let i = 0; i < parcels.length; i++) {
    const p = parcels[i]!;
    const code = p.creditCode ? normaliseCode(p.creditCode) : '';
    const trimmedName = p.enterprise ? p.enterprise.trim() : '';
    const name = code === '' ? trimmedName : '';
    const kind = code !== '' ? 0 : name !== '' ? 1 : 2;
    const id = code !== '' ? code : name !== '' ? name : p.parcelId;
    const e = ids.idOf(kind, id);
    if (e < enterprises.length) enterprises[e]!.parcels.push(i);
    else {
      if (e === landUnknown.length) {
        sums = grown(sums, new Float64Array(sums.length * 2));
        known = grown(known, new Uint8Array(known.length * 2));
        landUnknown = grown(landUnknown, new Uint8Array(landUnknown.length * 2));
      }
      // parcels: a literal of one, as an empty array would reserve room for 16 on its first push.
      enterprises.push(new Enterprise(KEY_KINDS[kind]!, id, trimmedName || null, code || null, [i], table, e));
    }
    enterpriseOf[i] = e;
    const ent = enterprises[e]!;
    if (p.scale === 'above') ent.scale = 'above';
    else if (p.scale === 'below' && ent.scale === null) ent.scale = 'below';
    if (!ent.name && trimmedName) ent.name = trimmedName;
    if (ent.dataClass === null && p.evalClass) ent.dataClass = p.evalClass;
    const f = facts[i];
    const o = e * FIGURES;
    if (f?.geometryError) landUnknown[e] = 1;
    else sums[o] = sums[o]! + (f?.areaM2 ?? 0);
    add(sums, known, o + 1, p.tax);
    add(sums, known, o + 2, p.addedValue);
    add(sums, known, o + 3, p.revenue);
    add(sums, known, o + 4, p.rdExpense);
    add(sums, known, o + 5, p.energyTce);
    add(sums, known, o + 6, p.emissions);
    add(sums, known, o + 7, p.electricityKwh);
    add(sums, known, o + 8, p.employees);
  }
  const n = enterprises.length;
  const figures = new Float64Array(n * FIGURES);
  const metrics = new Float64Array(n * METRICS);
  // One object the metrics are worked out from, refilled per enterprise (its number fields are overwritten in place).
  const scratch: EconomicFigures = { areaM2: null, tax: null, addedValue: null, revenue: null, rdExpense: null, energyTce: null, emissions: null, electricityKwh: null, employees: null };
  for (let e = 0; e < n; e++) {
    const o = e * FIGURES;
    // Known land is a sum of areas, so 0 for an enterprise without any (as before: never null unless flagged).
    figures[o] = landUnknown[e] ? NaN : sums[o]! === 0 ? 0 : sums[o]!;
    for (let k = 1; k < FIGURES; k++) figures[o + k] = known[o + k] ? sums[o + k]! : NaN;
    fillFigures(scratch, figures, o);
    perMuMetricsInto(scratch, metrics, e * METRICS);
  }
  table.figures = figures;
  table.metrics = metrics;
  return { enterprises, enterpriseOf };
}

/** Copies the figures at `o` (NaN: null) into `f`. */
function fillFigures(f: EconomicFigures, figures: Float64Array, o: number): void {
  f.areaM2 = nullIfNaN(figures[o]!) as SquareMetres | null;
  f.tax = nullIfNaN(figures[o + 1]!);
  f.addedValue = nullIfNaN(figures[o + 2]!);
  f.revenue = nullIfNaN(figures[o + 3]!);
  f.rdExpense = nullIfNaN(figures[o + 4]!);
  f.energyTce = nullIfNaN(figures[o + 5]!);
  f.emissions = nullIfNaN(figures[o + 6]!);
  f.electricityKwh = nullIfNaN(figures[o + 7]!);
  f.employees = nullIfNaN(figures[o + 8]!);
}

function add(sums: Float64Array, known: Uint8Array, at: number, value: number | null | undefined): void {
  if (value == null || !Number.isFinite(value)) return;
  sums[at] = sums[at]! + value;
  known[at] = 1;
}

function grown<T extends Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * The share of `ent`'s land that `m2` of it is (a parcel, or its part in a zone), or null when the enterprise's
 * land is unknown (a flagged geometry) or 0. An enterprise's figures are often reported on one of its parcels:
 * summaries by parcel (towns, stages, zones) carry them by this share, whichever parcel reports them.
 */
export function landShareOf(ent: Enterprise, m2: number): number | null {
  const land = ent.landM2();
  return land !== null && land > 0 ? m2 / land : null;
}
