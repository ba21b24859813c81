import { describe, expect, it } from 'vitest';
import { translate, translator } from '../../i18n';
import { legendItems } from './items';

describe('legend items', () => {
  const t = translator('zh-CN');
  it('draws the tax legend\'s red line at the 8 break only while the rule set\'s low-efficiency line is there', () => {
    const onLine = legendItems('tax', t, 'zh-CN', null);
    expect(onLine.filter((i) => i.redLine)).toHaveLength(1);
    expect(onLine.find((i) => i.redLine)?.label).toMatch(/^8–/);
    expect(legendItems('tax', t, 'zh-CN', null, false).some((i) => i.redLine)).toBe(false);
  });

  it('names the idle stages without a fixed number of years (the thresholds are rule settings)', () => {
    const idle = legendItems('reclaim', t, 'zh-CN', null).filter((i) => i.label.includes('闲置'));
    expect(idle.length).toBe(3);
    for (const i of idle) expect(i.label).not.toMatch(/满.年|\d/);
  });
});

describe('English counts', () => {
  it('say one parcel, two parcels', () => {
    expect(translate('en', 'statusParcels', { count: '1', areaMu: '3.5' })).toBe('1 parcel · 3.5 mu');
    expect(translate('en', 'statusParcels', { count: '3,500', areaMu: '9' })).toBe('3,500 parcels · 9 mu');
    expect(translate('en', 'figYears', { n: 1 })).toBe('1 year');
    expect(translate('en', 'ledgerSkipped', { count: 1, ids: 'A' })).toMatch(/^1 parcel was just changed/);
  });
});
