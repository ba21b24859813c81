/** Test helper: a LoadedDataset of `n` one-and-a-half-亩 parcels, as the worker would hand it to the store. */
import { mu, squareMetres } from '../domain/units';
import type { LoadedDataset } from '../worker/protocol';

export function fakeDataset(n: number, name = 't', source: 'embedded' | 'import' = 'embedded'): LoadedDataset {
  const identity = { name, hash: name };
  return {
    info: {
      name, label: name, synthetic: source === 'embedded', source, identity,
      report: { layers: [], fileProblems: [], blockers: [], identity, totals: { parcels: n, areaMu: 1.5 * n } },
    },
    display: {},
    townLabels: { type: 'FeatureCollection', features: [] },
    parcels: Array.from({ length: n }, (_, fid) => ({ fid, attributes: { parcelId: `P${fid}` }, areaM2: squareMetres(1000), areaMu: mu(1.5), taxPerMu: null, registeredAreaDiff: null })),
    parcelBounds: new Float64Array(n * 4),
    totals: { count: n, areaM2: squareMetres(1000 * n), areaMu: mu(1.5 * n) },
    bounds: [0, 0, 1, 1],
    warnings: [],
    ledger: null,
    timings: { fetchMs: 0, parseMs: 0, buildMs: 0, totalMs: 0 },
  };
}
