import { describe, expect, it, vi } from 'vitest';
import GeoJSONVT from 'geojson-vt';
import type { Polygon } from 'geojson';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { packPolygons } from '../geo/packed';
import { toDisplay } from '../geo/projection';
import { emptySession } from './session';
import { packedToDisplay, TileSet } from './tiles';
import { rect, shown, tileAt } from './tiles.test-helper';
import { tileOf } from './tiles-request';
import { holdRequests } from './analyze';


describe('worker vector tiles', () => {
  const parcels = [rect(560000, 3095000, 100, 100), rect(560200, 3095000, 200, 100), rect(560500, 3095050, 50, 50)];
  const set = new TileSet('k', { parcels: () => parcels.map(shown) });
  const [lon, lat] = (toDisplay(parcels[1]!).coordinates[0]![0]!) as [number, number];

  it('serves a parcel tile whose feature ids are the fids, with the features near their place', () => {
    const [x, y] = tileAt(lon, lat, 14);
    const bytes = set.tile('parcels', 14, x, y);
    expect(bytes).not.toBeNull();
    const layer = new VectorTile(new PbfReader(bytes!)).layers['parcels']!;
    expect(layer).toBeDefined();
    const ids = Array.from({ length: layer.length }, (_, i) => layer.feature(i).id).sort();
    expect(ids).toEqual([0, 1, 2]);
    const f1 = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find((f) => f.id === 1)!;
    expect(f1.type).toBe(3); // polygon
    const g = f1.toGeoJSON(x, y, 14).geometry as Polygon;
    const lons = g.coordinates[0]!.map((p) => p[0]!);
    // 200 m wide at about 28°N: about 0.002° of longitude, placed where the parcel is.
    expect(Math.min(...lons)).toBeCloseTo(lon, 4);
    expect(Math.max(...lons) - Math.min(...lons)).toBeGreaterThan(0.0018);
    expect(Math.max(...lons) - Math.min(...lons)).toBeLessThan(0.0023);
  });

  it('carries the properties set for the layer (the latest analysis), on copies: the cut tiles keep none', () => {
    const [x, y] = tileAt(lon, lat, 14);
    const featuresOf = () => {
      const layer = new VectorTile(new PbfReader(set.tile('parcels', 14, x, y)!)).layers['parcels']!;
      return Array.from({ length: layer.length }, (_, i) => layer.feature(i)).sort((a, b) => Number(a.id) - Number(b.id));
    };
    set.setProps('parcels', (fid) => (fid === 2 ? null : { c: 10 + fid }));
    expect(featuresOf().map((f) => f.properties)).toEqual([{ c: 10 }, { c: 11 }, {}]);
    set.setProps('parcels', (fid) => ({ c: 20 + fid }));
    expect(featuresOf().map((f) => f.properties['c'])).toEqual([20, 21, 22]);
    set.setProps('parcels', null);
    expect(featuresOf().map((f) => f.properties)).toEqual([{}, {}, {}]);
  });

  it('tells whether every parcel tile served so far carried the current codes (so the map need not ask again)', () => {
    const fresh = new TileSet('g', { parcels: () => parcels.map(shown) });
    const [x, y] = tileAt(lon, lat, 14);
    const runA = {};
    const runB = {};
    expect(fresh.servedCurrent()).toBe(true); // nothing served yet
    fresh.setProps('parcels', () => ({ c: 1 }), runA);
    expect(fresh.hasPropsFrom('parcels', runA)).toBe(true);
    fresh.tile('parcels', 14, x, y);
    expect(fresh.servedCurrent()).toBe(true); // served with run A's codes
    fresh.setProps('parcels', () => ({ c: 2 }), runB);
    expect(fresh.hasPropsFrom('parcels', runA)).toBe(false);
    expect(fresh.servedCurrent()).toBe(false); // a tile with run A's codes is on the map
    const late = new TileSet('h', { parcels: () => parcels.map(shown) });
    late.tile('parcels', 14, x, y); // served before any analysis
    late.setProps('parcels', () => ({ c: 1 }), runA);
    expect(late.servedCurrent()).toBe(false);
  });

  it('answers null for an empty tile, a bad address or a layer it does not have', () => {
    const [x, y] = tileAt(lon, lat, 14);
    expect(set.tile('parcels', 14, x + 50, y)).toBeNull();
    expect(set.tile('parcels', 3, 99, 0)).toBeNull();
    expect(set.tile('parcels', -1, 0, 0)).toBeNull();
    expect(set.tile('buildings', 14, x, y)).toBeNull();
    expect(set.has('buildings')).toBe(false);
  });

  it('turns packed footprints (holes included) back into polygons in the same order', () => {
    const withHole: Polygon = { type: 'Polygon', coordinates: [rect(0, 0, 10, 10).coordinates[0]!, rect(2, 2, 2, 2).coordinates[0]!.slice().reverse()] };
    const moved = (g: Polygon, dx: number): Polygon => ({ type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(([px, py]) => [px! + 560000 + dx, py! + 3095000])) });
    const feats = packedToDisplay(packPolygons([moved(withHole, 0), moved(rect(0, 0, 5, 5), 100)]));
    expect(feats).toHaveLength(2);
    const g0 = feats[0]!.geometry as { type: 'MultiPolygon'; coordinates: number[][][][] };
    expect(g0.coordinates).toHaveLength(1);
    expect(g0.coordinates[0]).toHaveLength(2); // shell + hole
    expect(g0.coordinates[0]![0]![0]).toEqual(g0.coordinates[0]![0]!.at(-1)); // closed
    const g1 = feats[1]!.geometry as { type: 'MultiPolygon'; coordinates: number[][][][] };
    expect(g1.coordinates[0]![0]![0]![0]).toBeGreaterThan(120.5);
  });

  it('the tile request answers only for the loaded dataset key, with bytes of their own buffer', async () => {
    const session = { ...emptySession(), tiles: set };
    const [x, y] = tileAt(lon, lat, 14);
    const r = await tileOf(session, { key: 'k', layer: 'parcels', z: 14, x, y });
    expect(r.ok && r.value instanceof ArrayBuffer && r.value.byteLength > 0).toBe(true);
    expect(r.ok && new VectorTile(new PbfReader(new Uint8Array(r.value!))).layers['parcels']?.length).toBe(3);
    expect(await tileOf(session, { key: 'old', layer: 'parcels', z: 14, x, y })).toEqual({ ok: true, value: null });
    expect(await tileOf(emptySession(), { key: 'k', layer: 'parcels', z: 14, x, y })).toEqual({ ok: true, value: null });
    expect((await tileOf(session, { key: 'k', layer: 'roads' as 'parcels', z: 14, x, y })).ok).toBe(false);
    // Addresses out of the grid, fractional or absurd: no tile, and nothing cut for them.
    const cut = vi.spyOn(GeoJSONVT.prototype, 'getTileRaw');
    try {
      for (const [z, tx, ty] of [[14, x + 0.5, y], [14, -1, y], [14, x, 2 ** 14], [2.5, 0, 0], [40, 0, 0], [14, Number.NaN, y]] as const) {
        expect(await tileOf(session, { key: 'k', layer: 'parcels', z, x: tx, y: ty })).toEqual({ ok: true, value: null });
        expect(set.rawTile('parcels', z, tx, ty)).toBeNull();
      }
      expect(cut).not.toHaveBeenCalled();
    } finally {
      cut.mockRestore();
    }
  });

  it('a tile asked while the first analysis is being made is encoded only after it, with its codes', async () => {
    const session = { ...emptySession(), tiles: set };
    const [x, y] = tileAt(lon, lat, 14);
    let release: () => void = () => undefined;
    holdRequests(new Promise<void>((r) => (release = r)));
    let answered = false;
    const pending = tileOf(session, { key: 'k', layer: 'parcels', z: 14, x, y }).then((r) => ((answered = true), r));
    await new Promise((r) => setTimeout(r, 10));
    expect(answered).toBe(false);
    set.setProps('parcels', (fid) => ({ c: fid + 1 }));
    release();
    const r = await pending;
    const layer = r.ok && r.value ? new VectorTile(new PbfReader(new Uint8Array(r.value))).layers['parcels'] : undefined;
    expect(layer?.feature(0).properties['c']).toBe(Number(layer?.feature(0).id) + 1);
    set.setProps('parcels', null);
  });
});
