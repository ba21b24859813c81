/**
 * `npm run bench:browser` — the app as a user meets it, in headless Debian Chromium (SwiftShader WebGL,
 * driven through playwright-core; never a downloaded browser), for two datasets served AS the app's
 * dataset (`data/ouhai/manifest.json`): the embedded district (`data/ouhai`, 3.5k parcels) and the seeded
 * 100k set (`npm run data -- --parcels 100000`, generated when missing). Each is built into its own outDir
 * under bench/out/ (`TENGLONG_DATA_DIR` → a folder whose `ouhai/` links to the data), so dist/ is untouched.
 *
 * Per run (a fresh browser each time), timed in the page from navigation start: data loaded (the
 * `tenglong:data-loaded` mark) → parcels drawn (first map idle with `parcels-fill` rendered, or below zoom 13
 * a large dataset's parcel picture shown with its tiles in) → analysis done
 * (`analysis-status` data-state `ready`) → interactive (the first map idle after that, parcels rendered);
 * the longest main-thread task until then (a `longtask` PerformanceObserver registered before navigation);
 * memory at that point — V8 heap used (CDP `Performance.getMetrics` JSHeapUsedSize for the page,
 * `Runtime.getHeapUsage` for every worker target, attached through the browser session) plus ArrayBuffer
 * backing stores (`Runtime.getHeapUsage` backingStorageSize), then again after a forced GC in the page and
 * every worker. The bar (issue 10: "tab memory with 100k parcels (page + workers) ≤ 600 MB") is compared
 * with the figure after the GC: the memory the tab needs to hold the data, which is what the bar is about;
 * the figure at interactive also counts garbage not yet collected (the fetched file bytes, the load's
 * intermediate objects), which V8 collects as soon as it wants the room, so it is printed but not judged.
 * Neither counts the GPU process or Blink's own memory; a colouring
 * change (`colour-mode` → `class`) to the map idle again, then each other colouring in turn; a filter change (`setFilter({classes: ['D']})`, then a second one to class C
 * through `window.__store`) to the painter's `tenglong:paint-filter-done` mark and the map idle; a parcel
 * click (found by its tile feature id = fid) to `parcel-panel` with its rules; a second analysis (the evaluation
 * date set to 2023-12-31 through the store, as the rule settings do) to its analysis done and on the map, with
 * its time in the worker beside the first run's (issue 10 item 4: the first analysis as fast as the second).
 * Prints the medians per dataset with the bars of issue 10, met / NOT met, and the change against
 * bench/browser-baseline.json (written when missing or with --save-baseline). A dataset whose start-up
 * fails or times out prints "failed: <reason>"; the other's results stand. Every wait has a timeout.
 *   npm run bench:browser -- [--runs 3] [--parcels 100000] [--only district|large] [--timeout 120]
 *                            [--no-build] [--save-baseline] [--out bench/out] [--port 4196] [--with-omnibox]
 *                            [--startup-only] [--warm-browser]
 * `--startup-only` stops each run at interactive (no memory, colourings, filter or click): ~3× quicker runs for
 * alternated A/B pairs of two builds (`--no-build --out DIR_A`, then `--out DIR_B`, each DIR holding its
 * dist-district / dist-<parcels>). It cannot save a baseline.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { chromium, type Browser, type Page } from 'playwright-core';
import { preview } from 'vite';
import { arg, chromiumArgs, CHROMIUM, largeDataset, median, requireChromium } from './common';
import { COLOUR_MODES } from '../src/map/bands';
import { LAYERS, PICTURE_MAX_ZOOM, PICTURE_SOURCE } from '../src/map/style';

const runs = Number(arg('runs', '3'));
const parcels = Number(arg('parcels', '100000'));
const only = arg('only', 'all');
/** Seconds allowed for navigation → interactive; the later steps get 30 s each. */
const startupTimeoutMs = Number(arg('timeout', '120')) * 1000;
const STEP_TIMEOUT_MS = 30_000;
/** Where the builds go and the first port: change both to run beside another copy of this benchmark. */
const OUT_ROOT = arg('out', join('bench', 'out'));
const BASE_PORT = Number(arg('port', '4196'));
const BASELINE = join('bench', 'browser-baseline.json');
/** `--with-omnibox` launches Chromium with its omnibox popup page, as before (bench/common.ts says why not). */
const withOmnibox = process.argv.includes('--with-omnibox');
const CHROMIUM_ARGS = chromiumArgs(withOmnibox);
/** Each run ends at interactive (see the header). */
const startupOnly = process.argv.includes('--startup-only');
if (startupOnly && process.argv.includes('--save-baseline')) throw new Error('--startup-only measures start-up alone: it cannot save a whole baseline');
/**
 * `--warm-browser`: each run's fresh browser first draws one WebGL frame in a page of its own (then closed),
 * so the app meets a running GPU process, as in a browser the user already has open. Without it the app's
 * start-up also pays the GPU process's start (SwiftShader's set-up: MapLibre's context creation waits on it).
 */
const warmBrowser = process.argv.includes('--warm-browser');
if (warmBrowser && process.argv.includes('--save-baseline')) throw new Error('--warm-browser is not how the baseline is measured: it cannot save one');
const LAYER = LAYERS.parcelsFill;
const PICTURE_LAYER = LAYERS.parcelsPicture;
const MB = 2 ** 20;

