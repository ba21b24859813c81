import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { AnalysisRequest } from '../analysis/request';
import type { AnalysisClient } from '../worker/client';
import type { RequestKind, Result } from '../worker/protocol';
import { fakeDataset } from './fake-dataset.test-helper';
import { FIRST_TILES_WAIT_MS, TILES_FIRST_ABOVE } from './datasetSlice';
import { putRecord } from './persist/idb';
import { settingsKey, startSettingsPersistence } from './settings-persist';
import { createAppStore } from './store';

/** A client that answers `load` with a fake dataset and records every other request (and each analysis request). */
function client(parcels = TILES_FIRST_ABOVE + 1, name = 't', analysedAhead = false) {
  const asked: RequestKind[] = [];
  const analyses: AnalysisRequest[] = [];
  const c: AnalysisClient = {
    request: ((kind: RequestKind, payload: unknown) => {
      asked.push(kind);
      if (kind === 'load') return Promise.resolve({ ok: true, value: { ...fakeDataset(parcels, name), ...(analysedAhead ? { analysedAhead } : {}) } } satisfies Result<unknown>);
      if (kind === 'analyze') analyses.push(payload as AnalysisRequest);
      return new Promise(() => {});
    }) as AnalysisClient['request'],
    terminate() {},
  };
  return { c, asked, analyses };
}

/** Lets promises and IndexedDB (the saved work read before the first analysis) settle; fake timers run on. */
const ticks = async (n = 20) => {
  for (let i = 0; i < n; i++) await Promise.resolve();
  if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(1);
  else await new Promise((r) => setTimeout(r, 30));
};

describe('dataset load order: parcels first, the analysis after', () => {
  it('with a map on the page, the analysis is asked for once the map has drawn its first tiles', async () => {
    const store = createAppStore();
    const { c, asked } = client();
    store.getState().setMapAttached(true);
    void store.getState().loadDataset('m', c);
    await ticks();
    expect(store.getState().dataset?.parcels).toHaveLength(TILES_FIRST_ABOVE + 1);
    expect(asked).toEqual(['load']);
    store.getState().setMapDrawing(true);
    await ticks();
    expect(asked).toEqual(['load']);
    store.getState().setMapDrawing(false);
    await ticks();
    expect(asked).toContain('analyze');
  });

  it('without a map the analysis starts at once; a map that never draws delays it at most FIRST_TILES_WAIT_MS', async () => {
    const a = client();
    const s1 = createAppStore();
    void s1.getState().loadDataset('m', a.c);
    await ticks();
    expect(a.asked).toContain('analyze');

    vi.useFakeTimers();
    try {
      const b = client();
      const s2 = createAppStore();
      s2.getState().setMapAttached(true);
      void s2.getState().loadDataset('m', b.c);
      await ticks();
      expect(b.asked).toEqual(['load']);
      await vi.advanceTimersByTimeAsync(FIRST_TILES_WAIT_MS + 1);
      await ticks();
      expect(b.asked).toContain('analyze');
    } finally {
      vi.useRealTimers();
    }
  });

  it('a large dataset the worker analyses ahead is analysed at once even with a map: its first tiles wait for that run anyway', async () => {
    const { c, asked } = client(TILES_FIRST_ABOVE + 1, 't', true);
    const store = createAppStore();
    store.getState().setMapAttached(true);
    void store.getState().loadDataset('m', c);
    await ticks();
    expect(asked).toContain('analyze');
  });

  it('a small dataset (the district) is analysed at once even with a map: its tiles take the results cheaply', async () => {
    const { c, asked } = client(3500);
    const store = createAppStore();
    store.getState().setMapAttached(true);
    void store.getState().loadDataset('m', c);
    await ticks();
    expect(asked).toContain('analyze');
  });

  it('puts the saved settings back before the first analysis: one analysis, with them', async () => {
    await putRecord('settings', settingsKey('saved'), { rules: { lowEfficiency: { taxPerMuBelow: 20 } }, evaluationDate: '2021-12-31' }, 0);
    const store = createAppStore();
    const stop = startSettingsPersistence(store);
    const { c, analyses } = client(3500, 'saved');
    void store.getState().loadDataset('m', c);
    await vi.waitFor(() => expect(analyses).toHaveLength(1));
    await ticks();
    expect(analyses).toHaveLength(1);
    expect(analyses[0]).toMatchObject({ evaluationDate: '2021-12-31', rules: { lowEfficiency: { taxPerMuBelow: 20 } } });
    stop();
  });
});

