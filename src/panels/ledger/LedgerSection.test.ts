/** The ledger import's messages (rendered server-side) and when its result is written. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LedgerMessages, SAY_AFTER_DIALOG_MS, sayAfterDialog } from './LedgerSection';

const region = (markup: string, role: string) => new RegExp(`<div role="${role}"[^>]*>(.*?)</div>`).exec(markup)?.[1];
afterEach(() => { vi.useRealTimers(); });

describe('the ledger import\'s messages', () => {
  it('have their regions mounted before there is anything to say', () => {
    const empty = renderToStaticMarkup(createElement(LedgerMessages, { message: null }));
    expect(region(empty, 'status')).toBe('');
    expect(region(empty, 'alert')).toBe('');
  });

  it('say a file that cannot be read at once, the import\'s result politely', () => {
    const bad = renderToStaticMarkup(createElement(LedgerMessages, { message: { text: '无法导入：不是有效的 JSON', error: true, seq: 1 } }));
    expect(region(bad, 'alert')).toContain('data-testid="ledger-message"');
    expect(region(bad, 'status')).toBe('');
    const ok = renderToStaticMarkup(createElement(LedgerMessages, { message: { text: '已导入 3 条', error: false, seq: 2 } }));
    expect(region(ok, 'status')).toContain('已导入 3 条');
    expect(region(ok, 'alert')).toBe('');
  });

  it('write the import\'s result only after its dialog has gone (not in the render that closes it)', () => {
    vi.useFakeTimers();
    const said: string[] = [];
    sayAfterDialog((t) => said.push(t), '已导入 3 条');
    expect(said).toEqual([]);
    vi.advanceTimersByTime(SAY_AFTER_DIALOG_MS);
    expect(said).toEqual(['已导入 3 条']);
    const cancel = sayAfterDialog((t) => said.push(t), 'again');
    cancel();
    vi.advanceTimersByTime(SAY_AFTER_DIALOG_MS);
    expect(said).toEqual(['已导入 3 条']);
  });
});
