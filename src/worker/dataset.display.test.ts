/**
 * The parcels' tiles made from the overlay thread's display arrays (the loader's flat polygons projected;
 * tiles-flat.ts) against those made from their GeoJSON projected here: the same bytes, tile for tile, and
 * the same parcel boxes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DatasetManifest } from '../io/dataset';
import { flatPolygonsOf, loadFiles } from '../io/loader';
import { manifestInputs, type Fetcher } from '../io/loader/manifest';
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

  it('are the tiles and boxes of the GeoJSON path', () => {
    expect(flat).not.toBeNull();
    expect(index).toBeDefined();
    const fromFlat = buildDataset(loaded.layers, info, { ledger: null, warnings: [] }, undefined, { display: { flat: flat!, index: index! } });
    const fromGeoJson = buildDataset(loaded.layers, info, { ledger: null, warnings: [] });
    expect(fromFlat.dataset.parcelBounds).toEqual(fromGeoJson.dataset.parcelBounds);
    const [w, s, e, n] = fromGeoJson.dataset.bounds;
    let tiles = 0;
    for (let z = 9; z <= TILE_MAX_ZOOM; z++) {
      const [x0, y0] = tileAt(w, n, z), [x1, y1] = tileAt(e, s, z);
      // Every tile over the district up to z14; above, every fourth row and column of it.
      const step = z <= 14 ? 1 : 4;
      for (let x = x0; x <= x1; x += step) for (let y = y0; y <= y1; y += step) {
        const want = fromGeoJson.tiles.tile('parcels', z, x, y);
        expect(fromFlat.tiles.tile('parcels', z, x, y), `${z}/${x}/${y}`).toEqual(want);
        if (want) tiles++;
      }
    }
    expect(tiles).toBeGreaterThan(100);
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
