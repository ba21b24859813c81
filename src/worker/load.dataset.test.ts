/** The embedded dataset (data/ouhai) through the real load path, cross-checked against GDAL when present. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DatasetManifest } from '../io/dataset';
import { loadDataset, type Fetcher } from './load';

const dir = new URL('../../data/ouhai/', import.meta.url);
const fileFetcher: Fetcher = async (url) => new Response(readFileSync(fileURLToPath(url)) as unknown as BodyInit);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as DatasetManifest;

function gdalParcelAreaM2(): number | null {
  try {
    const out = execFileSync('ogrinfo', ['-q', '-ro', '-dialect', 'sqlite', '-sql', 'SELECT SUM(ST_Area(geometry)) AS a FROM parcels', fileURLToPath(new URL('parcels.fgb', dir))], { encoding: 'utf8' });
    const m = /a \(Real\) = ([\d.eE+-]+)/.exec(out);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

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
      if (id === 'parcels') continue;
      expect(d.display[id as keyof typeof d.display]?.features.length, id).toBe(entry.featureCount);
    }
  });

  const gdal = gdalParcelAreaM2();
  it.skipIf(gdal === null)('total parcel area agrees with GDAL planar area within 0.01 m² per parcel', () => {
    expect(Math.abs(d.totals.areaM2 - gdal!)).toBeLessThan(0.01 * d.totals.count);
  });
});
