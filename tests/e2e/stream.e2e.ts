/**
 * Browser tests of browsing a remote indexed FlatGeobuf by the view ("follow the view"): the setup writes
 * a large file of square parcels in Ouhai (EPSG:4549) into dist/e2e/ (served by the preview with Range
 * support; not committed). 750 × 750 = 562,500 parcels (≈ 145 MB, ≈ 11 s): 10^6 would be ≈ 259 MB and
 * ≈ 20 s to write, over this suite's budget (bench/stream.bench.ts measures 10^6). The test opens the file
 * in follow-the-view mode at a zoomed-in view and checks: every request for the file is a Range request,
 * the bytes fetched are ≤ 5 % of the file, status-parcels shows exactly the parcels whose squares meet the
 * loaded box (counted here from the grid), and a pan loads the new area and drops the old.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { STREAM_ORIGIN, streamTestFile } from '../../src/io/formats/fgb/stream.test-helpers';
import { projectPoint } from '../../src/geo/projection';
import { assert, type Session, type TestFn } from './harness';

const SIDE = 750;
const FILE = 'dist/e2e/stream.fgb';

interface StoreHook {
  getState(): {
    streamState: string;
    streamBox: [number, number, number, number] | null;
    streamBytes: number;
    streamCount: number;
    dataset: { parcels: { attributes: { parcelId: string } }[]; info: { identity: { hash: string } } } | null;
  };
}
interface MapHook {
  loaded(): boolean;
  jumpTo(o: { center: [number, number]; zoom: number }): void;
}
type Win = { __store?: StoreHook; __map?: MapHook };

/** Grid parcels whose squares meet the envelope of `box` (lon/lat) in EPSG:4549, as the range reader cuts it. */
function expectedCount(box: [number, number, number, number]): number {
  const xs = [box[0], (box[0] + box[2]) / 2, box[2]];
  const ys = [box[1], (box[1] + box[3]) / 2, box[3]];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const x of xs) for (const y of ys) {
    const [px, py] = projectPoint([x, y], 'EPSG:4326', 'EPSG:4549') as [number, number];
    minX = Math.min(minX, px); minY = Math.min(minY, py); maxX = Math.max(maxX, px); maxY = Math.max(maxY, py);
  }
  const { x0, y0, pitch, size } = STREAM_ORIGIN;
  // Columns c with [x0 + c·pitch, x0 + c·pitch + size] meeting [minX, maxX]; rows likewise.
  const span = (lo: number, hi: number, o: number) => {
    const first = Math.max(0, Math.ceil((lo - o - size) / pitch));
    const last = Math.min(SIDE - 1, Math.floor((hi - o) / pitch));
    return Math.max(0, last - first + 1);
  };
  return span(minX, maxX, x0) * span(minY, maxY, y0);
}

const lonLat = (x: number, y: number) => projectPoint([x, y], 'EPSG:4549', 'EPSG:4326') as [number, number];

