import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET } from '../../domain/rule-set';
import { validateRuleSet } from '../../domain/rule-set';
import { DICTIONARIES, type MessageKey } from '../../i18n';
import { errorsByKey, formatValue, parseInput, withoutPrefixes, withValue } from './doc';
import { ALL_FIELDS, GROUPS } from './fields';
import { shareTypedAsPercent } from './FieldRow';

/** Every leaf path of the default rule set (arrays are leaves). */
function leaves(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe('the settings panel covers the rule set', () => {
  it('has a field for every parameter (all but version and name) and no field for anything else', () => {
    const params = leaves(DEFAULT_RULE_SET).filter((p) => p !== 'version' && p !== 'name').sort();
    expect(ALL_FIELDS.map((f) => f.path).sort()).toEqual(params);
  });

  it('labels every field, group and unit in both languages', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const dict = DICTIONARIES[lang] as Record<string, string>;
      for (const f of ALL_FIELDS) {
        const key = f.label?.key ?? `set_${f.path}`;
        expect(dict[key], `${lang} ${key}`).toBeTruthy();
        if (f.unit) expect(dict[`setUnit_${f.unit}`], `${lang} unit ${f.unit}`).toBeTruthy();
      }
      for (const g of GROUPS) {
        expect(dict[`setGroup_${g.id}`], `${lang} group ${g.id}`).toBeTruthy();
        if (g.clauseKey) expect(dict[g.clauseKey as MessageKey]).toBeTruthy();
      }
    }
  });
});

describe('editing the partial document', () => {
  const field = (path: string) => ALL_FIELDS.find((f) => f.path === path)!;

  it('keeps only what differs from the defaults', () => {
    const a = withValue(null, 'lowEfficiency.taxPerMuBelow', 20);
    expect(a).toEqual({ lowEfficiency: { taxPerMuBelow: 20 } });
    const b = withValue(a, 'landPrice.gradePrices.4', 500);
    expect(b).toEqual({ lowEfficiency: { taxPerMuBelow: 20 }, landPrice: { gradePrices: { '4': 500 } } });
    expect(withValue(b, 'lowEfficiency.taxPerMuBelow', 8)).toEqual({ landPrice: { gradePrices: { '4': 500 } } });
    expect(withValue(withValue(b, 'lowEfficiency.taxPerMuBelow', 8), 'landPrice.gradePrices.4', 480)).toBeNull();
    expect(a).toEqual({ lowEfficiency: { taxPerMuBelow: 20 } }); // never mutated
    expect(withoutPrefixes(b, ['landPrice'])).toEqual({ lowEfficiency: { taxPerMuBelow: 20 } });
    expect(withoutPrefixes(b, ['landPrice', 'lowEfficiency'])).toBeNull();
  });

  it('shows shares as percentages and reads them back', () => {
    const f = field('idle.developedRatioMin');
    expect(formatValue(f, 1 / 3)).toBe('33.3333');
    expect(parseInput(f, '25')).toEqual({ ok: true, value: 0.25 });
    expect(parseInput(f, '25%')).toEqual({ ok: true, value: 0.25 });
    expect(parseInput(field('lowEfficiency.taxPerMuBelow'), '1,200.5')).toEqual({ ok: true, value: 1200.5 });
    for (const bad of ['', 'abc', '1.2.3', '8万']) expect(parseInput(field('lowEfficiency.taxPerMuBelow'), bad).ok, bad).toBe(false);
    expect(parseInput(field('industrialLand.uses'), '工业、新型产业, M0')).toEqual({ ok: true, value: ['工业', '新型产业', 'M0'] });
  });

  it('puts the engine’s errors beside their field, cross-field ones on the group', () => {
    const doc = withValue(withValue(null, 'evaluation.classShares.A', 0.3), 'idle.feeRate', 1.5);
    const r = validateRuleSet(doc);
    expect(r.ok).toBe(false);
    const byKey = errorsByKey(r.ok ? [] : r.errors, ALL_FIELDS);
    expect(byKey.get('idle.feeRate')![0]!.problem).toBe('out-of-range');
    const sums = validateRuleSet(withValue(null, 'evaluation.classShares.A', 0.3));
    const group = errorsByKey(sums.ok ? [] : sums.errors, ALL_FIELDS);
    expect(group.get('group:evaluation.classShares')![0]!.message.zh).toContain('之和为 1');
  });
});

describe('every group names its source', () => {
  it('has a clause or a clause key', () => {
    for (const g of GROUPS) expect(g.clause ?? g.clauseKey, g.id).toBeTruthy();
  });
});

describe('full-width input', () => {
  it('reads ３０％, １，２００ and ０.５ as 30 %, 1200 and 0.5', () => {
    const pct = ALL_FIELDS.find((f) => f.kind === 'percent')!;
    const num = ALL_FIELDS.find((f) => f.kind === 'number')!;
    expect(parseInput(pct, '３０％')).toEqual({ ok: true, value: 0.3 });
    expect(parseInput(num, '１，２００')).toEqual({ ok: true, value: 1200 });
    expect(parseInput(num, '０.５')).toEqual({ ok: true, value: 0.5 });
  });
});

describe('a share typed into a percent field', () => {
  const pctField = ALL_FIELDS.find((f) => f.path === 'idle.feeRate')!;
  it('is noticed when it is above 0 and below 1 where the default is a percentage of at least 1', () => {
    expect(shareTypedAsPercent(pctField, '0.3', 0.2)).toBe(0.3);
    expect(shareTypedAsPercent(pctField, ' 0.05 % ', 0.2)).toBe(0.05);
    expect(shareTypedAsPercent(pctField, '０.３％', 0.2)).toBe(0.3);
    for (const text of ['30', '1', '0', '', 'abc', '-0.3']) expect(shareTypedAsPercent(pctField, text, 0.2)).toBeNull();
    // A field whose default is below 1 % may well take such a value.
    expect(shareTypedAsPercent(pctField, '0.3', 0.005)).toBeNull();
    const numberField = ALL_FIELDS.find((f) => f.kind === 'number')!;
    expect(shareTypedAsPercent(numberField, '0.3', 8)).toBeNull();
  });
});
