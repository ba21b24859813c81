/** The lists file's message line: mounted empty, each message its own element so the same words are said again. */
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FileMessage, nextFileMessage } from './ListFiles';

describe('the lists file\'s message line', () => {
  it('is mounted empty (so the first message is announced)', () => {
    expect(renderToStaticMarkup(createElement(FileMessage, { message: null })))
      .toBe('<p class="sl-status" role="status" aria-live="polite" data-testid="shortlist-file-message"></p>');
  });

  it('numbers each message, so importing the same file twice gives a new one (its element keyed by the number)', () => {
    const first = nextFileMessage(null, '已导入 a.json', false);
    const again = nextFileMessage(first, '已导入 a.json', false);
    expect(again.text).toBe(first.text);
    expect(again.n).not.toBe(first.n);
    const bad = nextFileMessage(again, '无法读取', true);
    expect(bad).toEqual({ text: '无法读取', bad: true, n: 3 });
    expect(renderToStaticMarkup(createElement(FileMessage, { message: bad })))
      .toBe('<p class="sl-status sl-error" role="status" aria-live="polite" data-testid="shortlist-file-message"><span>无法读取</span></p>');
    // A new key: React puts a new element in the region (announced), not the same words into the old one.
    const line = FileMessage({ message: again }) as ReactElement<{ children: ReactElement }>;
    expect(line.props.children.key).toBe(String(again.n));
  });
});
