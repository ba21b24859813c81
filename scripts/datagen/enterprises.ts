/**
 * Groups parcels into enterprises (most hold one parcel, some 2–4 neighbouring ones) and gives each its
 * identity, industry, scale and the role it plays in the pipeline (idle, low-efficiency, …).
 */
import { muFromM2, squareMetres } from '../../src/domain/units';
import type { Ownership, Scale } from '../../src/domain/parcel';
import type { ParcelShape } from './layout';
import type { Rng } from './rng';
import type { Town } from './towns';
import { makeCreditCode, makeEnterpriseName } from './enterprise';

export const INDUSTRIES = ['服装', '鞋革', '眼镜', '智能锁', '食品', '纸包装', '汽摩配', '泵阀', '电气', '生命健康', '数字经济', '光电', '新材料'] as const;
const BASE_WEIGHT: Record<string, number> = {
  服装: 12, 鞋革: 14, 眼镜: 8, 智能锁: 6, 食品: 5, 纸包装: 6, 汽摩配: 13, 泵阀: 8, 电气: 9, 生命健康: 4, 数字经济: 3, 光电: 4, 新材料: 5,
};
/** Local specialities (multipliers on BASE_WEIGHT). */
const TOWN_BOOST: Record<string, Record<string, number>> = {
  娄桥街道: { 汽摩配: 2, 电气: 1.5, 新材料: 1.5 }, 新桥街道: { 服装: 2, 鞋革: 1.5, 光电: 1.5 }, 梧田街道: { 眼镜: 2, 智能锁: 2, 数字经济: 1.5 },
  仙岩街道: { 汽摩配: 2, 泵阀: 2 }, 丽岙街道: { 鞋革: 2, 服装: 1.5 }, 潘桥街道: { 智能锁: 2, 汽摩配: 1.5 }, 郭溪街道: { 鞋革: 2, 眼镜: 1.5 },
  瞿溪街道: { 鞋革: 1.5, 纸包装: 2 }, 南白象街道: { 生命健康: 2.5, 数字经济: 2 }, 茶山街道: { 新材料: 2, 光电: 2 },
};
const PRIORITY_ALWAYS = new Set(['生命健康', '数字经济', '光电', '新材料']);
/** 先进制造业 share of firms in other industries flagged as priority. */
const PRIORITY_SOMETIMES: Record<string, number> = { 智能锁: 0.35, 电气: 0.25, 汽摩配: 0.15, 泵阀: 0.15 };

/** What the enterprise's land is doing, for the pipeline: exclusive roles chosen by area budgets. */
export type Role = 'normal' | 'idle' | 'pending' | 'low-efficiency' | 'd-class' | 'under-used';

export interface Enterprise {
  index: number;
  parcels: number[];
  landMu: number;
  name: string;
  creditCode: string;
  industry: string;
  priority: boolean;
  scale: Scale;
  ownership: Ownership;
  role: Role;
  /** A firm in a 小微企业园 block. */
  micro: boolean;
}

function groupParcels(parcels: readonly ParcelShape[], rng: Rng): number[][] {
  const groups: number[][] = [];
  for (let i = 0; i < parcels.length; ) {
    let k = 1;
    if (!parcels[i]!.micro && rng.chance(0.06)) k = rng.int(2, 4);
    const g = [i];
    while (g.length < k && i + g.length < parcels.length && parcels[i + g.length]!.clusterIndex === parcels[i]!.clusterIndex) g.push(i + g.length);
    groups.push(g);
    i += g.length;
  }
  return groups;
}

export function buildEnterprises(parcels: readonly ParcelShape[], towns: readonly Town[], rng: Rng): Enterprise[] {
  const used = new Set<string>();
  const codes = new Set<string>();
  const groups = groupParcels(parcels, rng);
  const list = groups.map((g, index) => {
    const first = parcels[g[0]!]!;
    const townName = towns[first.townIndex]!.name;
    const boost = TOWN_BOOST[townName] ?? {};
    const industry = rng.weighted(INDUSTRIES.map((k) => [k, BASE_WEIGHT[k]! * (boost[k] ?? 1)] as const));
    const landMu = g.reduce((s, i) => s + muFromM2(squareMetres(parcels[i]!.areaM2)), 0);
    let code = makeCreditCode(rng);
    while (codes.has(code)) code = makeCreditCode(rng);
    codes.add(code);
    return {
      index, parcels: g, landMu, name: '', creditCode: code, industry,
      priority: PRIORITY_ALWAYS.has(industry) || rng.chance(PRIORITY_SOMETIMES[industry] ?? 0),
      scale: 'below' as Scale,
      ownership: rng.weighted<Ownership>([['private', 92], ['foreign', 4], ['state', 2], ['other', 2]]),
      role: 'normal' as Role,
      micro: first.micro,
      sizeKey: landMu * rng.lognormal(1, 0.45),
    };
  });
  // 规上: the top ~27 % by land (with noise), which ends up holding ~60 % of the land; 小微园 firms stay 规下.
  const ranked = list.filter((e) => !e.micro).sort((a, b) => b.sizeKey - a.sizeKey || a.index - b.index);
  const nAbove = Math.round(list.length * 0.27);
  for (const e of ranked.slice(0, nAbove)) e.scale = 'above';
  for (const e of list) e.name = makeEnterpriseName(e.industry, e.scale === 'above', rng, used);
  return list.map(({ sizeKey: _sizeKey, ...e }) => e);
}

/** Area budgets (share of all industrial land) for each pipeline role; tuned so the pipeline ≈ 1.5 × 600 亩. */
export const ROLE_BUDGET = { idle: 0.0095, pending: 0.0015, lowEfficiency: 0.0095, dClass: 0.001 } as const;

/** Assigns the exclusive roles by drawing enterprises until each role's land budget is met. */
export function assignRoles(list: Enterprise[], rng: Rng): void {
  const total = list.reduce((s, e) => s + e.landMu, 0);
  const take = (role: Role, budget: number, ok: (e: Enterprise) => boolean) => {
    let sum = 0;
    for (const e of rng.shuffle(list)) {
      if (sum >= budget * total) break;
      if (e.role !== 'normal' || !ok(e)) continue;
      e.role = role;
      sum += e.landMu;
    }
  };
  const single = (e: Enterprise) => e.parcels.length === 1 && !e.micro;
  take('idle', ROLE_BUDGET.idle, (e) => single(e) && e.scale === 'below' && e.landMu <= 12);
  take('pending', ROLE_BUDGET.pending, (e) => single(e) && e.scale === 'below' && e.landMu <= 8);
  // Low-efficiency firms are mostly small, below-scale ones; a few 规上 firms are too.
  take('low-efficiency', ROLE_BUDGET.lowEfficiency * 0.8, (e) => e.scale === 'below' && e.landMu <= 30);
  take('low-efficiency', ROLE_BUDGET.lowEfficiency * 0.2, (e) => e.scale === 'above' && e.landMu <= 40);
  take('d-class', ROLE_BUDGET.dClass, (e) => e.landMu <= 15);
}
