import { describe, expect, it } from 'vitest';
import { buildDbf } from './build.test-helper';
import { detectDbfEncoding, normaliseCpg } from './encoding';

/** 温州 in GBK. */
const WENZHOU_GBK = Uint8Array.of(0xce, 0xc2, 0xd6, 0xdd);

describe('normaliseCpg', () => {
  it.each([
    ['936', 'gb18030'], ['cp936', 'gb18030'], ['CP936', 'gb18030'], ['ANSI 936', 'gb18030'], ['windows-936', 'gb18030'],
    ['GBK', 'gb18030'], ['GB2312', 'gb18030'], ['GB18030', 'gb18030'], ['54936', 'gb18030'], ['CP_936', 'gb18030'],
    ['65001', 'utf-8'], ['UTF-8', 'utf-8'], ['UTF8', 'utf-8'], ['utf-8\r\n', 'utf-8'], ['\uFEFFUTF-8', 'utf-8'],
    ['950', 'big5'], ['big5', 'big5'], ['1252', 'windows-1252'], ['ANSI 1252', 'windows-1252'], ['LATIN1', 'windows-1252'],
  ])('%j → %s', (cpg, label) => {
    expect(normaliseCpg(cpg)).toBe(label);
    expect(() => new TextDecoder(label)).not.toThrow();
  });

  it.each(['', '  ', 'ANSI', '437', 'SJIS', 'nonsense'])('%j → undefined', (cpg) => {
    expect(normaliseCpg(cpg)).toBeUndefined();
  });
});

const textDbf = (values: (string | Uint8Array)[], ldid = 0, name: string | Uint8Array = 'MC') =>
  buildDbf([{ name, type: 'C', width: 40 }], values.map((v) => ({ values: [v] })), ldid);

