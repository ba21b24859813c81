import { describe, expect, it, vi } from 'vitest';
import { analysisRequest } from '../analysis/request';
import { emptyColumns } from '../worker/analyze';
import type { AnalysisView } from '../worker/protocol';
import { fakeDataset } from './fake-dataset.test-helper';
import { createAppStore } from './store';
import { FILTER_SHOWN_LIMIT_MS } from './filterSlice';

/** A view where parcel i is in town i % 2 and freeable (idle) 1 亩 when i is odd. */
function view(n: number): AnalysisView {
  const columns = emptyColumns(n);
  for (let i = 0; i < n; i++) {
    columns.townIndex[i] = i % 2;
    if (i % 2) { columns.reclaimKind[i] = 1; columns.reclaimMu[i] = 1; }
  }
  return {
    request: analysisRequest({ evaluationDate: '2022-12-31' }),
    columns,
    townNames: ['甲街道', '乙街道'],
    summary: {} as AnalysisView['summary'],
    geometryErrors: [],
    ledgerProblems: [],
    timings: { overlayMs: 0, rulesMs: 0, totalMs: 0 },
  };
}

describe('filter slice', () => {
  it('computes the mask and figures on setFilter, and the whole set when cleared', () => {
    const store = createAppStore();
    store.setState({ dataset: fakeDataset(6), analysis: view(6) });
    expect(store.getState().filterMask).toBeNull();
    expect(store.getState().filterFigures).toEqual({ count: 6, areaMu: 9, freeableMu: 3, achievedMu: 0 });
    store.getState().setFilter({ towns: ['乙街道'] });
    expect([...store.getState().filterMask!]).toEqual([0, 1, 0, 1, 0, 1]);
    expect(store.getState().filterFigures).toEqual({ count: 3, areaMu: 4.5, freeableMu: 3, achievedMu: 0 });
    store.getState().clearFilter();
    expect(store.getState().filter).toEqual({});
    expect(store.getState().filterMask).toBeNull();
    expect(store.getState().filterFigures?.count).toBe(6);
  });

  it('keeps a filter set before the analysis and computes its mask when the analysis arrives', () => {
    const store = createAppStore();
    store.setState({ dataset: fakeDataset(4) });
    store.getState().setFilter({ towns: ['甲街道'] });
    expect(store.getState().filterMask).toBeNull();
    expect(store.getState().filterFigures).toBeNull();
    store.setState({ analysis: view(4) });
    expect([...store.getState().filterMask!]).toEqual([1, 0, 1, 0]);
    // A new run (other rules) recomputes it.
    const next = view(4);
    next.columns.townIndex.fill(0);
    store.setState({ analysis: next });
    expect([...store.getState().filterMask!]).toEqual([1, 1, 1, 1]);
  });

  it('never applies the columns of another dataset', () => {
    const store = createAppStore();
    store.setState({ dataset: fakeDataset(4), analysis: view(6) });
    store.getState().setFilter({ towns: ['甲街道'] });
    expect(store.getState().filterMask).toBeNull();
    expect(store.getState().filterFigures).toBeNull();
  });

  it('does not switch the side panel tab', () => {
    const store = createAppStore();
    store.setState({ dataset: fakeDataset(2), analysis: view(2), sidebarTab: 'zones' });
    store.getState().setFilter({ fids: [1] });
    expect(store.getState().sidebarTab).toBe('zones');
  });

  it('with a map veiling parcels, the map gets a result at once and the panels when the map has it (or after the limit)', () => {
    vi.useFakeTimers();
    try {
      const store = createAppStore();
      store.setState({ dataset: fakeDataset(6), analysis: view(6), mapFilterGate: true });
      store.getState().setFilter({ towns: ['乙街道'] });
      const first = store.getState().mapFilter;
      expect([...first.mask!]).toEqual([0, 1, 0, 1, 0, 1]);
      expect(store.getState().filter).toEqual({ towns: ['乙街道'] }); // the controls at once
      expect(store.getState().filterMask).toBeNull(); // the panels not yet
      expect(store.getState().filterShown).toEqual({});
      // A newer filter before the map reported the first: the first's report shows nothing.
      store.getState().setFilter({ towns: ['甲街道'] });
      const second = store.getState().mapFilter;
      store.getState().filterOnMap(first.seq);
      expect(store.getState().filterMask).toBeNull();
      store.getState().filterOnMap(second.seq);
      expect([...store.getState().filterMask!]).toEqual([1, 0, 1, 0, 1, 0]);
      expect(store.getState().filterShown).toEqual({ towns: ['甲街道'] });
      expect(store.getState().filterFigures?.count).toBe(3);
      // No veil before and none now (a filter keeping every parcel, cleared): shown at once, the map untouched.
      store.getState().setFilter({});
      store.getState().filterOnMap(store.getState().mapFilter.seq);
      const onMap = store.getState().mapFilter;
      expect(onMap.mask).toBeNull();
      store.getState().setFilter({ towns: [] });
      expect(store.getState().mapFilter).toBe(onMap);
      expect(store.getState().filterShown).toEqual({ towns: [] });
      store.getState().setFilter({ towns: ['甲街道'] });
      store.getState().filterOnMap(store.getState().mapFilter.seq);
      // A map that never reports: the panels show the result after the limit.
      store.getState().clearFilter();
      expect(store.getState().mapFilter.mask).toBeNull();
      expect(store.getState().filterMask).not.toBeNull();
      vi.advanceTimersByTime(FILTER_SHOWN_LIMIT_MS);
      expect(store.getState().filterMask).toBeNull();
      expect(store.getState().filterShown).toEqual({});
      // Filters set faster than the map reports (a range typed a key at a time): the newest is shown
      // within the limit of the first one not shown, not put off by each keystroke.
      for (let i = 0; i < 4; i++) {
        store.getState().setFilter({ towns: [i % 2 ? '甲街道' : '乙街道'] });
        if (i < 3) vi.advanceTimersByTime(FILTER_SHOWN_LIMIT_MS / 4);
      }
      expect(store.getState().filterShown).toEqual({});
      vi.advanceTimersByTime(FILTER_SHOWN_LIMIT_MS / 4);
      expect(store.getState().filterShown).toEqual({ towns: ['甲街道'] });
      expect([...store.getState().filterMask!]).toEqual([1, 0, 1, 0, 1, 0]);
      // A new analysis (other rules): its result goes to the panels at once, with its values.
      const next = view(6);
      next.columns.townIndex.fill(0);
      store.setState({ analysis: next });
      expect(store.getState().filterShown).toEqual({ towns: ['甲街道'] });
      expect([...store.getState().filterMask!]).toEqual([1, 1, 1, 1, 1, 1]);
      expect(store.getState().filterFigures?.count).toBe(6);
      // A filter still waiting for the map when a new analysis comes: shown at once, with the new values;
      // the map's late report of it and the limit change nothing after.
      store.getState().setFilter({ towns: ['乙街道'] });
      const pending = store.getState().mapFilter.seq;
      expect(store.getState().filterShown).toEqual({ towns: ['甲街道'] });
      const other = view(6);
      other.columns.townIndex.fill(1);
      store.setState({ analysis: other });
      expect(store.getState().filterShown).toEqual({ towns: ['乙街道'] });
      expect([...store.getState().filterMask!]).toEqual([1, 1, 1, 1, 1, 1]);
      store.getState().filterOnMap(pending);
      vi.advanceTimersByTime(FILTER_SHOWN_LIMIT_MS);
      expect(store.getState().filterShown).toEqual({ towns: ['乙街道'] });
      expect([...store.getState().filterMask!]).toEqual([1, 1, 1, 1, 1, 1]);
    } finally {
      vi.useRealTimers();
    }
  });
});
