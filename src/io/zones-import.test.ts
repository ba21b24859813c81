import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { planarArea } from '../geo/area';
import { projectGeometry } from '../geo/projection';
import { inputFromBytes, type InputFile } from './source';
import { fixZipName, TEXT_MAX_BYTES } from './loader/inputs';
import { buildDbf, buildShp, pointRecord } from './formats/shapefile/build.test-helper';
import { readZoneInputs } from './zones-import';
import { zonesToGeoJson, type ZonesFileResult } from './zones-file';

const dir = new URL('../../tests/fixtures/zones/', import.meta.url);
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, dir)));
/** GDAL/GEOS's area of each fixture zone (expected.json, EPSG:4549 m²), by its 名称 in zones-shp.zip (make-zone-files.sh). */
const oracle = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as { zones: { rows: { zoneId: string; area: number }[] } };
const NAMES: Record<string, string> = { 'Z-CONCAVE': '娄桥工业区连片', 'Z-HOLE': '梧田老工业区', 'Z-BLOCKLINE': '经开区东片', 'Z-MULTI': '南白象两块' };
const gdalArea = new Map(oracle.zones.rows.map((r) => [NAMES[r.zoneId]!, r.area]));

let n = 0;
const newId = () => `z${++n}`;
/** The parts of the GDAL-made zip, by extension (entry names as a Windows zip has them, mended). */
const parts = Object.fromEntries(Object.entries(unzipSync(bytesOf('zones-shp.zip'))).map(([name, b]) => [fixZipName(name).split('.').pop()!, inputFromBytes(fixZipName(name), b)]));

const zonesOf = (r: ZonesFileResult) => {
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  return r;
};

/** Each zone's planar area back in EPSG:4549 against GDAL's, and its name. */
function expectTheFixtureZones(r: ZonesFileResult): void {
  const { zones } = zonesOf(r);
  expect(zones.map((z) => z.name).sort()).toEqual(Object.values(NAMES).sort());
  for (const z of zones) {
    const area = planarArea(projectGeometry(z.geometry, 'EPSG:4326', 'EPSG:4549'));
    expect(Math.abs(area - gdalArea.get(z.name)!)).toBeLessThan(0.05);
  }
  // The MultiPolygon zone stays two parts; the others are one polygon (GDAL wrote them as multi of one part).
  expect(zones.find((z) => z.name === '南白象两块')!.geometry.type).toBe('MultiPolygon');
  expect(zones.filter((z) => z.geometry.type === 'Polygon')).toHaveLength(3);
}

