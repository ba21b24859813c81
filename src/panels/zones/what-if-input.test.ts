import { describe, expect, it } from 'vitest';
import { FAR_RANGE, readTarget, taxRange } from './ZoneWhatIf';

describe('what-if targets as typed', () => {
  it('takes empty as the default and a number in range, and refuses 0, negatives, absurd values and text', () => {
    const tax = taxRange(53.13);
    expect(readTarget('', tax)).toEqual({ value: undefined });
    expect(readTarget('60', tax)).toEqual({ value: 60 });
    for (const bad of ['0', '-5', '1e9', 'abc']) expect(readTarget(bad, tax)).toEqual({ error: true });
    expect(readTarget('2.5', FAR_RANGE)).toEqual({ value: 2.5 });
    expect(readTarget('0', FAR_RANGE)).toEqual({ error: true });
    expect(readTarget('40', FAR_RANGE)).toEqual({ error: true });
  });
});
