import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { analysisRequest } from './request';
import { runAnalysis, type AnalysisLayers } from './run';

const square = (x: number): Polygon => ({ type: 'Polygon', coordinates: [[[x, 3_100_000], [x + 50, 3_100_000], [x + 50, 3_100_050], [x, 3_100_050], [x, 3_100_000]]] });
const layers = { parcels: [
  { geometry: square(560_000), attributes: { parcelId: 'P1', enterprise: '甲' } },
  { geometry: square(560_100), attributes: { parcelId: 'P2', enterprise: '乙' } },
] } as unknown as AnalysisLayers;

describe('runAnalysis: the ledger against the loaded parcels', () => {
  it('keeps entries of loaded parcels, and reports the others as unknown parcels', () => {
    const ledger = [
      { parcelId: 'P2', action: '关停退出', status: '已完成', date: '2022-05-01' },
      { parcelId: 'P9', action: '关停退出', status: '已完成', date: '2022-05-01' },
      { parcelId: 'p2', action: '关停退出', status: '已完成', date: '2022-05-01' },
      { parcelId: 7, action: '关停退出', status: '已完成' },
      null,
    ];
    const out = runAnalysis(layers, analysisRequest({ evaluationDate: '2023-12-31', ledger: ledger as never }));
    if (!out.ok) throw new Error('the request should run');
    const counts = Object.fromEntries(out.run.ledgerProblems.map((p) => [p.code, p.count]));
    expect(counts).toEqual({ 'unknown-parcel': 2, 'parcel-id-type': 1, 'not-an-entry': 1 });
    expect(out.run.summary.achievedMu).toBeCloseTo((2500 * 15) / 10_000, 6);
  });
});
