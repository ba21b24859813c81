import { describe, expect, it } from 'vitest';
import { gradeAgainstTargets, PLAN_TARGETS } from './targets';

describe('gradeAgainstTargets', () => {
  const t21 = PLAN_TARGETS['2021'].taxPerMu; // 48.19
  const t23 = PLAN_TARGETS['2023'].taxPerMu; // 53.13

  it('grades against both targets', () => {
    expect(gradeAgainstTargets(60, t21, t23, 2)).toBe('met-2023');
    expect(gradeAgainstTargets(50, t21, t23, 2)).toBe('met-2021');
    expect(gradeAgainstTargets(40, t21, t23, 2)).toBe('below');
    expect(gradeAgainstTargets(null, t21, t23, 2)).toBe('none');
    expect(gradeAgainstTargets(Number.NaN, t21, t23, 2)).toBe('none');
  });

  it('compares the figures as shown: equal to the target on screen is meeting it', () => {
    // 48.186 is shown as 48.19: it meets the 48.19 target although it is below it.
    expect(gradeAgainstTargets(48.186, t21, t23, 2)).toBe('met-2021');
    expect(gradeAgainstTargets(48.184, t21, t23, 2)).toBe('below');
    // 53.125 → 53.13 (half up), 53.1249 → 53.12.
    expect(gradeAgainstTargets(53.125, t21, t23, 2)).toBe('met-2023');
    expect(gradeAgainstTargets(53.1249, t21, t23, 2)).toBe('met-2021');
    // One decimal: 48.15 shows as 48.2, the target 48.19 as 48.2.
    expect(gradeAgainstTargets(48.15, t21, t23, 1)).toBe('met-2021');
    // A target that is not exact in binary (48.19 × 100 = 4818.999…) is still 48.19.
    expect(gradeAgainstTargets(48.19, t21, t23, 2)).toBe('met-2021');
  });
});