if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, not ${arg('runs', '')}`);
requireChromium();

type DatasetKey = 'district' | 'large';
interface Dataset {
  key: DatasetKey;
  label: string;
  /** The folder served as data/ouhai/. */
  dir: string;
  outDir: string;
  port: number;
}

/** One run's figures (ms, MB or counts), by metric key; a missing key is a step that failed. */
type Figures = Record<string, number>;
interface RunOutcome {
  figures: Figures;
  /** Why the start-up failed (then `figures` holds whatever was measured before). */
  failed: string | null;
  /** Later steps that failed, with their reasons. */
  notes: string[];
  longest: [number, number][];
}

/** What the init script keeps in the page. */
interface Bench {
  longTasks: [number, number][];
  ready: number | null;
  loadError: string | null;
  analysisError: string | null;
  drawn: number | null;
  interactive: number | null;
  /** The parcels were found only by querying the whole view (a task of the bench's own inside the measured frame). */
  wholeView?: boolean;
  colour: { t0: number | null; painted: number | null; idle: number | null; drawn: number | null } | null;
  click: { down: number | null; panel: number | null; card: number | null } | null;
}
type Win = Window & { __map?: MapLibreMap; __bench: Bench; __pickParcel?: (x: number, y: number) => Promise<number | null> };

/**
 * Runs before any page script: the long-task observer, a DOM watcher for the analysis state and a load
 * error, and — once the app exposes `window.__map` — an idle listener that notes when parcels are first
 * drawn and when the map is first idle with them after the analysis is ready. (`__name`: tsx wraps named
 * functions in it, and the functions given to page.evaluate run where it does not exist.)
 */
const INIT_SCRIPT = `
globalThis.__name = globalThis.__name || ((f) => f);
(() => {
  const b = { longTasks: [], ready: null, loadError: null, analysisError: null, drawn: null, interactive: null, colour: null, click: null };
  window.__bench = b;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) b.longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
  new MutationObserver(() => {
    const a = document.querySelector('[data-testid=analysis-status]');
    const state = a && a.getAttribute('data-state');
    if (state === 'ready' && b.ready === null) {
      b.ready = performance.now();
      if (window.__map) window.__map.triggerRepaint(); // so an idle follows even if nothing else changes
    }
    if (state === 'error' && b.analysisError === null) b.analysisError = a.textContent;
    const s = document.querySelector('[data-testid=status-parcels]');
    if (s && s.classList.contains('status-error') && b.loadError === null) b.loadError = s.textContent;
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const hook = setInterval(() => {
    const map = window.__map;
    if (!map) return;
    clearInterval(hook);
    map.on('idle', () => {
      if (b.interactive !== null) return;
      const t = performance.now();
      if (!map.getLayer('${LAYER}')) return;
      // Parcels rendered, probed in nine small boxes over the map first: querying the whole view for them built
      // ~100k features at 100k parcels, a 0.4 s task of the bench's own inside the frame it measured.
      const { width, height } = map.getCanvas().getBoundingClientRect();
      let n = 0;
      for (let i = 1; i <= 3 && n === 0; i++) for (let j = 1; j <= 3 && n === 0; j++) {
        const [x, y] = [(width * i) / 4, (height * j) / 4];
        n = map.queryRenderedFeatures([[x - 24, y - 24], [x + 24, y + 24]], { layers: ['${LAYER}'] }).length;
      }
      // None in the boxes (parcels elsewhere in the view): the whole view, as before.
      if (n === 0 && map.getZoom() >= (map.getLayer('${LAYER}').minzoom || 0) && (n = map.queryRenderedFeatures({ layers: ['${LAYER}'] }).length) > 0) b.wholeView = true;
      // Below its zoom a large dataset's parcels are the worker's picture (no parcel tile loaded): drawn once
      // its layer is shown and its tiles are in.
      if (n === 0 && map.getLayoutProperty('${PICTURE_LAYER}', 'visibility') === 'visible' && map.getZoom() < ${PICTURE_MAX_ZOOM}
        && map.isSourceLoaded('${PICTURE_SOURCE}') && performance.getEntriesByName('tenglong:paint-picture-done').length > 0) n = 1;
      if (n === 0) return;
      if (b.drawn === null) b.drawn = t;
      if (b.ready !== null) b.interactive = t;
    });
  }, 5);
})();`;

/** `p`, or a rejection naming `what` after `ms`. */
function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  p.catch(() => undefined); // a late rejection after the timeout won is not unhandled
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing after ${(ms / 1000).toFixed(0)} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);

/** Builds the app into `ds.outDir` with `ds.dir` served as data/ouhai/ (a symlink; vite copies the link). */
function build(ds: Dataset): void {
  const dataRoot = resolve(OUT_ROOT, `data-${ds.key}`);
  rmSync(dataRoot, { recursive: true, force: true });
  mkdirSync(dataRoot, { recursive: true });
  symlinkSync(resolve(ds.dir), join(dataRoot, 'ouhai'), 'dir');
  console.log(`building the app for ${ds.label} into ${ds.outDir} …`);
  execFileSync('npx', ['vite', 'build', '--outDir', ds.outDir, '--emptyOutDir', '--logLevel', 'error'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, TENGLONG_DATA_DIR: dataRoot },
  });
}

/** V8 heap used and ArrayBuffer backing stores of every worker, through the browser's CDP session. */
async function workerMemory(browser: Browser, collectGarbage: boolean): Promise<{ name: string; heap: number; buffers: number }[]> {
  const session = await browser.newBrowserCDPSession();
  const pending = new Map<number, (m: { result?: Record<string, number>; error?: { message: string } }) => void>();
  let next = 0;
  session.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message) as { id?: number; result?: Record<string, number>; error?: { message: string } };
    if (m.id !== undefined) pending.get(m.id)?.(m);
  });
  const out: { name: string; heap: number; buffers: number }[] = [];
  try {
    const { targetInfos } = await session.send('Target.getTargets');
    for (const t of targetInfos.filter((x) => x.type === 'worker')) {
      // Not flattened: playwright's CDPSession cannot address a child session, but it can relay messages.
      const { sessionId } = await session.send('Target.attachToTarget', { targetId: t.targetId, flatten: false });
      const call = async (method: string) => {
        const id = ++next;
        const answer = new Promise<{ result?: Record<string, number>; error?: { message: string } }>((r) => pending.set(id, r));
        await session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
        const m = await withTimeout(answer, STEP_TIMEOUT_MS, `${method} in worker ${t.url}`);
        pending.delete(id);
        if (m.error) throw new Error(`${method} in worker ${t.url}: ${m.error.message}`);
        return m.result ?? {};
      };
      if (collectGarbage) await call('HeapProfiler.collectGarbage');
      const h = await call('Runtime.getHeapUsage');
      const name = /analysis\.worker/.test(t.url) ? 'analysis' : /maplibre/.test(t.url) ? 'map' : t.url.replace(/^.*\//, '');
      out.push({ name, heap: (h.usedSize ?? 0) / MB, buffers: (h.backingStorageSize ?? 0) / MB });
      await session.send('Target.detachFromTarget', { sessionId });
    }
  } finally {
    await session.detach().catch(() => undefined);
  }
  return out;
}

/** Page + workers: heap used (page: Performance.getMetrics JSHeapUsedSize), buffers, and the sum. */
async function memory(browser: Browser, page: Page, collectGarbage: boolean, prefix: string): Promise<Figures> {
  const cdp = await page.context().newCDPSession(page);
  try {
    if (collectGarbage) await withTimeout(cdp.send('HeapProfiler.collectGarbage'), STEP_TIMEOUT_MS, 'GC in the page');
    await cdp.send('Performance.enable');
    const { metrics } = await withTimeout(cdp.send('Performance.getMetrics'), STEP_TIMEOUT_MS, 'Performance.getMetrics');
    const pageHeap = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / MB;
    const pageBuffers = (await withTimeout(cdp.send('Runtime.getHeapUsage'), STEP_TIMEOUT_MS, 'Runtime.getHeapUsage')).backingStorageSize / MB;
    const workers = await workerMemory(browser, collectGarbage);
    const f: Figures = { [`${prefix}PageHeapMb`]: pageHeap };
    for (const w of workers) f[`${prefix}${w.name === 'analysis' ? 'AnalysisWorker' : 'MapWorkers'}HeapMb`] = (f[`${prefix}${w.name === 'analysis' ? 'AnalysisWorker' : 'MapWorkers'}HeapMb`] ?? 0) + w.heap;
    const heaps = pageHeap + workers.reduce((a, w) => a + w.heap, 0);
    const buffers = pageBuffers + workers.reduce((a, w) => a + w.buffers, 0);
    f[`${prefix}BuffersMb`] = buffers;
    f[`${prefix}TotalMb`] = heaps + buffers;
    f[`${prefix}Workers`] = workers.length;
    return f;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Where the page stands, for a failure message (bounded: the main thread may be stuck). */
async function pageState(page: Page): Promise<string> {
  try {
    return await withTimeout(
      page.evaluate(() => {
        const b = (window as unknown as Win).__bench;
        const loaded = performance.getEntriesByName('tenglong:data-loaded')[0]?.startTime;
        const status = document.querySelector('[data-testid=status-parcels]')?.textContent ?? '(no status bar)';
        const analysis = document.querySelector('[data-testid=analysis-status]')?.getAttribute('data-state') ?? 'none';
        return `data loaded ${loaded === undefined ? 'never' : `at ${(loaded / 1000).toFixed(1)} s`}, status bar "${status}", analysis ${analysis}, parcels drawn ${b.drawn === null ? 'never' : `at ${(b.drawn / 1000).toFixed(1)} s`}`;
      }),
      10_000,
      'reading the page state',
    );
  } catch {
    return 'the page does not answer (main thread busy)';
  }
}

/** One WebGL frame drawn and read back in a page of its own, closed after (`--warm-browser`). */
async function warmUpGpu(browser: Browser): Promise<void> {
  const context = await withTimeout(browser.newContext(), STEP_TIMEOUT_MS, 'the GPU warm-up page');
  const page = await withTimeout(context.newPage(), STEP_TIMEOUT_MS, 'the GPU warm-up page');
  await withTimeout(page.setContent('<canvas width="64" height="64"></canvas>'), STEP_TIMEOUT_MS, 'the GPU warm-up page');
  await withTimeout(page.evaluate(() => {
    const gl = document.querySelector('canvas')!.getContext('webgl2');
    if (!gl) throw new Error('no WebGL2 in the warm-up page');
    gl.clearColor(0, 0.5, 0, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  }), STEP_TIMEOUT_MS, 'the GPU warm-up frame');
  await context.close();
}

async function measureRun(ds: Dataset, url: string): Promise<RunOutcome> {
  const figures: Figures = {};
  const notes: string[] = [];
  const errors: string[] = [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  chromiumVersion ??= browser.version();
  let longest: [number, number][] = [];
  try {
    if (warmBrowser) await warmUpGpu(browser);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    await context.addInitScript({ content: INIT_SCRIPT });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(message(e)));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text().slice(0, 300))));
    page.on('worker', (w) => w.on('console', (m) => void (m.type() === 'error' && errors.push(`worker: ${m.text().slice(0, 300)}`))));
    const crashed = new Promise<never>((_, reject) => page.on('crash', () => reject(new Error('the page crashed (out of memory?)'))));
    crashed.catch(() => undefined);

    // Start-up: navigation → interactive, or a load / analysis error, or the timeout.
    try {
      await Promise.race([
        crashed,
        (async () => {
          await page.goto(`${url}?e2e=1`, { waitUntil: 'commit', timeout: startupTimeoutMs });
          await page.waitForFunction(
            () => {
              const b = (window as unknown as Win).__bench;
              return b.interactive !== null || b.loadError !== null || b.analysisError !== null;
            },
            undefined,
            { timeout: startupTimeoutMs, polling: 100 },
          );
        })(),
      ]);
    } catch (e) {
      const why = /Timeout/i.test(message(e)) ? `not interactive after ${startupTimeoutMs / 1000} s` : message(e);
      const state = /crashed/.test(why) ? '' : `; ${await pageState(page)}`;
      return { figures, failed: `${why}${state}${errors.length ? `; errors: ${errors.slice(0, 3).join(' | ')}` : ''}`, notes, longest };
    }
    const s = await withTimeout(
      page.evaluate(() => {
        const b = (window as unknown as Win).__bench;
        const mark = (name: string) => performance.getEntriesByName(name)[0] as PerformanceMark | undefined;
        const loaded = mark('tenglong:data-loaded');
        const analysed = mark('tenglong:analysis-done');
        return {
          b: { ...b, colour: null, click: null },
          loadedAt: loaded?.startTime ?? null,
          mapLoadAt: mark('tenglong:map-load')?.startTime ?? null,
          shownAt: mark('tenglong:data-shown')?.startTime ?? null,
          load: (loaded?.detail ?? null) as { fetchMs: number; parseMs: number; buildMs: number; totalMs: number } | null,
          analysis: (analysed?.detail ?? null) as { overlayMs: number; rulesMs: number; totalMs: number } | null,
        };
      }),
      STEP_TIMEOUT_MS,
      'reading the start-up figures',
    );
    if (s.loadedAt !== null) figures.dataLoadedMs = s.loadedAt;
    if (s.mapLoadAt !== null) figures.mapLoadMs = s.mapLoadAt;
    if (s.shownAt !== null) figures.dataShownMs = s.shownAt;
    if (s.load) Object.assign(figures, { workerFetchMs: s.load.fetchMs, workerParseMs: s.load.parseMs, workerBuildMs: s.load.buildMs, workerLoadMs: s.load.totalMs });
    if (s.b.drawn !== null) figures.parcelsDrawnMs = s.b.drawn;
    if (s.b.loadError !== null || s.b.analysisError !== null) {
      const what = s.b.loadError !== null ? `load failed: "${s.b.loadError}"` : `analysis failed: "${s.b.analysisError}"`;
      return { figures, failed: `${what}${errors.length ? `; errors: ${errors.slice(0, 3).join(' | ')}` : ''}`, notes, longest };
    }
    const interactive = s.b.interactive!;
    if (s.b.wholeView) notes.push('parcels found only by a whole-view query: its cost is inside the interactive frame and the longest task');
    Object.assign(figures, { analysisDoneMs: s.b.ready!, interactiveMs: interactive });
    if (s.analysis) Object.assign(figures, { workerAnalysisMs: s.analysis.totalMs });
    const startup = s.b.longTasks.filter(([t]) => t < interactive);
    figures.longestTaskMs = startup.reduce((a, [, d]) => Math.max(a, d), 0);
    figures.longTasksMs = startup.reduce((a, [, d]) => a + d, 0);
    figures.longTasks = startup.length;
    longest = [...startup].sort((a, b) => b[1] - a[1]).slice(0, 3);

    // Memory of the tab at interactive, then what stays after a full GC.
    if (!startupOnly) {
      try {
        Object.assign(figures, await memory(browser, page, false, 'mem'));
        Object.assign(figures, await memory(browser, page, true, 'gc'));
      } catch (e) {
        notes.push(`memory: ${message(e)}`);
      }
    }
    // The parcels rendered in the view, counted now (outside the start-up and its memory).
    figures.renderedParcels = await page.evaluate((layer) => (window as unknown as Win).__map!.queryRenderedFeatures({ layers: [layer] }).length, LAYER);
    if (startupOnly) return { figures, failed: null, notes, longest };

    // Colouring change: from the select's change event to the map idle with the new paint (the page's
    // effects run first: the idle is awaited from a task after the change, with a repaint asked for).
    try {
      const c = await withTimeout(colourChange(page, 'class'), STEP_TIMEOUT_MS * 2, 'the colouring change');
      figures.colourChangeMs = c.idleMs;
      figures.colourDrawnMs = c.drawnMs;
      figures.colourPaintMs = c.paintedMs;
    } catch (e) {
      notes.push(`colouring change: ${message(e)}`);
    }

    // Every other colouring in turn, each from its select change to the map idle (as above), ending on 亩均税收.
    try {
      for (const mode of [...COLOUR_MODES.filter((m) => m !== 'class' && m !== 'tax'), 'tax'] as const) {
        const c = await colourChange(page, mode);
        figures[`colour_${mode}Ms`] = c.idleMs;
        figures.colourDrawnMaxMs = Math.max(figures.colourDrawnMaxMs ?? figures.colourDrawnMs ?? 0, c.drawnMs);
      }
      const all = COLOUR_MODES.map((m) => (m === 'class' ? figures.colourChangeMs : figures[`colour_${m}Ms`])).filter((x): x is number => x !== undefined);
      figures.colourChangeMaxMs = Math.max(...all);
    } catch (e) {
      notes.push(`colouring changes: ${message(e)}`);
    }

    // Filter change (class D only, through the store as the filter panel sets it) to the map idle with
    // the parcels outside it veiled: the painter marks tenglong:paint-filter-done when its writes are in.
    const filterStep = (classes: Array<'A' | 'B' | 'C' | 'D'>) =>
      withTimeout(
        page.evaluate(async (classes) => {
          const w = window as unknown as Win & { __store?: { getState(): { setFilter(spec: unknown): void } } };
          const map = w.__map!;
          if (!w.__store) throw new Error('window.__store is missing (the page was not opened with ?e2e=1)');
          const before = performance.getEntriesByName('tenglong:paint-filter-done').length;
          const t0 = performance.now();
          w.__store.getState().setFilter({ classes });
          const set = performance.now();
          const deadline = t0 + 20_000;
          while (performance.getEntriesByName('tenglong:paint-filter-done').length === before && performance.now() < deadline) await new Promise((r) => setTimeout(r, 0));
          const written = performance.now();
          const idle = await new Promise<number>((r) => {
            map.once('idle', () => r(performance.now()));
            map.triggerRepaint();
          });
          // The GPU's part of the frame: one pixel read back waits for it (as in colourChange).
          const gl = map.getCanvas().getContext('webgl2');
          gl?.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
          const drawn = performance.now();
          return { mask: set - t0, written: written - t0, idle: idle - t0, drawn: drawn - t0, marked: performance.getEntriesByName('tenglong:paint-filter-done').length > before };
        }, classes),
        STEP_TIMEOUT_MS,
        'the filter change',
      );
    try {
      const f = await filterStep(['D']);
      if (!f.marked) notes.push('filter change: no tenglong:paint-filter-done mark (timed to the next idle only)');
      figures.filterMaskMs = f.mask;
      figures.filterVeilMs = f.written;
      figures.filterChangeMs = f.idle;
      figures.filterDrawnMs = f.drawn;
      // A second filter (the first one paid whatever the map links or builds the first time a veil is drawn).
      const later = await filterStep(['C']);
      figures.filterLaterMs = later.idle;
    } catch (e) {
      notes.push(`filter change: ${message(e)}`);
    }

    // Parcel click: a rendered parcel near the view centre, clicked where the map (not a panel) is on top.
    try {
      const target = await withTimeout(
        page.evaluate(async () => {
          const map = (window as unknown as Win).__map!;
          const store = (window as unknown as { __store?: { getState(): { dataset: { parcels: { attributes: { parcelId: string } }[] } | null } } }).__store;
          const canvas = map.getCanvas();
          const r = canvas.getBoundingClientRect();
          const w = canvas.clientWidth;
          const h = canvas.clientHeight;
          for (let d = 0; d < Math.min(w, h) / 2; d += 6) {
            for (const [dx, dy] of [[0, 0], [d, 0], [-d, 0], [0, d], [0, -d], [d, d], [-d, -d], [d, -d], [-d, d]] as const) {
              const x = w / 2 + dx;
              const y = h / 2 + dy;
              if (document.elementFromPoint(r.left + x, r.top + y) !== canvas) continue;
              // As a click picks (the parcel tiles, or below their zoom the worker's picture); the 地块编号 is the page's record of the fid.
              const fid = await (window as unknown as Win).__pickParcel!(x, y);
              const id = fid !== null ? store?.getState().dataset?.parcels[fid]?.attributes.parcelId : undefined;
              if (id != null) return { x: r.left + x, y: r.top + y, id: String(id) };
            }
          }
          return null;
        }),
        STEP_TIMEOUT_MS,
        'finding a parcel to click',
      );
      if (!target) throw new Error('no rendered parcel found on the map to click');
      await page.evaluate((id) => {
        const rec: NonNullable<Bench['click']> = { down: null, panel: null, card: null };
        (window as unknown as Win).__bench.click = rec;
        document.addEventListener('pointerdown', () => void (rec.down ??= performance.now()), { capture: true });
        const mo = new MutationObserver(() => {
          const p = document.querySelector('[data-testid=parcel-panel]');
          // The clicked parcel, or (at district zoom, where parcels are sub-pixel) a neighbour the click's tolerance picked.
          if (!p || (!(p.textContent ?? '').includes(id) && !p.querySelector('[data-testid=rule-list]'))) return;
          rec.panel ??= performance.now();
          if (p.querySelector('[data-testid=rule-list] > li')) {
            rec.card = performance.now();
            mo.disconnect();
          }
        });
        mo.observe(document.body, { subtree: true, childList: true, characterData: true });
      }, target.id);
      await page.mouse.click(target.x, target.y);
      await page.waitForFunction(() => (window as unknown as Win).__bench.click?.card != null, undefined, { timeout: STEP_TIMEOUT_MS, polling: 50 });
      if (!(await page.getByTestId('parcel-panel').isVisible())) throw new Error('parcel-panel is in the page but not visible');
      const c = await page.evaluate(() => (window as unknown as Win).__bench.click!);
      figures.clickPanelMs = c.panel! - c.down!;
      figures.clickCardMs = c.card! - c.down!;
    } catch (e) {
      notes.push(`parcel click: ${message(e)}`);
    }

    // A second analysis (issue 10: the first as fast as the second): the evaluation date set to 2023-12-31
    // as the rule settings set it (the store, then the re-run the panel schedules), to the analysis done, the
    // map showing it (its tiles asked again, or the picture drawn again) and idle.
    try {
      const second = await withTimeout(
        page.evaluate(async () => {
          const w = window as unknown as Win & { __store?: { getState(): { setEvaluationDate(d: string | null): void; reanalyse(): Promise<void> } } };
          if (!w.__store) throw new Error('window.__store is missing (the page was not opened with ?e2e=1)');
          const count = (name: string) => performance.getEntriesByName(name).length;
          const before = { done: count('tenglong:analysis-done'), tiles: count('tenglong:paint-analysis-done'), picture: count('tenglong:paint-picture-start') };
          const t0 = performance.now();
          w.__store.getState().setEvaluationDate('2023-12-31');
          void w.__store.getState().reanalyse();
          const until = async (ok: () => boolean) => {
            const deadline = performance.now() + 20_000;
            while (!ok() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 0));
            if (!ok()) throw new Error('the second analysis did not reach the map in 20 s');
          };
          await until(() => count('tenglong:analysis-done') > before.done);
          const done = performance.now();
          const mark = performance.getEntriesByName('tenglong:analysis-done').at(-1) as PerformanceMark;
          const workerMs = (mark.detail as { totalMs?: number } | null)?.totalMs ?? null;
          // The picture is drawn again where it is shown (a large dataset below its zoom); the tiles are asked again always.
          await until(() => count('tenglong:paint-analysis-done') > before.tiles);
          if (count('tenglong:paint-picture-start') > before.picture) {
            await until(() => performance.getEntriesByName('tenglong:paint-picture-done').some((m) => m.startTime > t0));
          }
          const map = w.__map!;
          const idle = await new Promise<number>((r) => {
            map.once('idle', () => r(performance.now()));
            map.triggerRepaint();
          });
          return { done: done - t0, shown: idle - t0, workerMs };
        }),
        STEP_TIMEOUT_MS,
        'the second analysis',
      );
      figures.secondAnalysisMs = second.done;
      figures.secondShownMs = second.shown;
      if (second.workerMs !== null) figures.secondWorkerMs = second.workerMs;
    } catch (e) {
      notes.push(`second analysis: ${message(e)}`);
    }
    return { figures, failed: null, notes, longest };
  } catch (e) {
    return { figures, failed: message(e), notes, longest };
  } finally {
    await withTimeout(browser.close(), 30_000, 'closing Chromium').catch((e: unknown) => console.log(`  (${message(e)})`));
  }
}

/** A colouring change through the legend's select: ms from its change event to the next frame and to the map idle. */
async function colourChange(page: Page, mode: string): Promise<{ paintedMs: number; idleMs: number; drawnMs: number }> {
  await page.evaluate(() => {
    const map = (window as unknown as Win).__map!;
    const rec: NonNullable<Bench['colour']> = { t0: null, painted: null, idle: null, drawn: null };
    (window as unknown as Win).__bench.colour = rec;
    document.addEventListener('change', () => {
      if (rec.t0 !== null) return;
      rec.t0 = performance.now();
      setTimeout(() => {
        map.once('render', () => void (rec.painted = performance.now()));
        map.once('idle', () => {
          rec.idle = performance.now();
          // 'idle' is MapLibre's JS done; one pixel read back waits for the GPU to finish the frame (pixels drawn).
          const gl = map.getCanvas().getContext('webgl2');
          gl?.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
          rec.drawn = performance.now();
        });
        map.triggerRepaint();
      }, 0);
    }, { capture: true, once: true });
  });
  await page.getByTestId('colour-mode').selectOption(mode, { timeout: STEP_TIMEOUT_MS });
  await page.waitForFunction(() => (window as unknown as Win).__bench.colour?.idle != null, undefined, { timeout: STEP_TIMEOUT_MS, polling: 50 });
  const c = await page.evaluate(() => (window as unknown as Win).__bench.colour!);
  return { paintedMs: c.painted! - c.t0!, idleMs: c.idle! - c.t0!, drawnMs: c.drawn! - c.t0! };
}

let chromiumVersion: string | undefined;

// ---- the table ----

type Unit = 's' | 'ms' | 'MB' | 'n';
interface Row {
  key: string;
  label: string;
  unit: Unit;
  /** The issue's bar (same unit as the figure, in ms or MB), per dataset. */
  bar?: Partial<Record<DatasetKey, number>>;
}
const ROWS: Row[] = [
  { key: 'mapLoadMs', label: 'navigation → map style loaded (mark)', unit: 's' },
  { key: 'dataLoadedMs', label: 'navigation → data loaded (mark)', unit: 's' },
  { key: 'dataShownMs', label: 'navigation → data handed to the map (mark)', unit: 's' },
  { key: 'parcelsDrawnMs', label: 'navigation → parcels drawn (map idle)', unit: 's' },
  { key: 'analysisDoneMs', label: 'navigation → analysis done (status ready)', unit: 's' },
  { key: 'interactiveMs', label: 'navigation → interactive (idle, analysed, drawn)', unit: 's', bar: { district: 2000, large: 6000 } },
  { key: 'longestTaskMs', label: 'longest main-thread task (until interactive)', unit: 'ms', bar: { district: 200, large: 200 } },
  { key: 'longTasksMs', label: '  all long tasks until interactive', unit: 'ms' },
  { key: 'longTasks', label: '  number of long tasks', unit: 'n' },
  { key: 'workerLoadMs', label: '  worker load (fetch+parse+build)', unit: 'ms' },
  { key: 'workerFetchMs', label: '    fetch', unit: 'ms' },
  { key: 'workerParseMs', label: '    parse', unit: 'ms' },
  { key: 'workerBuildMs', label: '    build', unit: 'ms' },
  { key: 'workerAnalysisMs', label: '  worker analysis (first run)', unit: 'ms' },
  { key: 'memPageHeapMb', label: 'JS heap used: page (JSHeapUsedSize)', unit: 'MB' },
  { key: 'memAnalysisWorkerHeapMb', label: 'JS heap used: analysis worker', unit: 'MB' },
  { key: 'memMapWorkersHeapMb', label: 'JS heap used: MapLibre worker(s)', unit: 'MB' },
  { key: 'memBuffersMb', label: 'ArrayBuffers, page + workers', unit: 'MB' },
  { key: 'memTotalMb', label: 'tab memory at interactive (incl. uncollected garbage)', unit: 'MB' },
  { key: 'gcTotalMb', label: 'tab memory live: the same after a forced GC', unit: 'MB', bar: { district: 600, large: 600 } },
  { key: 'gcPageHeapMb', label: '  after GC: JS heap of the page', unit: 'MB' },
  { key: 'gcAnalysisWorkerHeapMb', label: '  after GC: JS heap of the analysis worker', unit: 'MB' },
  { key: 'gcMapWorkersHeapMb', label: '  after GC: JS heap of MapLibre worker(s)', unit: 'MB' },
  { key: 'gcBuffersMb', label: '  after GC: ArrayBuffers, page + workers', unit: 'MB' },
  { key: 'colourChangeMs', label: 'colouring change (class) → map idle', unit: 'ms', bar: { district: 100, large: 100 } },
  { key: 'colourPaintMs', label: '  change event → paint set', unit: 'ms' },
  { key: 'colourDrawnMs', label: '  change event → pixels drawn (idle + GPU done: 1 px read back)', unit: 'ms' },
  { key: 'colourDrawnMaxMs', label: '  the slowest of the nine to pixels drawn', unit: 'ms' },
  ...COLOUR_MODES.filter((m) => m !== 'class').map((m): Row => ({ key: `colour_${m}Ms`, label: `  colouring change (${m}) → map idle`, unit: 'ms' })),
  { key: 'colourChangeMaxMs', label: '  the slowest of the nine colourings', unit: 'ms', bar: { district: 100, large: 100 } },
  { key: 'filterChangeMs', label: 'filter change (class D) → map idle', unit: 'ms', bar: { district: 100, large: 100 } },
  { key: 'filterMaskMs', label: '  setFilter (the mask computed)', unit: 'ms' },
  { key: 'filterVeilMs', label: '  the new veil on the map (tenglong:paint-filter-done)', unit: 'ms' },
  { key: 'filterDrawnMs', label: '  to pixels drawn (idle + GPU done: 1 px read back)', unit: 'ms' },
  { key: 'filterLaterMs', label: '  a second filter change (class C) → map idle', unit: 'ms' },
  { key: 'clickPanelMs', label: 'parcel click → panel shown', unit: 'ms' },
  { key: 'clickCardMs', label: 'parcel click → card with its rules', unit: 'ms' },
  { key: 'secondAnalysisMs', label: 'a second analysis (evaluation date changed) → analysis done', unit: 'ms' },
  { key: 'secondWorkerMs', label: '  in the worker (compare: worker analysis, first run)', unit: 'ms' },
  { key: 'secondShownMs', label: '  → on the map, idle', unit: 'ms' },
];

const show = (v: number, unit: Unit): string =>
  unit === 's' ? `${(v / 1000).toFixed(2)} s` : unit === 'ms' ? `${v.toFixed(0)} ms` : unit === 'MB' ? `${v.toFixed(0)} MB` : v.toFixed(0);
const pct = (now: number, then: number): string => (then === 0 ? '' : `${now >= then ? '+' : ''}${(((now - then) / then) * 100).toFixed(0)} %`);

interface DatasetResult {
  parcels: number;
  runs: number;
  failedRuns: string[];
  medians: Figures;
}
interface Baseline {
  note: string;
  datasets: Partial<Record<DatasetKey, DatasetResult>>;
}

function report(ds: Dataset, outcomes: RunOutcome[], base: DatasetResult | undefined): DatasetResult {
  const ok = outcomes.filter((o) => o.failed === null);
  const failedRuns = outcomes.filter((o) => o.failed !== null).map((o) => o.failed!);
  const medians: Figures = {};
  for (const row of ROWS) {
    const xs = ok.map((o) => o.figures[row.key]).filter((x): x is number => x !== undefined && Number.isFinite(x));
    if (xs.length) medians[row.key] = median(xs);
  }
  const n = ok.map((o) => o.figures.renderedParcels ?? 0);
  console.log(`\n${ds.label} — ${runs} run${runs > 1 ? 's' : ''}, medians${ok.length && ok.length < runs ? ` of the ${ok.length} that worked` : ''}`);
  if (!ok.length) {
    console.log(`  failed: ${failedRuns[0]}`);
    for (const f of failedRuns.slice(1)) if (f !== failedRuns[0]) console.log(`  failed (another run): ${f}`);
    const partial = outcomes.map((o) => o.figures.dataLoadedMs).filter((x): x is number => x !== undefined);
    if (partial.length) console.log(`  (data loaded mark at ${partial.map((x) => show(x, 's')).join(', ')})`);
    if (base && !base.failedRuns.length) console.log(`  vs ${BASELINE}: it worked then (interactive ${show(base.medians.interactiveMs ?? NaN, 's')})`);
  } else {
    const head = `  ${'what'.padEnd(50)}${'median'.padStart(10)}   ${'bar'.padEnd(10)}${''.padEnd(8)}${base ? `vs ${BASELINE}${warmBrowser ? ' (cold browser)' : ''}` : ''}`;
    console.log(head);
    for (const row of ROWS) {
      const v = medians[row.key];
      if (v === undefined) continue;
      const bar = row.bar?.[ds.key];
      const barText = bar === undefined ? '' : `≤ ${show(bar, row.unit).replace(/\.00 s$/, ' s')}`;
      const verdict = bar === undefined ? '' : v <= bar ? 'met' : 'NOT met';
      const was = base?.medians[row.key];
      console.log(`  ${row.label.padEnd(50)}${show(v, row.unit).padStart(10)}   ${barText.padEnd(10)}${verdict.padEnd(8)}${was !== undefined ? `${pct(v, was)} (was ${show(was, row.unit)})` : ''}`);
    }
    console.log(`  (parcels rendered at interactive: ${n.join(', ')} — 0 where a large dataset's parcels are the picture below zoom 13, no parcel tile loaded; memory: V8 heap used of the page — CDP Performance.getMetrics JSHeapUsedSize — and of each worker target — CDP Runtime.getHeapUsage usedSize — plus their ArrayBuffer backing stores, at interactive; the 600 MB bar is judged on the live figure after a forced GC in the page and every worker, as garbage awaiting collection is not memory the tab needs)`);
    if (base && base.failedRuns.length && !Object.keys(base.medians).length) console.log(`  vs ${BASELINE}: it failed then (${base.failedRuns[0]})`);
    for (const f of failedRuns) console.log(`  failed run: ${f}`);
  }
  outcomes.forEach((o, i) => {
    for (const note of o.notes) console.log(`  run ${i + 1}: ${note}`);
  });
  return { parcels: ds.key === 'district' ? districtParcels : parcels, runs, failedRuns, medians: Object.fromEntries(Object.entries(medians).map(([k, v]) => [k, Math.round(v * 10) / 10])) };
}

