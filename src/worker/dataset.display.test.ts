/**
 * The parcels' tiles made from the overlay thread's display arrays (the loader's flat polygons projected;
 * tiles-flat.ts), and those made from the loader's packing of them (an import), against those made from
 * their GeoJSON projected here: the same bytes, tile for tile, and the same parcel boxes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import type { DatasetManifest } from '../io/dataset';
import { flatPolygonsOf, loadFiles } from '../io/loader';
import { manifestInputs, type Fetcher } from '../io/loader/manifest';
import { inputFromBytes } from '../io/source';
import { buildDataset } from './dataset';
import { displayPolygons } from './overlay-thread-work';
import { TILE_MAX_ZOOM } from './tiles';
import { tileAt } from './tiles.test-helper';

const dir = new URL('../../data/ouhai/', import.meta.url);
const fileFetcher: Fetcher = async (url) => new Response(readFileSync(fileURLToPath(url)) as unknown as BodyInit);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as DatasetManifest;

describe('parcel tiles from the display arrays', async () => {
  const { files, roles } = manifestInputs(manifest, new URL('manifest.json', dir).href, fileFetcher);
  const loaded = await loadFiles(files, roles, {}, { name: manifest.name });
  if (!loaded.ok) throw new Error('the embedded dataset does not load');
  const info = { name: manifest.name, label: manifest.label, synthetic: true, source: 'embedded' as const, identity: loaded.report.identity, report: loaded.report };
  // The parcel file's polygons as the loader read them, projected as the overlay thread projects them.
  const read = flatPolygonsOf(loaded.read, manifest.layers.parcels.file);
  const flat = read ? displayPolygons(read) : null;
  const index = loaded.layers.parcelsPacked?.flatIndex;

  // Without the loader's packing, the parcels are shown from their GeoJSON.
  const fromGeoJson = buildDataset({ ...loaded.layers, parcelsPacked: undefined }, info, { ledger: null, warnings: [] });

  /** Every tile over the district up to z14 and every fourth row and column of it above: `built`'s are `fromGeoJson`'s. */
  const expectSameTiles = (built: ReturnType<typeof buildDataset>) => {
    const [w, s, e, n] = fromGeoJson.dataset.bounds;
    let tiles = 0;
    for (let z = 9; z <= TILE_MAX_ZOOM; z++) {
      const [x0, y0] = tileAt(w, n, z), [x1, y1] = tileAt(e, s, z);
      const step = z <= 14 ? 1 : 4;
      for (let x = x0; x <= x1; x += step) for (let y = y0; y <= y1; y += step) {
        const want = fromGeoJson.tiles.tile('parcels', z, x, y);
        expect(built.tiles.tile('parcels', z, x, y), `${z}/${x}/${y}`).toEqual(want);
        if (want) tiles++;
      }
    }
    expect(tiles).toBeGreaterThan(100);
  };

  it('from the loader\'s packing are the tiles and boxes of the GeoJSON path', () => {
    expect(loaded.layers.parcelsPacked?.packed.count).toBe(loaded.layers.parcels.length);
    const fromPacked = buildDataset(loaded.layers, info, { ledger: null, warnings: [] });
    expect(fromPacked.dataset.parcelBounds).toEqual(fromGeoJson.dataset.parcelBounds);
    expectSameTiles(fromPacked);
    // The tiles do come from the packing: one parcel moved there moves in its tile.
    const { packed } = loaded.layers.parcelsPacked!;
    const first = packed.ringEnd[0]!;
    const moved = { ...loaded.layers.parcelsPacked!, packed: { ...packed, xy: packed.xy.map((v, i) => (i < 2 * first ? v + 20 : v)) } };
    const other = buildDataset({ ...loaded.layers, parcelsPacked: moved }, info, { ledger: null, warnings: [] });
    const [x, y] = tileAt(fromGeoJson.dataset.parcelBounds[0]!, fromGeoJson.dataset.parcelBounds[3]!, TILE_MAX_ZOOM);
    expect(other.dataset.parcelBounds[0]).not.toBe(fromGeoJson.dataset.parcelBounds[0]);
    expect(other.tiles.tile('parcels', TILE_MAX_ZOOM, x, y)).not.toEqual(fromGeoJson.tiles.tile('parcels', TILE_MAX_ZOOM, x, y));
  });

  it('from the display arrays are the tiles and boxes of the GeoJSON path', () => {
    expect(flat).not.toBeNull();
    expect(index).toBeDefined();
    const fromFlat = buildDataset(loaded.layers, info, { ledger: null, warnings: [] }, undefined, { display: { flat: flat!, index: index! } });
    expect(fromFlat.dataset.parcelBounds).toEqual(fromGeoJson.dataset.parcelBounds);
    expectSameTiles(fromFlat);
    // The tiles do come from the display arrays: one parcel moved there moves in its tile.
    const moved = { flat: { ...flat!, xy: flat!.xy.map((v, i) => (i < 2 * flat!.ringEnd[0]! ? v + 2e-4 : v)) }, index: index! };
    const fid = index!.indexOf(0);
    const [lon, lat] = [flat!.xy[0]!, flat!.xy[1]!];
    const [x, y] = tileAt(lon, lat, TILE_MAX_ZOOM);
    const other = buildDataset(loaded.layers, info, { ledger: null, warnings: [] }, undefined, { display: moved });
    expect(fid).toBeGreaterThanOrEqual(0);
    expect(other.tiles.tile('parcels', TILE_MAX_ZOOM, x, y)).not.toEqual(fromGeoJson.tiles.tile('parcels', TILE_MAX_ZOOM, x, y));
  });
});

