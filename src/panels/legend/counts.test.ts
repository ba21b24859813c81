import { describe, expect, it } from 'vitest';
import { COLOUR_MODES } from '../../map/bands';
import { fakeColumns } from '../../map/test-columns.test-helper';
import type { LedgerEntry } from '../../domain/ledger';
import { codeCounts, disposalCodes, packedCodes } from '../../map/parcel-codes';
import { codeModeCounts } from './counts';
import { modeCounts } from './counts.test-helper';

describe('legend counts', () => {
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
    const disposal = disposalCodes(many.map((p) => p.attributes.parcelId), book);
    for (const mode of COLOUR_MODES) {
      const want = modeCounts(mode, cols, disposal);
      expect(want.filter((x) => x > 0).length, `${mode} has more than one legend entry`).toBeGreaterThan(1);
      expect(Array.from(codeModeCounts(mode, codes, counts)), mode).toEqual(Array.from(want));
    }
  });
});
