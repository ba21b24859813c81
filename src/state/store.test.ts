import { emptyColumns } from '../worker/analyze';
import { describe, expect, it } from 'vitest';
import { fakeDataset } from './fake-dataset.test-helper';
import { createAppStore } from './store';
import { selectSelectedParcel } from './selectors';
import type { AnalysisClient } from '../worker/client';
import type { AnalysisView, LoadedDataset, ParcelDetail, RequestKind, RequestMap, Result } from '../worker/protocol';
import { analysisRequest, todayIso } from '../analysis/request';

const dataset = (n: number): LoadedDataset => fakeDataset(n);

/** A client whose `load` answers are settled by the test, in any order; other kinds go to `others`. */
function manualClient() {
  const waiting: ((r: Result<LoadedDataset>) => void)[] = [];
  const others: { kind: RequestKind; payload: unknown; resolve: (r: Result<unknown>) => void }[] = [];
  const client: AnalysisClient = {
    request: ((kind: RequestKind, payload: unknown) => new Promise((resolve) => {
      if (kind === 'load') waiting.push(resolve as (r: Result<LoadedDataset>) => void);
      else others.push({ kind, payload, resolve: resolve as (r: Result<unknown>) => void });
    })) as AnalysisClient['request'],
    terminate() {},
  };
  return { client, waiting, others };
}

/** Answers the pending requests of `kind` (oldest first) with `answer`. */
async function answer<K extends RequestKind>(c: ReturnType<typeof manualClient>, kind: K, answer: (payload: RequestMap[K]['request']) => Result<RequestMap[K]['response']>) {
  for (let i = 0; i < 20 && !c.others.some((o) => o.kind === kind); i++) await Promise.resolve();
  const pending = c.others.filter((o) => o.kind === kind);
  c.others.splice(0, c.others.length, ...c.others.filter((o) => o.kind !== kind));
  for (const p of pending) p.resolve(answer(p.payload as RequestMap[K]['request']));
  return pending.map((p) => p.payload as RequestMap[K]['request']);
}

const view = (n: number, date: string): AnalysisView => ({
  request: analysisRequest({ evaluationDate: date }),
  columns: { ...emptyColumns(n), taxPerMu: new Float64Array(n).fill(12) },
  townNames: [],
  summary: {} as AnalysisView['summary'],
  geometryErrors: [],
  ledgerProblems: [],
  timings: { overlayMs: 1, rulesMs: 1, totalMs: 2 },
});

