import { describe, expect, it } from 'vitest';
import { outcomeWords } from './outcome-meaning';
import { RULE_IDS } from './rules/outcome';

describe('outcome words', () => {
  it('a low-efficiency enterprise is a problem and says so; not being one is fine', () => {
    expect(outcomeWords('low-efficiency', 'met')).toMatchObject({ meaning: 'problem', zh: '是低效企业' });
    expect(outcomeWords('low-efficiency', 'not-met')).toMatchObject({ meaning: 'fine', zh: '非低效企业' });
  });
  it('a policy the parcel can use is an opportunity, never drawn like a problem', () => {
    expect(outcomeWords('floor-area', 'met')).toMatchObject({ meaning: 'opportunity', zh: '可享受提容增效' });
    expect(outcomeWords('land-price', 'not-met').zh).toBe('不可享受差别化地价');
  });
  it('missing data reads 数据不足 for every rule, and no label uses 符合', () => {
    for (const r of RULE_IDS) {
      expect(outcomeWords(r, 'unknown')).toMatchObject({ meaning: 'unknown', zh: '数据不足' });
      for (const s of ['met', 'not-met'] as const) expect(outcomeWords(r, s).zh).not.toMatch(/符合/);
    }
  });
});
