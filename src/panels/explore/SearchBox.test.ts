/** The search box's status line: always mounted, saying "no match" or how many (both languages). */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../i18n';
import { useAppStore } from '../../state/store';
import { SearchBox, searchStatusText } from './SearchBox';

const initial = { ...useAppStore.getInitialState() };
afterEach(() => { Object.assign(useAppStore.getInitialState(), initial); });

describe('the search box', () => {
  it('has a visually hidden role="status" next to the input, mounted empty', () => {
    const html = renderToStaticMarkup(createElement(SearchBox));
    expect(html).toContain('<span class="visually-hidden" role="status" data-testid="search-status"></span>');
    expect(html).toContain('data-testid="search"');
  });

  it('says no match, or how many suggestions (the list holds at most the limit)', () => {
    const zh = translator('zh-CN');
    const en = translator('en');
    expect(searchStatusText(false, 3, 10, zh)).toBe('');
    expect(searchStatusText(true, 0, 10, zh)).toBe('没有匹配的地块');
    expect(searchStatusText(true, 0, 10, en)).toBe('No parcel matches');
    expect(searchStatusText(true, 1, 10, en)).toBe('1 matching parcel; up and down arrows to choose, Enter to open');
    expect(searchStatusText(true, 3, 10, zh)).toBe('3 个匹配的地块，按上下方向键选择，回车打开');
    expect(searchStatusText(true, 10, 10, en)).toBe('The 10 best matches shown; up and down arrows to choose, Enter to open');
  });
});
