import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { geojson as fgb } from 'flatgeobuf';
import { loadDataset, loadSession, type Fetcher } from './load';
import type { DatasetOutline } from './protocol';
import type { DatasetManifest } from '../io/dataset';

const rect = (x: number, y: number, w: number, h: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]],
});
const fc = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });
const layer = (file: string, n: number) => ({ file, featureCount: n, sha256: '' });

/** A tiny dataset near Ouhai (EPSG:4549), served from memory. */
function fixture(manifestPatch: Partial<DatasetManifest> = {}) {
  const parcels = fc([
    { type: 'Feature', properties: { parcelId: 'P1', tax: 300, registeredAreaMu: 15 }, geometry: rect(560000, 3095000, 100, 100) },
    { type: 'Feature', properties: { parcelId: 'P2', tax: 0, registeredAreaMu: 31 }, geometry: rect(560200, 3095000, 200, 100) },
  ]);
  const towns = fc([{ type: 'Feature', properties: { name: '景山街道', code: '330304001' }, geometry: rect(559000, 3094000, 2000, 2000) }]);
  const boundary = fc([{ type: 'Feature', properties: { name: '瓯海区' }, geometry: rect(550000, 3090000, 20000, 10000) }]);
  const manifest: DatasetManifest = {
    version: 1, name: 't', label: '测试', synthetic: true, crs: 'EPSG:4549', sources: [],
    layers: { parcels: layer('parcels.fgb', 2), boundary: layer('boundary.fgb', 1), towns: layer('towns.fgb', 1) },
    ...manifestPatch,
  };
  const files = new Map<string, Uint8Array | string>([
    ['http://x/d/manifest.json', JSON.stringify(manifest)],
    ['http://x/d/parcels.fgb', fgb.serialize(parcels, 4549)],
    ['http://x/d/boundary.fgb', fgb.serialize(boundary, 4549)],
    ['http://x/d/towns.fgb', fgb.serialize(towns, 4549)],
  ]);
  const requested: string[] = [];
  const fetcher: Fetcher = async (url) => {
    requested.push(url);
    const body = files.get(url);
    return body === undefined ? new Response('nope', { status: 404 }) : new Response(body as BodyInit);
  };
  return { fetcher, files, requested };
}

describe('loadDataset', () => {
  it('computes planar areas, totals and WGS84 display layers', async () => {
    const { fetcher } = fixture();
    const r = await loadDataset({ manifestUrl: 'http://x/d/manifest.json' }, fetcher);
    if (!r.ok) throw new Error(r.error.message);
    const d = r.value;
    expect(d.parcels.map((p) => p.attributes.parcelId)).toEqual(['P1', 'P2']);
    expect(d.parcels[0]!.areaM2).toBeCloseTo(10000, 6);
    expect(d.parcels[1]!.areaMu).toBeCloseTo(30, 9);
    expect(d.totals.count).toBe(2);
    expect(d.totals.areaMu).toBeCloseTo(45, 9);
    expect(d.parcels[0]!.taxPerMu).toBeCloseTo(20, 9);
    expect(d.parcels[0]!.registeredAreaDiff).toBeNull();
    expect(d.parcels[1]!.registeredAreaDiff?.diffMu).toBeCloseTo(1, 9);
    // Parcel geometry never reaches the page: only its WGS84 box (for fly-to) and the worker's tiles.
    expect(d.display.parcels).toBeUndefined();
    expect(d.tiles?.layers).toEqual(['parcels']);
    const [lon, lat, lonE] = Array.from(d.parcelBounds.subarray(4, 8));
    expect(lonE! - lon!).toBeGreaterThan(0.0018); // 200 m of longitude at 28°N
    expect(lon).toBeGreaterThan(120.5);
    expect(lon).toBeLessThan(120.8);
    expect(lat).toBeGreaterThan(27.9);
    expect(lat).toBeLessThan(28.1);
    // one label point per town, inside it, in lon/lat, with the town's properties
    expect(d.townLabels.features).toHaveLength(1);
    expect(d.townLabels.features[0]!.properties).toMatchObject({ name: '景山街道' });
    const [tlon, tlat] = d.townLabels.features[0]!.geometry.coordinates;
    const townRing = (d.display.towns!.features[0]!.geometry as Polygon).coordinates[0]!;
    expect(tlon).toBeGreaterThan(Math.min(...townRing.map((p) => p[0]!)));
    expect(tlon).toBeLessThan(Math.max(...townRing.map((p) => p[0]!)));
    expect(tlat).toBeGreaterThan(Math.min(...townRing.map((p) => p[1]!)));
    expect(tlat).toBeLessThan(Math.max(...townRing.map((p) => p[1]!)));
    // bounds come from the boundary layer, which encloses the parcels
    const [w, s, e, n] = d.bounds;
    expect(w).toBeLessThan(lon!);
    expect(e).toBeGreaterThan(lon!);
    expect(s).toBeLessThan(lat!);
    expect(n).toBeGreaterThan(lat!);
  });

  it('skips a parcel that is not a polygon, with a warning naming it', async () => {
    const { fetcher, files } = fixture();
    const mixed = fc([
      { type: 'Feature', properties: { parcelId: 'P1', tax: 1 }, geometry: rect(560000, 3095000, 100, 100) },
      { type: 'Feature', properties: { parcelId: 'PT', tax: 1 }, geometry: { type: 'Point', coordinates: [560500, 3095500] } },
    ]);
    files.set('http://x/d/parcels.fgb', fgb.serialize(mixed, 4549));
    const r = await loadDataset({ manifestUrl: 'http://x/d/manifest.json' }, fetcher);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.totals.count).toBe(1);
    const problem = r.value.info.report.layers.find((l) => l.role === 'parcels')!.problems.find((p) => p.code === 'not-polygon');
    expect(problem).toMatchObject({ count: 1, action: 'skipped', examples: [{ index: 1 }] });
  });

  it('returns a fetch error naming the missing file', async () => {
    const { fetcher, files } = fixture();
    files.delete('http://x/d/boundary.fgb');
    const r = await loadDataset({ manifestUrl: 'http://x/d/manifest.json' }, fetcher);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('fetch-failed');
      expect(r.error.message).toContain('boundary.fgb');
    }
  });

  it.each(['http://elsewhere.example/p.fgb', '//elsewhere.example/p.fgb', '/abs/p.fgb', '../up/p.fgb'])('refuses a layer file named %s: only same-origin relative paths', async (file) => {
    const { fetcher, requested } = fixture();
    const man = JSON.parse(await (await fetcher('http://x/d/manifest.json')).text()) as DatasetManifest;
    man.layers.parcels.file = file;
    const r = await loadDataset({ manifestUrl: 'http://x/d/manifest.json' }, (u) => (u.endsWith('manifest.json') ? Promise.resolve(new Response(JSON.stringify(man))) : fetcher(u)));
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-manifest' } });
    expect(requested.some((u) => !u.startsWith('http://x/'))).toBe(false);
  });

  it('reports a corrupt FlatGeobuf file as bad-file', async () => {
    const { fetcher, files } = fixture();
    files.set('http://x/d/parcels.fgb', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const r = await loadDataset({ manifestUrl: 'http://x/d/manifest.json' }, fetcher);
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-file' } });
  });
});

