/** The zones' message line (server-side render from the store's first state) and what it shows. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { SavedZone } from '../../io/zones-file';
import { useAppStore } from '../../state/store';
import { shownZoneMessage, ZoneMessageLine, type ZoneNotice } from './ZoneMessageLine';

const zone = (id: string): SavedZone => ({ id, name: '片区 1', colour: '#e6550d', geometry: { type: 'Polygon', coordinates: [[[120.6, 27.9], [120.61, 27.9], [120.61, 27.91], [120.6, 27.9]]] } });
const initial = { ...useAppStore.getInitialState() };
afterEach(() => { Object.assign(useAppStore.getInitialState(), initial); });
const render = (state: object, notice: ZoneNotice | null = null) => {
  Object.assign(useAppStore.getInitialState(), state);
  return renderToStaticMarkup(createElement(ZoneMessageLine, { notice }));
};
const deleted: ZoneNotice = { code: 'deleted', zoneId: 'b', name: '片区 2' };

describe('the zones\' message line', () => {
  it('keeps its live region mounted, empty, when there is no message (a region made with its message is not announced)', () => {
    const html = render({ zoneMessage: null });
    expect(html).toMatch(/<div class="zone-message-body" role="status" aria-live="polite" data-testid="zone-message-live"><\/div>/);
    expect(html).not.toContain('data-testid="zone-message"');
  });

  it('says a message inside that region; an error at once; the × outside it', () => {
    const html = render({ zoneMessage: { code: 'import-failed', text: '缺少 .shp' } });
    expect(html).toContain('data-testid="zone-message"');
    expect(html).toContain('data-code="import-failed"');
    expect(html).toMatch(/role="status" aria-live="assertive" data-testid="zone-message-live"><span>导入失败，现有片区未改变：缺少 \.shp<\/span><\/div><button/);
  });

  it('a zone deleted from the list: named, with 撤销 / Undo to bring it back (both languages)', () => {
    expect(render({ zones: [zone('a')] }, deleted)).toContain('<span>已删除“片区 2”。可点“撤销”恢复。</span>');
    expect(render({ lang: 'en', zones: [zone('a')] }, deleted)).toContain('<span>Deleted “片区 2”. Undo brings it back.</span>');
  });

  it('a store message wins over the notice; the notice goes once the zone is back (undo)', () => {
    const failed = { code: 'import-failed', text: 'x' } as const;
    expect(shownZoneMessage(failed, deleted, ['a'])).toBe(failed);
    expect(shownZoneMessage(null, deleted, ['a'])).toBe(deleted);
    expect(shownZoneMessage(null, deleted, ['a', 'b'])).toBeNull();
    expect(shownZoneMessage(null, null, [])).toBeNull();
  });
});
