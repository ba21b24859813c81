/**
 * 亩均效益 classes A/B/C/D as the district's evaluation would publish them: by rank of per-mu tax within
 * 规上 and 规下 (A top 20 %, B next 60 %, C the rest), D for the low-efficiency firms and a few others,
 * and missing for ~15 % (which the app then computes).
 */
import type { EvalClass } from '../../src/domain/parcel';
import type { Economics } from './economics';
import type { Enterprise } from './enterprises';
import type { Rng } from './rng';

export function assignClasses(list: readonly Enterprise[], econ: readonly Economics[], rng: Rng): (EvalClass | null)[] {
  const out: (EvalClass | null)[] = list.map(() => null);
  for (const scale of ['above', 'below'] as const) {
    const ranked = list
      .filter((e) => e.scale === scale && (e.role === 'normal' || e.role === 'under-used'))
      .map((e) => ({ e, score: ((econ[e.index]!.tax ?? 0) / e.landMu) * rng.lognormal(1, 0.25) }))
      .sort((a, b) => b.score - a.score || a.e.index - b.e.index);
    ranked.forEach(({ e }, rank) => {
      const q = rank / ranked.length;
      out[e.index] = q < 0.2 ? 'A' : q < 0.8 ? 'B' : 'C';
    });
  }
  for (const e of list) {
    if (e.role === 'low-efficiency') out[e.index] = rng.chance(0.9) ? 'D' : 'C';
    else if (e.role === 'd-class') out[e.index] = 'D';
    else if (e.role === 'idle') out[e.index] = rng.chance(0.5) ? 'D' : null;
    else if (e.role === 'pending') out[e.index] = null;
    // Missing classes: the app must compute them (ordinary firms only, so computed Ds stay few).
    if ((e.role === 'normal' || e.role === 'under-used') && rng.chance(0.165)) out[e.index] = null;
  }
  return out;
}
