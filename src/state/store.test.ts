import { describe, expect, it } from 'vitest';
import { createAppStore } from './store';
import { selectSelectedParcel } from './selectors';
import type { AnalysisClient } from '../worker/client';
import type { LoadedDataset, Result } from '../worker/protocol';
import { mu, squareMetres } from '../domain/units';

const dataset = (n: number): LoadedDataset => ({
  manifest: { version: 1, name: 't', label: 't', synthetic: true, crs: 'EPSG:4549', sources: [], layers: { parcels: { file: 'p.fgb', featureCount: n, sha256: '' } } },
  display: {},
  townLabels: { type: 'FeatureCollection', features: [] },
  parcels: Array.from({ length: n }, (_, fid) => ({ fid, attributes: { parcelId: `P${fid}` }, areaM2: squareMetres(1000), areaMu: mu(1.5), taxPerMu: null, registeredAreaDiff: null })),
  totals: { count: n, areaM2: squareMetres(1000 * n), areaMu: mu(1.5 * n) },
  bounds: [0, 0, 1, 1],
  warnings: [],
  timings: { fetchMs: 0, parseMs: 0, totalMs: 0 },
});

/** A client whose answers are settled by the test, in any order. */
function manualClient() {
  const waiting: ((r: Result<LoadedDataset>) => void)[] = [];
  const client: AnalysisClient = {
    request: (() => new Promise((resolve) => waiting.push(resolve as (r: Result<LoadedDataset>) => void))) as AnalysisClient['request'],
    terminate() {},
  };
  return { client, waiting };
}

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
    const { client, waiting } = manualClient();
    const first = s.getState().loadDataset('a', client);
    const second = s.getState().loadDataset('b', client);
    expect(s.getState().loadStatus).toBe('loading');
    waiting[1]!({ ok: true, value: dataset(3) });
    await second;
    waiting[0]!({ ok: true, value: dataset(9) });
    await first;
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
    const { client, waiting } = manualClient();
    const p = s.getState().loadDataset('a', client);
    waiting[0]!({ ok: true, value: dataset(2) });
    await p;
    s.getState().selectParcel(1);
    expect(selectSelectedParcel(s.getState())?.attributes.parcelId).toBe('P1');
    s.getState().selectParcel(5);
    expect(selectSelectedParcel(s.getState())).toBeNull();
  });
});

