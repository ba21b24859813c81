/** The shortlist tab's status line and where focus goes after a change (server-side render, pure decisions). */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../i18n';
import { fakeDataset } from '../../state/fake-dataset.test-helper';
import { useAppStore } from '../../state/store';
import { shortlistSaid, ShortlistPanel } from './ShortlistPanel';
import { focusAfterRowRemoved } from './ShortlistTable';

const initial = { ...useAppStore.getInitialState() };
afterEach(() => { Object.assign(useAppStore.getInitialState(), initial); });

describe('the shortlist tab', () => {
  it('keeps a status line (role="status") mounted and empty until something changes', () => {
    Object.assign(useAppStore.getInitialState(), { dataset: fakeDataset(5), shortlists: [{ id: 'l', name: '名单 1', fids: [0, 1] }], activeShortlistId: 'l' });
    const html = renderToStaticMarkup(createElement(ShortlistPanel));
    expect(html).toContain('<p class="sl-status" role="status" data-testid="shortlist-said"></p>');
    expect(html).toContain('data-testid="shortlist-totals"');
  });

  it('says what changed, and that 撤销 / Undo takes it back, in both languages', () => {
    const zh = translator('zh-CN');
    const en = translator('en');
    expect(shortlistSaid({ kind: 'removed', id: 'P7', left: 1 }, zh)).toBe('已从名单移除 P7，还剩 1 宗。可点“撤销”恢复。');
    expect(shortlistSaid({ kind: 'removed', id: 'P7', left: 1 }, en)).toBe('Removed P7 from the list; 1 parcel left. Undo puts it back.');
    expect(shortlistSaid({ kind: 'cleared', name: '名单 1', count: 12 }, en)).toBe('Emptied the list “名单 1” (12 parcels removed). Undo puts them back.');
    expect(shortlistSaid({ kind: 'deleted', name: '名单 1' }, zh)).toBe('已删除名单“名单 1”。可点“撤销”恢复。');
    expect(shortlistSaid({ kind: 'undone', list: { name: '名单 1', count: 1200 } }, zh)).toBe('已撤销上一步：名单“名单 1”现有 1,200 宗。');
    expect(shortlistSaid({ kind: 'undone', list: null }, en)).toBe('Undone: there are no lists now.');
    expect(shortlistSaid({ kind: 'added', added: 3, name: 'A', count: 5 }, en)).toBe('Added 3 parcels: the list “A” has 5.');
    expect(shortlistSaid({ kind: 'added', added: 0, name: 'A', count: 5 }, zh)).toBe('这些地块都已在名单“A”中。');
    expect(shortlistSaid({ kind: 'created', name: '名单 2' }, zh)).toBe('已新建名单“名单 2”。');
  });

  it('after a row\'s ×, focus goes to the next row shown, else the previous, else (the list empty) the panel\'s controls', () => {
    expect(focusAfterRowRemoved([4, 2, 9], 2)).toBe(9);
    expect(focusAfterRowRemoved([4, 2, 9], 9)).toBe(2);
    expect(focusAfterRowRemoved([4], 4)).toBeNull();
  });
});