describe('app store', () => {
  it('toggles the language between zh-CN and en', () => {
    const s = createAppStore();
    expect(s.getState().lang).toBe('zh-CN');
    s.getState().toggleLang();
    expect(s.getState().lang).toBe('en');
    s.getState().toggleLang();
    expect(s.getState().lang).toBe('zh-CN');
  });

  it('stores a loaded dataset and keeps the newest of two overlapping loads', async () => {
    const s = createAppStore();
    const mc = manualClient();
    const { client, waiting } = mc;
    const first = s.getState().loadDataset('a', client);
    const second = s.getState().loadDataset('b', client);
    expect(s.getState().loadStatus).toBe('loading');
    waiting[1]!({ ok: true, value: dataset(3) });
    waiting[0]!({ ok: true, value: dataset(9) });
    await answer(mc, 'analyze', (r) => ({ ok: true, value: view(3, r.evaluationDate) }));
    await Promise.all([first, second]);
    expect(s.getState().loadStatus).toBe('ready');
    expect(s.getState().dataset?.totals.count).toBe(3);
  });

  it('keeps a load error as a value', async () => {
    const s = createAppStore();
    const { client, waiting } = manualClient();
    const p = s.getState().loadDataset('a', client);
    waiting[0]!({ ok: false, error: { code: 'fetch-failed', message: 'a: HTTP 404' } });
    await p;
    expect(s.getState().loadStatus).toBe('error');
    expect(s.getState().loadError?.message).toBe('a: HTTP 404');
  });

  it('selects only parcels that exist', async () => {
    const s = createAppStore();
    const mc = manualClient();
    const p = s.getState().loadDataset('a', mc.client);
    mc.waiting[0]!({ ok: true, value: dataset(2) });
    await answer(mc, 'analyze', (r) => ({ ok: true, value: view(2, r.evaluationDate) }));
    await p;
    s.getState().selectParcel(1);
    expect(selectSelectedParcel(s.getState())?.attributes.parcelId).toBe('P1');
    s.getState().selectParcel(5);
    expect(selectSelectedParcel(s.getState())).toBeNull();
  });

  it('runs the analysis right after a load, with today\'s date and the sample ledger', async () => {
    const s = createAppStore();
    const mc = manualClient();
    const ledger = [{ parcelId: 'P0', action: '整体腾退' as const, status: '已完成' as const, date: '2021-05-01' }];
    const p = s.getState().loadDataset('a', mc.client);
    mc.waiting[0]!({ ok: true, value: { ...dataset(2), ledger } });
    const [sent] = await answer(mc, 'analyze', (r) => ({ ok: true, value: view(2, r.evaluationDate) }));
    await p;
    expect(sent?.kind).toBe('analysis');
    expect(sent?.evaluationDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sent?.evaluationDate).toBe(todayIso());
    expect(sent?.ledger).toEqual(ledger);
    expect(sent?.rules).toBeUndefined();
    expect(s.getState().analysisStatus).toBe('ready');
    expect(s.getState().analysis?.columns.taxPerMu[1]).toBe(12);
  });

  it('keeps an analysis error as a value and the newest of two runs', async () => {
    const s = createAppStore();
    const mc = manualClient();
    const a = s.getState().runAnalysis(analysisRequest({ evaluationDate: '2021-01-01' }), mc.client);
    const b = s.getState().runAnalysis(analysisRequest({ evaluationDate: '2022-01-01', rules: { energy: { maxIntensity: 'x' } } }), mc.client);
    expect(s.getState().analysisStatus).toBe('running');
    await answer(mc, 'analyze', (r) => (r.rules
      ? { ok: false, error: { code: 'bad-rules', message: 'energy.maxIntensity: not a number' } }
      : { ok: true, value: view(1, r.evaluationDate) }));
    await Promise.all([a, b]);
    expect(s.getState().analysisStatus).toBe('error');
    expect(s.getState().analysisError?.code).toBe('bad-rules');
    expect(s.getState().analysis).toBeNull(); // the older, successful run lost to the newer one
    // A good run, then a bad one: the good view stays, the error is shown beside it.
    const good = s.getState().runAnalysis(analysisRequest({ evaluationDate: '2023-01-01' }), mc.client);
    await answer(mc, 'analyze', (r) => ({ ok: true, value: view(1, r.evaluationDate) }));
    await good;
    expect(s.getState().analysisStatus).toBe('ready');
    expect(s.getState().analysisError).toBeNull();
    const bad = s.getState().runAnalysis(analysisRequest({ evaluationDate: '2023-01-01', rules: 1 }));
    await answer(mc, 'analyze', () => ({ ok: false, error: { code: 'bad-rules', message: 'not an object' } }));
    await bad;
    expect(s.getState().analysisStatus).toBe('error');
    expect(s.getState().analysis?.request.evaluationDate).toBe('2023-01-01');
  });

  it('fetches the detail of the selected parcel and drops it on deselect', async () => {
    const s = createAppStore();
    const mc = manualClient();
    const p = s.getState().loadDataset('a', mc.client);
    mc.waiting[0]!({ ok: true, value: dataset(3) });
    await answer(mc, 'analyze', (r) => ({ ok: true, value: view(3, r.evaluationDate) }));
    await p;
    s.getState().selectParcel(2);
    expect(s.getState().detail).toBeNull();
    const asked = await answer(mc, 'parcel-detail', (r) => ({ ok: true, value: { fid: r.fid, parcelId: `P${r.fid}`, outcomes: [] } as unknown as ParcelDetail }));
    expect(asked).toEqual([{ fid: 2 }]);
    await Promise.resolve();
    expect(s.getState().detail?.parcelId).toBe('P2');
    s.getState().selectParcel(null);
    expect(s.getState().detail).toBeNull();
  });

  it('switches the colouring mode', () => {
    const s = createAppStore();
    expect(s.getState().colourMode).toBe('tax');
    s.getState().setColourMode('class');
    expect(s.getState().colourMode).toBe('class');
  });
});
