/**
 * A sample disposal ledger (一企一策, §三(一)2): completed land-freeing actions on pipeline parcels
 * totalling ~250–400 亩 over 2021–2023, plus actions in progress, pending, and 改造提升 (which frees none).
 */
import type { ParcelAttributes } from '../../src/domain/parcel';
import { dayOf, isoOf } from './dates';
import type { Rng } from './rng';

export type DisposalAction = '关停退出' | '兼并重组' | '整体腾退' | '搬迁入园' | '改造提升' | '闲置收回';
export type DisposalStatus = '待处置' | '处置中' | '已完成';
export interface LedgerEntry {
  parcelId: string;
  action: DisposalAction;
  status: DisposalStatus;
  date: string;
  note: string;
}
export const LAND_FREEING: readonly DisposalAction[] = ['关停退出', '兼并重组', '整体腾退', '搬迁入园', '闲置收回'];

const NOTES: Record<DisposalAction, string> = {
  关停退出: '低效企业关停，土地由街道收储', 兼并重组: '由同行业规上企业兼并，原厂房统一改造', 整体腾退: '整体腾退，纳入连片改造',
  搬迁入园: '搬迁入小微企业园，原址收储', 改造提升: '设备更新、厂房加层，亩均税收提升', 闲置收回: '依令第53号无偿收回',
};

export interface LedgerCandidate {
  attrs: ParcelAttributes;
  areaMu: number;
  idle: boolean;
  reclaimableMu: number;
}

/** Completed land-freeing area aimed at (亩) scales with the data: ~320 亩 for the district set. */
export function buildLedger(cands: readonly LedgerCandidate[], completedTargetMu: number, rng: Rng): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  const whole = rng.shuffle(cands.filter((c) => c.reclaimableMu >= c.areaMu * 0.999 && c.areaMu <= 40));
  let done = 0;
  let k = 0;
  const dateIn = (from: string, to: string) => isoOf(rng.int(dayOf(from), dayOf(to)));
  for (; k < whole.length && done < completedTargetMu; k++) {
    const c = whole[k]!;
    const action: DisposalAction = c.idle ? '闲置收回' : rng.pick(['关停退出', '兼并重组', '整体腾退', '搬迁入园'] as const);
    out.push({ parcelId: c.attrs.parcelId, action, status: '已完成', date: dateIn('2021-03-01', '2023-11-30'), note: NOTES[action] });
    done += c.areaMu;
  }
  const rest = whole.slice(k, k + Math.max(4, Math.round(k * 0.6)));
  rest.forEach((c, i) => {
    const action: DisposalAction = c.idle ? '闲置收回' : rng.pick(LAND_FREEING.slice(0, 4));
    out.push({ parcelId: c.attrs.parcelId, action, status: i % 2 === 0 ? '处置中' : '待处置', date: dateIn('2022-06-01', '2023-12-15'), note: NOTES[action] });
  });
  // 改造提升 on some under-used parcels: frees no land.
  const upgrade = rng.shuffle(cands.filter((c) => c.reclaimableMu > 0 && c.reclaimableMu < c.areaMu * 0.999)).slice(0, Math.max(3, Math.round(k * 0.4)));
  for (const c of upgrade) {
    out.push({ parcelId: c.attrs.parcelId, action: '改造提升', status: rng.pick(['已完成', '处置中', '待处置'] as const), date: dateIn('2021-03-01', '2023-11-30'), note: NOTES['改造提升'] });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.parcelId < b.parcelId ? -1 : 1));
}
