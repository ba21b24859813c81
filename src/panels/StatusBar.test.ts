import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../i18n';
import { useAppStore } from '../state/store';
import type { AnalysisView } from '../worker/protocol';
import { fakeDataset } from '../state/fake-dataset.test-helper';
import { analysisStatusView, analysisTitle, MapStatus, mapStatusText, StatusBar } from './StatusBar';

const analysis = (broken: number, ledger = 0) => ({
  geometryErrors: Array.from({ length: broken }, (_, i) => ({ fid: i, parcelId: `P${i}`, message: 'self-intersection near (0, 0)' })),
  ledgerProblems: Array.from({ length: ledger }, (_, i) => ({ code: 'unknown-parcel', count: 1, message: { zh: `台账问题 ${i}`, en: `ledger problem ${i}` } })),
}) as unknown as AnalysisView;

describe('the analysis state\'s tooltip', () => {
  it('lists the first 20 broken parcels and says how many more (10k broken parcels: not a multi-MB title)', () => {
    const zh = analysisTitle(analysis(10_000, 3), 'zh-CN', translator('zh-CN'))!.split('\n');
    expect(zh).toHaveLength(21);
    expect(zh[0]).toBe('P0: 自相交（约在 (0, 0) 附近）');
    expect(zh[20]).toBe('…另有 9,983 条');
    const en = analysisTitle(analysis(30), 'en', translator('en'))!.split('\n');
    expect(en[0]).toBe('P0: self-intersection near (0, 0)');
    expect(en[20]).toBe('…10 more');
  });

  it('lists everything when short, the ledger\'s problems after the parcels; none without problems', () => {
    expect(analysisTitle(analysis(2, 1), 'en', translator('en'))!.split('\n')).toEqual(['P0: self-intersection near (0, 0)', 'P1: self-intersection near (0, 0)', 'ledger problem 0']);
    expect(analysisTitle(analysis(0), 'en', translator('en'))).toBeUndefined();
    expect(analysisTitle(null, 'en', translator('en'))).toBeUndefined();
  });
});

describe('the analysis state\'s element', () => {
  const t = translator('zh-CN');
  const base = { analysis: null, analysisError: null, lang: 'zh-CN' as const };
  const initial = { ...useAppStore.getInitialState() };
  afterEach(() => { Object.assign(useAppStore.getInitialState(), initial); });
  const element = (html: string) => /<span[^>]*data-testid="analysis-status"[^>]*>[^<]*<\/span>/.exec(html)?.[0];

  it('is there, empty, before any analysis (so the first 正在分析… is announced), claiming no state', () => {
    const idle = element(renderToStaticMarkup(createElement(StatusBar)));
    expect(idle).toBeDefined();
    expect(idle).toContain('role="status"');
    expect(idle).not.toContain('data-state');
    expect(idle).toMatch(/><\/span>$/);
    Object.assign(useAppStore.getInitialState(), { analysisStatus: 'running' });
    const running = element(renderToStaticMarkup(createElement(StatusBar)));
    expect(running).toContain('data-state="running"');
    expect(running).toContain(`>${t('analysisRunning')}</span>`);
  });

  it('never says ready (or error) without a text', () => {
    expect(analysisStatusView({ ...base, analysisStatus: 'idle' }, t)).toEqual({ text: '', state: undefined, error: false });
    expect(analysisStatusView({ ...base, analysisStatus: 'ready' }, t).state).toBeUndefined(); // ready without its results
    expect(analysisStatusView({ ...base, analysisStatus: 'error' }, t).state).toBeUndefined(); // an error without its message
    const running = analysisStatusView({ ...base, analysisStatus: 'running' }, t);
    expect(running.state).toBe('running');
    expect(running.text).toBe(t('analysisRunning'));
    const failed = analysisStatusView({ ...base, analysisStatus: 'error', analysisError: { code: 'x', message: 'boom' } as never }, t);
    expect(failed).toMatchObject({ state: 'error', error: true });
    expect(failed.text).toContain('boom');
  });
});

describe('the map\'s drawing state', () => {
  const t = translator('zh-CN');
  const initial = { ...useAppStore.getInitialState() };
  afterEach(() => { Object.assign(useAppStore.getInitialState(), initial); });
  const drawing = (html: string) => /<span[^>]*data-testid="map-status"[^>]*>([^<]*)<\/span>/.exec(html);

  it('has no map-status element while idle (tests count on it going)', () => {
    expect(renderToStaticMarkup(createElement(MapStatus, { text: mapStatusText(false, t) }))).toBe('');
    Object.assign(useAppStore.getInitialState(), { dataset: fakeDataset(3), mapDrawing: false });
    expect(drawing(renderToStaticMarkup(createElement(StatusBar)))).toBeNull();
  });

  it('shows 地图绘制中… while drawing, not as a live region (it would be said at every pan)', () => {
    expect(mapStatusText(true, translator('en'))).toBe('Drawing the map…');
    Object.assign(useAppStore.getInitialState(), { dataset: fakeDataset(3), mapDrawing: true });
    const bar = renderToStaticMarkup(createElement(StatusBar));
    const element = drawing(bar);
    expect(element?.[1]).toBe(t('mapDrawing'));
    expect(element?.[0]).not.toMatch(/role=|aria-live|aria-hidden/);
  });
});
