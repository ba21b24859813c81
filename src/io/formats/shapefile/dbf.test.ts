import { describe, expect, it } from 'vitest';
import { ascii, buildDbf, type FieldSpec } from './build.test-helper';
import { parseDbf, previewDbf, readDbfLayout } from './dbf';

/** 温州 in GBK. */
const WENZHOU_GBK = Uint8Array.of(0xce, 0xc2, 0xd6, 0xdd);

const read = (bytes: Uint8Array, encoding = 'utf-8') => {
  const r = parseDbf(bytes, encoding);
  if (!r.ok) throw new Error(r.problem);
  return r;
};

describe('parseDbf: values', () => {
  const fields: FieldSpec[] = [
    { name: 'MC', type: 'C', width: 20 },
    { name: 'MJ', type: 'N', width: 12, decimals: 2 },
    { name: 'CYRS', type: 'N', width: 9, decimals: 0 },
    { name: 'RJL', type: 'F', width: 19, decimals: 11 },
    { name: 'RQ', type: 'D', width: 8 },
    { name: 'GS', type: 'L', width: 1 },
  ];

  it('reads C, N, F, D and L with their types', () => {
    const r = read(buildDbf(fields, [
      { values: ['  温州鞋厂  ', '     1234.50', '       85', '      1.20000000000', '20150305', 'T'] },
      { values: ['', '', '', '', '', ''] },
      { values: ['x', '************', '-12', '-0.5', '00000000', '?'] },
      { values: ['y', '  1.5e3', '+7', '.25', '', 'n'] },
    ]));
    expect(r.fields.map((f) => [f.name, f.valueType])).toEqual([['MC', 'string'], ['MJ', 'number'], ['CYRS', 'integer'], ['RJL', 'number'], ['RQ', 'date'], ['GS', 'boolean']]);
    expect(r.rows).toEqual([
      { MC: '温州鞋厂', MJ: 1234.5, CYRS: 85, RJL: 1.2, RQ: '2015-03-05', GS: true },
      { MC: null, MJ: null, CYRS: null, RJL: null, RQ: null, GS: null },
      { MC: 'x', MJ: null, CYRS: -12, RJL: -0.5, RQ: null, GS: null },
      { MC: 'y', MJ: 1500, CYRS: 7, RJL: 0.25, RQ: null, GS: false },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('reads every logical spelling', () => {
    const r = read(buildDbf([{ name: 'L', type: 'L', width: 1 }], ['Y', 'y', 'T', 't', 'N', 'n', 'F', 'f', '?', ' '].map((v) => ({ values: [v] }))));
    expect(r.rows.map((row) => row?.L)).toEqual([true, true, true, true, false, false, false, false, null, null]);
  });

  it('keeps integers exact up to 2^53 and decimals equal to Number() of the text', () => {
    const texts = ['9007199254740991', '-9007199254740991', '123456789012345', '0.1', '0.7', '12345678.91', '-0.000001', '99999999999999.99', '3.14159265358979'];
    // As GDAL writes reals (24.15): trailing zeros, taken on the fast path.
    texts.push('1234.567000000000000', '-0.100000000000000', '0.000000000000000', '-0.000', '100.000000000000000', '0.000001000000000', '123456789012345.000', '1234567890123456.0', '12.3456789012345670');
    let seed = 1;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let i = 0; i < 2000; i++) texts.push((random() * 10 ** Math.floor(random() * 12)).toFixed(Math.floor(random() * 8)));
    const r = read(buildDbf([{ name: 'N', type: 'N', width: 20, decimals: 8 }], texts.map((t) => ({ values: [t.padStart(20)] }))));
    expect(r.rows.map((row) => row?.N)).toEqual(texts.map(Number));
  });

  it('leaves unreadable values empty with one warning per field naming the first record', () => {
    const r = read(buildDbf([{ name: 'SS', type: 'N', width: 10, decimals: 2 }, { name: 'RQ', type: 'D', width: 8 }], [
      { values: ['1,234.50', '2015/3/5'] }, { values: ['abc', '20150305'] }, { values: ['1', 'x'] },
    ]));
    expect(r.rows).toEqual([{ SS: null, RQ: null }, { SS: null, RQ: '2015-03-05' }, { SS: 1, RQ: null }]);
    expect(r.warnings).toEqual([
      expect.objectContaining({ code: 'coercion-failed', field: 'SS', feature: { index: 0 }, message: expect.stringMatching(/^2 values of SS .* first in record 1: "1,234.50"$/) }),
      expect.objectContaining({ code: 'coercion-failed', field: 'RQ', feature: { index: 0 }, message: expect.stringMatching(/^2 values of RQ/) }),
    ]);
  });

  it('does not read a lone sign or point as 0', () => {
    const r = read(buildDbf([{ name: 'N', type: 'N', width: 4 }], ['+', '-', '.', '-.', '0.'].map((v) => ({ values: [v] }))));
    expect(r.rows.map((row) => row?.N)).toEqual([null, null, null, null, 0]);
    expect(r.warnings[0]?.message).toMatch(/^4 values of N/);
  });

  it('returns null for a deleted record, keeping its place', () => {
    const r = read(buildDbf([{ name: 'A', type: 'C', width: 4 }], [{ values: ['a'] }, { values: ['b'], deleted: true }, { values: ['c'] }]));
    expect(r.rows).toEqual([{ A: 'a' }, null, { A: 'c' }]);
  });

  it('decodes field names and values with the chosen encoding (GBK)', () => {
    const gbkName = Uint8Array.of(0xc6, 0xf3, 0xd2, 0xb5, 0xc3, 0xfb, 0xb3, 0xc6); // 企业名称
    const bytes = buildDbf([{ name: gbkName, type: 'C', width: 10 }], [{ values: [WENZHOU_GBK] }]);
    expect(read(bytes, 'gb18030').rows).toEqual([{ 企业名称: '温州' }]);
    expect(JSON.stringify(read(bytes, 'utf-8').rows)).toContain('\uFFFD');
  });

  it('renames blank and repeated field names, with a warning', () => {
    const r = read(buildDbf([{ name: 'A', type: 'C', width: 2 }, { name: 'A', type: 'C', width: 2 }, { name: '', type: 'C', width: 2 }], [{ values: ['1', '2', '3'] }]));
    expect(r.rows).toEqual([{ A: '1', A_2: '2', FIELD_3: '3' }]);
    expect(r.warnings.map((w) => w.code)).toEqual(['duplicate-field', 'duplicate-field']);
  });

  it('reads binary I / O fields and leaves memo fields empty with a warning', () => {
    const int = new Uint8Array(4);
    new DataView(int.buffer).setInt32(0, -42, true);
    const dbl = new Uint8Array(8);
    new DataView(dbl.buffer).setFloat64(0, 2.5, true);
    const r = read(buildDbf([{ name: 'I', type: 'I', width: 4 }, { name: 'O', type: 'O', width: 8 }, { name: 'M', type: 'M', width: 10 }], [{ values: [int, dbl, '        12'] }]));
    expect(r.rows).toEqual([{ I: -42, O: 2.5, M: null }]);
    expect(r.warnings).toEqual([expect.objectContaining({ field: 'M', message: expect.stringMatching(/memo field/) })]);
  });

  it('reads a C field wider than 255 bytes (width high byte in the decimals byte, as shapelib writes it)', () => {
    const long = 'x'.repeat(300);
    const r = read(buildDbf([{ name: 'LONG', type: 'C', width: 300 }, { name: 'B', type: 'C', width: 1 }], [{ values: [long, 'b'] }]));
    expect(r.rows).toEqual([{ LONG: long, B: 'b' }]);
  });
});

describe('readDbfLayout', () => {
  it('reads the header: record count, lengths, LDID, fields', () => {
    const r = readDbfLayout(buildDbf([{ name: 'A', type: 'C', width: 4 }, { name: 'N', type: 'N', width: 6, decimals: 2 }], [{ values: ['a', '1'] }], 0x4d));
    expect(r.ok && r.layout).toMatchObject({ recordCount: 1, headerLength: 97, recordLength: 11, ldid: 0x4d, availableRecords: 1, fields: [{ type: 'C', width: 4, offset: 1 }, { type: 'N', width: 6, decimals: 2, offset: 5 }] });
  });

  it('counts only the records really in a cut file, and refuses broken headers', () => {
    const whole = buildDbf([{ name: 'A', type: 'C', width: 10 }], Array.from({ length: 5 }, () => ({ values: ['a'] })));
    const cut = readDbfLayout(whole.subarray(0, whole.length - 20));
    expect(cut.ok && cut.layout.availableRecords).toBe(3);
    expect(readDbfLayout(new Uint8Array(10))).toMatchObject({ ok: false, problem: expect.stringMatching(/10 bytes long/) });
    const bad = whole.slice();
    new DataView(bad.buffer).setUint16(8, 60000, true);
    expect(readDbfLayout(bad)).toMatchObject({ ok: false, problem: expect.stringMatching(/header claims 60,000 bytes/) });
    const narrow = whole.slice();
    new DataView(narrow.buffer).setUint16(10, 5, true);
    expect(readDbfLayout(narrow)).toMatchObject({ ok: false, problem: expect.stringMatching(/fields take 11 bytes per record/) });
  });
});

describe('previewDbf', () => {
  it('gives names and the first rows as text, skipping deleted ones', () => {
    const bytes = buildDbf([{ name: 'MC', type: 'C', width: 6 }, { name: 'N', type: 'N', width: 5 }], [
      { values: [WENZHOU_GBK, '   12'] }, { values: [ascii('gone'), '1'], deleted: true }, { values: [ascii('b'), ''] }, { values: [ascii('c'), '3'] },
    ]);
    expect(previewDbf(bytes, 'gb18030', 2)).toEqual({ fields: ['MC', 'N'], rows: [['温州', '12'], ['b', '']] });
    expect(previewDbf(new Uint8Array(3), 'gb18030', 2)).toBeNull();
  });
});
