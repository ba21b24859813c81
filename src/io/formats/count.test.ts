import { describe, expect, it } from 'vitest';
import { count } from './count';

describe('count', () => {
  it('groups thousands as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 1234567, -2147483648, 2 ** 31, 12.5, 1234.75, -0.5]) expect(count(n)).toBe(n.toLocaleString('en-US', { maximumFractionDigits: 20 }));
  });
});