describe('zones from a GIS tool\'s files', () => {
  it('reads a zipped Shapefile: GBK names from its 名称 column, EPSG:4549 from its .prj, areas as GDAL has them', async () => {
    const r = await readZoneInputs([inputFromBytes('片区.zip', bytesOf('zones-shp.zip'))], newId);
    expect(zonesOf(r).crs).toBe('EPSG:4549');
    expectTheFixtureZones(r);
  });

  it('reads the Shapefile\'s parts picked together, and without .prj or .cpg (the CRS from the coordinates, the encoding from the bytes)', async () => {
    expectTheFixtureZones(await readZoneInputs(['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => parts[e]!), newId));
    const bare = await readZoneInputs([parts.shp!, parts.dbf!], newId);
    expect(zonesOf(bare).crs).toBe('EPSG:4549');
    expectTheFixtureZones(bare);
  });

  it('reads a FlatGeobuf in WGS84, and a GeoJSON alone in a zip as its own file', async () => {
    expectTheFixtureZones(await readZoneInputs([inputFromBytes('zones-4326.fgb', bytesOf('zones-4326.fgb'))], newId));
    const own = zonesOf(await readZoneInputs([parts.shp!, parts.dbf!, parts.prj!, parts.cpg!], newId)).zones;
    const zipped = zipSync({ 'zones-4549.geojson': strToU8(zonesToGeoJson(own, 'EPSG:4549')) });
    expectTheFixtureZones(await readZoneInputs([inputFromBytes('zones.zip', zipped)], newId));
  });

  it('a .shp without its .dbf still gives the zones, unnamed', async () => {
    const r = zonesOf(await readZoneInputs([parts.shp!, parts.prj!], newId));
    expect(r.zones).toHaveLength(4);
    expect(r.zones.every((z) => z.name === '')).toBe(true);
  });

  it('names what is wrong and imports nothing: a broken zip, points, several polygon layers, a .dbf alone', async () => {
    const broken = await readZoneInputs([inputFromBytes('片区.zip', bytesOf('zones-shp.zip').slice(0, 300))], newId);
    expect(broken).toMatchObject({ ok: false, problem: { code: 'read-failed', file: '片区.zip' } });
    if (!broken.ok && broken.problem.code === 'read-failed') {
      expect(broken.problem.text.zh).toMatch(/压缩包/);
      expect(broken.problem.fix.en).not.toBe('');
    }

    const points: InputFile[] = [
      inputFromBytes('井位.shp', buildShp([pointRecord(561300, 3095700)], 1)),
      inputFromBytes('井位.dbf', buildDbf([{ name: 'ID', type: 'C', width: 4 }], [{ values: ['1'] }])),
    ];
    expect(await readZoneInputs(points, newId)).toEqual({ ok: false, problem: { code: 'not-polygons', layers: '井位' } });

    const twice = zipSync({ 'a/片区.shp': await parts.shp!.bytes(), 'a/片区.dbf': await parts.dbf!.bytes(), 'b/旧片区.shp': await parts.shp!.bytes() });
    expect(await readZoneInputs([inputFromBytes('two.zip', twice)], newId)).toEqual({ ok: false, problem: { code: 'several-layers', layers: '片区、旧片区' } });

    expect(await readZoneInputs([parts.dbf!], newId)).toMatchObject({ ok: false, problem: { code: 'read-failed' } });
    expect(await readZoneInputs([inputFromBytes('readme.docx', new Uint8Array(4))], newId)).toMatchObject({ ok: false, problem: { code: 'read-failed', file: 'readme.docx' } });
  });

  it('a .prj the coordinates plainly contradict gives way to them, with the parcel importer\'s warning', async () => {
    const mercator = inputFromBytes('片区.prj', strToU8('PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],UNIT["Meter",1.0]]'));
    const wgs84 = inputFromBytes('片区.prj', strToU8('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'));
    for (const prj of [mercator, wgs84]) {
      const r = await readZoneInputs([parts.shp!, parts.dbf!, prj], newId);
      expect(r).toMatchObject({ ok: true, crs: 'EPSG:4549', notes: [{ en: expect.stringContaining('read by the coordinates') }] });
      expectTheFixtureZones(r);
    }
  });
});

describe('zone files that would import part of the zones', () => {
  it('a .shp and a .dbf of different exports are refused; an empty layer is "no features"', async () => {
    const shorter = buildDbf([{ name: 'NAME', type: 'C', width: 10 }], [{ values: ['a'] }, { values: ['b'] }]);
    const r = await readZoneInputs([parts.shp!, inputFromBytes('片区.dbf', shorter), parts.prj!], newId);
    expect(r).toMatchObject({ ok: false, problem: { code: 'read-failed', text: { zh: expect.stringContaining('.dbf') } } });
    const empty = await readZoneInputs([inputFromBytes('空.shp', buildShp([], 5)), inputFromBytes('空.dbf', buildDbf([{ name: 'NAME', type: 'C', width: 10 }], []))], newId);
    expect(empty).toEqual({ ok: false, problem: { code: 'no-zones' } });
  });
});

describe('zone files too large for the page (read on the main thread)', () => {
  it('refuses a zip that unpacks past the budget before unpacking it, with the way round', async () => {
    const bomb = zipSync({ '片区.shp': new Uint8Array(4 * 1024 * 1024), '片区.dbf': strToU8('x') });
    const r = await readZoneInputs([inputFromBytes('片区.zip', bomb)], newId, 1024 * 1024);
    expect(r).toMatchObject({ ok: false, problem: { code: 'read-failed', file: '片区.zip' } });
    if (!r.ok && r.problem.code === 'read-failed') {
      expect(r.problem.text.en).toMatch(/unpacks to 4 MB/);
      expect(r.problem.fix.zh).toMatch(/解压/);
    }
  });

  it('names a GeoJSON over the text limit instead of decoding it', async () => {
    const huge: InputFile = { name: '片区.geojson', size: TEXT_MAX_BYTES + 1, bytes: () => Promise.reject(new Error('must not be read')) };
    const r = await readZoneInputs([huge], newId);
    expect(r).toMatchObject({ ok: false, problem: { code: 'read-failed', file: '片区.geojson', text: { zh: expect.stringMatching(/太大/) } } });
  });
});
