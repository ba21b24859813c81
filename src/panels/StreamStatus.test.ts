/** The browse-by-view indicator: its status region mounted empty, `stream-status` only while a file is browsed. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../i18n';
import { useAppStore } from '../state/store';
import { StreamStatus, streamStatusSaid, streamStatusText } from './StreamStatus';

const t = translator('zh-CN');
const initial = { ...useAppStore.getInitialState() };
afterEach(() => { Object.assign(useAppStore.getInitialState(), initial); });
const render = () => renderToStaticMarkup(createElement(StreamStatus));
const base = { streamCount: 0, streamBytes: 0, streamFileBytes: null, streamRefused: 0, streamError: null };

describe('the browse-by-view indicator', () => {
  it('keeps its status region mounted, empty, while no file is browsed by view; no stream-status then', () => {
    for (const streamState of ['off', 'armed'] as const) {
      Object.assign(useAppStore.getInitialState(), { streamState });
      expect(render()).toBe('<span class="visually-hidden" role="status"></span>');
      expect(streamStatusText({ ...base, streamState }, t)).toBe('');
    }
  });

  it('says a problem in that region; stream-status keeps its state, bytes and words (no live region: they change at every pan)', () => {
    const state = { ...base, streamState: 'too-many' as const, streamCount: 1200, streamBytes: 3 * 1024 * 1024, streamFileBytes: 12 * 1024 * 1024, streamRefused: 9000 };
    Object.assign(useAppStore.getInitialState(), state);
    const html = render();
    const text = streamStatusText(state, t);
    expect(text).toContain('1,200');
    expect(text).toContain('放大地图');
    expect(html).toContain(`<span class="visually-hidden" role="status">${streamStatusSaid(state, t)}</span>`);
    expect(streamStatusSaid(state, t)).toContain('放大地图');
    expect(streamStatusSaid({ ...state, streamState: 'loading' }, t)).toBe('');
    const element = /<span data-testid="stream-status"[^>]*>([^<]*)<\/span>/.exec(html);
    expect(element?.[1]).toBe(text);
    expect(element?.[0]).toContain('data-state="too-many"');
    expect(element?.[0]).toContain(`data-file-bytes="${12 * 1024 * 1024}"`);
    expect(element?.[0]).not.toContain('role=');
  });

  it('says a failed read in the user\'s language when the worker gave both', () => {
    const failed = { ...base, streamState: 'error' as const, streamError: { zh: '无法连接服务器', en: 'The server could not be reached.' } };
    expect(streamStatusText(failed, t, 'zh-CN')).toContain('无法连接服务器');
    expect(streamStatusSaid(failed, translator('en'), 'en')).toContain('The server could not be reached.');
  });

  it('reads in English too', () => {
    expect(streamStatusText({ ...base, streamState: 'loading', streamCount: 1, streamBytes: 1024 * 1024 }, translator('en'))).toBe('Following the view: 1 parcel · fetched 1.0 MB · Reading the parcels in view…');
  });
});
