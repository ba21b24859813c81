import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { ReadCancelled, TICK_EVERY, type SourceLayer } from '../source';
import { readCsv, sniffDelimiter } from './csv';
import { fixture } from './fixtures.test-helpers';
import { parseWkt } from './wkt';

const utf8 = (text: string) => new TextEncoder().encode(text);

async function layerOf(bytes: Uint8Array, name = 't.csv', encoding?: string): Promise<SourceLayer> {
  const r = await readCsv(bytes, name, encoding ? { encoding } : undefined);
  if (!r.ok) throw new Error(`${r.error.problem} ${r.error.fix}`);
  return r.layers[0]!;
}
const gdal = (name: string) => JSON.parse(new TextDecoder().decode(fixture(`csv/${name}.gdal.geojson`))) as FeatureCollection;

describe('readCsv', () => {
  it('a UTF-8 BOM WKT table written by ogr2ogr: the same geometries and values GDAL reads back, the WKT column not a property', async () => {
    const layer = await layerOf(fixture('csv/parcels-wkt-bom.csv'), 'dir/parcels-wkt-bom.csv');
    const want = gdal('parcels-wkt-bom').features;
    expect(layer.features.map((f) => f.geometry)).toEqual(want.map((f) => f.geometry));
    expect(layer.features.map((f) => f.properties)).toEqual(want.map((f) => f.properties));
    expect(layer).toMatchObject({ name: 'parcels-wkt-bom', format: 'csv', files: ['dir/parcels-wkt-bom.csv'], geometryKind: 'polygon', declaredCrs: null, encoding: { label: 'utf-8', how: 'bom' }, warnings: [] });
    expect(layer.features[2]!.properties.QYMC).toBe('=HYPERLINK("http://x")');
    const types = Object.fromEntries(layer.fields.map((f) => [f.name, f.type]));
    expect(types).toMatchObject({ DKBH: 'string', MJ: 'integer', SS: 'string', NH: 'number', RJL: 'number', CRRQ: 'string', GM: 'string' });
    expect(layer.fields.map((f) => f.name)).not.toContain('WKT');
  });

  it('every WKT kind (Z kept, M dropped, MULTIPOINT both ways, collections) as GDAL reads it; EMPTY is no geometry', async () => {
    const layer = await layerOf(fixture('csv/kinds-wkt.csv'));
    const want = gdal('kinds-wkt').features;
    layer.features.forEach((f, i) => {
      if (f.properties.kind === 'empty polygon') expect(f.geometry).toBeNull();
      else expect(f.geometry).toEqual(want[i]!.geometry);
    });
    expect(layer.geometryKind).toBe('mixed');
  });

  it('a GBK survey table with X坐标/Y坐标: points with X read as x (the northing; the loader detects the swap), GB18030 sniffed', async () => {
    const layer = await layerOf(fixture('csv/survey-gbk.csv'), '测量.csv');
    expect(layer.encoding).toEqual({ label: 'gb18030', how: 'sniffed', evidence: 'not valid UTF-8' });
    expect(layer.features.map((f) => f.geometry)).toEqual([
      { type: 'Point', coordinates: [3100050.5, 560050.25] },
      { type: 'Point', coordinates: [3100100, 560300] },
      null,
    ]);
    expect(layer.features[1]!.properties).toEqual({ 序号: '2', 地块编号: 'OH-002', 企业名称: '瓯海某眼镜厂', X坐标: '3100100', Y坐标: '560300', '面积(亩)': '30.5' });
    expect(layer.geometryKind).toBe('point');
    expect(layer.warnings).toEqual([]);
    // The user's choice wins (and reads the bytes as the wrong text, as asked).
    expect((await layerOf(fixture('csv/survey-gbk.csv'), 's.csv', 'windows-1252')).encoding).toEqual({ label: 'windows-1252', how: 'user' });
  });

  it('semicolons with unquoted WKT, a quoted value over two lines with doubled quotes', async () => {
    const layer = await layerOf(fixture('csv/semicolon.csv'));
    expect(layer.features.map((f) => f.properties)).toEqual([{ id: 'A-1', name: 'Line one\nline "two"' }, { id: 'A-2', name: 'plain' }]);
    expect(layer.features[0]!.geometry).toEqual({ type: 'Polygon', coordinates: [[[560000, 3100000], [560100, 3100000], [560100, 3100100], [560000, 3100000]]] });
    expect(layer.geometryKind).toBe('mixed');
  });

  it('an unterminated quote is an error naming the line it opened on', async () => {
    const r = await readCsv(fixture('csv/broken-quote.csv'), 'broken-quote.csv');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ file: 'broken-quote.csv' });
      expect(r.error.problem).toMatch(/quote \(".*opened on line 3 is never closed/);
      expect(r.error.fix).toMatch(/line 3/);
    }
  });

  it('sniffs comma, tab, semicolon and the full-width comma; quoted delimiters do not count', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(sniffDelimiter('a\tb\tc\n"x,y"\t2\t3\n')).toBe('\t');
    expect(sniffDelimiter('a;b\n"1,5";2\n"3,5";4\n')).toBe(';');
    expect(sniffDelimiter('名称，面积\n甲，1\n乙，2\n')).toBe('\uFF0C');
    expect(sniffDelimiter('a\tb,c\n1\t2,3\n')).toBe('\t');
  });

  it('tab-separated UTF-16LE with BOM (Excel "Unicode text"), 经度/纬度 points, CR line ends', async () => {
    const text = '\uFEFF名称\t经度\t纬度\r甲\t120.65\t28.01\r';
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) new DataView(bytes.buffer).setUint16(2 * i, text.charCodeAt(i), true);
    const layer = await layerOf(bytes, 'u.txt');
    expect(layer.encoding).toMatchObject({ label: 'utf-16le', how: 'bom' });
    expect(layer.features).toEqual([{ geometry: { type: 'Point', coordinates: [120.65, 28.01] }, properties: { 名称: '甲', 经度: '120.65', 纬度: '28.01' } }]);
  });

  it('full-width comma table without geometry: an attribute table (geometry null, kind none), fields typed, codes with leading zeros kept as strings', async () => {
    const layer = await layerOf(utf8('编号，企业，税收，出让日期，规上，代码\n0012，甲，1.5，2015-03-05，TRUE，330304\n0013，乙，-2，2016/7/1，false，330305\n'));
    expect(layer.geometryKind).toBe('none');
    expect(layer.features.every((f) => f.geometry === null)).toBe(true);
    expect(layer.fields).toEqual([
      { name: '编号', type: 'string' }, { name: '企业', type: 'string' }, { name: '税收', type: 'number' },
      { name: '出让日期', type: 'date' }, { name: '规上', type: 'boolean' }, { name: '代码', type: 'integer' },
    ]);
    expect(layer.features[0]!.properties).toEqual({ 编号: '0012', 企业: '甲', 税收: '1.5', 出让日期: '2015-03-05', 规上: 'TRUE', 代码: '330304' });
    expect(layer.encoding).toEqual({ label: 'utf-8', how: 'sniffed', evidence: 'valid UTF-8' });
  });

  it('a short or long row is a warning naming the row; bad WKT and non-numeric X/Y leave that row without geometry and say so', async () => {
    const layer = await layerOf(utf8('id,wkt,n\n1,POINT (1 2),a\n2,"POLYGON ((1 2, 3))",b\n3\n4,POINT (5 6),c,extra\n,,\n'));
    expect(layer.features.map((f) => f.geometry)).toEqual([{ type: 'Point', coordinates: [1, 2] }, null, null, { type: 'Point', coordinates: [5, 6] }]);
    expect(layer.features[2]!.properties).toEqual({ id: '3', n: null });
    const messages = layer.warnings.map((w) => [w.feature?.index, w.message]);
    expect(messages).toEqual([
      [1, expect.stringMatching(/^row 2 \(line 3\): the wkt value is not valid WKT \(expected a second number \(y\) at character 17/)],
      [2, expect.stringMatching(/^row 3 \(line 4\) has 1 values where the header has 3 columns; the missing ones are left empty/)],
      [3, expect.stringMatching(/^row 4 \(line 5\) has 4 values .* the extra ones are dropped/)],
    ]);
    const xy = await layerOf(utf8('x,y\n560000,3100000\nabc,3100000\n"560,001.5",3100000\n'));
    expect(xy.features.map((f) => f.geometry)).toEqual([{ type: 'Point', coordinates: [560000, 3100000] }, null, { type: 'Point', coordinates: [560001.5, 3100000] }]);
    expect(xy.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^row 2 \(line 3\): the coordinates "abc", "3100000" are not two numbers/)]);
  });

  it('at most 20 warnings of a kind name their rows; one more counts the rest', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i},POINT (x y)`).join('\n');
    const layer = await layerOf(utf8(`id,geometry\n${rows}\n`));
    expect(layer.warnings).toHaveLength(21);
    expect(layer.warnings[20]!.message).toBe('and 30 more rows are read without geometry');
  });

  it('blank header cells and repeated names become field_N and name_2; a column of WKT under any name is the geometry', async () => {
    const layer = await layerOf(utf8(',名称,名称,位置\n1,甲,乙,POINT (1 2)\n'));
    expect(layer.fields.map((f) => f.name)).toEqual(['field_1', '名称', '名称_2']);
    expect(layer.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(layer.warnings.map((w) => w.code)).toEqual(['duplicate-field']);
  });

  it('refuses empty files, workbooks and binary with a fix; a header alone is an empty layer', async () => {
    const problem = async (bytes: Uint8Array) => {
      const r = await readCsv(bytes, 'x.csv');
      if (r.ok) throw new Error('read');
      expect(r.error.fix).not.toBe('');
      return r.error.problem;
    };
    expect(await problem(new Uint8Array())).toMatch(/empty/);
    expect(await problem(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toMatch(/Excel workbook/);
    expect(await problem(new Uint8Array([0x61, 0, 0x62, 0]))).toMatch(/binary/);
    expect(await problem(utf8('\n\n,,\n'))).toMatch(/no rows/);
    expect((await layerOf(utf8('a,b\r\n'))).features).toEqual([]);
  });

  it('calls tick every TICK_EVERY rows; a cancel thrown by tick ends the read', async () => {
    const bytes = utf8(`x,y\n${Array.from({ length: 9000 }, (_, i) => `${i},${i}`).join('\n')}`);
    const fractions: number[] = [];
    const r = await readCsv(bytes, 'g.csv', { tick: async (f) => void fractions.push(f) });
    expect(r.ok && r.layers[0]!.features.length).toBe(9000);
    expect(fractions).toHaveLength(Math.floor(8999 / TICK_EVERY));
    await expect(readCsv(bytes, 'g.csv', { tick: async () => { throw new ReadCancelled(); } })).rejects.toBeInstanceOf(ReadCancelled);
  });
});

describe('parseWkt', () => {
  it.each([
    ['POINT(1 2)', { type: 'Point', coordinates: [1, 2] }],
    ['pointz (1 2 3)', { type: 'Point', coordinates: [1, 2, 3] }],
    ['POINT ZM (1 2 3 4)', { type: 'Point', coordinates: [1, 2, 3] }],
    ['SRID=4549;POINT (560000 3100000)', { type: 'Point', coordinates: [560000, 3100000] }],
    ['  LINESTRING (1 2, -3.5e2 .5)  ', { type: 'LineString', coordinates: [[1, 2], [-350, 0.5]] }],
    ['MULTIPOLYGON (EMPTY, ((0 0, 1 0, 1 1, 0 0)))', { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] }],
    ['GEOMETRYCOLLECTION EMPTY', null],
    ['', null],
  ])('%s', (text, geometry) => {
    expect(parseWkt(text)).toEqual({ ok: true, geometry });
  });
  it.each([
    ['POLYGON ((1 2, 3 4)', /expected "\)" at character 20 but found the end of the text/],
    ['CIRCLE (1 2)', /expected a geometry type/],
    ['POINT (1 2) junk', /expected the end of the geometry at character 13/],
    ['POINT (1 2, 3 4)', /one position in a POINT/],
    ['POINT (1 x)', /a second number/],
  ])('%s is refused: %s', (text, problem) => {
    const r = parseWkt(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(problem);
  });
});
