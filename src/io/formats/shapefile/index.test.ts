/**
 * readShapefile against GDAL's own reading of the same files (tests/fixtures/io/shp/make-shp-fixtures.sh):
 * attributes, coordinates and areas must agree, encodings and .prj must be recognised as GDAL made them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { planarArea } from '../../../geo/area';
import { inputFromBytes, ReadCancelled, TICK_EVERY, type SourceLayer, type SourceResult } from '../../source';
import { buildDbf, buildShp, polyRecord, square } from './build.test-helper';
import { decodeDbfPreview, readShapefile, type ShapefileParts } from './index';

const DIR = fileURLToPath(new URL('../../../../tests/fixtures/io/shp/', import.meta.url));
/** Edge cases (tests/fixtures/shapefile-edge/make-edge-fixtures.sh): rings wound against the rule, a .cpg saying UTF-8 over GBK. */
const EDGE_DIR = fileURLToPath(new URL('../../../../tests/fixtures/shapefile-edge/', import.meta.url));
const bytesOf = (name: string, dir = DIR): Uint8Array | undefined => {
  try {
    return new Uint8Array(readFileSync(dir + name));
  } catch {
    return undefined;
  }
};

/** The parts of fixture `stem` that exist. */
function partsOf(stem: string, dir = DIR): ShapefileParts {
  const parts: ShapefileParts = {};
  for (const ext of ['shp', 'shx', 'dbf', 'prj', 'cpg'] as const) {
    const b = bytesOf(`${stem}.${ext}`, dir);
    if (b) parts[ext] = inputFromBytes(`${stem}.${ext}`, b);
  }
  return parts;
}

const layerOf = (r: SourceResult): SourceLayer => {
  if (!r.ok) throw new Error(`${r.error.file}: ${r.error.problem}`);
  expect(r.layers).toHaveLength(1);
  return r.layers[0]!;
};

interface GdalFeature {
  properties: Record<string, unknown>;
  geometry: unknown;
}
const gdalReading = (stem: string, dir = DIR): GdalFeature[] =>
  (JSON.parse(new TextDecoder().decode(bytesOf(`${stem}.gdal.geojson`, dir))) as { features: GdalFeature[] }).features;

/** GDAL 3.6 reads a dBASE logical as the string 'T' / 'F' / '?'; this reader gives booleans (null for '?'). */
const asGdalReadsLogical = (v: unknown): unknown => (v === true ? 'T' : v === false ? 'F' : v);
const logicalFromGdal = (v: unknown): unknown => (v === '?' ? null : v);

const gdalAreas = (stem: string, dir = DIR): Map<string, number> =>
  new Map(new TextDecoder().decode(bytesOf(`${stem}.areas.csv`, dir)).trim().split('\n').slice(1).map((line) => {
    const [id, area] = line.split(',');
    return [id!, Number(area)];
  }));

