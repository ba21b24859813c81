/**
 * Enterprise aggregation (policy-rules.md: "An enterprise on several parcels is evaluated on its
 * summed land"). Parcels belong to one enterprise when they share a 统一社会信用代码, else the same
 * 企业名称; a parcel with neither is an enterprise of its own. Each figure is summed over the parcels
 * that carry it (an enterprise often reports its totals on one parcel only); it stays null only when
 * no parcel of the enterprise has it.
 */
import type { ParcelGeoFacts } from './facts';
import { perMuMetrics, type EconomicFigures, type PerMuMetrics } from './metrics';
import type { ParcelAttributes, Scale } from './parcel';
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
  /** Summed land (m²) and figures. */
  figures: EconomicFigures;
  metrics: PerMuMetrics;
}

const FIGURE_KEYS = ['tax', 'addedValue', 'revenue', 'rdExpense', 'energyTce', 'emissions', 'electricityKwh', 'employees'] as const;
type FigureKey = (typeof FIGURE_KEYS)[number];

/** The grouping key of a parcel's enterprise. */
export function enterpriseKey(p: ParcelAttributes): string {
  const code = p.creditCode?.trim().toUpperCase();
  if (code) return `code:${code}`;
  const name = p.enterprise?.trim();
  if (name) return `name:${name}`;
  return `parcel:${p.parcelId}`;
}

function addFigure(sum: number | null, value: number | null | undefined): number | null {
  if (value == null || !Number.isFinite(value)) return sum;
  return (sum ?? 0) + value;
}

/** The figures of one parcel alone (its own land and attributes). */
export function parcelFigures(p: ParcelAttributes, areaM2: SquareMetres): EconomicFigures {
  const f: EconomicFigures = {
    areaM2, tax: null, addedValue: null, revenue: null, rdExpense: null,
    energyTce: null, emissions: null, electricityKwh: null, employees: null,
  };
  for (const k of FIGURE_KEYS) f[k] = addFigure(null, p[k]);
  return f;
}

export interface EnterpriseGrouping {
  enterprises: Enterprise[];
  /** enterpriseOf[i] = index into `enterprises` of parcel i. */
  enterpriseOf: Int32Array;
}

/** Groups parcels into enterprises and sums their land and figures. `facts[i]` belongs to `parcels[i]`. */
export function groupEnterprises(parcels: readonly ParcelAttributes[], facts: readonly ParcelGeoFacts[]): EnterpriseGrouping {
  const indexByKey = new Map<string, number>();
  const building: Omit<Enterprise, 'metrics'>[] = [];
  const enterpriseOf = new Int32Array(parcels.length);
  for (let i = 0; i < parcels.length; i++) {
    const p = parcels[i]!;
    const key = enterpriseKey(p);
    let e = indexByKey.get(key);
    if (e === undefined) {
      e = building.length;
      indexByKey.set(key, e);
      building.push({
        key,
        name: p.enterprise?.trim() || null,
        creditCode: p.creditCode?.trim().toUpperCase() || null,
        parcels: [],
        scale: null,
        figures: parcelFigures({ parcelId: p.parcelId }, 0 as SquareMetres),
      });
    }
    enterpriseOf[i] = e;
    const ent = building[e]!;
    ent.parcels.push(i);
    if (p.scale === 'above') ent.scale = 'above';
    else if (p.scale === 'below' && ent.scale === null) ent.scale = 'below';
    if (!ent.name && p.enterprise?.trim()) ent.name = p.enterprise.trim();
    const f = ent.figures;
    f.areaM2 = (f.areaM2 + (facts[i]?.areaM2 ?? 0)) as SquareMetres;
    for (const k of FIGURE_KEYS) f[k as FigureKey] = addFigure(f[k], p[k]);
  }
  const enterprises = building.map((ent) => ({ ...ent, metrics: perMuMetrics(ent.figures) }));
  return { enterprises, enterpriseOf };
}