describe('detectDbfEncoding', () => {
  const gbk = textDbf([WENZHOU_GBK]);

  it('trusts a .cpg it knows, then the LDID, then the bytes', () => {
    expect(detectDbfEncoding(gbk, ' 936 ')).toEqual({ label: 'gb18030', how: 'cpg', evidence: '936' });
    expect(detectDbfEncoding(textDbf(['温州'], 0x4d), 'UTF-8')).toEqual({ label: 'utf-8', how: 'cpg', evidence: 'UTF-8' });
    expect(detectDbfEncoding(textDbf(['a'], 0x4d))).toEqual({ label: 'gb18030', how: 'ldid', evidence: 'LDID 0x4D' });
    expect(detectDbfEncoding(textDbf(['a'], 0x7a), 'nonsense')).toEqual({ label: 'gb18030', how: 'ldid', evidence: 'LDID 0x7A' });
    expect(detectDbfEncoding(gbk, 'nonsense')).toMatchObject({ label: 'gb18030', how: 'sniffed' });
  });

  it('reads GBK text as GB18030 when the .cpg says UTF-8 but the text is not UTF-8 (the caller warns)', () => {
    const overruled = { label: 'gb18030', how: 'sniffed', evidence: 'the .cpg says UTF-8 but the text is not valid UTF-8' };
    expect(detectDbfEncoding(gbk, 'UTF-8')).toEqual(overruled);
    expect(detectDbfEncoding(gbk, 'utf-8\r\n')).toEqual({ ...overruled, evidence: 'the .cpg says utf-8 but the text is not valid UTF-8' });
    expect(detectDbfEncoding(gbk, '65001')).toMatchObject({ label: 'gb18030', how: 'sniffed', evidence: 'the .cpg says 65001 but the text is not valid UTF-8' });
    // GBK field names over ASCII values; a GBK value cut mid-character by the field width.
    expect(detectDbfEncoding(textDbf(['OH-001'], 0, Uint8Array.of(0xb5, 0xd8, 0xbf, 0xe9, 0xb1, 0xe0, 0xba, 0xc5)), 'UTF-8')).toMatchObject({ label: 'gb18030' }); // 地块编号
    const cut = buildDbf([{ name: 'MC', type: 'C', width: 3 }], [{ values: [WENZHOU_GBK] }]);
    expect(detectDbfEncoding(cut, 'UTF-8')).toMatchObject({ label: 'gb18030' });
  });

  it('keeps the UTF-8 of the .cpg when most of the text is good UTF-8 and one value has a stray byte', () => {
    const stray = Uint8Array.of(0x31, 0x30, 0xb2); // "10²" written in Latin-1
    const good = ['温州市瓯海区', '娄桥街道', '鞋革', '梧田街道'];
    expect(detectDbfEncoding(textDbf([...good, stray]), 'UTF-8')).toEqual({ label: 'utf-8', how: 'cpg', evidence: 'UTF-8' });
  });

  it('keeps the UTF-8 of the .cpg for UTF-8 or ASCII text, and for bytes that are not GB18030 either', () => {
    const cpg = { label: 'utf-8', how: 'cpg', evidence: 'UTF-8' };
    expect(detectDbfEncoding(textDbf(['温州']), 'UTF-8')).toEqual(cpg);
    expect(detectDbfEncoding(textDbf(['OH-001']), 'UTF-8')).toEqual(cpg);
    expect(detectDbfEncoding(textDbf([Uint8Array.of(0xce, 0xc2, 0xff, 0xfe)]), 'UTF-8')).toEqual(cpg); // FF is no GB18030 byte
    expect(detectDbfEncoding(textDbf([Uint8Array.of(0xce, 0x20, 0x41)]), 'UTF-8')).toEqual(cpg); // lead byte before a space
  });

  it('treats LDID 0x57 (ArcGIS "ANSI": the system code page) and 0 as unknown', () => {
    expect(detectDbfEncoding(textDbf([WENZHOU_GBK], 0x57))).toMatchObject({ label: 'gb18030', how: 'sniffed' });
    expect(detectDbfEncoding(textDbf(['温州'], 0x57))).toMatchObject({ label: 'utf-8', how: 'sniffed' });
  });

  it('sniffs UTF-8 (valid with non-ASCII), GB18030 (invalid UTF-8), and defaults pure ASCII to UTF-8', () => {
    expect(detectDbfEncoding(textDbf(['温州']))).toEqual({ label: 'utf-8', how: 'sniffed', evidence: 'valid UTF-8 with non-ASCII text' });
    expect(detectDbfEncoding(gbk)).toEqual({ label: 'gb18030', how: 'sniffed', evidence: 'not valid UTF-8' });
    expect(detectDbfEncoding(textDbf(['OH-001']))).toEqual({ label: 'utf-8', how: 'default', evidence: 'only ASCII text' });
  });

  it('looks at field names too (Chinese names, ASCII values)', () => {
    expect(detectDbfEncoding(textDbf(['a'], 0, Uint8Array.of(0xcb, 0xb0, 0xca, 0xd5)))).toMatchObject({ label: 'gb18030', how: 'sniffed' }); // 税收
    expect(detectDbfEncoding(textDbf(['a'], 0, '税收'))).toMatchObject({ label: 'utf-8', how: 'sniffed' });
  });

  it('does not hold a UTF-8 sequence cut by the field width against UTF-8 (GDAL truncates mid-character)', () => {
    const cut = new TextEncoder().encode('企业名称').subarray(0, 10); // 企业名 + the first byte of 称
    expect(detectDbfEncoding(textDbf([cut], 0, cut))).toMatchObject({ label: 'utf-8', how: 'sniffed' });
  });

  it('finds the first non-ASCII text deep in the file, past the first 64 KB', () => {
    const rows = Array.from({ length: 5000 }, () => 'OH-000'); // 5000 × 41 bytes ≈ 200 KB of ASCII
    expect(detectDbfEncoding(textDbf([...rows, WENZHOU_GBK]))).toMatchObject({ label: 'gb18030', how: 'sniffed' });
    expect(detectDbfEncoding(textDbf([...rows, '温州']))).toMatchObject({ label: 'utf-8', how: 'sniffed' });
  });

  it('ignores the bytes of numeric fields (only text is sniffed)', () => {
    const dbf = buildDbf([{ name: 'MC', type: 'C', width: 8 }, { name: 'I', type: 'I', width: 4 }], [{ values: ['温州', Uint8Array.of(0xff, 0xfe, 0x80, 0x81)] }]);
    expect(detectDbfEncoding(dbf)).toMatchObject({ label: 'utf-8', how: 'sniffed' });
  });

  it('copes with a .dbf too short to have a header', () => {
    expect(detectDbfEncoding(new Uint8Array(5))).toMatchObject({ label: 'utf-8', how: 'default' });
  });
});