describe('readShapefile agrees with GDAL', () => {
  it.each([
    ['gbk-nocpg', { label: 'gb18030', how: 'sniffed' }, 'EPSG:4549'],
    ['gbk-cpg936', { label: 'gb18030', how: 'cpg', evidence: '936' }, 'EPSG:4549'],
    ['gbk-ansi936', { label: 'gb18030', how: 'cpg', evidence: 'ANSI 936' }, 'EPSG:4549'],
    ['gbk-ldid', { label: 'gb18030', how: 'ldid', evidence: 'LDID 0x4D' }, 'EPSG:4549'],
    ['gbk-deleted', { label: 'gb18030', how: 'sniffed' }, 'EPSG:4549'],
    ['utf8', { label: 'utf-8', how: 'cpg', evidence: 'UTF-8' }, 'EPSG:4549'],
    ['utf8-nocpg', { label: 'utf-8', how: 'sniffed' }, 'EPSG:4549'],
    ['crs-4528', { label: 'gb18030', how: 'cpg', evidence: 'CP936' }, 'EPSG:4528'],
    ['crs-2385', { label: 'gb18030', how: 'cpg', evidence: 'CP936' }, 'EPSG:2385'],
  ])('%s: attributes, coordinates and areas as GDAL reads them; encoding %o; %s', async (stem, encoding, crs) => {
    const layer = layerOf(await readShapefile(partsOf(stem), stem));
    const gdal = gdalReading(stem);
    expect(layer.encoding).toMatchObject(encoding);
    expect(layer.declaredCrs?.crs).toBe(crs);
    expect(layer.format).toBe('shapefile');
    expect(layer.geometryKind).toBe('polygon');
    expect(layer.fields.map((f) => f.name)).toEqual(Object.keys(gdal[0]!.properties));
    expect(layer.features).toHaveLength(gdal.length);
    const areas = gdalAreas(stem);
    layer.features.forEach((f, i) => {
      const expected = gdal[i]!;
      const props = Object.fromEntries(Object.entries(f.properties).map(([k, v]) => [k, asGdalReadsLogical(v)]));
      expect(props).toEqual({ ...expected.properties, SFGS: logicalFromGdal(expected.properties.SFGS) });
      expect(f.geometry).toEqual(expected.geometry);
      const area = f.geometry === null ? 0 : planarArea(f.geometry as Polygon | MultiPolygon);
      expect(Math.abs(area - areas.get(String(f.properties.DKBH))!)).toBeLessThan(0.01);
    });
  });

  it('reads the DBF types: N with decimals, N integers up to 2^53, D as YYYY-MM-DD, L as booleans, blanks as null', async () => {
    const layer = layerOf(await readShapefile(partsOf('gbk-nocpg'), 'gbk-nocpg'));
    expect(layer.fields).toEqual([
      { name: 'DKBH', type: 'string' }, { name: '企业名称', type: 'string' }, { name: 'SSJD', type: 'string' }, { name: 'MJ', type: 'number' },
      { name: '税收', type: 'number' }, { name: 'CYRS', type: 'integer' }, { name: 'BIGID', type: 'integer' }, { name: 'RQ', type: 'date' }, { name: 'SFGS', type: 'boolean' },
    ]);
    expect(layer.features.map((f) => f.properties.SFGS)).toEqual([true, false, null, null, true, null]);
    expect(layer.features[1]!.properties).toMatchObject({ 企业名称: '瓯海某眼镜厂（普通合伙）', BIGID: -9007199254740991, RQ: '2018-07-01', 税收: -12 });
    expect(layer.features[5]).toEqual({ geometry: null, properties: { DKBH: 'OH-006', 企业名称: null, SSJD: null, MJ: null, 税收: null, CYRS: null, BIGID: null, RQ: null, SFGS: null } });
  });

  it('gives the hole inside an island to the island, as GDAL does (MultiPolygon of two parts, 133 100 m²)', async () => {
    const layer = layerOf(await readShapefile(partsOf('gbk-nocpg'), 'gbk-nocpg'));
    const g = layer.features[4]!.geometry as MultiPolygon;
    expect(g.type).toBe('MultiPolygon');
    expect(g.coordinates.map((p) => p.length)).toEqual([3, 2]);
    expect(planarArea(g)).toBe(133_100);
  });

  it('leaves out a record deleted in the .dbf, as GDAL does, and says so', async () => {
    const layer = layerOf(await readShapefile(partsOf('gbk-deleted'), 'gbk-deleted'));
    expect(layer.features.map((f) => f.properties.DKBH)).toEqual(['OH-001', 'OH-003', 'OH-004', 'OH-005', 'OH-006']);
    expect(layer.warnings).toEqual([expect.objectContaining({ file: 'gbk-deleted.dbf', feature: { index: 1 }, message: expect.stringMatching(/^1 record is marked deleted .* \(record 2\)$/) })]);
  });

  it('keeps the field name GDAL cut mid-character in UTF-8 (企业名称 → 10 bytes), as GDAL reads it', async () => {
    const layer = layerOf(await readShapefile(partsOf('utf8'), 'utf8'));
    expect(layer.fields[1]!.name).toBe('企业名\uFFFD');
  });

  it('matters: a GBK .dbf read as UTF-8 gives U+FFFD instead of the Chinese text', async () => {
    const layer = layerOf(await readShapefile(partsOf('gbk-nocpg'), 'gbk-nocpg', { encoding: 'utf-8' }));
    expect(layer.encoding).toEqual({ label: 'utf-8', how: 'user' });
    expect(layer.fields.map((f) => f.name)).not.toContain('企业名称');
    expect(JSON.stringify(layer.features[0]!.properties)).toContain('\uFFFD');
  });

  it('reads the zipped layer (entries in a folder) the same as the loose files', async () => {
    const entries = unzipSync(bytesOf('gbk-nocpg.zip')!);
    const parts: ShapefileParts = {};
    for (const [name, bytes] of Object.entries(entries)) parts[name.slice(name.lastIndexOf('.') + 1) as keyof ShapefileParts] = inputFromBytes(name, bytes);
    const zipped = layerOf(await readShapefile(parts, 'gbk-nocpg'));
    const loose = layerOf(await readShapefile(partsOf('gbk-nocpg'), 'gbk-nocpg'));
    expect(zipped.files).toEqual(['地块/gbk-nocpg.shp', '地块/gbk-nocpg.shx', '地块/gbk-nocpg.dbf', '地块/gbk-nocpg.prj']);
    expect(zipped.features).toEqual(loose.features);
    expect(zipped.encoding).toEqual(loose.encoding);
  });

  it('reads a polyline layer as lines (and a point layer as points), as GDAL does', async () => {
    const lines = layerOf(await readShapefile(partsOf('lines'), 'lines'));
    expect(lines.geometryKind).toBe('line');
    const gdal = gdalReading('lines');
    expect(lines.features.map((f) => [f.geometry, f.properties])).toEqual(gdal.map((f) => [f.geometry, f.properties]));
    expect(layerOf(await readShapefile(partsOf('points'), 'points')).geometryKind).toBe('point');
  });
});

