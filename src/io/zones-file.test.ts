import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { projectGeometry } from '../geo/projection';
import { readZonesFile, usableSavedZones, zonesFileName, zonesToGeoJson, type SavedZone } from './zones-file';

const square: Polygon = { type: 'Polygon', coordinates: [[[120.6, 27.98], [120.61, 27.98], [120.61, 27.99], [120.6, 27.99], [120.6, 27.98]]] };
const zones: SavedZone[] = [
  { id: 'a', name: '娄桥连片', colour: '#e6550d', geometry: square },
  { id: 'b', name: '=cmd', colour: '#3182bd', geometry: { type: 'MultiPolygon', coordinates: [square.coordinates] } },
];
let n = 0;
const newId = () => `new${++n}`;

describe('zones file', () => {
  it('round-trips WGS84 GeoJSON: names, colours, geometry to 1e-7°', () => {
    const text = zonesToGeoJson(zones, 'EPSG:4326');
    expect(JSON.parse(text).crs).toBeUndefined();
    const back = readZonesFile(text, newId);
    if (!back.ok) throw new Error(back.problem.code);
    expect(back.crs).toBe('EPSG:4326');
    // A MultiPolygon of one part comes back as that Polygon (drawn and edited as one).
    expect(back.zones.map((z) => [z.name, z.colour, z.geometry.type])).toEqual([['娄桥连片', '#e6550d', 'Polygon'], ['=cmd', '#3182bd', 'Polygon']]);
    expect(back.zones[0]!.geometry).toEqual(square);
    expect(back.zones[0]!.id).not.toBe('a'); // fresh ids: importing twice never collides
  });

  it('round-trips EPSG:4549 (crs member, metres) back to the same lon/lat within 1e-8°', () => {
    const text = zonesToGeoJson(zones, 'EPSG:4549');
    const fc = JSON.parse(text);
    expect(fc.crs.properties.name).toBe('urn:ogc:def:crs:EPSG::4549');
    expect([zonesFileName('zones', 'EPSG:4549'), zonesFileName('zones', 'EPSG:4326')]).toEqual(['zones-4549.geojson', 'zones.geojson']);
    const [x, y] = fc.features[0].geometry.coordinates[0][0];
    const [ex, ey] = projectGeometry({ type: 'Point', coordinates: [120.6, 27.98] }, 'EPSG:4326', 'EPSG:4549').coordinates;
    expect(Math.abs(x - ex!)).toBeLessThan(0.001);
    expect(Math.abs(y - ey!)).toBeLessThan(0.001);
    expect(x).toBeGreaterThan(400_000); // metres, not degrees
    const back = readZonesFile(text, newId);
    if (!back.ok) throw new Error(back.problem.code);
    expect(back.crs).toBe('EPSG:4549');
    const ring = (back.zones[0]!.geometry as Polygon).coordinates[0]!;
    ring.forEach((p, i) => {
      expect(Math.abs(p[0]! - square.coordinates[0]![i]![0]!)).toBeLessThan(1e-7);
      expect(Math.abs(p[1]! - square.coordinates[0]![i]![1]!)).toBeLessThan(1e-7);
    });
  });

  it('reads metres without a crs member by their coordinates (4549 or 4528, axes swapped or not), or by a …-4549 name', () => {
    const fc = JSON.parse(zonesToGeoJson(zones, 'EPSG:4549'));
    delete fc.crs;
    const text = JSON.stringify(fc);
    const close = (r: ReturnType<typeof readZonesFile>) => {
      if (!r.ok) throw new Error(r.problem.code);
      r.zones[0]!.geometry.coordinates[0]!.forEach((p, i) => {
        expect(Math.abs((p as number[])[0]! - square.coordinates[0]![i]![0]!)).toBeLessThan(1e-8);
        expect(Math.abs((p as number[])[1]! - square.coordinates[0]![i]![1]!)).toBeLessThan(1e-8);
      });
      return r.crs;
    };
    expect(close(readZonesFile(text, newId))).toBe('EPSG:4549');
    expect(close(readZonesFile(text, newId))).toBe('EPSG:4549');
    const swapped = { ...fc, features: fc.features.slice(0, 1).map((f: { geometry: Polygon }) => ({ ...f, geometry: { type: 'Polygon', coordinates: f.geometry.coordinates.map((r) => r.map(([x, y]) => [y, x])) } })) };
    expect(close(readZonesFile(JSON.stringify(swapped), newId))).toBe('EPSG:4549');
    const in4528 = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: projectGeometry(square, 'EPSG:4326', 'EPSG:4528') }] };
    expect(close(readZonesFile(JSON.stringify(in4528), newId))).toBe('EPSG:4528');
    const declared = { ...in4528, crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4528' } } };
    expect(close(readZonesFile(JSON.stringify(declared), newId))).toBe('EPSG:4528');
  });

  it('names what is wrong with a bad file and imports nothing of it', () => {
    expect(readZonesFile('{', newId)).toMatchObject({ ok: false, problem: { code: 'not-json' } });
    expect(readZonesFile('{"type":"Topology"}', newId)).toEqual({ ok: false, problem: { code: 'not-geojson' } });
    expect(readZonesFile('{"type":"FeatureCollection","features":[]}', newId)).toEqual({ ok: false, problem: { code: 'no-zones' } });
    const open = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[120.6, 27.98], [120.61, 27.98], [120.61, 27.99], [120.6, 27.99]]] } };
    const good = { type: 'Feature', properties: {}, geometry: square };
    const r = readZonesFile(JSON.stringify({ type: 'FeatureCollection', features: [good, open] }), newId);
    expect(r).toMatchObject({ ok: false, problem: { code: 'bad-geometry', feature: 2 } });
    const line = { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[120.6, 27.98], [120.61, 27.98]] } };
    expect(readZonesFile(JSON.stringify(line), newId)).toMatchObject({ ok: false, problem: { code: 'bad-geometry', feature: 1 } });
    const other = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } }, features: [good] };
    // A CRS the app does not read, over coordinates that are plainly lon/lat in Ouhai: read by them, with a warning.
    const overruled = readZonesFile(JSON.stringify(other), newId);
    expect(overruled).toMatchObject({ ok: true, notes: [{ zh: expect.stringContaining('EPSG::3857') }] });
    const elsewhere = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[2.3, 48.8], [2.4, 48.8], [2.4, 48.9], [2.3, 48.8]]] } };
    expect(readZonesFile(JSON.stringify(elsewhere), newId)).toMatchObject({ ok: false, problem: { code: 'crs', text: { zh: expect.stringContaining('瓯海区') } } });
    // One feature far from the others: named, nothing imported.
    const far = { type: 'FeatureCollection', features: [good, { ...elsewhere, properties: { name: '巴黎' } }] };
    expect(readZonesFile(JSON.stringify(far), newId)).toMatchObject({ ok: false, problem: { code: 'outside', feature: 2 } });
  });

  it('leaves name and colour empty when the file has none or a bad colour', () => {
    const f = { type: 'Feature', properties: { colour: 'red' }, geometry: square };
    const r = readZonesFile(JSON.stringify(f), newId);
    if (!r.ok) throw new Error(r.problem.code);
    expect(r.zones[0]).toMatchObject({ name: '', colour: '' });
  });
});

