/**
 * Parcel geometry: industrial clusters of road blocks (a rotated grid per cluster, 15–40 m roads),
 * each block split into parcels by recursive subdivision, every block wholly inside one town cell.
 * A few parcels are L-shaped, chamfered, two-piece (MultiPolygon) or holed, as real cadastres are.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { planarArea } from '../../src/geo/area';
import { M2_PER_MU } from '../../src/domain/units';
import type { Rng } from './rng';
import { prepare, rectArea, rectCorners, rectHeight, rectWidth, ringInside, ringToWorld, roundMm, pointInRings, type Frame, type PreparedPolygon, type Rect } from './geometry';
import type { Town } from './towns';

export type ShapeKind = 'rect' | 'L' | 'chamfer' | 'multi' | 'hole';

export interface ParcelShape {
  townIndex: number;
  clusterIndex: number;
  frame: Frame;
  /** The subdivision leaf the parcel came from (local metres). */
  rect: Rect;
  kind: ShapeKind;
  geometry: Polygon | MultiPolygon;
  /** Local rectangles where buildings may stand. */
  buildable: Rect[];
  areaM2: number;
  /** In a 小微企业园 block. */
  micro: boolean;
}

export interface Cluster {
  townIndex: number;
  frame: Frame;
  blocks: Rect[];
  /** Indices into `blocks` that form a 小微企业园. */
  microBlocks: number[];
  devZone: boolean;
  extent: Rect;
}

/** Share of parcels per town (经济开发区 towns first; little in 泽雅, 景山, 三垟). */
export const TOWN_WEIGHTS: Record<string, number> = {
  娄桥街道: 0.17, 新桥街道: 0.11, 梧田街道: 0.13, 仙岩街道: 0.1, 丽岙街道: 0.09, 潘桥街道: 0.09,
  郭溪街道: 0.07, 瞿溪街道: 0.08, 南白象街道: 0.06, 茶山街道: 0.06, 泽雅镇: 0.02, 景山街道: 0.01, 三垟街道: 0.01,
};
export const DEV_ZONE_TOWNS = ['娄桥街道', '新桥街道', '梧田街道'];

/** Linear size factor: 1 up to 6,000 parcels, smaller beyond so 100k parcels still fit in the district. */
export const sizeScaleFor = (n: number): number => (n <= 6000 ? 1 : Math.sqrt(6000 / n));

const MIN_MU = 1.05;
const MAX_MU = 148;

function subdivide(r: Rect, rng: Rng, s2: number, micro: boolean, out: Rect[]): void {
  const a = rectArea(r) / M2_PER_MU / s2; // in unscaled 亩
  const target = micro ? rng.lognormal(2.6, 0.35) : rng.chance(0.02) ? rng.uniform(60, MAX_MU) : rng.lognormal(9, 1.05);
  const mustSplit = a > MAX_MU;
  if (!mustSplit && a <= Math.max(target * 1.4, MIN_MU * 2.2)) {
    out.push(r);
    return;
  }
  const w = rectWidth(r);
  const h = rectHeight(r);
  const ratio = rng.uniform(0.33, 0.67);
  const alongU = w >= h;
  const [p, q]: [Rect, Rect] = alongU
    ? [{ ...r, u1: r.u0 + w * ratio }, { ...r, u0: r.u0 + w * ratio }]
    : [{ ...r, v1: r.v0 + h * ratio }, { ...r, v0: r.v0 + h * ratio }];
  const minSide = 16 * Math.sqrt(s2);
  const ok = [p, q].every((x) => rectArea(x) / M2_PER_MU / s2 >= MIN_MU && Math.min(rectWidth(x), rectHeight(x)) >= minSide);
  if (!ok) {
    out.push(r);
    return;
  }
  subdivide(p, rng, s2, micro, out);
  subdivide(q, rng, s2, micro, out);
}

function polygonFromRings(f: Frame, rings: (readonly (readonly [number, number])[])[]): Position[][] {
  return rings.map((r) => ringToWorld(f, r).map(roundMm));
}

