import { describe, expect, it } from 'vitest';
import type { FilterSpec } from '../domain/filter';
import { decodeUrlState, encodeUrlState, filterFromJson, MAX_URL_FIDS, type UrlState } from './url';

const full: UrlState = {
  view: { lon: 120.612345, lat: 27.987654, zoom: 14.25 },
  colour: 'reclaim',
  tab: 'explore',
  parcelId: '330304008-0676',
  filter: {
    towns: ['娄桥街道', '新桥街道'], industries: ['鞋革'], scale: ['above'], classes: ['C', 'none'],
    rules: { 'low-efficiency': ['met', 'unknown'] }, reclaim: ['idle'], disposal: ['处置中', 'none'], areaMu: { min: 5 }, taxPerMu: { max: 8 },
    far: { min: 0.5, max: 1.2 }, coverage: { max: 0.3 }, inBlockline: true, inPark: false,
  },
  filterIds: ['330304008-0676', 'A-17'],
};

describe('URL state', () => {
  it('round-trips the view, colouring, tab, parcel and every filter part', () => {
    const search = encodeUrlState('', full);
    const back = decodeUrlState(search);
    expect(back).toEqual({ ...full, view: { lon: 120.61235, lat: 27.98765, zoom: 14.25 } });
  });

  it('keeps other parameters and removes its own when they are unset', () => {
    const search = encodeUrlState('?e2e=1&tab=zones&p=X', { colour: 'tax' });
    const params = new URLSearchParams(search);
    expect(params.get('e2e')).toBe('1');
    expect(params.get('c')).toBe('tax');
    expect(params.has('tab')).toBe(false);
    expect(params.has('p')).toBe(false);
    expect(encodeUrlState('?p=X', {})).toBe('');
    expect(encodeUrlState('', { filter: {} })).toBe('');
  });

  it('writes chosen parcels by 地块编号, never by position, and leaves a huge set out of the URL', () => {
    expect(new URLSearchParams(encodeUrlState('', { filter: { fids: [3] }, filterIds: ['P3'] })).get('f')).toBe('{"ids":["P3"]}');
    const ids = Array.from({ length: MAX_URL_FIDS + 1 }, (_, i) => `P${i}`);
    expect(decodeUrlState(encodeUrlState('', { filterIds: ids })).filterIds).toBeUndefined();
    expect(decodeUrlState(encodeUrlState('', { filter: { towns: ['甲'] }, filterIds: ids }))).toEqual({ filter: { towns: ['甲'] } });
  });

  it('ignores hostile or malformed input part by part, never throwing', () => {
    const bad = [
      '?v=abc', '?v=1,2', '?v=500,20,10', '?v=120,27,99', '?v=,,', '?v=1e400,0,0',
      '?tab=__proto__', '?tab=constructor', '?c=' + 'x'.repeat(100), '?p=' + 'x'.repeat(500),
      '?f=%7B', '?f=null', '?f=[1,2]', '?f="text"', '?f=%E0%A4%A', '?f={"towns":"娄桥"}',
      '?f={"__proto__":{"polluted":1}}', '?f={"rules":{"__proto__":["met"],"constructor":["met"]}}',
    ];
    for (const search of bad) {
      const s = decodeUrlState(search);
      expect(s.view, search).toBeUndefined();
      expect(s.tab, search).toBeUndefined();
      expect(s.filter, search).toBeUndefined();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(decodeUrlState('?c=nope', (c) => c === 'tax').colour).toBeUndefined();
    expect(decodeUrlState('?c=tax', (c) => c === 'tax').colour).toBe('tax');
  });

  it('keeps the valid parts of a filter and drops the rest', () => {
    const f = filterFromJson(JSON.stringify({
      towns: ['娄桥街道', 3, '', '娄桥街道'], scale: ['huge', 'below'], classes: ['E'], rules: { idle: ['met', 'yes'], nope: ['met'] },
      areaMu: { min: 'x', max: 9 }, far: { min: null }, inPark: 'yes', fids: [1, -1, 2.5, '3', 4], extra: 1,
    }));
    const want: FilterSpec = { towns: ['娄桥街道'], scale: ['below'], rules: { idle: ['met'] }, areaMu: { max: 9 }, fids: [1, 4] };
    expect(f).toEqual(want);
  });
});
