import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FeatureCollection } from 'geojson';
import type { Bbox } from '../../../geo/crs-detect';
import type { SourceFeature } from '../../source';
import { fixture } from '../fixtures.test-helpers';
import { projectPoint } from '../../../geo/projection';
import { readFlatGeobufUrl } from './remote';
import { gridFeatures, GRID_COLUMNS, writeTestFgb } from './write.test-helpers';

/** Files the test server serves, by path. */
const files = new Map<string, Uint8Array>();
/** Every request the server saw: path and Range header. */
const requests: { path: string; range: string | undefined }[] = [];
let base = '';
let server: Server;

/** A static server answering `Range: bytes=a-b` with 206 and Content-Range (one range per request); under
 *  /norange/ it ignores Range (200, whole file), under /hidden/ it leaves Content-Range out. */
beforeAll(async () => {
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push({ path, range: req.headers.range });
    const mode = /^\/(norange|hidden)\//.exec(path)?.[1];
    const body = files.get(mode ? path.slice(mode.length + 1) : path);
    if (!body) return void res.writeHead(404, 'Not Found').end();
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (!m || mode === 'norange') return void res.writeHead(200, { 'Content-Length': body.length }).end(body);
    const start = Number(m[1]);
    const end = Math.min(m[2] ? Number(m[2]) : body.length - 1, body.length - 1);
    if (start >= body.length) return void res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
    // /hidden/: a 206 without Content-Range, as a browser shows a cross-origin answer that does not expose it.
    const range = mode === 'hidden' ? {} : { 'Content-Range': `bytes ${start}-${end}/${body.length}` };
    res.writeHead(206, { ...range, 'Content-Length': end - start + 1 }).end(body.subarray(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  files.set('/grid-4549.fgb', fixture('fgb/grid-4549.fgb'));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const oracle = (name: string) => JSON.parse(new TextDecoder().decode(fixture(`fgb/grid-spat-${name}.geojson`))) as FeatureCollection;
const byId = <F extends { properties: unknown }>(fs: readonly F[]): F[] => [...fs].sort((a, b) => String((a.properties as { id: string }).id).localeCompare(String((b.properties as { id: string }).id)));
const asPlain = (fs: readonly SourceFeature[]) => byId(fs).map((f) => ({ geometry: f.geometry, properties: f.properties }));

async function readBox(path: string, bbox: Bbox | null) {
  requests.length = 0;
  const r = await readFlatGeobufUrl(base + path, bbox);
  if (!r.ok) throw new Error(`${r.error.problem} ${r.error.fix}`);
  return { layer: r.layers[0]!, bytesFetched: r.bytesFetched!, requests: [...requests] };
}

describe('readFlatGeobufUrl', () => {
  const size = () => files.get('/grid-4549.fgb')!.length;

  it.each([
    ['small', { minX: 560405, minY: 3100305, maxX: 560705, maxY: 3100555 }],
    ['corner', { minX: 559000, minY: 3099000, maxX: 560025, maxY: 3100025 }],
    ['none', { minX: 570000, minY: 3110000, maxX: 571000, maxY: 3111000 }],
  ])('box %s: exactly the features `ogr2ogr -spat` selects, through Range requests only, fetching a fraction of the file', async (name, bbox) => {
    const { layer, bytesFetched, requests: seen } = await readBox('/grid-4549.fgb', bbox);
    const want = oracle(name).features;
    expect(layer.features).toHaveLength(want.length);
    expect(asPlain(layer.features)).toEqual(byId(want).map((f) => ({ geometry: f.geometry, properties: f.properties })));
    expect(seen.length).toBeGreaterThan(0);
    for (const r of seen) expect(r.range).toMatch(/^bytes=\d+-\d+$/);
    expect(bytesFetched).toBeLessThan(size() / 4);
    expect(layer).toMatchObject({ name: 'grid-4549', format: 'flatgeobuf', declaredCrs: { crs: 'EPSG:4549', source: 'fgb-header' }, fields: [{ name: 'id', type: 'string' }, { name: 'row', type: 'integer' }, { name: 'col', type: 'integer' }, { name: 'name', type: 'string' }, { name: 'area', type: 'number' }] });
  });

  it('names the file the same whatever box is read (its size and header), and another file differently', async () => {
    const fileOf = async (path: string, bbox: Bbox | null) => {
      const r = await readFlatGeobufUrl(base + path, bbox);
      if (!r.ok || !r.file) throw new Error('no file key');
      return { size: r.file.size, head: [...r.file.head].join(',') };
    };
    const a = await fileOf('/grid-4549.fgb', { minX: 560405, minY: 3100305, maxX: 560705, maxY: 3100555 });
    expect(await fileOf('/grid-4549.fgb', { minX: 559000, minY: 3099000, maxX: 560025, maxY: 3100025 })).toEqual(a);
    expect(a.size).toBe(size());
    files.set('/other.fgb', writeTestFgb(gridFeatures(10, 10), { indexNodeSize: 16, columns: GRID_COLUMNS, epsg: 4549 }));
    expect((await fileOf('/other.fgb', null)).head).not.toBe(a.head);
  });

  it('without a box reads every feature (skipping the index) and agrees with the local reader', async () => {
    const { layer, bytesFetched } = await readBox('/grid-4549.fgb', null);
    expect(layer.features).toHaveLength(2000);
    expect(bytesFetched).toBeLessThan(size());
    expect(new Set(layer.features.map((f) => f.properties.id)).size).toBe(2000);
  });

  it('a server that ignores Range (200, whole file) or hides Content-Range still gives the same selection', async () => {
    const bbox = { minX: 560405, minY: 3100305, maxX: 560705, maxY: 3100555 };
    const { layer, bytesFetched } = await readBox('/norange/grid-4549.fgb', bbox);
    expect(asPlain(layer.features)).toEqual(asPlain((await readBox('/grid-4549.fgb', bbox)).layer.features));
    expect(bytesFetched).toBe(size());
    // Without a Content-Range the total size is unknown: the reader falls back to fetching the whole file.
    const hidden = await readBox('/hidden/grid-4549.fgb', bbox);
    expect(asPlain(hidden.layer.features)).toEqual(asPlain(layer.features));
    expect(hidden.requests.map((r) => r.range)).toEqual(['bytes=0-16383', undefined]);
  });

  it('deep trees (node size 2) and files without an index select the same features by box', async () => {
    const grid = gridFeatures(40, 30);
    files.set('/deep.fgb', writeTestFgb(grid, { indexNodeSize: 2, columns: GRID_COLUMNS, epsg: 4549 }));
    files.set('/flat.fgb', writeTestFgb(grid, { indexNodeSize: 0, columns: GRID_COLUMNS, epsg: 4549 }));
    const bbox = { minX: 560105, minY: 3100105, maxX: 560295, maxY: 3100245 };
    const deep = await readBox('/deep.fgb', bbox);
    const flat = await readBox('/flat.fgb', bbox);
    expect(deep.layer.features.length).toBe(7 * 6);
    expect(asPlain(deep.layer.features)).toEqual(asPlain(flat.layer.features));
    expect(deep.bytesFetched).toBeLessThan(files.get('/deep.fgb')!.length / 4);
  });

  it('errors are values: a missing file, a cut-short file, a damaged index, a size that disagrees with the index, a bad box', async () => {
    const fail = async (path: string, bbox: Bbox | null = { minX: 560000, minY: 3100000, maxX: 561000, maxY: 3101000 }) => {
      const r = await readFlatGeobufUrl(base + path, bbox);
      expect(r.ok).toBe(false);
      if (r.ok) throw new Error('read');
      expect(r.error.fix).not.toBe('');
      return r.error.problem;
    };
    expect(await fail('/nothing.fgb')).toMatch(/server answered 404/);
    const good = files.get('/grid-4549.fgb')!;
    files.set('/cut.fgb', good.slice(0, good.length - 1000));
    expect(await fail('/cut.fgb')).toMatch(/Feature #\d+ (would lie|says)|index is damaged/);
    expect(await fail('/cut.fgb', null)).toMatch(/cut short/);
    // Point the root node at a node outside the level below.
    const badIndex = good.slice();
    const view = new DataView(badIndex.buffer);
    const headerEnd = 12 + view.getUint32(8, true);
    view.setBigUint64(headerEnd + 32, 999_999n, true);
    files.set('/bad-index.fgb', badIndex);
    expect(await fail('/bad-index.fgb')).toMatch(/spatial index is damaged: node 0 points to node 999999/);
    expect(await fail('/grid-4549.fgb', { minX: 1, minY: 1, maxX: 0, maxY: 2 })).toMatch(/box to read .* is empty/);
    files.set('/empty.fgb', new Uint8Array());
    expect(await fail('/empty.fgb')).toMatch(/empty/);
  });

  it('maxFeatures: a box holding more is refused from the index alone, before any feature is fetched', async () => {
    const all = { minX: 0, minY: 0, maxX: 1e7, maxY: 1e7 };
    requests.length = 0;
    const refused = await readFlatGeobufUrl(`${base}/grid-4549.fgb`, all, { maxFeatures: 500 });
    expect(refused.ok).toBe(false);
    if (refused.ok) throw new Error('read');
    // The root is wholly inside the box: all 2000 are known to be selected at the top of the tree.
    expect(refused.tooMany).toBe(2000);
    expect(refused.error.problem).toMatch(/at least 2000 features, more than the 500/);
    expect(refused.error.fix).toMatch(/zoom in/);
    expect(refused.bytesFetched).toBeLessThan(size() / 4);
    // A box at the cap is read; one feature fewer allowed and it is refused with the exact count.
    const small = { minX: 560405, minY: 3100305, maxX: 560705, maxY: 3100555 };
    const n = oracle('small').features.length;
    const atCap = await readFlatGeobufUrl(`${base}/grid-4549.fgb`, small, { maxFeatures: n });
    expect(atCap.ok && atCap.layers[0]!.features.length).toBe(n);
    const over = await readFlatGeobufUrl(`${base}/grid-4549.fgb`, small, { maxFeatures: n - 1 });
    expect(!over.ok && over.tooMany).toBe(n);
    // Without an index (every feature read, then cut by the box) the cap holds too.
    files.set('/flat-cap.fgb', writeTestFgb(gridFeatures(40, 30), { indexNodeSize: 0, columns: GRID_COLUMNS, epsg: 4549 }));
    const flat = await readFlatGeobufUrl(`${base}/flat-cap.fgb`, all, { maxFeatures: 100 });
    expect(!flat.ok && flat.tooMany).toBe(1200);
  });

  it('calls fetch through options.fetch when given', async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const r = await readFlatGeobufUrl(`${base}/grid-4549.fgb`, { minX: 560405, minY: 3100305, maxX: 560705, maxY: 3100555 }, { fetch: counting });
    expect(r.ok).toBe(true);
    expect(calls).toBeGreaterThan(1);
  });

  it('takes a box in the map\'s lon/lat and reads what it covers in the file\'s CRS (the view\'s box)', async () => {
    // The small oracle box, as lon/lat corners: projected back it covers at least the same squares.
    const [w, s] = projectPoint([560405, 3100305], 'EPSG:4549', 'EPSG:4326') as [number, number];
    const [e, n] = projectPoint([560705, 3100555], 'EPSG:4549', 'EPSG:4326') as [number, number];
    const inLonLat = await readFlatGeobufUrl(`${base}/grid-4549.fgb`, { minX: w, minY: s, maxX: e, maxY: n }, { bboxCrs: 'EPSG:4326' });
    const inMetres = await readFlatGeobufUrl(`${base}/grid-4549.fgb`, { minX: 560405, minY: 3100305, maxX: 560705, maxY: 3100555 });
    if (!inLonLat.ok || !inMetres.ok) throw new Error('read failed');
    const ids = (r: typeof inLonLat) => new Set(r.ok ? r.layers[0]!.features.map((f) => JSON.stringify(f.properties)) : []);
    const wanted = ids(inMetres);
    const got = ids(inLonLat);
    for (const id of wanted) expect(got.has(id)).toBe(true);
    // A lon/lat box is a little larger than the metre box it came from, never a whole-file read.
    expect(got.size).toBeLessThan(wanted.size * 1.5);
    expect(inLonLat.bytesFetched!).toBeLessThan(inMetres.bytesFetched! * 2);
  });
});


describe('a file on another site, in the app', () => {
  it('is named as blocked by the page\'s own Content-Security-Policy, with the way to allow it', async () => {
    const page = (globalThis as { location?: unknown }).location;
    (globalThis as { location?: unknown }).location = { origin: 'http://app.example', href: 'http://app.example/' };
    try {
      const blocked = (() => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch;
      const r = await readFlatGeobufUrl('https://data.example/parcels.fgb', null, { fetch: blocked });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.problem).toContain('https://data.example');
        expect(r.error.fix).toContain('connect-src');
      }
    } finally {
      (globalThis as { location?: unknown }).location = page;
    }
  });
});
