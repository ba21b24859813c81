import { describe, expect, it } from 'vitest';
import { m2FromMu, muFromM2, mu, squareMetres } from './units';

describe('units', () => {
  it('converts 亩 and m² with 1 亩 = 10000/15 m²', () => {
    expect(muFromM2(squareMetres(10000))).toBe(15);
    expect(m2FromMu(mu(15))).toBe(10000);
    expect(m2FromMu(mu(1))).toBeCloseTo(666.6667, 4);
  });
  it('round-trips', () => {
    for (const v of [0.1, 1, 3, 50, 149.9]) expect(muFromM2(m2FromMu(mu(v)))).toBeCloseTo(v, 12);
  });
});
