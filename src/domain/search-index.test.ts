import { describe, expect, it } from 'vitest';
import type { ParcelAttributes } from './parcel';
import { normaliseKey, searchIndexOf, searchParcels, warmSearchIndex } from './search-index';

const parcels: { attributes: ParcelAttributes }[] = [
  { attributes: { parcelId: 'OH-0012', enterprise: '温州瓯海鞋业有限公司', creditCode: '91330304MA2AAAAA1X' } },
  { attributes: { parcelId: 'OH-0120', enterprise: '浙江新桥眼镜有限公司', creditCode: '91330304MA2BBBBB2Y' } },
  { attributes: { parcelId: 'OH-1200', enterprise: '瓯海智能锁厂', creditCode: null } },
  { attributes: { parcelId: 'XQ-0012', enterprise: null, creditCode: '91330304MA2CCCCC3Z' } },
  { attributes: { parcelId: 'OH-0012-2', enterprise: '温州瓯海鞋业有限公司', creditCode: '91330304MA2AAAAA1X' } },
];
const index = searchIndexOf(parcels);
const fids = (q: string, limit?: number) => searchParcels(index, q, limit).map((h) => h.fid);

describe('search index', () => {
  it('finds an exact 地块编号 first, then those starting with it, then those containing it', () => {
    expect(fids('OH-0012')).toEqual([0, 4]);
    expect(searchParcels(index, 'OH-0012')[0]).toEqual({ fid: 0, field: 'parcelId' });
    expect(fids('0012')).toEqual([0, 3, 4]);
  });

  it('finds enterprises by any part of the Chinese name, names starting with it first', () => {
    expect(fids('瓯海')).toEqual([2, 0, 4]);
    expect(fids('眼镜')).toEqual([1]);
    expect(searchParcels(index, '眼镜')[0]!.field).toBe('enterprise');
    expect(fids('有限公司')).toEqual([0, 1, 4]);
  });

  it('finds what people paste: other dashes, spaces between the groups, or no separator at all', () => {
    for (const q of ['OH–0120', 'OH—0120', 'OH−0120', 'OH 0120', 'OH0120', 'oh_0120']) expect(fids(q), q).toEqual([1]);
    expect(fids('9133 0304 MA2B BBBB 2Y')).toEqual([1]);
    expect(fids('91330304-MA2BBBBB2Y')).toEqual([1]);
    expect(normaliseKey('OH–0120')).toBe('oh-0120');
  });

  it('finds a credit code exactly (case and full-width folded) or by its start', () => {
    expect(fids('91330304ma2bbbbb2y')).toEqual([1]);
    expect(fids('９１３３０３０４ＭＡ２ＣＣＣＣＣ３Ｚ')).toEqual([3]);
    expect(searchParcels(index, '91330304MA2CCCCC3Z')[0]!.field).toBe('creditCode');
    expect(fids('91330304MA2A')).toEqual([0, 4]);
  });

  it('stops at the limit and answers nothing for an empty query or no match', () => {
    expect(fids('OH', 2)).toEqual([0, 1]);
    expect(fids('   ')).toEqual([]);
    expect(fids('不存在的企业')).toEqual([]);
    expect(fids('公司\n温州')).toEqual([]);
  });

  it('never matches across two parcels\' keys', () => {
    // "…1X" ends parcel 0's code and "9133…" starts parcel 1's: the flat string must not join them.
    expect(fids('1x\n9133')).toEqual([]);
    expect(fids('公司浙江')).toEqual([]);
  });

  it('can be built ahead, one key kind per task, into the same index', async () => {
    const copy = parcels.slice();
    let pauses = 0;
    const warm = await warmSearchIndex(copy, async () => { pauses++; });
    expect(pauses).toBe(3);
    expect(searchIndexOf(copy)).toBe(warm);
    expect(warm).toEqual(index);
    expect(await warmSearchIndex(copy)).toBe(warm);
  });

  it('is built once per parcel array', () => {
    expect(searchIndexOf(parcels)).toBe(index);
    expect(normaliseKey(' ＡＢ１２ ')).toBe('ab12');
  });

  it('answers a keystroke on 100k parcels in milliseconds (printed, not asserted)', () => {
    const words = ['瓯海', '娄桥', '新桥', '梧田', '鞋业', '眼镜', '服饰', '机械', '电气', '泵阀', '包装', '智能'];
    const big = Array.from({ length: 100_000 }, (_, i) => ({
      attributes: {
        parcelId: `OH${String(i).padStart(6, '0')}`,
        enterprise: `温州${words[i % 12]!}${words[(i * 7) % 12]!}${i % 997}号有限公司`,
        creditCode: `913303${String(i * 7919).padStart(12, '0')}`,
      },
    }));
    let t0 = performance.now();
    const bigIndex = searchIndexOf(big);
    const buildMs = performance.now() - t0;
    const queries = ['瓯', '瓯海', '瓯海鞋', '瓯海鞋业', '号有限', 'OH0999', '9133030000', '不存在', 'x'];
    t0 = performance.now();
    let found = 0;
    for (const q of queries) found += searchParcels(bigIndex, q).length;
    const perQuery = (performance.now() - t0) / queries.length;
    console.log(`search: 100k parcels, index built in ${buildMs.toFixed(1)} ms, ${perQuery.toFixed(2)} ms per keystroke (mean of ${queries.length})`);
    expect(found).toBeGreaterThan(0);
  });
});
