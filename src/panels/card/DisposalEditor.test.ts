/** The disposal record's notices (rendered server-side from the store's first state) and 知道了's focus. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../i18n';
import { useAppStore } from '../../state/store';
import { DisposalEditor, dismissNotice, Notices } from './DisposalEditor';

const t = translator('zh-CN');
const initial = { ...useAppStore.getInitialState() };
afterEach(() => { Object.assign(useAppStore.getInitialState(), initial); });
const region = (markup: string, role: string) => new RegExp(`<div role="${role}"[^>]*>(.*?)</div>`).exec(markup)?.[1];

describe('the disposal record\'s notices', () => {
  it('have their regions mounted empty while there is nothing to say', () => {
    const markup = renderToStaticMarkup(createElement(Notices, { parcelId: 'P1', t, onDismiss: () => {} }));
    expect(region(markup, 'status')).toBe('');
    expect(region(markup, 'alert')).toBe('');
  });

  it('say another tab\'s change in the polite region, the ledger not kept in the assertive one', () => {
    Object.assign(useAppStore.getInitialState(), { ledgerNotices: { P1: 'other-tab' }, ledgerPersist: 'unavailable', ledgerError: 'quota' });
    const markup = renderToStaticMarkup(createElement(Notices, { parcelId: 'P1', t, onDismiss: () => {} }));
    expect(region(markup, 'status')).toContain('data-notice="other-tab"');
    expect(region(markup, 'status')).toContain(t('disposalDismiss'));
    expect(region(markup, 'alert')).toContain('quota');
  });

  it('知道了 puts focus on the record\'s heading (which can take it) before the notice and its button go', () => {
    const order: string[] = [];
    const heading = { focus: () => order.push('focus heading') } as unknown as HTMLElement;
    dismissNotice(() => order.push('dismiss'), heading);
    expect(order).toEqual(['focus heading', 'dismiss']);
    const markup = renderToStaticMarkup(createElement(DisposalEditor, { parcelId: 'P1', detail: null }));
    expect(markup).toMatch(/<h3 id="disposal-title-P1" tabindex="-1">/);
  });
});
