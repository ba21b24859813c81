/** Focus when filter chips go (pure decision) and the summary's stable label (server-side render). */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeDataset } from '../../state/fake-dataset.test-helper';
import { useAppStore } from '../../state/store';
import { focusAfterChipRemoved } from './FilterChips';
import { FilterSummary } from './FilterSummary';

const initial = { ...useAppStore.getInitialState() };
afterEach(() => { Object.assign(useAppStore.getInitialState(), initial); });

describe('removing filter chips', () => {
  it('focus goes to the next chip\'s ×, else the previous one\'s, else (the filter empty) the summary', () => {
    expect(focusAfterChipRemoved(['towns', 'classes', 'rule:idle'], 'towns')).toBe('classes');
    expect(focusAfterChipRemoved(['towns', 'classes', 'rule:idle'], 'rule:idle')).toBe('classes');
    expect(focusAfterChipRemoved(['towns'], 'towns')).toBe('summary');
  });

  it('the summary\'s label can take focus (tabindex -1) with a filter set and without', () => {
    Object.assign(useAppStore.getInitialState(), { dataset: fakeDataset(3), filterShown: {} });
    expect(renderToStaticMarkup(createElement(FilterSummary))).toContain('<span class="filter-summary-label" tabindex="-1">全部地块</span>');
    Object.assign(useAppStore.getInitialState(), { filterShown: { towns: ['梧田街道'] } });
    const html = renderToStaticMarkup(createElement(FilterSummary));
    expect(html).toContain('<span class="filter-summary-label" tabindex="-1">筛选结果</span>');
    expect(html).toContain('data-testid="filter-clear"');
  });
});
