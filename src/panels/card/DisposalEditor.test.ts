/** The disposal record's notices (rendered server-side from the store's first state) and 知道了's focus. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../i18n';
import { useAppStore } from '../../state/store';
import { DisposalEditor, disposalStateText, dismissNotice, Notices, undoRemoval } from './DisposalEditor';

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

  it('撤销删除 puts focus on the heading before its button goes, then restores the record', async () => {
    const order: string[] = [];
    const heading = { focus: () => order.push('focus heading') } as unknown as HTMLElement;
    const outcome = await undoRemoval(heading, () => order.push('clear'), async () => { order.push('restore'); return 'saved' as const; });
    expect(order).toEqual(['focus heading', 'clear', 'restore']);
    expect(outcome).toBe('saved');
  });

  it('say what came of 撤销删除 in the state line (mounted empty), in both languages', () => {
    const line = { awaitingAction: false, undo: true, fromSample: true };
    expect(disposalStateText({ ...line, saving: 'saving' }, t)).toBe(t('disposalSaving'));
    expect(disposalStateText({ ...line, saving: 'saved' }, t)).toBe('已恢复此地块的处置记录。');
    expect(disposalStateText({ ...line, saving: 'saved' }, translator('en'))).toBe('The parcel\'s disposal record is back.');
    expect(disposalStateText({ ...line, saving: 'not-kept' }, t)).toBe(t('disposalRestoredHere'));
    expect(disposalStateText({ ...line, saving: 'idle' }, t)).toBe(t('disposalRestoreDropped'));
    expect(disposalStateText({ ...line, saving: 'conflict' }, t)).toBe(''); // ConflictChoice asks
    // Any other save says 已保存, as before.
    expect(disposalStateText({ ...line, undo: false, saving: 'saved' }, t)).toBe(t('disposalSaved'));
    expect(disposalStateText({ ...line, undo: false, saving: 'idle' }, t)).toBe(t('disposalFromSample'));
    expect(disposalStateText({ ...line, awaitingAction: true, saving: 'saved' }, t)).toBe(t('disposalPickAction'));
    const markup = renderToStaticMarkup(createElement(DisposalEditor, { parcelId: 'P1', detail: null }));
    expect(markup).toMatch(/<span class="disposal-state" role="status" data-state="idle"><\/span>/);
  });

  it('keep the removed record\'s notice (with 撤销删除) in a region mounted empty', () => {
    const markup = renderToStaticMarkup(createElement(DisposalEditor, { parcelId: 'P1', detail: null }));
    expect(markup).toContain('<div role="status" class="disposal-live disposal-removed-live"></div>');
  });
});
