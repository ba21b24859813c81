/**
 * `npm run bench:stream` — browsing a remote indexed FlatGeobuf by the view, in headless Chromium: a
 * 1000 × 1000 = 10^6-parcel file of squares in Ouhai (EPSG:4549, ≈ 259 MB, written once into
 * bench/out/ and copied into dist/bench/ for `vite preview`, which answers Range requests) is opened with
 * "follow the view" at zoom 17. Prints, as medians over the runs: URL submitted → preview; confirm →
 * parcels shown and analysed, map idle (the first view interactive; bar ≤ 3 s); a 3 km pan → new set
 * analysed; and the share of the file fetched for the first view (bar ≤ 5 %). Not part of CI.
 * Needs a build (`vite build`) and Debian's Chromium.
 *   npm run bench:stream -- [--runs 3] [--side 1000]
 */
import { copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { projectPoint } from '../src/geo/projection';
import { STREAM_ORIGIN, streamTestFile } from '../src/io/formats/fgb/stream.test-helpers';
import { arg, chromiumArgs, CHROMIUM, median, requireChromium, seconds } from './common';

const runs = Number(arg('runs', '3'));
const side = Number(arg('side', '1000'));
if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run vite build first');
const source = `bench/out/stream-${side * side}.fgb`;
if (!existsSync(source)) {
  const t0 = performance.now();
  mkdirSync('bench/out', { recursive: true });
  writeFileSync(source, streamTestFile(side));
  console.log(`wrote ${source} in ${seconds(performance.now() - t0, 1)}`);
}
mkdirSync('dist/bench', { recursive: true });
copyFileSync(source, 'dist/bench/stream.fgb');
const fileSize = statSync(source).size;

type Hook = { __store: { getState(): { streamBytes: number; streamCount: number; streamState: string; streamBox: unknown } }; __map: { jumpTo(o: unknown): void; once(e: string, f: () => void): void; triggerRepaint(): void } };
const lonLat = (x: number, y: number) => projectPoint([x, y], 'EPSG:4549', 'EPSG:4326') as [number, number];
const { x0, y0, pitch } = STREAM_ORIGIN;

requireChromium();
const server = await preview({ logLevel: 'warn', preview: { host: '127.0.0.1', port: 4193, strictPort: true } });
// bench:browser's Chromium: software WebGL, and without its omnibox popup page (bench/common.ts says why).
const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs() });
const steps: Record<string, number[]> = { preview: [], interactive: [], pan: [], share: [], count: [] };
/** The map's next idle, or 15 s (SwiftShader may keep repainting). */
const idle = () => new Promise<void>((r) => {
  const map = (window as unknown as Hook).__map;
  map.once('idle', () => r());
  map.triggerRepaint();
  setTimeout(r, 15_000);
});
try {
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto('http://127.0.0.1:4193/?e2e=1');
    await page.waitForFunction(() => document.querySelector('[data-testid=analysis-status]')?.getAttribute('data-state') === 'ready', undefined, { timeout: 60_000 });
    // After the map's own first fit: the view the stream starts from is the zoomed-in one.
    await page.waitForFunction(() => (window as unknown as { __map: { loaded(): boolean } }).__map.loaded(), undefined, { timeout: 60_000 });
    await page.evaluate((c) => (window as unknown as Hook).__map.jumpTo({ center: c, zoom: 17 }), lonLat(x0 + pitch * side * 0.4, y0 + pitch * side * 0.4));
    await page.waitForFunction(() => ((window as unknown as { __store: { getState(): { viewZoom?: number } } }).__store.getState().viewZoom ?? 0) > 16.9, undefined, { timeout: 10_000 });
    await page.locator('.import-url-toggle').click();
    await page.locator('.import-url-form input[type=url]').fill('http://127.0.0.1:4193/bench/stream.fgb');
    await page.getByTestId('import-url-follow').check();
    const t0 = Date.now();
    await page.locator('.import-url-form button[type=submit]').click();
    await page.waitForFunction(() => (document.querySelector('[data-testid=import-confirm]') as HTMLButtonElement | null)?.disabled === false, undefined, { timeout: 60_000 });
    steps.preview!.push(Date.now() - t0);
    const t1 = Date.now();
    await page.getByTestId('import-confirm').click();
    await page.locator('[data-testid=stream-status][data-state=ready]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=analysis-status][data-state=ready]').waitFor({ timeout: 60_000 });
    await page.evaluate(idle);
    steps.interactive!.push(Date.now() - t1);
    const first = await page.evaluate(() => (window as unknown as Hook).__store.getState());
    steps.share!.push((100 * first.streamBytes) / fileSize);
    steps.count!.push(first.streamCount);
    const t2 = Date.now();
    await page.evaluate((c) => (window as unknown as Hook).__map.jumpTo({ center: c, zoom: 17 }), lonLat(x0 + pitch * side * 0.4 + 3000, y0 + pitch * side * 0.4));
    await page.waitForFunction((b) => {
      const g = (window as unknown as Hook).__store.getState();
      return g.streamState === 'ready' && JSON.stringify(g.streamBox) !== JSON.stringify(b);
    }, first.streamBox, { timeout: 60_000 });
    await page.locator('[data-testid=analysis-status][data-state=ready]').waitFor({ timeout: 60_000 });
    await page.evaluate(idle);
    steps.pan!.push(Date.now() - t2);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const share = median(steps.share!);
console.log(`follow the view on ${source} (${(side * side).toLocaleString('en-US')} parcels, ${(fileSize / 1e6).toFixed(1)} MB), ${runs} runs (medians):`);
console.log(`  URL submitted → preview ${seconds(median(steps.preview!), 2)} · first view: ${median(steps.count!).toLocaleString('en-US')} parcels, fetched ${share.toFixed(2)} % of the file (bar ≤ 5 %: ${share <= 5 ? 'met' : 'NOT met'})`);
console.log(`  confirm → first view analysed, map idle ${seconds(median(steps.interactive!), 2)} (bar ≤ 3 s: ${median(steps.interactive!) <= 3000 ? 'met' : 'NOT met'}) · 3 km pan → new set analysed, map idle ${seconds(median(steps.pan!), 2)}`);
