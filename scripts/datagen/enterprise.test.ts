import { describe, expect, it } from 'vitest';
import { creditCheckChar, isValidCreditCode, makeCreditCode, makeEnterpriseName, orgCheckChar } from './enterprise';
import { createRng, mulberry32 } from './rng';

describe('统一社会信用代码 (GB 32100)', () => {
  it('accepts the standard example and rejects a changed check character', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(creditCheckChar('91350100M000100Y4')).toBe('3');
  });
  it('computes the organisation-code check digit (GB 11714)', () => {
    // M000100Y + 4 is the organisation code inside the standard example above.
    expect(orgCheckChar('M000100Y')).toBe('4');
  });
  it('makes valid, Ouhai-registered codes', () => {
    const rng = createRng(1);
    for (let i = 0; i < 500; i++) {
      const c = makeCreditCode(rng);
      expect(isValidCreditCode(c), c).toBe(true);
      expect(c.slice(0, 8)).toBe('91330304');
      expect(orgCheckChar(c.slice(8, 16))).toBe(c[16]);
    }
  });
});

describe('names and random numbers', () => {
  it('gives unique enterprise names in the local style', () => {
    const rng = createRng(2);
    const used = new Set<string>();
    const names = Array.from({ length: 300 }, () => makeEnterpriseName('鞋革', false, rng, used));
    expect(new Set(names).size).toBe(300);
    expect(names.every((n) => /^(温州市瓯海|温州|浙江).+(鞋业|鞋材|皮革)(股份)?有限公司$/.test(n))).toBe(true);
  });
  it('mulberry32 repeats for a seed and differs between seeds', () => {
    const a = mulberry32(42), b = mulberry32(42), c = mulberry32(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
