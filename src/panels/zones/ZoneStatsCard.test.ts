/** The zone card rendered (server-side, from the store's state as first read). */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { ZoneStats } from '../../domain/zone-stats';
import { useAppStore } from '../../state/store';
import { ZoneStatsCard } from './ZoneStatsCard';

const figures = (over: Partial<ZoneStats>): ZoneStats => ({
  zoneId: 'z', seq: 1, areaM2: 10000, areaMu: 15, landM2: 10000, landMu: 15,
  parcels: { count: 2, whole: 2, partial: 0, fids: [0, 1], wholeFids: [0, 1], partialFids: [], clippedM2: [5000, 5000], share: [1, 1], areaUnknownFids: [] },
  idleMu: 0, lowEfficiencyMu: 0, underUsedMu: 0, freeableMu: 0, freeableByKind: { idle: 0, 'low-efficiency': 0, 'd-class': 0, 'under-used': 0 },
  achievedMu: 0, enterprises: 2, employees: 10, taxWan: 5, valueAddedWan: 6, energyTce: 1,
  taxPerMu: { numerator: 5, denominator: 15, value: 1 / 3 }, blocklineOverlapM2: null, blocklineFids: [], parkOverlapM2: { 瓯海经济开发区: 6667 },
  policy: { landPrice: [0], floorArea: [], dormitory: [] }, figureFids: { idle: [], lowEfficiency: [], underUsed: [], freeable: [], achieved: [] }, whatIf: null, problems: [], timings: { ms: 0 },
  ...over,
});

// React's server render reads the store's first state (useSyncExternalStore's server snapshot).
const initial = { ...useAppStore.getInitialState() };
const render = (lang: 'zh-CN' | 'en', stats: ZoneStats) => {
  Object.assign(useAppStore.getInitialState(), { lang, activeZoneId: 'z', zoneStats: { z: { geometry: null, whatIfKey: '|', analysis: null, stats } } });
  return renderToStaticMarkup(createElement(ZoneStatsCard));
};
afterEach(() => { Object.assign(useAppStore.getInitialState(), initial); });

describe('the zone card', () => {
  it('in English has no full-width colon (the separator is the language\'s)', () => {
    const en = render('en', figures({}));
    expect(en).toContain('Land-price discount: ');
    expect(en).not.toContain('：');
    expect(en).toMatch(/瓯海经济开发区: /);
    expect(render('zh-CN', figures({}))).toMatch(/瓯海经济开发区：/);
  });

  it('a refused outline: the reason first, every figure "—", never "0 宗 · 0.00 亩"', () => {
    const refused = figures({
      areaM2: 0, areaMu: 0, landM2: 0, landMu: 0, enterprises: 0, employees: 0, taxWan: 0, valueAddedWan: 0, energyTce: 0,
      parcels: { count: 0, whole: 0, partial: 0, fids: [], wholeFids: [], partialFids: [], clippedM2: [], share: [], areaUnknownFids: [] },
      problems: [{ code: 'self-intersection', fatal: true, zh: '区域边界自相交（约在 120.600000°E, 27.900000°N 附近）', en: 'crosses itself' }],
    });
    const html = render('zh-CN', refused);
    expect(html.indexOf('区域边界自相交')).toBeGreaterThan(-1);
    expect(html.indexOf('区域边界自相交')).toBeLessThan(html.indexOf('data-testid="zone-parcels"'));
    expect(html).toMatch(/data-testid="zone-parcels"[^>]*>—</);
    expect(html).toMatch(/data-testid="zone-land"[^>]*>—</);
    expect(html).not.toMatch(/0 宗|0\.00 亩/);
  });

  it('keeps its live region (role="status") mounted with no zone and while computing, and says the figures when they come', () => {
    Object.assign(useAppStore.getInitialState(), { activeZoneId: null });
    const none = renderToStaticMarkup(createElement(ZoneStatsCard));
    expect(none).toContain('data-testid="zone-stats-none"');
    expect(none).toContain('<p class="visually-hidden" role="status" data-testid="zone-stats-said"></p>');
    Object.assign(useAppStore.getInitialState(), { activeZoneId: 'z', zoneStats: {} });
    const waiting = renderToStaticMarkup(createElement(ZoneStatsCard));
    expect(waiting).toContain('data-testid="zone-stats-waiting"');
    expect(waiting).toContain('<p class="visually-hidden" role="status" data-testid="zone-stats-said"></p>');
    expect(render('zh-CN', figures({ freeableMu: 1.5 }))).toContain('data-testid="zone-stats-said">片区统计：涉及地块 2 宗，地块用地 15.00 亩，可腾出用地 1.50 亩。</p>');
    expect(render('en', figures({}))).toContain('data-testid="zone-stats-said">Zone figures: 2 parcels touched, 15.00 mu of parcel land, 0.00 mu freeable.</p>');
  });

  it('says why a refused outline has no figures', () => {
    const refused = figures({ problems: [{ code: 'self-intersection', fatal: true, zh: '区域边界自相交', en: 'crosses itself' }] });
    expect(render('zh-CN', refused)).toContain('data-testid="zone-stats-said">“片区统计”无法统计：区域边界自相交</p>');
  });
});
