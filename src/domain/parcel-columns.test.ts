import { describe, expect, it } from 'vitest';
import { FIELD_KIND, PARCEL_FIELDS } from './parcel';
import { AttributeColumns, attributeKeys, NUMBER_FIELDS, ParcelRow, plainAttributes, writeCell } from './parcel-columns';

describe('parcel attributes held in columns', () => {
  it('read as the object they replace: unmapped undefined, mapped and empty null, values as written', () => {
    const c = new AttributeColumns(3, ['tax', 'town', 'priorityIndustry', 'employees']);
    writeCell(c.column('tax'), 0, 12.5);
    writeCell(c.column('tax'), 2, -0);
    writeCell(c.column('town'), 0, '娄桥街道');
    writeCell(c.column('priorityIndustry'), 1, false);
    writeCell(c.column('employees'), 1, 0);
    const [a, b, z] = [c.row(0), c.row(1), c.row(2)];
    expect([a.tax, a.town, a.priorityIndustry, a.employees, a.revenue]).toEqual([12.5, '娄桥街道', null, null, undefined]);
    expect([b.tax, b.town, b.priorityIndustry, b.employees]).toEqual([null, null, false, 0]);
    expect(Object.is(z.tax, -0)).toBe(true);
    expect(a.parcelId).toBeUndefined(); // not mapped yet
  });

  it('list their fields in the order mapped, a field set later last, and give plain objects of them', () => {
    const c = new AttributeColumns(2, ['town', 'tax']);
    const r = c.row(1);
    r.parcelId = 'P-1';
    r.tax = 3;
    expect(attributeKeys(r)).toEqual(['town', 'tax', 'parcelId']);
    expect(Object.keys(plainAttributes(r))).toEqual(['town', 'tax', 'parcelId']);
    expect(plainAttributes(r)).toEqual({ town: null, tax: 3, parcelId: 'P-1' });
    expect(c.row(0).parcelId).toBeNull(); // mapped now, empty for the other row
    // A row's fields are accessors: nothing of them is an own key, so generic code must ask attributeKeys.
    expect(Object.keys(r)).toEqual(['index']);
    const plain = { parcelId: 'X', tax: 1 };
    expect(attributeKeys(plain)).toEqual(['parcelId', 'tax']);
    expect(plainAttributes(plain)).toBe(plain);
  });

  it('refuse a value of another kind (a loader bug, not data) and empty a cell given null', () => {
    const c = new AttributeColumns(1, ['tax', 'town']);
    expect(() => writeCell(c.column('tax'), 0, '12')).toThrow(/number field/);
    expect(() => writeCell(c.column('town'), 0, 12)).toThrow(/text or yes\/no field/);
    const r: ParcelRow = c.row(0);
    r.tax = 5;
    r.town = '丽岙街道';
    r.tax = null;
    r.town = null;
    expect([r.tax, r.town]).toEqual([null, null]);
  });

  it('take a number column given whole (the page\'s copy of the worker\'s), and refuse one that does not fit', () => {
    const c = new AttributeColumns(2, ['parcelId']);
    const tax = new Float64Array([1.5, NaN]);
    c.map('tax', tax);
    expect([c.row(0).tax, c.row(1).tax, c.column('tax')]).toEqual([1.5, null, tax]);
    expect(c.fields).toEqual(['parcelId', 'tax']);
    expect(() => c.map('town', new Float64Array(2))).toThrow(/not a number column/);
    expect(() => c.map('revenue', new Float64Array(3))).toThrow(/not a number column of 2/);
    expect(() => c.map('tax', new Float64Array(2))).toThrow(/mapped already/);
  });

  it('keep numbers for the number, integer and ratio fields, and only those', () => {
    expect([...NUMBER_FIELDS].sort()).toEqual([
      'landGrade', 'registeredAreaMu', 'developedRatio', 'investedRatio', 'builtYear', 'floorArea', 'plannedMaxFar',
      'supportLandRatio', 'tax', 'addedValue', 'revenue', 'rdExpense', 'energyTce', 'emissions', 'electricityKwh', 'employees',
    ].sort());
    expect(Object.keys(FIELD_KIND).sort()).toEqual(PARCEL_FIELDS.map((f) => f.key).sort());
  });
});