describe('readShapefile: edge cases against GDAL (tests/fixtures/shapefile-edge)', () => {
  it('rings wound against the rule: areas as GDAL\'s organizePolygons nests them (outer − hole), one warning naming the records', async () => {
    const layer = layerOf(await readShapefile(partsOf('winding', EDGE_DIR), 'winding'));
    const areas = gdalAreas('winding', EDGE_DIR);
    expect(layer.features.map((f) => f.properties.DKBH)).toEqual([...areas.keys()]);
    for (const f of layer.features) expect(planarArea(f.geometry as Polygon | MultiPolygon)).toBe(areas.get(String(f.properties.DKBH)));
    expect(areas.get('OH-W1')).toBe(7_500); // 100 m square minus its 50 m hole (GDAL 3.6's ONLY_CCW default says -7 500)
    expect((layer.features[0]!.geometry as Polygon).coordinates).toHaveLength(2);
    expect(layer.warnings).toEqual([expect.objectContaining({
      file: 'winding.shp', code: 'absurd-value', feature: { index: 0 },
      message: '6 records have rings wound against the Shapefile rule (outer rings clockwise, holes counter-clockwise); outer rings and holes were told apart by which ring lies inside which, so holes are taken out of the area as GIS software does (record 1, 3, 4, 5, 6, …)',
    })]);
  });

  it('a .cpg saying UTF-8 over a GBK .dbf: read as GB18030, as GDAL reads it with CP936, with a warning', async () => {
    const layer = layerOf(await readShapefile(partsOf('gbk-cpg-utf8', EDGE_DIR), 'gbk-cpg-utf8'));
    const gdal = gdalReading('gbk-cpg-utf8', EDGE_DIR);
    expect(layer.encoding).toEqual({ label: 'gb18030', how: 'sniffed', evidence: 'the .cpg says UTF-8 but the text is not valid UTF-8' });
    expect(layer.fields.map((f) => f.name)).toEqual(['地块编号', '企业名称', '所属街道', '面积']);
    expect(layer.features.map((f) => [f.properties, f.geometry])).toEqual(gdal.map((f) => [f.properties, f.geometry]));
    // The empty 面积 of OH-102 is GDAL's null (a field of asterisks): no warning of its own.
    expect(layer.features[1]!.properties['面积']).toBeNull();
    expect(layer.warnings).toEqual([{
      file: 'gbk-cpg-utf8.dbf', code: 'encoding',
      message: 'the .cpg says UTF-8 but the attribute text is not UTF-8; it was read as GBK (GB18030). Check that the Chinese reads right, and correct the .cpg in the GIS',
    }]);
  });

  it('the user\'s choice of UTF-8 is not overruled (the preview shows what it gives)', async () => {
    const layer = layerOf(await readShapefile(partsOf('gbk-cpg-utf8', EDGE_DIR), 'gbk-cpg-utf8', { encoding: 'utf-8' }));
    expect(layer.encoding).toEqual({ label: 'utf-8', how: 'user' });
    expect(layer.fields.map((f) => f.name)).not.toContain('地块编号');
    expect(layer.warnings).toEqual([]);
  });
});

