import { describe, expect, it } from 'vitest';
import { formatDate, formatFieldValue, formatNumber, formatPercent, formatWan } from './format';
import { DICTIONARIES, translate } from './index';

describe('formatNumber', () => {
  it('groups thousands and rounds to the requested decimals', () => {
    expect(formatNumber(28431.249, 1)).toBe('28,431.2');
    expect(formatNumber(3512, 0)).toBe('3,512');
    expect(formatNumber(1234567.891)).toBe('1,234,567.89');
    expect(formatNumber(2.5, 2, 2)).toBe('2.50');
  });
  it('formats shares as percent', () => {
    expect(formatPercent(0.853)).toBe('85.3%');
  });
});

describe('formatFieldValue', () => {
  it('uses Chinese labels for booleans and enums', () => {
    expect(formatFieldValue('priorityIndustry', true, 'zh-CN')).toBe('是');
    expect(formatFieldValue('govCause', false, 'zh-CN')).toBe('否');
    expect(formatFieldValue('scale', 'above', 'zh-CN')).toBe('规上');
    expect(formatFieldValue('scale', 'below', 'zh-CN')).toBe('规下');
    expect(formatFieldValue('ownership', 'private', 'zh-CN')).toBe('民营');
    expect(formatFieldValue('ownership', 'foreign', 'en')).toBe('Foreign');
    expect(formatFieldValue('tenure', 'leased', 'zh-CN')).toBe('租赁');
  });
  it('formats dates, years, counts and missing values', () => {
    expect(formatFieldValue('transferDate', '2019-03-05', 'zh-CN')).toBe('2019年3月5日');
    expect(formatDate('2019-03-05', 'en')).toBe('2019-03-05');
    expect(formatFieldValue('builtYear', 2012, 'zh-CN')).toBe('2012');
    expect(formatFieldValue('employees', 12345, 'zh-CN')).toBe('12,345');
    expect(formatFieldValue('floorArea', 23456.789, 'zh-CN')).toBe('23,456.79');
    expect(formatFieldValue('developedRatio', 0.8, 'zh-CN')).toBe('80.0%');
    expect(formatFieldValue('tax', null, 'zh-CN')).toBe('—');
    expect(formatFieldValue('enterprise', undefined, 'en')).toBe('—');
  });
});

describe('dictionaries', () => {
  it('give every key a non-empty string in both languages', () => {
    const keys = Object.keys(DICTIONARIES['zh-CN']);
    expect(Object.keys(DICTIONARIES.en).sort()).toEqual([...keys].sort());
    for (const lang of ['zh-CN', 'en'] as const) for (const k of keys) expect(DICTIONARIES[lang][k as 'synthetic']).not.toBe('');
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'statusParcels', { count: '3,512', areaMu: '28,431.2' })).toBe('3,512 宗 · 28,431.2 亩');
    expect(translate('en', 'loadFailed', {})).toBe('Could not load the data: {message}');
  });
  it('agrees English with its count: one feature, several features, and no plural in Chinese', () => {
    expect(translate('en', 'importWillSkip', { count: '1' })).toBe('1 feature skipped');
    expect(translate('en', 'importWillSkip', { count: '2' })).toBe('2 features skipped');
    expect(translate('en', 'importWillSkip', { count: '1,001' })).toBe('1,001 features skipped');
    expect(translate('en', 'importProblemLine', { count: '1', text: 'has no geometry' })).toBe('1 feature has no geometry');
    expect(translate('en', 'setInvalid', { count: 1 })).toBe('1 setting is invalid and not applied; fix it as shown.');
    expect(translate('en', 'setInvalid', { count: 3 })).toBe('3 settings are invalid and not applied; fix them as shown.');
    expect(translate('zh-CN', 'importWillSkip', { count: '1' })).toBe('跳过 1 个要素');
    // A choice whose parameter is not given stays visible, as any placeholder does.
    expect(translate('en', 'importWillSkip', {})).toBe('{count} {count|feature|features} skipped');
  });
  it('has no "(s)" plurals left in English', () => {
    for (const [key, text] of Object.entries(DICTIONARIES.en)) expect(`${key}: ${text}`).not.toMatch(/\w\(s\)/);
  });
});

describe('units and signs', () => {
  it('translates units for English and keeps Chinese ones', async () => {
    const { formatUnit, formatSigned } = await import('./format');
    expect(formatUnit('万元/年', 'en')).toBe('10k CNY/yr');
    expect(formatUnit('万元/年', 'zh-CN')).toBe('万元/年');
    expect(formatUnit('m²', 'en')).toBe('m²');
    expect(formatSigned(0.2)).toBe('+0.2');
    expect(formatSigned(-1234.567)).toBe('-1,234.57');
  });
});

describe('formatWan', () => {
  it('is 万元 in Chinese and yuan, shortened, in English, at the same precision', () => {
    expect(formatWan(29.83, 'zh-CN', 'mu')).toBe('29.83 万元/亩');
    expect(formatWan(29.83, 'en', 'mu')).toBe('CNY 298.3k/mu');
    expect(formatWan(8, 'en', 'mu')).toBe('CNY 80k/mu');
    expect(formatWan(1234.56, 'en', 'yr')).toBe('CNY 12.346M/yr');
    expect(formatWan(1234.56, 'zh-CN', 'yr')).toBe('1,234.56 万元/年');
    expect(formatWan(0.05, 'en')).toBe('CNY 500');
    expect(formatWan(-12, 'en', 'person')).toBe('CNY -120k/person');
    expect(formatWan(250000, 'en')).toBe('CNY 2.5bn');
  });
});