describe('loadDataset: a damaged or swapped file is never read as a smaller dataset', () => {
  it('refuses a layer whose feature count is not the manifest\'s', async () => {
    const { fetcher } = fixture({ layers: { parcels: layer('parcels.fgb', 3), boundary: layer('boundary.fgb', 1), towns: layer('towns.fgb', 1) } });
    const r = await loadDataset({ manifestUrl: 'http://x/d/manifest.json' }, fetcher);
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-file' } });
    if (!r.ok) expect(r.error.message).toMatch(/parcels\.fgb: the manifest promises 3 features but the file holds 2/);
  });
  it('refuses a layer whose SHA-256 is not the manifest\'s', async () => {
    const { fetcher } = fixture({ layers: { parcels: { file: 'parcels.fgb', featureCount: 2, sha256: '0'.repeat(64) }, boundary: layer('boundary.fgb', 1), towns: layer('towns.fgb', 1) } });
    const r = await loadDataset({ manifestUrl: 'http://x/d/manifest.json' }, fetcher);
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-file' } });
    if (!r.ok) expect(r.error.message).toMatch(/parcels\.fgb: its SHA-256 is not the manifest's/);
  });
});

describe('loadSession: the district outline ahead of the parcels', () => {
  it('is sent once the small files are read, before the parcels are; the dataset\'s small layers are that outline', async () => {
    const { fetcher } = fixture();
    // The parcel file comes only once the outline is out (or after 2 s: the test then fails below).
    let outlineSent = false;
    let heard = () => {};
    const outlineHeard = new Promise<void>((r) => (heard = r));
    let parcelsServedAfterOutline: boolean | null = null;
    const slow: Fetcher = async (url) => {
      if (url.endsWith('parcels.fgb')) {
        await Promise.race([outlineHeard, new Promise((r) => setTimeout(r, 2000))]);
        parcelsServedAfterOutline = outlineSent;
      }
      return fetcher(url);
    };
    const outlines: DatasetOutline[] = [];
    const r = await loadSession({ manifestUrl: 'http://x/d/manifest.json' }, slow, undefined, undefined, (o) => {
      outlineSent = true;
      outlines.push(o);
      heard();
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(parcelsServedAfterOutline).toBe(true);
    expect(outlines).toHaveLength(1);
    const d = r.value.dataset;
    expect(d.displayOfOutline).toBe(true);
    expect(d.display).toBe(outlines[0]!.display);
    expect(d.townLabels).toBe(outlines[0]!.townLabels);
    expect(outlines[0]!.bounds).toEqual(d.bounds);
    // What a load without an outline listener makes of the same files.
    const plain = await loadSession({ manifestUrl: 'http://x/d/manifest.json' }, fetcher);
    if (!plain.ok) throw new Error(plain.error.message);
    expect(plain.value.dataset.displayOfOutline).toBeUndefined();
    expect(JSON.parse(JSON.stringify(outlines[0]))).toEqual(JSON.parse(JSON.stringify({ display: plain.value.dataset.display, townLabels: plain.value.dataset.townLabels, bounds: plain.value.dataset.bounds })));
    expect(outlines[0]!.display.boundary!.features).toHaveLength(1);
    expect(outlines[0]!.display.towns!.features).toHaveLength(1);
  });

  it('is not sent without a district boundary, nor when the small files cannot be read; the load still reports them', async () => {
    const none = fixture({ layers: { parcels: layer('parcels.fgb', 2), towns: layer('towns.fgb', 1) } });
    const heard: DatasetOutline[] = [];
    const r = await loadSession({ manifestUrl: 'http://x/d/manifest.json' }, none.fetcher, undefined, undefined, (o) => void heard.push(o));
    expect(r.ok).toBe(true);
    expect(heard).toEqual([]);
    if (r.ok) expect(r.value.dataset.displayOfOutline).toBeUndefined();
    const broken = fixture();
    broken.files.set('http://x/d/boundary.fgb', new Uint8Array([1, 2, 3]));
    const bad = await loadSession({ manifestUrl: 'http://x/d/manifest.json' }, broken.fetcher, undefined, undefined, (o) => void heard.push(o));
    expect(heard).toEqual([]);
    expect(bad.ok).toBe(false);
  });
});
