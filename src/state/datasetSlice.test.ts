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
