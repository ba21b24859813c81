/**
 * Units as types. Mixing m² and 亩 is the likeliest silent bug in this app, so every area carries its
 * unit in its type and conversions happen only here.
 * 1 亩 = 10000/15 m² exactly; 1 公顷 = 15 亩 (policy-rules.md, "Units and area").
 */
export type SquareMetres = number & { readonly __unit: 'm2' };
export type Mu = number & { readonly __unit: 'mu' };
/** 万元 (10⁴ CNY). */
export type WanYuan = number & { readonly __unit: 'wan-yuan' };
/** 吨标准煤 (tonnes of coal equivalent). */
export type Tce = number & { readonly __unit: 'tce' };

export const M2_PER_MU = 10000 / 15;
export const MU_PER_HECTARE = 15;

export const squareMetres = (v: number): SquareMetres => v as SquareMetres;
export const mu = (v: number): Mu => v as Mu;

/** m² → 亩, computed as m² × 15 / 10000 so that whole-亩 areas convert exactly. */
export function muFromM2(a: SquareMetres): Mu {
  return ((a * 15) / 10000) as Mu;
}

/** 亩 → m². */
export function m2FromMu(a: Mu): SquareMetres {
  return ((a * 10000) / 15) as SquareMetres;
}

/**
 * A 万元 amount as yuan in a scale English readers take in: `value` (with `decimals`) and a `suffix` — 29.83 万元
 * is 298.3 thousand (`k`), 1,234.56 万元 is 12.346 million (`M`). 万元 to `digits` decimals is yuan to
 * 10^(4 − digits): each scale keeps as many decimals as that, at most 3.
 */
export function yuanScale(wan: number, digits = 2): { value: number; suffix: '' | 'k' | 'M' | 'bn'; decimals: number } {
  const cny = wan * 10_000;
  const abs = Math.abs(cny);
  const [scale, suffix] = abs >= 1e9 ? [9, 'bn' as const] : abs >= 1e6 ? [6, 'M' as const] : abs >= 1e3 ? [3, 'k' as const] : [0, '' as const];
  return { value: cny / 10 ** scale, suffix, decimals: Math.min(3, Math.max(0, scale - (4 - digits))) };
}
