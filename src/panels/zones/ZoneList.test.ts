/** The kept zones' list rendered (server-side, from the store's first state). */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { SavedZone } from '../../io/zones-file';
import { useAppStore } from '../../state/store';
import { focusAfterZoneDeleted, ZoneList } from './ZoneList';

const zone = (id: string, name: string): SavedZone => ({ id, name, colour: '#e6550d', geometry: { type: 'Polygon', coordinates: [[[120.6, 27.9], [120.61, 27.9], [120.61, 27.91], [120.6, 27.9]]] } });
const initial = { ...useAppStore.getInitialState() };
afterEach(() => { Object.assign(useAppStore.getInitialState(), initial); });

describe('the zone list', () => {
  it('shows a default name (saved as 片区 N) as the placeholder in the user\'s language, the box empty; a name of the user\'s in the box', () => {
    Object.assign(useAppStore.getInitialState(), { lang: 'en', zones: [zone('a', '片区 3'), zone('b', '梧田老工业区')] });
    const html = renderToStaticMarkup(createElement(ZoneList, { ctl: null }));
    expect(html).toContain('placeholder="Zone 3"');
    expect(html).not.toContain('value="片区 3"');
    expect(html).toContain('value="梧田老工业区"');
  });

  it('after a delete, focus goes to the next row\'s 删除, else the previous one\'s, else the list heading', () => {
    expect(focusAfterZoneDeleted(['a', 'b', 'c'], 'a')).toEqual({ row: 'b' });
    expect(focusAfterZoneDeleted(['a', 'b', 'c'], 'c')).toEqual({ row: 'b' });
    expect(focusAfterZoneDeleted(['a'], 'a')).toBe('heading');
  });

  it('the heading can take focus (the last zone deleted); each 删除 names its zone', () => {
    Object.assign(useAppStore.getInitialState(), { zones: [zone('a', '片区 3'), zone('b', '梧田老工业区')] });
    const html = renderToStaticMarkup(createElement(ZoneList, { ctl: null }));
    expect(html).toMatch(/<h3 class="zones-h3" tabindex="-1">/);
    expect(html).toContain('aria-label="删除“片区 3”"');
    expect(html).toContain('aria-label="删除“梧田老工业区”"');
  });
});
