/**
 * `npm run bench:floor` — what MapLibre alone costs here, as a floor under the app's start-up bars
 * (issue 10: the district interactive ≤ 2 s, no main-thread task over 200 ms). A bare page, nothing of
 * the app: MapLibre GL (the app's version, from node_modules), one GeoJSON source, one fill and one
 * line layer, in the same headless Chromium (SwiftShader, 1440×900, omnibox page off) as bench:browser.
 * Timed from navigation to the first 'idle' with the features rendered; the longest main-thread task
 * until then (a `longtask` observer). Two pages:
 *   - one polygon: MapLibre's own start (page, worker, WebGL context, first frames);
 *   - the district's 3,563 parcels (data/ouhai/parcels.fgb, to WGS 84 here) as one GeoJSON file, fetched
 *     and cut by MapLibre's worker, coloured by a per-feature expression as the app's colourings are.
 * If the parcels page cannot reach the app's bars on this machine, the app, which draws the same parcels
 * through the same library, cannot either; the gap between the two is what the app adds.
 *   npx tsx bench/maplibre-floor.browser.bench.ts [--runs 5] [--port 4197]
 */
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { geojson } from 'flatgeobuf';
import type { FeatureCollection, Geometry } from 'geojson';
import { toDisplay } from '../src/geo/projection';
import { arg, chromiumArgs, CHROMIUM, median, requireChromium, seconds } from './common';

const runs = Number(arg('runs', '5'));
const port = Number(arg('port', '4197'));
const dist = join('node_modules', 'maplibre-gl', 'dist');
const dir = mkdtempSync(join(tmpdir(), 'maplibre-floor-'));

// The parcels in display coordinates, as the app's worker projects them (geo/projection.ts toDisplay).
const display: FeatureCollection = { type: 'FeatureCollection', features: [] };
for await (const f of geojson.deserialize(new Uint8Array(readFileSync(join('data', 'ouhai', 'parcels.fgb'))))) {
  display.features.push({ type: 'Feature', properties: f.properties ?? {}, geometry: toDisplay(f.geometry as Geometry) });
}
writeFileSync(join(dir, 'parcels.geojson'), JSON.stringify(display));
writeFileSync(join(dir, 'one.geojson'), JSON.stringify({ type: 'FeatureCollection', features: display.features.slice(0, 1) }));
writeFileSync(join(dir, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="maplibre-gl.css">
<style>html, body, #map { margin: 0; height: 100%; }</style></head><body><div id="map"></div>
<script type="module">
import * as maplibre from './maplibre-gl.mjs';
maplibre.setWorkerUrl(new URL('./maplibre-gl-worker.mjs', location.href).href);
const data = new URLSearchParams(location.search).get('data');
const map = new maplibre.Map({ container: 'map', center: [120.62, 27.98], zoom: 10.5, fadeDuration: 0, validateStyle: false, attributionControl: false,
  style: { version: 8, sources: { p: { type: 'geojson', data } }, layers: [
    { id: 'fill', type: 'fill', source: 'p', paint: { 'fill-color': ['case', ['>', ['to-number', ['get', 'area_m2'], 0], 5000], '#c62828', '#1565c0'], 'fill-opacity': 0.85 } },
    { id: 'line', type: 'line', source: 'p', paint: { 'line-color': '#333333', 'line-width': 0.4 } } ] } });
map.on('idle', () => { if (window.__idle) return; const t = performance.now(); const n = map.queryRenderedFeatures({ layers: ['fill'] }).length; if (n) window.__idle = [t, n]; });
</script></body></html>`);

const types: Record<string, string> = { html: 'text/html', mjs: 'text/javascript', css: 'text/css', geojson: 'application/json' };
const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0]!.slice(1) || 'index.html';
  const file = path.startsWith('maplibre-gl') ? join(dist, path) : join(dir, path);
  try {
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': types[path.split('.').pop()!] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
}).listen(port, '127.0.0.1');

requireChromium();
const args = chromiumArgs();
console.log(`machine: load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${runs} runs per page, a fresh Chromium each`);
try {
  for (const [label, data] of [['MapLibre, one polygon', 'one.geojson'], [`MapLibre, the district's ${display.features.length} parcels (GeoJSON)`, 'parcels.geojson']] as const) {
    const idle: number[] = [];
    const longest: number[] = [];
    for (let i = 0; i < runs; i++) {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args });
      try {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
        await context.addInitScript({ content: 'window.__tasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push([e.startTime, e.duration]); }).observe({ type: "longtask", buffered: true });' });
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${port}/?data=${data}`, { waitUntil: 'commit' });
        await page.waitForFunction('window.__idle', undefined, { timeout: 60_000, polling: 50 });
        const [at, tasks] = await page.evaluate('[window.__idle[0], window.__tasks.filter((t) => t[0] < window.__idle[0]).map((t) => t[1])]') as [number, number[]];
        idle.push(at);
        longest.push(Math.max(0, ...tasks));
      } finally {
        await browser.close();
      }
    }
    console.log(`  ${label}: navigation → idle, drawn ${seconds(median(idle), 2)} (min ${seconds(Math.min(...idle), 2)}); longest main-thread task ${Math.round(median(longest))} ms (min ${Math.round(Math.min(...longest))} ms)`);
  }
} finally {
  server.close();
}