/** A tile's parcels by id, each ring written from its least vertex (where a ring starts is not its shape). */
function shapesOf(bytes: Uint8Array | null): Map<number, string> {
  const out = new Map<number, string>();
  const layer = bytes ? new VectorTile(new PbfReader(bytes)).layers['parcels'] : undefined;
  for (let i = 0; i < (layer?.length ?? 0); i++) {
    const f = layer!.feature(i);
    const rings = f.loadGeometry().map((r) => {
      const pts = r.slice(0, -1).map((p) => `${p.x},${p.y}`);
      const k = pts.reduce((m, p, j) => (p < pts[m]! ? j : m), 0);
      return [...pts.slice(k), ...pts.slice(0, k)].join(' ');
    });
    out.set(Number(f.id), rings.sort().join(' | '));
  }
  return out;
}

describe('parcel tiles of an imported Shapefile from the loader\'s packing', () => {
  it('draw the shapes of the GeoJSON path, in the same boxes', async () => {
    const zip = readFileSync(new URL('../../tests/fixtures/io/shp/gbk-nocpg.zip', import.meta.url));
    const loaded = await loadFiles([inputFromBytes('gbk-nocpg.zip', new Uint8Array(zip))], {});
    if (!loaded.ok) throw new Error('the fixture does not load');
    const info = { name: 'x', label: 'x', synthetic: false, source: 'import' as const, identity: loaded.report.identity, report: loaded.report };
    expect(loaded.layers.parcelsPacked?.packed.count).toBe(loaded.layers.parcels.length);
    const fromPacked = buildDataset(loaded.layers, info, { ledger: null, warnings: [] });
    const fromGeoJson = buildDataset({ ...loaded.layers, parcelsPacked: undefined }, info, { ledger: null, warnings: [] });
    expect(fromPacked.dataset.parcelBounds).toEqual(fromGeoJson.dataset.parcelBounds);
    // A Shapefile's shells are clockwise: packing reverses them, so their rings start at another vertex and
    // the tiles' bytes differ; the shapes do not. (At 100k parcels geojson-vt's simplification, anchored at
    // a ring's first vertex, keeps other vertices for about 1 in 10,000 parcels at z13–16, within its tolerance.)
    const [w, s, e, n] = fromGeoJson.dataset.bounds;
    let features = 0, otherBytes = 0;
    for (let z = 9; z <= TILE_MAX_ZOOM; z++) {
      const [x0, y0] = tileAt(w, n, z), [x1, y1] = tileAt(e, s, z);
      for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) {
        const a = fromGeoJson.tiles.tile('parcels', z, x, y) as Uint8Array | null, b = fromPacked.tiles.tile('parcels', z, x, y) as Uint8Array | null;
        const want = shapesOf(a);
        expect(shapesOf(b), `${z}/${x}/${y}`).toEqual(want);
        features += want.size;
        if (a && b && Buffer.compare(a, b) !== 0) otherBytes++;
      }
    }
    expect(features).toBeGreaterThan(20);
    expect(otherBytes).toBeGreaterThan(0); // the packed path was taken
  });
});