// ---- main ----

const districtParcels = (JSON.parse(readFileSync(join('data', 'ouhai', 'manifest.json'), 'utf8')) as { layers: { parcels: { featureCount: number } } }).layers.parcels.featureCount;
const datasets: Dataset[] = [];
if (only === 'all' || only === 'district') {
  datasets.push({ key: 'district', label: `district (data/ouhai, ${districtParcels.toLocaleString('en')} parcels)`, dir: join('data', 'ouhai'), outDir: join(OUT_ROOT, 'dist-district'), port: BASE_PORT });
}
if (only === 'all' || only === 'large') {
  const dir = largeDataset(parcels);
  datasets.push({ key: 'large', label: `${parcels.toLocaleString('en')} parcels (${dir})`, dir, outDir: join(OUT_ROOT, `dist-${parcels}`), port: BASE_PORT + 1 });
}
if (!datasets.length) throw new Error(`--only must be district or large, not ${only}`);

const loadAtStart = loadavg()[0]!;
const baseline = existsSync(BASELINE) ? (JSON.parse(readFileSync(BASELINE, 'utf8')) as Baseline) : null;
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(withOmnibox ? 'Chromium with its omnibox popup page (--with-omnibox)' : "Chromium without its omnibox popup page (WebUIOmniboxPopup, WebUIOmniboxAimPopup off; --with-omnibox keeps it)");
if (warmBrowser) console.log('--warm-browser: each fresh browser drew one WebGL frame in another page before the app (a running GPU process, as in a browser already open)');
const results: Partial<Record<DatasetKey, DatasetResult>> = {};
for (const ds of datasets) {
  if (!process.argv.includes('--no-build') || !existsSync(join(ds.outDir, 'index.html'))) build(ds);
  const server = await preview({ logLevel: 'warn', build: { outDir: ds.outDir }, preview: { host: '127.0.0.1', port: ds.port, strictPort: true, open: false } });
  const url = `http://127.0.0.1:${ds.port}/`;
  const outcomes: RunOutcome[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const o = await measureRun(ds, url);
      const f = o.figures;
      console.log(
        `  ${ds.key} run ${i + 1}/${runs}: ${o.failed !== null ? `failed: ${o.failed}` : `interactive ${show(f.interactiveMs!, 's')}, longest task ${show(f.longestTaskMs!, 'ms')}${o.longest.length ? ` (longest at ${o.longest.map(([t, d]) => `${(t / 1000).toFixed(1)} s: ${d.toFixed(0)} ms`).join(', ')})` : ''}, tab ${f.memTotalMb !== undefined ? show(f.memTotalMb, 'MB') : '?'}, colour ${f.colourChangeMs !== undefined ? show(f.colourChangeMs, 'ms') : '?'}, filter ${f.filterChangeMs !== undefined ? show(f.filterChangeMs, 'ms') : '?'} (then ${f.filterLaterMs !== undefined ? show(f.filterLaterMs, 'ms') : '?'}), click → card ${f.clickCardMs !== undefined ? show(f.clickCardMs, 'ms') : '?'}`}`,
      );
      outcomes.push(o);
    }
  } finally {
    await server.close();
  }
  results[ds.key] = report(ds, outcomes, baseline?.datasets[ds.key]);
}

const saving = !startupOnly && !warmBrowser && (process.argv.includes('--save-baseline') || baseline === null);
if (saving) {
  let commit = '?';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    /* not a git checkout */
  }
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length}-core ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Linux ${release()}`;
  const out = {
    note: `Stored baseline of npm run bench:browser (${runs} runs per dataset, medians; times in ms from navigation start, memory in MB), measured ${date} on ${machine} (1-minute load average ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end${loadAtStart > 0.5 ? ': other work was running' : ''}), headless Chromium ${chromiumVersion ?? '?'} (Debian) with SwiftShader WebGL, Node ${process.version}, built from the working tree at commit ${commit}. Compare new medians against it; update it (--save-baseline) with the commit that changes them.`,
    date,
    machine,
    chromium: chromiumVersion ?? null,
    node: process.version,
    commit,
    datasets: { ...(baseline?.datasets ?? {}), ...results },
  };
  writeFileSync(BASELINE, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nwrote ${BASELINE}`);
}
