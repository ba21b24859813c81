import { describe, expect, it } from 'vitest';
import { readGeoJsonSource } from './geojson';
import { fixture } from './fixtures.test-helpers';
import type { SourceResult } from '../source';

const read = (name: string): Promise<SourceResult> => readGeoJsonSource(fixture(name), name);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

async function layerOf(name: string) {
  const r = await read(name);
  if (!r.ok) throw new Error(`${name}: ${r.error.problem}`);
  return r.layers[0]!;
}

describe('readGeoJsonSource: what the file says', () => {
  it('keeps properties and the field list in file order, and the declared CRS', async () => {
    const layer = await layerOf('parcels-4549.geojson');
    expect(layer.fields.slice(0, 3).map((f) => f.name)).toEqual(['DKBH', 'QYMC', 'SSJD']);
    expect(layer.features[0]!.properties.QYMC).toBe('温州某鞋业有限公司');
    expect(layer.declaredCrs).toEqual({ crs: 'EPSG:4549', text: 'EPSG:4549', source: 'geojson-crs' });
    expect(layer.geometryKind).toBe('polygon');
  });
  it('keeps hostile strings exactly', async () => {
    const layer = await layerOf('parcels-4549.geojson');
    expect(layer.features[2]!.properties.QYMC).toBe('=HYPERLINK("http://x")');
    expect(layer.features[2]!.properties.SSJD).toBe('<img src=x onerror=alert(1)>');
  });
  it('reads GBK text (and says how) and strips a UTF-8 BOM', async () => {
    const gbk = await layerOf('chinese-labels-gbk.geojson');
    expect(gbk.features[0]!.properties['企业名称']).toBe('瓯海某阀门厂');
    expect(gbk.encoding).toMatchObject({ label: 'gb18030', how: 'sniffed' });
    const bom = await readGeoJsonSource(new Uint8Array([0xef, 0xbb, 0xbf, ...fixture('parcels-4549.geojson')]), 'bom.geojson');
    expect(bom.ok && bom.layers[0]!.encoding).toEqual({ label: 'utf-8', how: 'bom' });
  });
  it('names a declared CRS it does not read, for the loader to decide', async () => {
    const layer = await layerOf('declared-unsupported.geojson');
    expect(layer.declaredCrs?.source).toBe('geojson-crs');
  });
});

describe('readGeoJsonSource: a file it cannot read gets a message naming file, feature, problem and fix', () => {
  it.each([
    ['broken-json.geojson', /not valid JSON.*cut short/, undefined],
    ['not-fc.json', /JSON array, not a FeatureCollection/, undefined],
    ['empty.geojson', /no features/, undefined],
    ['zero-bytes.geojson', /empty/, undefined],
  ])('%s', async (name, problem, feature) => {
    const r = name === 'not-fc.json' ? await readGeoJsonSource(text('[1, 2]'), name) : await read(name);
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
    const r = await readGeoJsonSource(text(json), 'x.geojson');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.problem).toContain(where);
  });
  it('rejects a feature that is not a Feature object, naming its position', async () => {
    const r = await readGeoJsonSource(text('{"type":"FeatureCollection","features":[42]}'), 'x.geojson');
    expect(r).toMatchObject({ ok: false, error: { feature: { index: 0 } } });
  });
});
