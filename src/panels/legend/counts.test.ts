import { describe, expect, it } from 'vitest';
import { COLOUR_MODES } from '../../map/bands';
import { fakeColumns } from '../../map/test-columns.test-helper';
import type { LedgerEntry } from '../../domain/ledger';
import { codeCounts, packedCodes } from '../../map/parcel-codes';
import { codeModeCounts, codeModeCountsOnce, disposalCodesOnce, modeCounts, modeCountsOnce } from './counts';

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

  it('from the analysis\' distinct codes and their counts are the counts of the columns, in every colouring', () => {
    const n = 2000;
    let seed = 7;
    const r = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
    const cols = fakeColumns(n);
    for (let fid = 0; fid < n; fid++) {
      cols.taxPerMu[fid] = r() < 0.1 ? NaN : r() * 120;
      cols.valuePerMu[fid] = r() < 0.1 ? NaN : r() * 500;
      cols.classIndex[fid] = int(-1, 3);
      cols.classComputed[fid] = int(0, 1);
      cols.reclaimKind[fid] = int(-1, 4);
      cols.idleStage[fid] = r() < 0.7 ? 0 : int(1, 3);
    }
    for (let i = 0; i < cols.ruleStatus.length; i++) cols.ruleStatus[i] = int(0, 3);
    const many = Array.from({ length: n }, (_, i) => ({ attributes: { parcelId: `Q${i}` } }));
    const statuses = ['待处置', '处置中', '已完成'] as const;
    const book = many.filter(() => r() < 0.2).map((p, i) => ({ parcelId: p.attributes.parcelId, action: '关停退出', status: statuses[i % 3]! }) as LedgerEntry);
    const { codes, counts } = codeCounts(packedCodes(cols, many.map((p) => p.attributes.parcelId), book));
    const disposal = disposalCodesOnce(many, book);
    for (const mode of COLOUR_MODES) {
      const want = modeCounts(mode, cols, disposal);
      expect(want.filter((x) => x > 0).length, `${mode} has more than one legend entry`).toBeGreaterThan(1);
      expect(Array.from(codeModeCounts(mode, codes, counts)), mode).toEqual(Array.from(want));
    }
    expect(codeModeCountsOnce('class', codes, counts)).toBe(codeModeCountsOnce('class', codes, counts));
  });
});
