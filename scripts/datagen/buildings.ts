/**
 * Building footprints inside a parcel's buildable rectangles, sized to a target building coverage
 * (footprint / parcel area). Real-data quirks on purpose: a few buildings cross the parcel edge, a few
 * annexes overlap their main building, and some footprints carry no parcel id.
 */
import type { Polygon } from 'geojson';
import { rectArea, rectCorners, rectHeight, rectWidth, ringToWorld, roundMm, type Rect } from './geometry';
import type { ParcelShape } from './layout';
import type { Rng } from './rng';

export interface BuildingPlan {
  /** Target footprint / parcel area (0 = no buildings). */
  coverage: number;
  /** Mean storeys. */
  floors: number;
  buildYear: number | null;
  /** Allow the real-data quirks (crossing, annex, missing id) on this parcel. */
  quirks: boolean;
  /** Linear size factor of the layout (1 for the district set; < 1 for huge sets). */
  sizeScale?: number;
}

export interface Building {
  geometry: Polygon;
  floors: number;
  buildYear: number | null;
  /** Index of the host parcel; −1 never occurs (every building is generated inside a parcel). */
  host: number;
  /** The parcelId property is left empty (a data gap) although the building has a host. */
  missingId: boolean;
  footprintM2: number;
  /** Footprint inside the host parcel (differs from footprintM2 only for crossing buildings). */
  insideM2: number;
}

function shrink(r: Rect, d: number): Rect {
  return { u0: r.u0 + d, v0: r.v0 + d, u1: r.u1 - d, v1: r.v1 - d };
}

/** Lays out the footprints of one parcel; returns them with their floors and areas. */
export function buildingsFor(p: ParcelShape, host: number, plan: BuildingPlan, rng: Rng): Building[] {
  if (plan.coverage <= 0) return [];
  const out: Building[] = [];
  const buildableArea = p.buildable.reduce((s, r) => s + rectArea(r), 0);
  const floorsOf = () => Math.max(1, Math.round(plan.floors + rng.uniform(-1, 1)));
  const yearOf = () => (plan.buildYear === null ? null : Math.min(2022, plan.buildYear + (rng.chance(0.2) ? rng.int(1, 8) : 0)));
  for (const r of p.buildable) {
    const want = (plan.coverage * p.areaM2 * rectArea(r)) / buildableArea;
    const inner = shrink(r, Math.min(8, 0.1 * Math.min(rectWidth(r), rectHeight(r))));
    const long = rectWidth(inner) >= rectHeight(inner);
    const W = long ? rectWidth(inner) : rectHeight(inner);
    const H = long ? rectHeight(inner) : rectWidth(inner);
    const gap = Math.min(10, 0.06 * W);
    // ~3 buildings per parcel: workshops, a warehouse, an office block.
    const s2 = (plan.sizeScale ?? 1) ** 2;
    let k = Math.min(6, rng.int(1, 4) + (want > 3000 * s2 ? 1 : 0) + (want > 8000 * s2 ? 1 : 0));
    while (k > 1 && (W - (k - 1) * gap) / k < Math.max(4 * (plan.sizeScale ?? 1), 0.08 * W)) k--;
    const w = (W - (k - 1) * gap) / k;
    const depth = Math.min(H, want / (k * w));
    if (depth < 2) continue;
    for (let i = 0; i < k; i++) {
      const a0 = i * (w + gap);
      const b0 = (H - depth) * rng.next();
      const local: Rect = long
        ? { u0: inner.u0 + a0, u1: inner.u0 + a0 + w, v0: inner.v0 + b0, v1: inner.v0 + b0 + depth }
        : { v0: inner.v0 + a0, v1: inner.v0 + a0 + w, u0: inner.u0 + b0, u1: inner.u0 + b0 + depth };
      let rect = local;
      let insideM2 = rectArea(local);
      if (plan.quirks && p.kind === 'rect' && rng.chance(0.012)) {
        // Crosses the parcel edge: drawn over the neighbouring road or plot.
        const over = rng.uniform(2, 6);
        rect = { ...local, u1: p.rect.u1 + over };
        insideM2 = (p.rect.u1 - local.u0) * rectHeight(local);
      }
      out.push(make(p, rect, host, floorsOf(), yearOf(), insideM2, plan.quirks && rng.chance(0.02)));
      if (plan.quirks && rng.chance(0.015)) {
        // An annex overlapping the main building's corner.
        const s = Math.min(rng.uniform(6, 12), rectWidth(local) / 2, rectHeight(local) / 2);
        const annex: Rect = { u0: local.u1 - s / 2, u1: local.u1 + s / 2, v0: local.v0 + s / 3, v1: local.v0 + s / 3 + s };
        out.push(make(p, annex, host, 1, yearOf(), rectArea(annex) / 2, false));
      }
    }
  }
  return out;
}

function make(p: ParcelShape, r: Rect, host: number, floors: number, buildYear: number | null, insideM2: number, missingId: boolean): Building {
  const geometry: Polygon = { type: 'Polygon', coordinates: [ringToWorld(p.frame, rectCorners(r)).map(roundMm)] };
  return { geometry, floors, buildYear, host, missingId, footprintM2: rectArea(r), insideM2 };
}