/** Turns a leaf rectangle into its final shape; most stay rectangles. */
function shapeParcel(r: Rect, f: Frame, rng: Rng, s2: number): { kind: ShapeKind; geometry: Polygon | MultiPolygon; buildable: Rect[] } {
  const w = rectWidth(r), h = rectHeight(r);
  const big = rectArea(r) / M2_PER_MU / s2 >= 4;
  const roll = rng.next();
  const rect = (): Polygon => ({ type: 'Polygon', coordinates: polygonFromRings(f, [rectCorners(r)]) });
  if (!big || roll < 0.88) return { kind: 'rect', geometry: rect(), buildable: [r] };
  if (roll < 0.93) {
    // L-shape: a corner notch (other land) cut out of the top-right.
    const nu = r.u1 - w * rng.uniform(0.3, 0.45), nv = r.v1 - h * rng.uniform(0.3, 0.45);
    const ring: [number, number][] = [[r.u0, r.v0], [r.u1, r.v0], [r.u1, nv], [nu, nv], [nu, r.v1], [r.u0, r.v1]];
    return { kind: 'L', geometry: { type: 'Polygon', coordinates: polygonFromRings(f, [ring]) }, buildable: [{ ...r, v1: nv }] };
  }
  if (roll < 0.975) {
    // Irregular: one corner cut by a slanted line (a river bank or an old road).
    const cu = w * rng.uniform(0.2, 0.5), cv = h * rng.uniform(0.2, 0.5);
    const ring: [number, number][] = [[r.u0, r.v0], [r.u1, r.v0], [r.u1, r.v1 - cv], [r.u1 - cu, r.v1], [r.u0, r.v1]];
    return { kind: 'chamfer', geometry: { type: 'Polygon', coordinates: polygonFromRings(f, [ring]) }, buildable: [{ ...r, v1: r.v1 - cv }] };
  }
  if (roll < 0.988) {
    // Two pieces either side of a 6–10 m lane, one parcel id.
    const long = w >= h;
    const lane = rng.uniform(6, 10);
    const mid = long ? r.u0 + w * rng.uniform(0.4, 0.6) : r.v0 + h * rng.uniform(0.4, 0.6);
    const a: Rect = long ? { ...r, u1: mid - lane / 2 } : { ...r, v1: mid - lane / 2 };
    const b: Rect = long ? { ...r, u0: mid + lane / 2 } : { ...r, v0: mid + lane / 2 };
    return { kind: 'multi', geometry: { type: 'MultiPolygon', coordinates: [polygonFromRings(f, [rectCorners(a)]), polygonFromRings(f, [rectCorners(b)])] }, buildable: [a, b] };
  }
  // A hole (a substation or someone else's plot) in the right part.
  const hole: Rect = { u0: r.u0 + w * 0.62, u1: r.u0 + w * 0.86, v0: r.v0 + h * 0.3, v1: r.v0 + h * 0.7 };
  const holeRing = rectCorners(hole).reverse();
  return { kind: 'hole', geometry: { type: 'Polygon', coordinates: polygonFromRings(f, [rectCorners(r), holeRing]) }, buildable: [{ ...r, u1: r.u0 + w * 0.56 }] };
}

function buildCluster(town: PreparedPolygon, center: Position, rng: Rng, s: number, devZone: boolean, townIndex: number): Cluster | null {
  // Smaller blocks for huge sets (s < 1), but as many more of them: clusters keep their footprint.
  const cols = Math.round((devZone ? rng.int(5, 8) : rng.int(2, 6)) / s);
  const rows = Math.round((devZone ? rng.int(3, 6) : rng.int(2, 4)) / s);
  const widths = Array.from({ length: cols }, () => rng.uniform(180, 380) * s);
  const heights = Array.from({ length: rows }, () => rng.uniform(110, 260) * s);
  const roadsU = Array.from({ length: cols - 1 }, () => rng.uniform(15, 40));
  const roadsV = Array.from({ length: rows - 1 }, () => rng.uniform(15, 40));
  const totalW = widths.reduce((a, b) => a + b, 0) + roadsU.reduce((a, b) => a + b, 0);
  const totalH = heights.reduce((a, b) => a + b, 0) + roadsV.reduce((a, b) => a + b, 0);
  const frame: Frame = { x: center[0]!, y: center[1]!, angle: rng.uniform(-0.45, 0.45) + (rng.chance(0.3) ? Math.PI / 2 : 0) };
  const blocks: Rect[] = [];
  let u = -totalW / 2;
  for (let i = 0; i < cols; i++) {
    let v = -totalH / 2;
    for (let j = 0; j < rows; j++) {
      const b: Rect = { u0: u, v0: v, u1: u + widths[i]!, v1: v + heights[j]! };
      v = b.v1 + (roadsV[j] ?? 0);
      if (!devZone && rng.chance(0.1)) continue; // a village or a pond where a block would be
      if (ringInside(ringToWorld(frame, rectCorners(b)), town)) blocks.push(b);
    }
    u += widths[i]! + (roadsU[i] ?? 0);
  }
  if (blocks.length < 2) return null;
  const microBlocks = !devZone && rng.chance(0.3) ? [rng.int(0, blocks.length - 1)] : [];
  return { townIndex, frame, blocks, microBlocks, devZone, extent: { u0: -totalW / 2, v0: -totalH / 2, u1: totalW / 2, v1: totalH / 2 } };
}

