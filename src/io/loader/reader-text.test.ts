import { describe, expect, it } from 'vitest';
import { readerText, readerWarningText } from './reader-text';

describe('reader warnings in Chinese', () => {
  // As the readers word them (formats/shapefile, dbf, csv, geojson).
  it.each([
    ['there is no .dbf beside 地块.shp, so the shapes have no attributes (no parcel numbers, names or figures). Pick …', /地块\.shp 旁没有 \.dbf/],
    ['the .dbf says it has 1,200 records but holds only 800 (it was cut short); the missing ones were not read', /声明 1,200 条记录，实际只有 800 条/],
    ['the .shp has 10 records but the .dbf 9; only the first 9 were read, matched by record number. Check that the .shp and .dbf belong together', /\.shp 有 10 条记录而 \.dbf 有 9 条/],
    ['2 records are marked deleted in the .dbf and were left out (record 3, 7)', /2 条记录在 \.dbf 中标为已删除/],
    ['1 record has rings wound against the Shapefile rule (outer rings clockwise, holes counter-clockwise); outer rings and holes were told apart by which ring lies inside which, so holes are taken out of the area as GIS software does (record 4)', /^1 条记录的环方向不符合 Shapefile 规定.*面积与 GIS 的算法一致（扣除内环）$/],
    ['the .cpg says UTF-8 but the attribute text is not UTF-8; it was read as GBK (GB18030). Check that the Chinese reads right, and correct the .cpg in the GIS', /^\.cpg 写的是 UTF-8，但属性内容不是 UTF-8，已按 GBK（GB18030）读取；请核对中文是否正确，并在 GIS 中改正 \.cpg$/],
    ['the .cpg says "XYZ", a code page this app does not know; the text was read as gb18030 (sniffed)', /\.cpg 写的是“XYZ”.*gb18030/],
    ['field BZ is a memo field (type M); its text is in a .dbt/.fpt file that is not read, so it is left empty', /字段 BZ 是备注字段/],
    ['3 values of MJ (type N) could not be read and are left empty, first in record 12: "1,2.3"', /字段 MJ 有 3 个值无法读取/],
    ['the column name "面积" appears 2 times; column 5 is read as "面积_2"', /列名“面积”出现 2 次，第 5 列按“面积_2”读取/],
    ['the file is not UTF-8; read it as GB18030/GBK Chinese text', /不是 UTF-8 编码/],
    ['row 4 (line 5) has 3 values where the header has 4 columns; read as far as they go', /第 4 行（文件第 5 行）有 3 个值，而表头有 4 列/],
    ['row 2 (line 3): the WKT value is not valid WKT (bad ring); the row is read without geometry', /第 2 行.*WKT 图形无效/],
    ['row 9 (line 10): the coordinates "a", "" are not two numbers; the row is read without geometry', /第 9 行.*坐标不是两个数值/],
    ['and 12 more rows are read without geometry', /另有 12 行/],
  ])('%s', (en, zh) => {
    const text = readerWarningText(en);
    expect(text.en).toBe(en);
    expect(text.zh).toMatch(zh);
  });

  it('keeps an unknown warning readable, marked as a reader note', () => {
    expect(readerWarningText('something new')).toEqual({ zh: '读取提示（something new）', en: 'something new' });
  });
});

describe('the remote reader\'s messages in Chinese', () => {
  it.each([
    ['The server sent the whole file instead of the part asked for (it ignores Range requests), and the file is over 1024 MB, more than may be read at once.', '文件太大'],
    ['The read would fetch 2048 MB at once, more than the 1024 MB that may be.', '文件太大'],
    ['The server sent more than the 64 KB asked for (bytes 0–65535).', '服务器发送的数据超过所请求的范围'],
    ['The server could not be reached (Failed to fetch).', '无法连接服务器'],
    ['The server answered 404 Not Found for the file.', '服务器返回 404'],
  ])('%s', (problem, zh) => {
    const { text, fix } = readerText(problem, 'fix it');
    expect(text.zh.startsWith(zh)).toBe(true);
    expect(text.en).toBe(problem);
    expect(fix.zh).not.toBe('');
  });
});