describe('readShapefile: broken and incomplete sets are user errors naming file and record', () => {
  it.each([
    ['truncated', 3, /^Record 4 of the \.shp claims 196 bytes of content but the file ends after 52 \(the header says the file is 1,296 bytes, it has 668: it was cut short\)\.$/],
    ['absurd-length', 1, /^Record 2 of the \.shp claims 2,147,483,646 bytes of content but the file ends after 1,052\.$/],
    ['absurd-points', 2, /^Record 3 of the \.shp claims 2,000,000 points but holds only 212 bytes \(room for 10\)\.$/],
  ])('%s.shp', async (stem, index, problem) => {
    const r = await readShapefile(partsOf(stem), stem);
    expect(r).toEqual({ ok: false, error: { file: `${stem}.shp`, feature: { index }, problem: expect.stringMatching(problem), fix: expect.stringMatching(/Export the layer again/) } });
  });

  it('a .dbf without its .shp', async () => {
    const { dbf, prj } = partsOf('utf8');
    const r = await readShapefile({ dbf, prj }, 'utf8');
    expect(r).toEqual({ ok: false, error: { file: 'utf8.dbf', problem: 'The .shp of utf8 is missing (only utf8.dbf, utf8.prj were picked): it holds the shapes.', fix: 'Pick the .shp, .shx, .dbf, .prj and .cpg together, or the .zip that holds them.' } });
  });

  it('a .shp without its .dbf: shapes with empty properties and a warning', async () => {
    const { shp, prj } = partsOf('utf8');
    const layer = layerOf(await readShapefile({ shp, prj }, 'utf8.shp'));
    expect(layer.name).toBe('utf8');
    expect(layer.features).toHaveLength(6);
    expect(layer.features.every((f) => Object.keys(f.properties).length === 0)).toBe(true);
    expect(layer.fields).toEqual([]);
    expect(layer.encoding).toBeNull();
    expect(layer.declaredCrs?.crs).toBe('EPSG:4549');
    expect(layer.warnings).toEqual([expect.objectContaining({ code: 'missing-dbf', message: expect.stringMatching(/no \.dbf beside utf8\.shp/) })]);
  });

  it('no .prj: declaredCrs null; a .cpg naming an unknown code page: a warning, and the bytes decide', async () => {
    const { shp, dbf } = partsOf('gbk-nocpg');
    const layer = layerOf(await readShapefile({ shp, dbf, cpg: inputFromBytes('x.cpg', new TextEncoder().encode('ANSI')) }, 'x'));
    expect(layer.declaredCrs).toBeNull();
    expect(layer.encoding).toMatchObject({ label: 'gb18030', how: 'sniffed' });
    expect(layer.warnings).toEqual([expect.objectContaining({ code: 'encoding', message: expect.stringMatching(/the \.cpg says "ANSI"/) })]);
  });

  it('an encoding label the browser does not know is a user error', async () => {
    const r = await readShapefile(partsOf('utf8'), 'utf8', { encoding: 'windows-936' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.problem).toMatch(/"windows-936" is not a text encoding/);
  });
});

const file = (name: string, bytes: Uint8Array) => inputFromBytes(name, bytes);
const idField = [{ name: 'ID', type: 'C', width: 8 }];

describe('readShapefile: .shp and .dbf that disagree', () => {
  const shp3 = buildShp([0, 1, 2].map((i) => polyRecord([square(i * 10, 0, 5)])));

  it('more shapes than rows: reads as many as the .dbf has and warns', async () => {
    const dbf = buildDbf(idField, [{ values: ['a'] }, { values: ['b'] }]);
    const layer = layerOf(await readShapefile({ shp: file('a.shp', shp3), dbf: file('a.dbf', dbf) }, 'a'));
    expect(layer.features.map((f) => f.properties.ID)).toEqual(['a', 'b']);
    expect(layer.warnings).toEqual([expect.objectContaining({ code: 'record-mismatch', message: expect.stringMatching(/^the \.shp has 3 records but the \.dbf 2; only the first 2 were read/) })]);
  });

  it('more rows than shapes: reads as many as the .shp has and warns', async () => {
    const dbf = buildDbf(idField, ['a', 'b', 'c', 'd'].map((v) => ({ values: [v] })));
    const layer = layerOf(await readShapefile({ shp: file('a.shp', shp3), dbf: file('a.dbf', dbf) }, 'a'));
    expect(layer.features).toHaveLength(3);
    expect(layer.warnings[0]?.message).toMatch(/^the \.shp has 3 records but the \.dbf 4/);
  });

  it('a hole outside every outer ring: read as its own polygon, with a warning naming the record', async () => {
    const shp = buildShp([polyRecord([square(0, 0, 5)]), polyRecord([square(0, 0, 5), square(50, 50, 5, true)])]);
    const layer = layerOf(await readShapefile({ shp: file('a.shp', shp) }, 'a'));
    expect((layer.features[1]!.geometry as MultiPolygon).coordinates).toHaveLength(2);
    expect(layer.warnings).toContainEqual(expect.objectContaining({ feature: { index: 1 }, message: expect.stringMatching(/^1 record has rings wound against the Shapefile rule .* \(record 2\)$/) }));
  });
});

describe('readShapefile: progress and cancelling', () => {
  const n = 3 * TICK_EVERY + 5;
  const shp = buildShp(Array.from({ length: n }, (_, i) => polyRecord([square(i, 0, 1)])));

  it(`ticks every ${TICK_EVERY} features with a growing fraction`, async () => {
    const fractions: number[] = [];
    layerOf(await readShapefile({ shp: file('a.shp', shp) }, 'a', { tick: async (f) => void fractions.push(f) }));
    expect(fractions).toHaveLength(4);
    expect(fractions[0]).toBeLessThan(0.01);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  });

  it('lets ReadCancelled through', async () => {
    let calls = 0;
    const tick = async () => {
      if (++calls === 2) throw new ReadCancelled();
    };
    await expect(readShapefile({ shp: file('a.shp', shp) }, 'a', { tick })).rejects.toBeInstanceOf(ReadCancelled);
  });
});

describe('decodeDbfPreview', () => {
  it('shows the same names and rows in another encoding', () => {
    const dbf = bytesOf('gbk-nocpg.dbf')!;
    const gbk = decodeDbfPreview(dbf, 'gb18030', 2)!;
    expect(gbk.fields).toEqual(['DKBH', '企业名称', 'SSJD', 'MJ', '税收', 'CYRS', 'BIGID', 'RQ', 'SFGS']);
    expect(gbk.rows[0]!.slice(0, 4)).toEqual(['OH-001', '温州某鞋业有限公司', '娄桥街道', '15.25']);
    expect(gbk.rows).toHaveLength(2);
    const utf8 = decodeDbfPreview(dbf, 'utf-8', 2)!;
    expect(utf8.fields[1]).toContain('\uFFFD');
    expect(decodeDbfPreview(dbf, 'no-such-encoding', 2)).toBeNull();
  });
});

/** A .shp of `n` 5-vertex squares (every tenth with a hole) written straight into one buffer. */
function syntheticShp(n: number): Uint8Array {
  const plain = 44 + 4 + 16 * 5;
  const holed = 44 + 8 + 16 * 10;
  const total = 100 + Array.from({ length: n }, (_, i) => 8 + (i % 10 === 0 ? holed : plain)).reduce((a, b) => a + b, 0);
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  v.setInt32(0, 9994, false);
  v.setInt32(24, total / 2, false);
  v.setInt32(28, 1000, true);
  v.setInt32(32, 5, true);
  let at = 100;
  for (let i = 0; i < n; i++) {
    const x = 540_000 + (i % 300) * 100;
    const y = 3_085_000 + Math.floor(i / 300) * 60;
    const rings = i % 10 === 0 ? [square(x, y, 50), square(x + 10, y + 10, 20, true)] : [square(x, y, 50)];
    const content = rings.length === 2 ? holed : plain;
    v.setInt32(at, i + 1, false);
    v.setInt32(at + 4, content / 2, false);
    const c = at + 8;
    v.setInt32(c, 5, true);
    v.setInt32(c + 36, rings.length, true);
    v.setInt32(c + 40, rings.length * 5, true);
    rings.forEach((_, r) => v.setInt32(c + 44 + 4 * r, 5 * r, true));
    let p = c + 44 + 4 * rings.length;
    for (const [px, py] of rings.flat()) {
      v.setFloat64(p, px, true);
      v.setFloat64(p + 8, py, true);
      p += 16;
    }
    at += 8 + content;
  }
  return out;
}

describe('readShapefile: 100 000 polygons', () => {
  it('reads them all, with their rows and holes', async () => {
    const n = 100_000;
    const shp = syntheticShp(n);
    const dbf = buildDbf(
      [{ name: 'DKBH', type: 'C', width: 10 }, { name: '企业名', type: 'C', width: 30 }, { name: 'MJ', type: 'N', width: 12, decimals: 2 }, { name: 'RQ', type: 'D', width: 8 }],
      Array.from({ length: n }, (_, i) => ({ values: [`OH-${i}`, `温州企业${i}`, (i / 4).toFixed(2).padStart(12), '20230101'] })),
    );
    const started = performance.now();
    const layer = layerOf(await readShapefile({ shp: file('big.shp', shp), dbf: file('big.dbf', dbf) }, 'big', { tick: async () => {} }));
    console.log(`100k polygons read in ${Math.round(performance.now() - started)} ms (shp ${(shp.length / 1e6).toFixed(1)} MB, dbf ${(dbf.length / 1e6).toFixed(1)} MB)`);
    expect(layer.features).toHaveLength(n);
    expect(layer.warnings).toEqual([]);
    expect(layer.encoding).toMatchObject({ label: 'utf-8', how: 'sniffed' });
    const last = layer.features[n - 1]!;
    expect(last.properties).toEqual({ DKBH: `OH-${n - 1}`, 企业名: `温州企业${n - 1}`, MJ: (n - 1) / 4, RQ: '2023-01-01' });
    expect(planarArea(last.geometry as Polygon)).toBe(2500);
    expect(planarArea(layer.features[50_000]!.geometry as Polygon)).toBe(2500 - 400);
    expect((layer.features[50_000]!.geometry as Polygon).coordinates).toHaveLength(2);
  });
});