describe('saved zones', () => {
  it('keeps the usable zones of a damaged record and counts the others', () => {
    const good = { id: 'a', name: '娄桥连片', colour: '#e6550d', geometry: square };
    const saved = [good, null, { ...good, id: 'b', geometry: null }, { ...good, id: 'c', colour: 'red' }, { ...good, id: 'a' }, { id: 'd', name: 7, colour: '', geometry: square },
      { ...good, id: 'e', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }, { ...good, id: 'f', name: 'x'.repeat(100) }];
    const r = usableSavedZones(saved);
    expect(r.zones.map((z) => z.id)).toEqual(['a', 'f']);
    expect(r.zones[1]!.name).toHaveLength(60);
    expect(r.dropped).toBe(6);
    expect(usableSavedZones(undefined)).toEqual({ zones: [], dropped: 0, unusable: [] });
    expect(usableSavedZones({ zones: [good] })).toEqual({ zones: [], dropped: 1, unusable: [{ zones: [good] }] });
  });

  it('hands back the unusable entries as they were, for the next save to write back', () => {
    const good = { id: 'a', name: '娄桥连片', colour: '#e6550d', geometry: square };
    const damaged = { ...good, id: 'b', geometry: null };
    const other = { id: 'c', version: 99, shape: 'from a later version' };
    const r = usableSavedZones([good, damaged, other]);
    expect(r.unusable).toEqual([damaged, other]);
    expect(r.unusable[0]).toBe(damaged);
  });
});

describe('imported outlines the zone engine refuses', () => {
  const fc = (coordinates: number[][][]) => JSON.stringify({ type: 'FeatureCollection', features: [
    { type: 'Feature', properties: { name: '好' }, geometry: square },
    { type: 'Feature', properties: { name: '坏' }, geometry: { type: 'Polygon', coordinates } },
  ] });

  it('a bow-tie is refused, naming the feature and where it crosses itself; nothing is imported', () => {
    const r = readZonesFile(fc([[[120.6, 27.98], [120.61, 27.99], [120.61, 27.98], [120.6, 27.99], [120.6, 27.98]]]), newId);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toMatchObject({ code: 'invalid-zone', feature: 2 });
    if (r.problem.code !== 'invalid-zone') return;
    expect(r.problem.reason.zh).toMatch(/自相交/);
    expect(r.problem.reason.en).toMatch(/crosses itself.*°E/);
  });

  it('a ring touching itself and a zero-area ring are refused too', () => {
    // A figure eight through one shared corner (120.605, 27.985).
    const touching = readZonesFile(fc([[[120.6, 27.98], [120.605, 27.985], [120.61, 27.98], [120.61, 27.99], [120.605, 27.985], [120.6, 27.99], [120.6, 27.98]]]), newId);
    expect(touching).toMatchObject({ ok: false, problem: { code: 'invalid-zone', feature: 2 } });
    const flat = readZonesFile(fc([[[120.6, 27.98], [120.61, 27.99], [120.61, 27.99], [120.6, 27.98]]]), newId); // no area: 2 distinct corners
    expect(flat).toMatchObject({ ok: false, problem: { code: 'invalid-zone', feature: 2 } });
  });

  it('a good file still imports', () => {
    expect(readZonesFile(fc([[[120.62, 27.98], [120.63, 27.98], [120.63, 27.99], [120.62, 27.98]]]), newId).ok).toBe(true);
  });
});

describe('zones near the district\'s edge', () => {
  it('read back from the app\'s own files although they lie beyond its window (east of 120.8°E)', () => {
    const east: Polygon = { type: 'Polygon', coordinates: [[[120.9, 27.98], [120.91, 27.98], [120.91, 27.99], [120.9, 27.98]]] };
    const zones = [{ id: 'e', name: '东', colour: '', geometry: east }];
    for (const crs of ['EPSG:4326', 'EPSG:4549'] as const) {
      const r = readZonesFile(zonesToGeoJson(zones, crs), newId);
      if (!r.ok) throw new Error(`${crs}: ${JSON.stringify(r.problem)}`);
      expect(Math.abs((r.zones[0]!.geometry as Polygon).coordinates[0]![0]![0]! - 120.9)).toBeLessThan(1e-7);
    }
  });
});
