import { describe, expect, it } from 'vitest';
import { changedParameters, DEFAULT_RULE_SET, validateRuleSet } from './rule-set';

function errorsOf(json: unknown) {
  const r = validateRuleSet(json);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('rule-set defaults', () => {
  it('carries the spec defaults', () => {
    const r = DEFAULT_RULE_SET;
    expect(r.lowEfficiency.taxPerMuBelow).toBe(8);
    expect(r.scope).toEqual({ belowScaleMinMu: 3, taxPerMuBelow: 8 });
    expect(r.twoHigh).toEqual({ sinceYear: 2018, newMinTce: 1000, oldMinTce: 5000 });
    expect(r.energy.maxIntensity).toBe(0.49);
    expect(r.idle).toMatchObject({ notStartedYears: 1, developedRatioMin: 1 / 3, investedRatioMin: 0.25, feeRate: 0.2, recoveryYears: 2 });
    expect(r.underUsed.minCoverage).toBe(0.3);
    expect(r.landPrice).toMatchObject({ minFar: 1, farMultiplier: 1.4, minCoverage: 0.42, minTaxPerMu: 53.13, floorRatio: 0.7, defaultGradePrice: 480 });
    expect(Object.values(r.landPrice.gradePrices)).toEqual([840, 720, 600, 480, 384, 336, 288, 252, 204, 168, 144, 120, 96, 84, 60]);
    expect(r.floorArea.defaultPlannedMaxFar).toBe(3);
    expect(r.dormitory).toMatchObject({ minAreaMu: 50, classes: ['A', 'B'], supportLandRatioFrom: 0.07, supportLandRatioTo: 0.15, supportFloorAreaRatio: 0.3 });
    expect(r.evaluation.classShares).toEqual({ A: 0.2, B: 0.6, C: 0.15, D: 0.05 });
    expect(r.carbon.factor).toBe(1.714);
    expect(r.targets['2023'].landFreedMu).toBe(600);
    expect(validateRuleSet(JSON.parse(JSON.stringify(DEFAULT_RULE_SET)))).toEqual({ ok: true, value: DEFAULT_RULE_SET });
  });
});

describe('validateRuleSet', () => {
  it('merges a partial document onto the defaults', () => {
    const r = validateRuleSet({ lowEfficiency: { taxPerMuBelow: 10 }, landPrice: { gradePrices: { '4': 500 } } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.lowEfficiency).toEqual({ taxPerMuBelow: 10, deadlineYear: 2023 });
    expect(r.value.landPrice.gradePrices['4']).toBe(500);
    expect(r.value.landPrice.gradePrices['1']).toBe(840);
    expect(r.value.energy.maxIntensity).toBe(0.49);
    expect(DEFAULT_RULE_SET.lowEfficiency.taxPerMuBelow).toBe(8); // defaults untouched
  });

  it('reports unknown keys, wrong types, out-of-range values and wrong versions, naming the key', () => {
    const errors = errorsOf({
      version: 2,
      idle: { feeRate: 1.2, recoveryYear: 2 },
      energy: { maxIntensity: 'high' },
      underUsed: { minCoverage: -0.1 },
      twoHigh: { sinceYear: 2018.5 },
      landPrice: { gradePrices: { '16': 10, '3': 0 }, priorityIndustries: ['新材料', 3] },
      dormitory: { classes: ['A', 'E'] },
    });
    const byKey = new Map(errors.map((e) => [e.key, e]));
    expect(byKey.get('version')?.problem).toBe('wrong-version');
    expect(byKey.get('idle.feeRate')?.problem).toBe('out-of-range');
    expect(byKey.get('idle.recoveryYear')?.problem).toBe('unknown-key');
    expect(byKey.get('energy.maxIntensity')?.problem).toBe('wrong-type');
    expect(byKey.get('underUsed.minCoverage')?.problem).toBe('out-of-range');
    expect(byKey.get('twoHigh.sinceYear')?.problem).toBe('out-of-range');
    expect(byKey.get('landPrice.gradePrices.16')?.problem).toBe('unknown-key');
    expect(byKey.get('landPrice.gradePrices.3')?.problem).toBe('out-of-range');
    expect(byKey.get('landPrice.priorityIndustries')?.problem).toBe('wrong-type');
    expect(byKey.get('dormitory.classes')?.problem).toBe('wrong-type');
    expect(errors).toHaveLength(10);
    const fee = byKey.get('idle.feeRate')!;
    expect(fee.message.en).toContain('idle.feeRate');
    expect(fee.message.en).toContain('1.2');
    expect(fee.allowed.en).toContain('0 to 1');
    expect(fee.message.zh).toContain('0 到 1');
    expect(byKey.get('idle.recoveryYear')!.allowed.en).toContain('recoveryYears'); // suggests the known keys
  });

  it('takes the idle years as whole years only (the rule compares whole years: 1.5 would act as 2)', () => {
    for (const bad of [0.5, 1.5, 0, 60]) {
      const r = validateRuleSet({ idle: { notStartedYears: bad } });
      expect(r.ok, String(bad)).toBe(false);
      if (!r.ok) expect(r.errors[0]!.key).toBe('idle.notStartedYears');
    }
    expect(validateRuleSet({ idle: { notStartedYears: 2, suspendedYears: 1, recoveryYears: 3 } }).ok).toBe(true);
  });

  it('reports cross-key inconsistencies and non-objects', () => {
    const errors = errorsOf({ evaluation: { classShares: { A: 0.3 } }, dormitory: { supportLandRatioTo: 0.05 } });
    expect(errors.map((e) => [e.key, e.problem])).toEqual([
      ['evaluation.classShares', 'inconsistent'],
      ['dormitory.supportLandRatioTo', 'inconsistent'],
    ]);
    // In the panel's units and words, not internal keys or raw shares.
    expect(errors[0]!.message.zh).toMatch(/100 %/);
    expect(errors[0]!.message.zh).not.toMatch(/0\.\d{6,}/);
    expect(errors[1]!.message.zh).toMatch(/5 %.*7 %|7 %.*5 %/);
    expect(errors[1]!.allowed.zh).not.toMatch(/supportLandRatio/); // what the panel shows beside the field
    expect(errorsOf([1, 2])[0]).toMatchObject({ key: '', problem: 'not-an-object' });
    expect(errorsOf({ idle: 5 })[0]).toMatchObject({ key: 'idle', problem: 'wrong-type' });
  });

  it('refuses a null document with the document named', () => {
    const [e, ...rest] = errorsOf(null);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ key: '', problem: 'not-an-object' });
    expect(e!.message.en).toBe('(document): the rule set must be a JSON object; allowed: a JSON object');
  });

  it('refuses __proto__, constructor and prototype at any depth, naming the key, and never merges them', () => {
    const doc = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": 5, "idle": {"prototype": 1, "feeRate": 0.1}, "landPrice": {"gradePrices": {"__proto__": 1}}}') as unknown;
    const errors = errorsOf(doc);
    expect(errors.map((e) => [e.key, e.problem])).toEqual([
      ['__proto__', 'forbidden-key'],
      ['constructor', 'forbidden-key'],
      ['idle.prototype', 'forbidden-key'],
      ['landPrice.gradePrices.__proto__', 'forbidden-key'],
    ]);
    expect(errors[1]!.message.en).toContain('constructor: forbidden key "constructor"');
    expect(errors[1]!.message.zh).toContain('禁止使用的键名 "constructor"');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('does not take Object.prototype members for rule keys', () => {
    expect(errorsOf({ toString: 1 })[0]).toMatchObject({ key: 'toString', problem: 'unknown-key' });
    expect(errorsOf({ idle: { hasOwnProperty: 0.2 } })[0]).toMatchObject({ key: 'idle.hasOwnProperty', problem: 'unknown-key' });
  });
});

describe('industrial land uses', () => {
  it('count 新型产业用地 (M0) as industrial land by default, as Zhejiang does', async () => {
    const { isIndustrial } = await import('./rules/input');
    for (const use of ['工业', '工业用地', '新型产业用地', 'M0', '新型产业用地(M0)', 'M1 一类工业用地', 'Industrial', '', null, undefined])
      expect(isIndustrial(use), String(use)).toBe(true);
    for (const use of ['商业', '住宅', 'B1', 'R2']) expect(isIndustrial(use), use).toBe(false);
    // A rule set that leaves M0 out makes it non-industrial; the list is the user's.
    const uses = validateRuleSet({ industrialLand: { uses: ['工业'] } });
    expect(uses.ok && uses.value.industrialLand.uses).toEqual(['工业']);
    expect(isIndustrial('新型产业用地', ['工业'])).toBe(false);
  });

  it('refuses a list that is not text', () => {
    expect(errorsOf({ industrialLand: { uses: ['工业', 3] } })[0]).toMatchObject({ key: 'industrialLand.uses', problem: 'wrong-type' });
    expect(errorsOf({ industrialLand: { uses: '工业' } })[0]!.message.zh).toContain('用途');
  });
});

describe('the name of a changed rule set', () => {
  it('says how many parameters differ from the district\'s defaults, unless the set names itself', () => {
    const plain = validateRuleSet({});
    const changed = validateRuleSet({ lowEfficiency: { taxPerMuBelow: 10 }, idle: { feeRate: 0.3 } });
    const same = validateRuleSet({ lowEfficiency: { taxPerMuBelow: DEFAULT_RULE_SET.lowEfficiency.taxPerMuBelow } });
    const named = validateRuleSet({ name: '试算', lowEfficiency: { taxPerMuBelow: 10 } });
    if (!plain.ok || !changed.ok || !same.ok || !named.ok) throw new Error('invalid');
    expect(plain.value.name).toBe(DEFAULT_RULE_SET.name);
    expect(same.value.name).toBe(DEFAULT_RULE_SET.name);
    expect(changed.value.name).toBe(`${DEFAULT_RULE_SET.name}，已调整 2 项参数`);
    expect(changedParameters(changed.value).sort()).toEqual(['idle.feeRate', 'lowEfficiency.taxPerMuBelow']);
    expect(named.value.name).toBe('试算');
  });
});
