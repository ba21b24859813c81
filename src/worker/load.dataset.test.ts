/** The embedded dataset (data/ouhai) through the real load path, cross-checked against GDAL's areas. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { DatasetManifest } from '../io/dataset';
import { loadDataset, loadSession, type Fetcher } from './load';
import { TileSet } from './tiles';
import { tileAt } from './tiles.test-helper';

const dir = new URL('../../data/ouhai/', import.meta.url);
const fileFetcher: Fetcher = async (url) => new Response(readFileSync(fileURLToPath(url)) as unknown as BodyInit);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as DatasetManifest;

/** GDAL's planar ST_Area per parcel, committed by tests/fixtures/oracle/make-oracle.sh (no GDAL needed to test). */
const oracle = JSON.parse(readFileSync(new URL('../../tests/fixtures/oracle/ouhai-parcel-areas.json', import.meta.url), 'utf8')) as { areas: Record<string, number> };

describe('embedded dataset load', async () => {
  const r = await loadDataset({ manifestUrl: new URL('manifest.json', dir).href }, fileFetcher);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  const d = r.value;

  it('loads every parcel the manifest lists, each with a positive area', () => {
    expect(d.totals.count).toBe(manifest.layers.parcels.featureCount);
    expect(d.warnings).toEqual([]);
    expect(d.parcels.every((p) => p.areaM2 > 0)).toBe(true);
    expect(new Set(d.parcels.map((p) => p.attributes.parcelId)).size).toBe(d.parcels.length);
  });

  it('gives each 镇街 one label point and keeps every layer in the manifest', () => {
    expect(d.townLabels.features).toHaveLength(manifest.layers.towns?.featureCount ?? 0);
    for (const [id, entry] of Object.entries(manifest.layers)) {
      // The big layers are vector tiles cut in the worker, never GeoJSON on the page.
      if (id === 'parcels' || id === 'buildings') {
        expect(d.tiles?.layers, id).toContain(id);
        continue;
      }
      expect(d.display[id as keyof typeof d.display]?.features.length, id).toBe(entry.featureCount);
    }
  });

  it('computes every parcel area as GDAL does (planar ST_Area in EPSG:4549) within 0.01 m²', () => {
    expect(Object.keys(oracle.areas)).toHaveLength(d.parcels.length);
    let total = 0;
    for (const p of d.parcels) {
      const want = oracle.areas[p.attributes.parcelId];
      expect(want, p.attributes.parcelId).toBeDefined();
      expect(Math.abs(p.areaM2 - want!), p.attributes.parcelId).toBeLessThan(0.01);
      total += want!;
    }
    expect(d.totals.areaMu).toBeCloseTo((total * 15) / 10000, 6);
  });

  it('leaves the parcels\' vector-tile index to the first parcel tile (or the idle worker), out of the first analysis\' way', async () => {
    const prepare = vi.spyOn(TileSet.prototype, 'prepare');
    try {
      const session = await loadSession({ manifestUrl: new URL('manifest.json', dir).href }, fileFetcher);
      if (!session.ok) throw new Error(session.error.message);
      expect(prepare).not.toHaveBeenCalled();
      const tiles = session.value.tiles;
      const [w, s, e, n] = d.bounds;
      const [tx, ty] = tileAt((w + e) / 2, (s + n) / 2, 13);
      const raw = tiles.rawTile('parcels', 13, tx, ty);
      expect(prepare).toHaveBeenCalledWith('parcels');
      expect(raw?.features.length ?? 0).toBeGreaterThan(0);
    } finally {
      prepare.mockRestore();
    }
  });
});
