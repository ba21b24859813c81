/**
 * 工业区块线 (industrial block lines) and 园区 (parks) drawn around the generated clusters. Block lines
 * cover most industrial land but not all: some clusters have none, and their edges are pulled in so
 * they cut through parcels, as the real lines (drawn on planning maps, not on cadastres) do.
 */
import type { Feature, Polygon } from 'geojson';
import { rectCorners, ringToWorld, roundMm, type Rect } from './geometry';
import type { Cluster } from './layout';
import type { Rng } from './rng';
import type { Town } from './towns';
import type { Props } from './fgb';

const shortName = (t: Town) => t.name.replace(/(街道|镇)$/, '');

function extentOf(blocks: readonly Rect[], margin: number): Rect {
  return {
    u0: Math.min(...blocks.map((b) => b.u0)) - margin, v0: Math.min(...blocks.map((b) => b.v0)) - margin,
    u1: Math.max(...blocks.map((b) => b.u1)) + margin, v1: Math.max(...blocks.map((b) => b.v1)) + margin,
  };
}

function polygonOf(c: Cluster, r: Rect): Polygon {
  return { type: 'Polygon', coordinates: [ringToWorld(c.frame, rectCorners(r)).map(roundMm)] };
}

export function buildBlocklines(clusters: readonly Cluster[], towns: readonly Town[], rng: Rng): Feature<Polygon, Props>[] {
  const seq = new Map<number, number>();
  const out: Feature<Polygon, Props>[] = [];
  for (const c of clusters) {
    if (c.blocks.length === 0 || (!c.devZone && rng.chance(0.15))) continue;
    const r = extentOf(c.blocks, 5);
    const w = r.u1 - r.u0, h = r.v1 - r.v0;
    // Pull one or two sides in, through the parcels along that edge.
    const sides = rng.shuffle(['u0', 'u1', 'v0', 'v1'] as const).slice(0, rng.int(1, 2));
    for (const s of sides) {
      const d = (s[0] === 'u' ? w : h) * rng.uniform(0.04, 0.2);
      r[s] += s.endsWith('0') ? d : -d;
    }
    const n = (seq.get(c.townIndex) ?? 0) + 1;
    seq.set(c.townIndex, n);
    const level = c.devZone || c.blocks.length >= 10 || rng.chance(0.3) ? '一级' : '二级';
    out.push({ type: 'Feature', properties: { name: `${shortName(towns[c.townIndex]!)}工业区块线-${String(n).padStart(2, '0')}`, level }, geometry: polygonOf(c, r) });
  }
  return out;
}

export function buildParks(clusters: readonly Cluster[], towns: readonly Town[]): Feature<Polygon, Props>[] {
  const out: Feature<Polygon, Props>[] = [];
  const microSeq = new Map<number, number>();
  const zoneSeq = new Map<number, number>();
  for (const c of clusters) {
    const town = shortName(towns[c.townIndex]!);
    if (c.devZone && c.blocks.length > 0) {
      const n = (zoneSeq.get(c.townIndex) ?? 0) + 1;
      zoneSeq.set(c.townIndex, n);
      out.push({ type: 'Feature', properties: { name: `瓯海经济开发区${town}片区${n > 1 ? n : ''}`, kind: '经济开发区' }, geometry: polygonOf(c, extentOf(c.blocks, 10)) });
    }
    for (const bi of c.microBlocks) {
      const block = c.blocks[bi];
      if (!block) continue;
      const n = (microSeq.get(c.townIndex) ?? 0) + 1;
      microSeq.set(c.townIndex, n);
      out.push({ type: 'Feature', properties: { name: `瓯海${town}小微企业园${n > 1 ? `${n}期` : ''}`, kind: '小微企业园' }, geometry: polygonOf(c, extentOf([block], 4)) });
    }
  }
  return out;
}