describe('a load\'s outline, ahead of its parcels', () => {
  const outline = () => ({
    display: { boundary: { type: 'FeatureCollection' as const, features: [] }, towns: { type: 'FeatureCollection' as const, features: [] } },
    townLabels: { type: 'FeatureCollection' as const, features: [] },
    bounds: [120.5, 27.9, 120.7, 28.05] as [number, number, number, number],
  });

  /** A client whose load sends `sent` ahead, then answers when `answer` is called. */
  function outliningClient(flagged: boolean) {
    let answer = () => {};
    const sent = outline();
    const c: AnalysisClient = {
      request: ((kind: RequestKind, _payload: unknown, _progress?: unknown, onOutline?: (o: unknown) => void) => {
        if (kind !== 'load') return new Promise(() => {});
        onOutline?.(sent);
        return new Promise((resolve) => {
          answer = () => resolve({ ok: true, value: { ...fakeDataset(3), ...(flagged ? { displayOfOutline: true } : {}) } } satisfies Result<unknown>);
        });
      }) as AnalysisClient['request'],
      terminate() {},
    };
    return { c, sent, answer: () => answer() };
  }

  it('is in the store while no dataset is; the dataset then takes the very objects the map already shows', async () => {
    const store = createAppStore();
    const { c, sent, answer } = outliningClient(true);
    void store.getState().loadDataset('m', c);
    await ticks();
    expect(store.getState().outline).toBe(sent);
    expect(store.getState().dataset).toBeNull();
    answer();
    await ticks();
    const d = store.getState().dataset!;
    expect([d.display, d.townLabels, d.bounds]).toEqual([sent.display, sent.townLabels, sent.bounds]);
    expect(d.display).toBe(sent.display);
    expect(d.townLabels).toBe(sent.townLabels);
    expect(store.getState().outline).toBeNull();
  });

  it('is not taken for a dataset that does not say its small layers are the outline\'s', async () => {
    const store = createAppStore();
    const { c, sent, answer } = outliningClient(false);
    void store.getState().loadDataset('m', c);
    await ticks();
    answer();
    await ticks();
    expect(store.getState().dataset!.display).not.toBe(sent.display);
    expect(store.getState().dataset!.display).toEqual(fakeDataset(3).display);
  });

  it('is dropped from the store when its load fails', async () => {
    const store = createAppStore();
    const sent = { display: {}, townLabels: { type: 'FeatureCollection' as const, features: [] }, bounds: [0, 0, 1, 1] as [number, number, number, number] };
    let fail = () => {};
    const c: AnalysisClient = {
      request: ((kind: RequestKind, _p: unknown, _g?: unknown, onOutline?: (o: unknown) => void) => {
        if (kind !== 'load') return new Promise(() => {});
        onOutline?.(sent);
        return new Promise((resolve) => (fail = () => resolve({ ok: false, error: { code: 'bad-file', message: 'x' } })));
      }) as AnalysisClient['request'],
      terminate() {},
    };
    void store.getState().loadDataset('m', c);
    await ticks();
    expect(store.getState().outline).toBe(sent);
    fail();
    await ticks();
    expect([store.getState().loadStatus, store.getState().outline]).toEqual(['error', null]);
  });

  it('of a load made stale by a newer one is not shown', async () => {
    const store = createAppStore();
    const first = outliningClient(true);
    const c: AnalysisClient = { request: (() => new Promise(() => {})) as AnalysisClient['request'], terminate() {} };
    void store.getState().loadDataset('old', { ...first.c, request: ((k: RequestKind, p: unknown, g?: unknown, o?: (x: unknown) => void) => {
      // The newer load starts before the older one's outline arrives.
      void store.getState().loadDataset('new', c);
      return (first.c.request as (...a: unknown[]) => Promise<unknown>)(k, p, g, o);
    }) as AnalysisClient['request'] });
    await ticks();
    expect(store.getState().outline).toBeNull();
  });
});
