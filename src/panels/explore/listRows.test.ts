import { describe, expect, it } from 'vitest';
import { fakeDataset } from '../../state/fake-dataset.test-helper';
import { emptyColumns } from '../../worker/analyze';
import { filterRows, orderRows, sortValues } from './listRows';

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
