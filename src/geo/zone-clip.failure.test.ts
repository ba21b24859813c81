/** One parcel whose clipping throws is left out and named; the zone's other figures stand. */
import type { Polygon } from 'geojson';
import { describe, expect, it, vi } from 'vitest';
import { analysisRequest } from '../analysis/request';
import { runAnalysis, type AnalysisLayers } from '../analysis/run';
import type { PackedPolygons } from './packed';

vi.mock('./zone-layer', async (importOriginal) => {
  const real = await importOriginal<typeof import('./zone-layer')>();
  return {
    ...real,
    overlapByGroup: (layer: Parameters<typeof real.overlapByGroup>[0], p: PackedPolygons, f: number, area: number, out: Float64Array) => {
      if (p.count === 3 && f === 1) throw new Error('clipper gave up');
      return real.overlapByGroup(layer, p, f, area, out);
    },
  };
});
const { computeZoneStats } = await import('./zone-clip-stats');

const sq = (x: number, y: number, s: number): Polygon => ({ type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] });

describe('a parcel that cannot be clipped', () => {
  it('is left out with a message naming it; the other parcels are measured', () => {
    const layers: AnalysisLayers = { parcels: [0, 1, 2].map((i) => ({ geometry: sq(500000 + 20 * i, 3100000, 10), attributes: { parcelId: `Q${i}`, tax: 1 } })) };
    const out = runAnalysis(layers, analysisRequest({ evaluationDate: '2022-12-31' }));
    if (!out.ok) throw new Error('run');
    const s = computeZoneStats(layers, out.run, sq(499990, 3099990, 100));
    expect(s.parcels.fids).toEqual([0, 2]);
    expect(s.landM2).toBeCloseTo(200, 9);
    expect(s.problems).toEqual([expect.objectContaining({ code: 'clip-failed', fatal: false })]);
    expect(s.problems[0]!.en).toContain('Q1');
  });
});