/** Spreads n parcels over the towns by TOWN_WEIGHTS (largest remainders), in CSV order. */
function townQuotas(towns: readonly Town[], n: number): number[] {
  const w = towns.map((t) => TOWN_WEIGHTS[t.name] ?? 0.01);
  const sum = w.reduce((a, b) => a + b, 0);
  const raw = w.map((x) => (x / sum) * n);
  const q = raw.map(Math.floor);
  const order = raw.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; q.reduce((a, b) => a + b, 0) < n; k++) q[order[k % order.length]![1]]! += 1;
  return q;
}

/** Lays out exactly n parcels (fewer only if the district is full). */
export function layoutParcels(towns: readonly Town[], n: number, rng: Rng): { parcels: ParcelShape[]; clusters: Cluster[] } {
  const s = sizeScaleFor(n);
  const s2 = s * s;
  const quotas = townQuotas(towns, n);
  const parcels: ParcelShape[] = [];
  const clusters: Cluster[] = [];
  const placed: { x: number; y: number; r: number }[] = [];
  // Biggest quotas first, so spill-over from a full town goes to the others.
  const order = towns.map((_, i) => i).sort((a, b) => quotas[b]! - quotas[a]! || a - b);
  let carry = 0;
  for (const ti of order) {
    const town = towns[ti]!;
    const prepared = prepare(town.cell);
    let want = quotas[ti]! + carry;
    let attempts = 0;
    let first = true;
    while (want > 0 && attempts < 4000 + quotas[ti]! / 10) {
      attempts++;
      const sd = (900 + attempts * 25) * Math.max(s, 0.5);
      const c: Position = [town.seed[0]! + rng.normal() * sd, town.seed[1]! + rng.normal() * sd];
      if (!pointInRings(c, prepared.rings)) continue;
      const devZone = first && DEV_ZONE_TOWNS.includes(town.name);
      const cluster = buildCluster(prepared, c, rng, s, devZone, ti);
      if (!cluster) continue;
      const radius = Math.hypot(rectWidth(cluster.extent), rectHeight(cluster.extent)) / 2 + 20;
      if (placed.some((p) => Math.hypot(p.x - c[0]!, p.y - c[1]!) < p.r + radius)) continue;
      placed.push({ x: c[0]!, y: c[1]!, r: radius });
      first = false;
      const ci = clusters.length;
      clusters.push(cluster);
      const keptBlocks: Rect[] = [];
      for (let bi = 0; bi < cluster.blocks.length && want > 0; bi++) {
        const block = cluster.blocks[bi]!;
        const micro = cluster.microBlocks.includes(bi);
        const leaves: Rect[] = [];
        subdivide(block, rng, s2, micro, leaves);
        for (const leaf of leaves) {
          if (want === 0) break;
          const shaped = shapeParcel(leaf, cluster.frame, rng, s2);
          parcels.push({ townIndex: ti, clusterIndex: ci, frame: cluster.frame, rect: leaf, micro, ...shaped, areaM2: planarArea(shaped.geometry) });
          want--;
        }
        keptBlocks.push(block);
      }
      cluster.microBlocks = cluster.microBlocks.filter((i) => i < keptBlocks.length);
      cluster.blocks = keptBlocks;
    }
    carry = want;
  }
  return { parcels, clusters };
}
