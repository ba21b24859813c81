import { describe, expect, it } from 'vitest';
import { fakeDataset } from '../../state/fake-dataset.test-helper';
import type { AnalysisView } from '../../worker/protocol';
import { listRows, pageTotals } from './listRows';

/** The columns listRows and pageTotals read, for 3 parcels: the second's 亩均税收 unknown to the engine, the third's geometry flagged. */
const analysis = {
  townNames: ['A'],
  geometryErrors: [{ fid: 2, parcelId: 'P2', message: 'self-intersection near (0, 0)' }],
  columns: {
    taxPerMu: Float64Array.from([12, NaN, NaN]), reclaimKind: Int8Array.from([-1, 1, 0]), reclaimMu: Float64Array.from([0, 1.5, 1.5]),
    townIndex: Int32Array.from([0, 0, 0]), geometryError: Uint8Array.from([0, 0, 1]),
  },
} as unknown as AnalysisView;

describe('shortlist rows and totals', () => {
  const d = fakeDataset(3);
  d.parcels[1] = { ...d.parcels[1]!, taxPerMu: 99 }; // the record's own tax ÷ own area

  it('show the engine\'s 亩均税收 once there is an analysis, never the parcel\'s own where the engine has none', () => {
    expect(listRows([0, 1], d, analysis).map((r) => r.taxPerMu)).toEqual([12, null]);
    expect(listRows([1], d, null)[0]!.taxPerMu).toBe(99);
  });

  it('count the area of parcels whose geometry is known only, as the Excel totals do', () => {
    const t = pageTotals([0, 1, 2], d, analysis);
    expect(t).toMatchObject({ count: 3, areaMu: 3, freeableMu: 1.5, achievedMu: 1.5 });
  });
});
