import { describe, expect, it, vi } from 'vitest';
import type { Polygon } from 'geojson';

// Counts the groupings made (the engine's own function, only wrapped).
const grouped = vi.hoisted(() => ({ count: 0 }));
vi.mock('../domain/enterprise', async (original) => {
  const m = await original<typeof import('../domain/enterprise')>();
  return { ...m, groupEnterprises: (...a: Parameters<typeof m.groupEnterprises>) => (grouped.count++, m.groupEnterprises(...a)) };
});
const { analysisRequest } = await import('./request');
const { runAnalysis } = await import('./run');
type Layers = Parameters<typeof runAnalysis>[0];

const square = (x: number, size = 60): Polygon => ({ type: 'Polygon', coordinates: [[[x, 3_100_000], [x + size, 3_100_000], [x + size, 3_100_000 + size], [x, 3_100_000 + size], [x, 3_100_000]]] });
const parcels = () => [
  { geometry: square(560_000), attributes: { parcelId: 'P1', enterprise: '甲', creditCode: '91330304MA0000001X', tax: 2, addedValue: 30, landUse: '工业用地', scale: 'above' } },
  { geometry: square(560_100, 40), attributes: { parcelId: 'P2', enterprise: '甲', creditCode: '91330304ma0000001x', tax: 1, addedValue: 5, landUse: '工业用地' } },
  { geometry: square(560_200), attributes: { parcelId: 'P3', enterprise: '乙', tax: 40, addedValue: 400, landUse: '工业用地', scale: 'above' } },
];
const outcome = (layers: Layers, date: string) => {
  const out = runAnalysis(layers, analysisRequest({ evaluationDate: date }));
  if (!out.ok) throw new Error('the request should run');
  return { rows: out.run.parcels.toArray(), summary: out.run.summary, status: [...out.run.ruleStatus], reason: out.run.ruleReason };
};

describe('runAnalysis: the enterprise grouping of a layer is made once', () => {
  it('groups at the first analysis only, and a re-run gives what a run on fresh layers gives', () => {
    const layers = { parcels: parcels() } as unknown as Layers;
    grouped.count = 0;
    outcome(layers, '2022-12-31');
    const again = outcome(layers, '2023-12-31');
    expect(grouped.count).toBe(1);
    const fresh = outcome({ parcels: parcels() } as unknown as Layers, '2023-12-31');
    expect(grouped.count).toBe(2);
    expect(again).toEqual(fresh);
    // The two parcels of one credit code are one enterprise (its figures summed), in both.
    expect(again.rows.map((r) => [r.enterpriseKey, r.enterpriseParcels])).toEqual([['code:91330304MA0000001X', 2], ['code:91330304MA0000001X', 2], ['name:乙', 1]]);
  });
});