export function streamTests(s: Session, baseUrl: string): [string, TestFn][] {
  const ranges: string[] = [];
  let fileSize = 0;
  return [
    ['the app opens with the district; the setup writes a large indexed FlatGeobuf into the served dist/', async () => {
      const t0 = performance.now();
      mkdirSync('dist/e2e', { recursive: true });
      writeFileSync(FILE, streamTestFile(SIDE));
      fileSize = statSync(FILE).size;
      console.log(`    wrote ${SIDE * SIDE} parcels, ${(fileSize / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      await s.page.goto(`${baseUrl}?e2e=1`);
      await s.page.locator('[data-testid=analysis-status][data-state=ready]').waitFor({ timeout: 60_000 });
      await s.page.waitForFunction(() => (window as Win).__map?.loaded() === true && performance.getEntriesByName('tenglong:data-shown').length > 0, undefined, { timeout: 30_000 });
    }],

    ['at district zoom the first read is refused from the file\'s index alone: a message says to zoom in, and almost nothing is fetched', async () => {
      const seen: string[] = [];
      const listen = (r: { url(): string; headers(): Record<string, string> }) => {
        if (r.url().endsWith('/e2e/stream.fgb')) seen.push(r.headers()['range'] ?? '(none)');
      };
      s.context.on('request', listen);
      await s.page.locator('.import-url-toggle').click();
      await s.page.locator('.import-url-form input[type=url]').fill(`${baseUrl}e2e/stream.fgb`);
      await s.page.getByTestId('import-url-follow').check();
      await s.page.locator('.import-url-form button[type=submit]').click();
      const dialog = s.page.getByTestId('import-error');
      await dialog.waitFor({ state: 'visible', timeout: 20_000 });
      const text = await dialog.innerText();
      assert(/至少有 [\d,]+ 宗地块/.test(text) && text.includes('放大地图'), `the refusal reads "${text}"`);
      s.context.off('request', listen);
      const fetched = seen.reduce((sum, h) => {
        const m = /^bytes=(\d+)-(\d+)$/.exec(h);
        assert(m, `a request for the file was not a Range request: ${h}`);
        return sum + Number(m[2]) - Number(m[1]) + 1;
      }, 0);
      assert(fetched <= 0.001 * fileSize, `the refused read fetched ${fetched} of ${fileSize} bytes`);
      await dialog.getByRole('button').last().click();
      await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
      const st = await s.page.evaluate(() => (window as Win).__store!.getState().streamState);
      assert(st === 'off', `after the refusal the stream is ${st}, not off`);
      const n = (await s.page.getByTestId('status-parcels').innerText()).trim();
      assert(n.startsWith('3,500 宗'), `the district's data was replaced: status-parcels reads "${n}"`);
    }],

    ['follow the view: the first view is read by Range requests, ≤ 5 % of the file, and status-parcels shows the view\'s parcels', async () => {
      const { x0, y0, pitch } = STREAM_ORIGIN;
      const center = lonLat(x0 + pitch * SIDE * 0.3, y0 + pitch * SIDE * 0.3);
      await s.page.evaluate((c) => (window as Win).__map!.jumpTo({ center: c, zoom: 17 }), center);
      // The view the stream starts from is the zoomed-in one (a district-wide first read would take the whole file).
      await s.page.waitForFunction(() => ((window as unknown as { __store: { getState(): { viewZoom?: number | null } } }).__store.getState().viewZoom ?? 0) > 16.9, undefined, { timeout: 10_000 });
      s.context.on('request', (r) => {
        if (r.url().endsWith('/e2e/stream.fgb')) ranges.push(r.headers()['range'] ?? '(none)');
      });
      await s.page.locator('.import-url-toggle').click();
      await s.page.locator('.import-url-form input[type=url]').fill(`${baseUrl}e2e/stream.fgb`);
      await s.page.getByTestId('import-url-follow').check();
      const t0 = Date.now();
      await s.page.locator('.import-url-form button[type=submit]').click();
      await s.page.getByTestId('import-confirm').waitFor({ state: 'visible', timeout: 20_000 });
      await s.page.waitForFunction(() => !(document.querySelector('[data-testid=import-confirm]') as HTMLButtonElement | null)?.disabled, undefined, { timeout: 20_000 });
      await s.page.getByTestId('import-confirm').click();
      await s.page.locator('[data-testid=stream-status][data-state=ready][data-file-bytes]').waitFor({ timeout: 20_000 });
      await s.page.locator('[data-testid=analysis-status][data-state=ready]').waitFor({ timeout: 30_000 });
      console.log(`    confirm → analysed view: ${((Date.now() - t0) / 1000).toFixed(1)} s (includes the preview step)`);
      const st = await s.page.evaluate(() => {
        const g = (window as Win).__store!.getState();
        return { box: g.streamBox, bytes: g.streamBytes, count: g.streamCount, n: g.dataset?.parcels.length ?? 0 };
      });
      assert(st.box, 'no box loaded');
      const want = expectedCount(st.box);
      assert(want > 100 && want < 20_000, `the test view holds ${want} parcels; expected a zoomed-in view`);
      assert(st.count === want && st.n === want, `loaded ${st.count} (dataset ${st.n}) parcels; the grid has ${want} meeting the box`);
      const status = (await s.page.getByTestId('status-parcels').innerText()).trim();
      assert(status.startsWith(`${want.toLocaleString('en-US')} 宗`), `status-parcels reads "${status}", want ${want} 宗`);
      assert(ranges.length > 0 && ranges.every((h) => /^bytes=\d+-\d+$/.test(h)), `not every request for the file was a Range request: ${ranges.join(', ')}`);
      assert(st.bytes <= 0.05 * fileSize, `fetched ${st.bytes} of ${fileSize} bytes (${((100 * st.bytes) / fileSize).toFixed(2)} %), over 5 %`);
      const indicator = await s.page.getByTestId('stream-status').innerText();
      assert(indicator.includes(want.toLocaleString('en-US')) && /%/.test(indicator), `stream-status reads "${indicator}"`);
    }],

    ['panning loads the new area by range requests and drops the parcels left behind', async () => {
      const before = await s.page.evaluate(() => (window as Win).__store!.getState().streamBox);
      const { x0, y0, pitch } = STREAM_ORIGIN;
      // The first view's centre parcel, then a view 3 km east.
      const oldId = `S${Math.floor(SIDE * 0.3)}-${Math.floor(SIDE * 0.3)}`;
      const col = Math.floor(SIDE * 0.3) + 150;
      const newId = `S${Math.floor(SIDE * 0.3)}-${col}`;
      const has = (id: string) => s.page.evaluate((p) => (window as Win).__store!.getState().dataset?.parcels.some((q) => q.attributes.parcelId === p) ?? false, id);
      assert(await has(oldId), `${oldId} is not loaded in the first view`);
      const center = lonLat(x0 + pitch * col + 8, y0 + pitch * SIDE * 0.3 + 8);
      const rangesBefore = ranges.length;
      const hashOf = () => s.page.evaluate(() => (window as Win).__store!.getState().dataset!.info.identity.hash);
      const hashBefore = await hashOf();
      await s.page.evaluate((c) => (window as Win).__map!.jumpTo({ center: c, zoom: 17 }), center);
      await s.page.waitForFunction((b) => {
        const g = (window as Win).__store!.getState();
        return g.streamState === 'ready' && JSON.stringify(g.streamBox) !== JSON.stringify(b);
      }, before, { timeout: 20_000 });
      await s.page.locator('[data-testid=analysis-status][data-state=ready]').waitFor({ timeout: 30_000 });
      assert(await has(newId), `${newId} (in the new view) was not loaded`);
      assert(!(await has(oldId)), `${oldId} (left behind) is still held`);
      const st = await s.page.evaluate(() => (window as Win).__store!.getState());
      const want = expectedCount(st.streamBox!);
      assert(st.streamCount === want && st.dataset!.parcels.length === want, `after the pan: ${st.streamCount} parcels, the grid has ${want}`);
      assert(ranges.length > rangesBefore && ranges.every((h) => /^bytes=\d+-\d+$/.test(h)), `the pan's requests were not all Range requests: ${ranges.slice(rangesBefore).join(', ')}`);
      assert(st.streamBytes <= 0.1 * fileSize, `two views fetched ${st.streamBytes} of ${fileSize} bytes`);
      // The same file whatever the view: the user's saved work (settings, ledger, lists) stays with it.
      assert((await hashOf()) === hashBefore, 'the dataset changed identity with the view: the saved work would be lost on a pan');
    }],

    ['zooming out to the district is refused from the index: stream-status says to zoom in, the loaded parcels stay', async () => {
      const before = await s.page.evaluate(() => (window as Win).__store!.getState().dataset?.parcels.length ?? 0);
      const rangesBefore = ranges.length;
      const { x0, y0, pitch } = STREAM_ORIGIN;
      const center = lonLat(x0 + pitch * SIDE * 0.5, y0 + pitch * SIDE * 0.5);
      await s.page.evaluate((c) => (window as Win).__map!.jumpTo({ center: c, zoom: 11 }), center);
      await s.page.locator('[data-testid=stream-status][data-state=too-many]').waitFor({ timeout: 20_000 });
      const text = await s.page.getByTestId('stream-status').innerText();
      assert(/至少有 [\d,]+ 宗地块/.test(text) && text.includes('放大地图'), `stream-status reads "${text}"`);
      const after = await s.page.evaluate(() => (window as Win).__store!.getState().dataset?.parcels.length ?? 0);
      assert(after === before, `the loaded parcels changed from ${before} to ${after}`);
      const fetched = ranges.slice(rangesBefore).reduce((sum, h) => {
        const m = /^bytes=(\d+)-(\d+)$/.exec(h);
        return sum + (m ? Number(m[2]) - Number(m[1]) + 1 : Infinity);
      }, 0);
      assert(fetched <= 0.001 * fileSize, `the refused view fetched ${fetched} of ${fileSize} bytes`);
    }],

    ['no console errors and no request left 127.0.0.1', async () => {
      assert(s.consoleErrors.length === 0, `console errors: ${s.consoleErrors.join(' | ')}`);
      assert(s.external.length === 0, `outside requests: ${s.external.join(', ')}`);
    }],
  ];
}
