import { describe, expect, it } from 'vitest';
import { geojson } from 'flatgeobuf';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { planarArea } from '../../geo/area';
import { readFlatGeobuf } from './flatgeobuf';
import { fixture } from './fixtures.test-helpers';

const read = (name: string) => readFlatGeobuf(fixture(name), name);

describe('readFlatGeobuf', () => {
  it.each([
    ['parcels-4549.fgb', 'EPSG:4549', 'declared'],
    ['parcels-4528.fgb', 'EPSG:4528', 'declared'],
    ['parcels-4490.fgb', 'EPSG:4490', 'declared'],
    ['parcels-4326.fgb', 'EPSG:4326', 'declared'],
    ['parcels-nocrs-4549.fgb', 'EPSG:4549', 'detected'],
  ])('%s: header CRS %s (%s), features back in EPSG:4549 matching the GeoJSON read', async (name, crs, how) => {
    const r = await read(name);
    if (!r.ok) throw new Error(r.error.problem);
    expect(r.layer.crs).toMatchObject({ crs, how });
    expect(r.layer.features).toHaveLength(3);
    expect(r.layer.fields).toContain('DKBH');
    // GDAL's spatial index re-orders features (Hilbert order), so compare by parcel id.
    const byId = new Map(r.layer.features.map((f) => [f.properties.DKBH, f]));
    // 100×100, 200×100, and 300×300 with a 100×100 hole; FGB stores doubles, so the reprojection is exact to < 0.01 m².
    const want: [string, number][] = [['OH-001', 10_000], ['OH-002', 20_000], ['OH-003', 80_000]];
    for (const [id, area] of want) expect(Math.abs(planarArea(byId.get(id)!.geometry) - area)).toBeLessThan(0.01);
    expect(byId.get('OH-002')!.properties.QYMC).toBe('瓯海某眼镜厂');
  });
  it('reads what flatgeobuf.serialize wrote (round trip with a CRS code)', async () => {
    const src = JSON.parse(new TextDecoder().decode(fixture('parcels-4549.geojson'))) as FeatureCollection<Polygon | MultiPolygon>;
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: src.features.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { DKBH: f.properties?.DKBH } })),
    };
    const back = await readFlatGeobuf(geojson.serialize(fc, 4549), 'rt.fgb');
    if (!back.ok) throw new Error(back.error.problem);
    expect(back.layer.crs.how).toBe('declared');
    expect(back.layer.features.map((f) => f.properties.DKBH)).toEqual(['OH-001', 'OH-002', 'OH-003']);
    const geom = (g: Polygon | MultiPolygon) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
    expect(back.layer.features.map((f) => geom(f.geometry))).toEqual(src.features.map((f) => geom(f.geometry)));
  });
  it.each([
    ['not-really.fgb', /not FlatGeobuf/],
    ['truncated.fgb', /header is .* bytes long but the file ends after .*cut short/],
    ['declared-4326-holds-metres.fgb', /declares EPSG:4326 but the coordinates .* look like EPSG:4549 metres/],
  ])('%s fails with a clear message', async (name, problem) => {
    const r = await read(name);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.file).toBe(name);
      expect(r.error.problem).toMatch(problem);
      expect(r.error.fix).not.toBe('');
    }
  });
  it('rejects an empty byte array and a non-polygon layer', async () => {
    expect((await readFlatGeobuf(new Uint8Array(), 'e.fgb')).ok).toBe(false);
    const points = geojson.serialize({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { DKBH: 'X' }, geometry: { type: 'Point', coordinates: [560000, 3100000] } }] }, 4549);
    const r = await readFlatGeobuf(points, 'pt.fgb');
    expect(r).toMatchObject({ ok: false, error: { feature: { index: 0, id: 'X' } } });
    if (!r.ok) expect(r.error.problem).toMatch(/Point.*polygons only/);
  });
});
