import { describe, expect, it } from 'vitest';
import { COLOUR_MODES } from '../../map/bands';
import { fakeColumns } from '../../map/test-columns.test-helper';
import type { LedgerEntry } from '../../domain/ledger';
import { disposalCodesOnce, modeCounts, modeCountsOnce } from './counts';

describe('legend counts kept per analysis', () => {
  const c = fakeColumns(50);
  for (let fid = 0; fid < 50; fid++) {
    c.taxPerMu[fid] = fid % 7 === 0 ? NaN : fid * 2.5;
    c.classIndex[fid] = (fid % 5) - 1;
  }
  const parcels = Array.from({ length: 50 }, (_, i) => ({ attributes: { parcelId: `P${i}` } }));
  const ledger: LedgerEntry[] = [{ parcelId: 'P3', action: '关停退出', status: '处置中' }, { parcelId: 'P9', action: '关停退出', status: '已完成' }];

  it('are modeCounts, counted once per colouring', () => {
    const disposal = disposalCodesOnce(parcels, ledger);
    for (const mode of COLOUR_MODES) {
      const first = modeCountsOnce(mode, c, disposal);
      expect(Array.from(first)).toEqual(Array.from(modeCounts(mode, c, disposal)));
      expect(modeCountsOnce(mode, c, disposal)).toBe(first);
    }
    // Another analysis (new columns) is counted again.
    const again = fakeColumns(50);
    expect(modeCountsOnce('tax', again, null)).not.toBe(modeCountsOnce('tax', c, null));
  });

  it('keep the disposal codes per ledger', () => {
    const codes = disposalCodesOnce(parcels, ledger);
    expect(codes[3]).toBe(2);
    expect(codes[9]).toBe(3);
    expect(disposalCodesOnce(parcels, ledger)).toBe(codes);
    // A new ledger (an edit) gives new codes, counted anew.
    const edited = [...ledger, { parcelId: 'P4', action: '关停退出', status: '待处置' } as LedgerEntry];
    const next = disposalCodesOnce(parcels, edited);
    expect(next[4]).toBe(1);
    expect(modeCountsOnce('disposal', c, next)[1]).toBe(1);
    expect(modeCountsOnce('disposal', c, codes)[1]).toBe(0);
  });
});
