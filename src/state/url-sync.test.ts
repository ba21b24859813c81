import { describe, expect, it, vi } from 'vitest';
import { analysisRequest } from '../analysis/request';
import { emptyColumns } from '../worker/analyze';
import type { AnalysisView } from '../worker/protocol';
import { fakeDataset } from './fake-dataset.test-helper';
import { createAppStore } from './store';
import { decodeUrlState, encodeUrlState, MAX_URL_FIDS } from './url';
import { applyUrlState, urlStateOf, viewOfBounds } from './url-sync';

const view = (n: number): AnalysisView => ({
  request: analysisRequest({ evaluationDate: '2022-12-31' }),
  columns: emptyColumns(n),
  townNames: [],
  summary: {} as AnalysisView['summary'],
  geometryErrors: [],
  ledgerProblems: [],
  timings: { overlayMs: 0, rulesMs: 0, totalMs: 0 },
});

describe('URL sync', () => {
  it('takes the Web Mercator middle of the view box as its centre', () => {
    const v = viewOfBounds([120, 27, 121, 29], 12);
    expect(v.lon).toBe(120.5);
    // Mercator stretches the north, so the screen's middle lies a little north of the arithmetic 28°.
    expect(v.lat).toBeGreaterThan(28);
    expect(v.lat).toBeLessThan(28.01);
    expect(viewOfBounds([120, -1, 121, 1], 3).lat).toBeCloseTo(0, 12);
  });

  it('applies a link to the store and writes the same link back', () => {
    const store = createAppStore();
    store.setState({ dataset: fakeDataset(5), analysis: view(5) });
    const link = encodeUrlState('?e2e=1', {
      view: { lon: 120.6, lat: 27.98, zoom: 14 }, colour: 'class', tab: 'explore', parcelId: 'P3', filterIds: ['P1', 'P3'],
    });
    applyUrlState(store, decodeUrlState(link));
    const s = store.getState();
    expect(s.selectedFid).toBe(3);
    expect(s.focus).toBeNull(); // a view in the link: no fly-to
    expect(s.colourMode).toBe('class');
    expect(s.sidebarTab).toBe('explore');
    expect([...s.filterMask!]).toEqual([0, 1, 0, 1, 0]);
    expect(s.initialView).toEqual({ lon: 120.6, lat: 27.98, zoom: 14 });
    expect(encodeUrlState('?e2e=1', urlStateOf(s))).toBe(link);
  });

  it('finds a link\'s chosen parcels by 地块编号 in data whose order differs, and follows them when the dataset changes', () => {
    const store = createAppStore();
    const d = fakeDataset(5);
    const reversed = { ...d, parcels: [...d.parcels].reverse().map((p, fid) => ({ ...p, fid })) }; // P4 … P0
    store.setState({ dataset: reversed, analysis: view(5) });
    applyUrlState(store, decodeUrlState(encodeUrlState('', { filterIds: ['P1', 'P3', 'P9'] })));
    expect(store.getState().filter.fids).toEqual([3, 1]);
    store.setState({ dataset: d });
    expect(store.getState().filter.fids).toEqual([1, 3]);
    // A view holding none of them (a streamed file panned away): nothing shown, the ids kept; back: shown again.
    const away = { ...d, parcels: d.parcels.map((p) => ({ ...p, attributes: { parcelId: `Q${p.fid}` } })) };
    store.setState({ dataset: away });
    expect(store.getState().filter.fids).toEqual([]);
    expect([...store.getState().filterMask!]).toEqual([0, 0, 0, 0, 0]);
    store.setState({ dataset: d });
    expect(store.getState().filter.fids).toEqual([1, 3]);
  });

  it('maps chosen parcels to ids only when the URL can hold them (a longer choice is left out, not mapped on every write)', () => {
    const store = createAppStore();
    store.setState({ dataset: fakeDataset(MAX_URL_FIDS + 10), analysis: view(MAX_URL_FIDS + 10) });
    store.getState().setFilter({ fids: Array.from({ length: MAX_URL_FIDS }, (_, i) => i) });
    expect(urlStateOf(store.getState()).filterIds).toHaveLength(MAX_URL_FIDS);
    store.getState().setFilter({ fids: Array.from({ length: MAX_URL_FIDS + 1 }, (_, i) => i) });
    expect(store.getState().filter.fids).toHaveLength(MAX_URL_FIDS + 1);
    expect(urlStateOf(store.getState()).filterIds).toBeUndefined();
  });

  it('flies to the linked parcel when the link has no view, and ignores an unknown parcel', () => {
    const store = createAppStore();
    store.setState({ dataset: fakeDataset(5) });
    applyUrlState(store, { parcelId: 'P2' });
    expect(store.getState().focus?.fid).toBe(2);
    applyUrlState(store, { parcelId: 'nope' });
    expect(store.getState().selectedFid).toBe(2);
  });
});

describe('a link read while the data loads', () => {
  it('gives the map its view with the outline, before the dataset; the rest waits for the dataset and the view is not given twice', async () => {
    const { startUrlSync } = await import('./url-sync');
    const link = encodeUrlState('', { view: { lon: 120.6, lat: 27.98, zoom: 14 }, colour: 'class', parcelId: 'P3' });
    vi.stubGlobal('window', { location: { search: link, pathname: '/', hash: '' }, history: { state: null, replaceState: () => {} } });
    try {
      const store = createAppStore();
      const stop = startUrlSync(store, (v) => v === 'class' || v === 'tax');
      expect(store.getState().initialView).toBeNull();
      const outline = { display: {}, townLabels: { type: 'FeatureCollection' as const, features: [] }, bounds: [0, 0, 1, 1] as [number, number, number, number] };
      store.setState({ outline });
      expect(store.getState().initialView).toEqual({ lon: 120.6, lat: 27.98, zoom: 14 });
      expect(store.getState().colourMode).not.toBe('class'); // the rest needs the dataset
      store.getState().setInitialView(null); // the map took it
      store.setState({ outline: null, dataset: fakeDataset(5), analysis: view(5) });
      expect(store.getState().colourMode).toBe('class');
      expect(store.getState().selectedFid).toBe(3);
      expect(store.getState().initialView).toBeNull();
      stop();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
