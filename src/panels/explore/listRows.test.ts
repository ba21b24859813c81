import { describe, expect, it } from 'vitest';
import { fakeDataset } from '../../state/fake-dataset.test-helper';
import { emptyColumns } from '../../worker/analyze';
import { collationRanks } from '../../i18n/collation';
import { filterRows, orderRows, sortByValues, sortValues } from './listRows';

describe('parcel list order', () => {
  it('keeps the masked fids in data order without a sort', () => {
    expect([...orderRows(new Uint8Array([1, 0, 1, 1]), 4, null, 'asc')]).toEqual([0, 2, 3]);
    expect([...orderRows(null, 3, null, 'asc')]).toEqual([0, 1, 2]);
  });

  it('sorts numbers either way with unknown values last and ties in data order', () => {
    const v = new Float64Array([3, NaN, 1, 3, 2]);
    expect([...orderRows(null, 5, v, 'asc')]).toEqual([2, 4, 0, 3, 1]);
    expect([...orderRows(null, 5, v, 'desc')]).toEqual([0, 3, 4, 2, 1]);
    expect([...orderRows(new Uint8Array([1, 1, 0, 1, 1]), 5, v, 'desc')]).toEqual([0, 3, 4, 1]);
  });

  it('sorts text by a zh-CN collation rank (numbers inside by value), empty text last', () => {
    const d = fakeDataset(4);
    const names = ['温州乙公司', null, '温州甲公司', '温州甲公司'];
    d.parcels.forEach((p, i) => (p.attributes = { parcelId: `P${[10, 9, 2, 1][i]}`, enterprise: names[i] }));
    const c = emptyColumns(4);
    expect([...orderRows(null, 4, sortValues('parcelId', d.parcels, c, []), 'asc')]).toEqual([3, 2, 1, 0]);
    const ent = [...orderRows(null, 4, sortValues('enterprise', d.parcels, c, []), 'asc')];
    expect(ent[3]).toBe(1);
    expect(new Set(ent.slice(0, 3))).toEqual(new Set([0, 2, 3]));
    expect(ent.indexOf(2)).toBeLessThan(ent.indexOf(3));
  });

  it('filters a sorted order without sorting again', () => {
    const order = new Int32Array([4, 0, 3, 1, 2]);
    expect([...filterRows(order, new Uint8Array([1, 0, 0, 1, 1]))]).toEqual([4, 0, 3]);
    expect(filterRows(order, null)).toBe(order);
  });

  it('sorts 可腾出面积 largest first on the engine column', () => {
    const c = emptyColumns(3);
    c.reclaimMu.set([1.5, 7, 0]);
    const d = fakeDataset(3);
    expect([...orderRows(null, 3, sortValues('reclaimMu', d.parcels, c, []), 'desc')]).toEqual([1, 0, 2]);
  });
});

describe('text ranks (the collation order, made fast)', () => {
  const collator = new Intl.Collator('zh-CN', { numeric: true });
  /** Whether `ranks` order `texts` as the collator does, pair by pair ('' NaN). */
  const collatorOrder = (texts: string[], ranks: Float64Array) => texts.every((a, i) => texts.every((b, j) =>
    a === '' || b === '' ? Number.isNaN(ranks[i]!) === (a === '') : Math.sign(ranks[i]! - ranks[j]!) === Math.sign(collator.compare(a, b))));

  it('orders 地块编号 naturally and names in the zh-CN collation (拼音), equal texts equal', () => {
    const ids = ['330304005-0010', '330304005-0003', '330304001-0100', '330304005-00020', '330304005-0003', 'A-2', 'a-10', ''];
    const r = collationRanks(ids);
    expect(collatorOrder(ids, r)).toBe(true);
    expect(r[1]).toBe(r[4]);
    expect([...orderRows(null, ids.length, r, 'asc')]).toEqual([2, 1, 4, 0, 3, 5, 6, 7]);
    const names = ['温州市瓯海张三鞋业有限公司', '浙江安达股份有限公司', '温州北斗（普通合伙）', 'ABC公司', 'abc公司', '温州市瓯海张三鞋业有限公司2', '温州市瓯海张三鞋业有限公司10'];
    expect(collatorOrder(names, collationRanks(names))).toBe(true);
  });

  it('keeps the collator\'s order for texts a character key cannot order (other scripts, symbols, digits of other widths)', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = (s: string) => [...s][Math.floor(next() * [...s].length)]!;
    const plain = 'aAbZ09 -_.,()温州市瓯海华宏鑫安北张有限公司（）、ＡａＢ！';
    const wild = '·éèÉßæœ①Ⅱ한국😀\u0301ǅĳﬁ〇ア';
    for (let round = 0; round < 40; round++) {
      const texts = Array.from({ length: 120 }, () => {
        let s = next() < 0.5 ? '温州' : '';
        for (let j = Math.floor(next() * 7); j > 0; j--) s += next() < 0.1 ? pick(wild) : next() < 0.3 ? String(Math.floor(next() * 120)).padStart(1 + Math.floor(next() * 3), '0') : pick(plain);
        return s;
      });
      expect(collatorOrder(texts, collationRanks(texts))).toBe(true);
    }
  });
});

describe('sorting by whole numbers (packed) and by any numbers', () => {
  it('give the same order: unknown last either way, ties by item', () => {
    let seed = 3;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const whole = Float64Array.from({ length: 500 }, () => (next() < 0.1 ? NaN : Math.floor(next() * 40)));
    const frac = Float64Array.from(whole, (v) => v + 0.5); // not whole: the comparator's way
    for (const dir of ['asc', 'desc'] as const) {
      const items = Int32Array.from({ length: 300 }, (_, i) => (i * 7) % 500);
      const a = sortByValues(items.slice(), whole, dir);
      expect([...a]).toEqual([...sortByValues(items.slice(), frac, dir)]);
      for (let i = 1; i < a.length; i++) {
        const [x, y] = [whole[a[i - 1]!]!, whole[a[i]!]!];
        if (Number.isNaN(x)) expect(Number.isNaN(y) && a[i - 1]! < a[i]!).toBe(true);
        else if (!Number.isNaN(y)) expect(x === y ? a[i - 1]! < a[i]! : dir === 'asc' ? x < y : x > y).toBe(true);
      }
    }
  });
});
