import { afterEach, describe, expect, it, vi } from 'vitest';
import { collationRanks } from '../../i18n/collation';
import { fakeDataset } from '../../state/fake-dataset.test-helper';
import { createAppStore } from '../../state/store';
import type { AnalysisClient } from '../../worker/client';
import { emptyColumns } from '../../worker/analyze';
import { sortValues } from './listRows';
import { RANKS_AHEAD_MIN_PARCELS, startRanksAhead } from './ranks-ahead';

afterEach(() => vi.useRealTimers());

describe('text-sort ranks made ahead for large datasets', () => {
  it('asks the worker once the first analysis is done, and the first 地块编号 sort is a lookup of its answer', async () => {
    vi.useFakeTimers();
    const dataset = fakeDataset(RANKS_AHEAD_MIN_PARCELS, 'big');
    const asked: string[] = [];
    const made = new Map<string, Float64Array>();
    const client = {
      request: vi.fn(async (kind: string, payload: { key: 'parcelId' | 'enterprise'; count: number }) => {
        asked.push(`${kind}:${payload.key}:${payload.count}`);
        const ranks = collationRanks(dataset.parcels.map((p) => (payload.key === 'parcelId' ? p.attributes.parcelId : p.attributes.enterprise ?? '')));
        made.set(payload.key, ranks);
        return { ok: true, value: ranks };
      }),
      terminate() {},
    } as unknown as AnalysisClient;
    const store = createAppStore();
    const stop = startRanksAhead(store);
    store.setState({ dataset, client, analysisStatus: 'running' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(asked).toEqual([]); // not before the analysis
    store.setState({ analysisStatus: 'ready' });
    await vi.advanceTimersByTimeAsync(8000);
    expect(asked).toEqual([`text-ranks:parcelId:${RANKS_AHEAD_MIN_PARCELS}`, `text-ranks:enterprise:${RANKS_AHEAD_MIN_PARCELS}`]);
    expect(sortValues('parcelId', dataset.parcels, emptyColumns(dataset.parcels.length), [])).toBe(made.get('parcelId'));
    // A re-analysis of the same data asks nothing more; a small dataset is never asked for.
    store.setState({ analysisStatus: 'running' });
    store.setState({ analysisStatus: 'ready' });
    store.setState({ dataset: fakeDataset(10, 'small') });
    await vi.advanceTimersByTimeAsync(8000);
    expect(asked).toHaveLength(2);
    stop();
  });
});
