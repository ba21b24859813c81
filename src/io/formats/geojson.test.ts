import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { planarArea } from '../../geo/area';
import { readGeoJson } from './geojson';
import { fixture } from './fixtures.test-helpers';
import type { ReadResult } from './types';

const read = (name: string): Promise<ReadResult> => readGeoJson(fixture(name), name);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

async function layerOf(name: string) {
  const r = await read(name);
  if (!r.ok) throw new Error(`${name}: ${r.error.problem}`);
  return r.layer;
}

describe('readGeoJson: CRS', () => {
  it.each([
    ['parcels-4549.geojson', 'EPSG:4549', 'declared'],
    ['parcels-4528.geojson', 'EPSG:4528', 'declared'],
    ['parcels-4490.geojson', 'EPSG:4490', 'declared'],
    ['parcels-4326.geojson', 'EPSG:4326', 'declared'],
    ['parcels-nocrs-4549.geojson', 'EPSG:4549', 'detected'],
    ['parcels-nocrs-4528.geojson', 'EPSG:4528', 'detected'],
    ['parcels-nocrs-4490.geojson', 'EPSG:4490', 'detected'],
  ])('%s is %s (%s) and comes back in EPSG:4549 where GDAL put it', async (name, crs, how) => {
    const layer = await layerOf(name);
    expect(layer.crs).toMatchObject({ crs, how });
    // Oracle: GDAL projected the same 4549 source; our reprojection must land within 1 mm of it.
    const first = (layer.features[0]!.geometry as Polygon).coordinates[0]!;
    expect(first[0]![0]).toBeCloseTo(560_000, 3);
    expect(first[0]![1]).toBeCloseTo(3_100_000, 3);
    expect(first[2]![0]).toBeCloseTo(560_100, 3);
    // The 100 m × 100 m square keeps its planar area within 0.01 m² after the round trip.
    expect(Math.abs(planarArea(layer.features[0]!.geometry) - 10_000)).toBeLessThan(0.01);
    // The hole of the third parcel survives: 300² − 100².
    expect(Math.abs(planarArea(layer.features[2]!.geometry) - 80_000)).toBeLessThan(0.01);
  });
  it('keeps properties and the field list in file order', async () => {
    const layer = await layerOf('parcels-4549.geojson');
    expect(layer.fields.slice(0, 3)).toEqual(['DKBH', 'QYMC', 'SSJD']);
    expect(layer.features[0]!.properties.QYMC).toBe('温州某鞋业有限公司');
  });
  it('keeps hostile strings exactly', async () => {
    const layer = await layerOf('parcels-4549.geojson');
    expect(layer.features[2]!.properties.QYMC).toBe('=HYPERLINK("http://x")');
    expect(layer.features[2]!.properties.SSJD).toBe('<img src=x onerror=alert(1)>');
  });
  it('reads GBK text with a warning and strips a UTF-8 BOM', async () => {
    const gbk = await layerOf('chinese-labels-gbk.geojson');
    expect(gbk.features[0]!.properties['企业名称']).toBe('瓯海某阀门厂');
    expect(gbk.warnings.map((w) => w.code)).toEqual(['encoding']);
    const bom = await readGeoJson(new Uint8Array([0xef, 0xbb, 0xbf, ...fixture('parcels-4549.geojson')]), 'bom.geojson');
    expect(bom.ok).toBe(true);
  });
});

describe('readGeoJson: bad input gets a message naming file, feature, problem and fix', () => {
  it.each([
    ['broken-json.geojson', /not valid JSON.*cut short/, undefined],
    ['not-fc.geojson', /GeoJSON Feature, not a FeatureCollection/, undefined],
    ['empty.geojson', /no features/, undefined],
    ['zero-bytes.geojson', /empty/, undefined],
    ['point-in-polygons.geojson', /Feature #2 \(id "P"\) is a Point.*polygons only/, { index: 1, id: 'P' }],
    ['non-finite.geojson', /vertex 3 is not a finite number \(\[560100, Infinity\]\)/, { index: 0, id: 'A' }],
    ['unclosed.geojson', /not closed/, { index: 0, id: 'A' }],
    ['swapped-xy.geojson', /X and Y swapped/, undefined],
    ['outside-ouhai.geojson', /x 116\.3–116\.31.*not in Ouhai/, undefined],
    ['stray-feature.geojson', /Feature #2.*not in Ouhai/, { index: 1, id: 'STRAY' }],
    ['declared-mismatch.geojson', /declares EPSG:4549.*longitude\/latitude/, undefined],
    ['declared-unsupported.geojson', /EPSG:2385.*does not read/, undefined],
  ])('%s', async (name, problem, feature) => {
    const r = await read(name);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.file).toBe(name);
    expect(r.error.problem).toMatch(problem);
    expect(r.error.fix.length).toBeGreaterThan(10);
    expect(r.error.feature).toEqual(feature);
  });
  it.each([
    ['{"type":"FeatureCollection",\n"features": [ }', 'line 2, column 15'],
    ['{"type":"FeatureCollection",\n\n  "features": [ {"type": "Feature", x}]}', 'line 3, column 37'],
    ['{"type":"FeatureCollection" "features": []}', 'line 1, column 29'],
  ])('gives the line and column of a JSON syntax error (%#)', async (json, where) => {
    const r = await readGeoJson(text(json), 'x.geojson');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.problem).toContain(where);
  });
  it('rejects a feature that is not a Feature object, naming its position', async () => {
    const r = await readGeoJson(text('{"type":"FeatureCollection","features":[42]}'), 'x.geojson');
    expect(r).toMatchObject({ ok: false, error: { feature: { index: 0 } } });
  });
  it('rejects a feature with no geometry', async () => {
    const r = await readGeoJson(text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"DKBH":"Q"},"geometry":null}]}'), 'x.geojson');
    expect(r).toMatchObject({ ok: false, error: { feature: { index: 0, id: 'Q' } } });
    if (!r.ok) expect(r.error.problem).toMatch(/has no geometry/);
  });
});
