/** The app's browser tests, run in order against one page. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { RULE_IDS } from '../../src/domain/analyze';
import type { AnalysisRun } from '../../src/analysis/run';
import { CLASS_LETTERS } from '../../src/worker/protocol';
import { CODE_PROPERTY, unpackCode } from '../../src/map/parcel-codes';
import { expectedAnalysis } from './expected';
import { assert, type Session, type TestFn } from './harness';

interface StoreHook {
  getState(): { analysis: { request: Record<string, unknown> } | null; runAnalysis(request: unknown): Promise<void> };
}
type Win = Window & { __map?: MapLibreMap; __store?: StoreHook };

const DATA_DIR = process.env.TENGLONG_DATA_DIR ?? 'data';
const PARCEL_LAYER = 'parcels-fill';

interface Manifest {
  synthetic: boolean;
  layers: { parcels: { featureCount: number } };
}

/** Resolves when the map has drawn everything it was asked to (`idle` fires only after a change). */
async function waitForIdle(s: Session): Promise<void> {
  await s.page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = (window as Win).__map!;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );
}

const SHOT_DIR = process.env.E2E_SCREENSHOT_DIR;
const screenshot = async (s: Session, name: string) => {
  if (SHOT_DIR) await s.page.screenshot({ path: join(SHOT_DIR, name) });
};

const statusText = (s: Session) => s.page.getByTestId('status-parcels').innerText();

export function appTests(s: Session, baseUrl: string, measured: Record<string, unknown>): [string, TestFn][] {
  const manifest = JSON.parse(readFileSync(join(DATA_DIR, 'ouhai', 'manifest.json'), 'utf8')) as Manifest;
  let clickedId = '';
  let expected: AnalysisRun | null = null;
  const expectedFor = (id: string) => expected?.parcels.toArray().find((p) => p.parcelId === id);
  const expectedIndex = (id: string) => expected?.parcels.toArray().findIndex((p) => p.parcelId === id) ?? -1;

  return [
    ['the map reaches idle with parcels rendered', async () => {
      await s.page.goto(`${baseUrl}?e2e=1`);
      await s.page.waitForFunction(() => (window as Win).__map?.loaded() === true && performance.getEntriesByName('tenglong:data-shown').length > 0, undefined, { timeout: 30_000 });
      await s.page.waitForFunction(() => performance.getEntriesByName('tenglong:first-idle').length > 0, undefined, { timeout: 30_000 });
      // (no helper functions inside evaluate: tsx's __name wrapper does not exist in the page)
      Object.assign(measured, await s.page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        const marks = Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name.replace('tenglong:', ''), Math.round(m.startTime)]));
        const worker = performance.getEntriesByName('tenglong:data-loaded')[0] as PerformanceMark | undefined;
        return { domContentLoadedMs: Math.round(nav?.domContentLoadedEventEnd ?? -1), ...marks, workerTimings: worker?.detail as unknown };
      }));
      await waitForIdle(s);
      // Twice (once here, once on CI in the perf suite) the idle after the first idle read no rendered parcel;
      // not reproduced in 12 traced loads nor 6 runs of this suite. A map idle and empty for long is the bug this
      // test is for: at most 2 s is waited, the wait is recorded (measured.renderedParcelsWait) and the map's
      // state printed, so the next time says why.
      const t0 = Date.now();
      const count = () => s.page.evaluate((layer) => (window as Win).__map!.queryRenderedFeatures({ layers: [layer] }).length, PARCEL_LAYER);
      let rendered = await count();
      if (rendered === 0) {
        console.log('   0 rendered:', await s.page.evaluate(() => {
          const map = (window as Win).__map! as unknown as { style: { tileManagers: Record<string, { _inViewTiles: { getAllIds(): string[]; getTileById(id: string): { state: string; tileID: { overscaledZ: number } } } }> }; getZoom(): number; getCanvas(): HTMLCanvasElement; loaded(): boolean; getStyle(): { sources: Record<string, { tiles?: string[] }> }; querySourceFeatures(s: string, o: unknown): unknown[] };
          const tm = map.style.tileManagers['parcels']!;
          const states = tm._inViewTiles.getAllIds().map((id) => { const t = tm._inViewTiles.getTileById(id); return `${t.state}:z${t.tileID.overscaledZ}`; });
          const c = map.getCanvas();
          return JSON.stringify({ states, zoom: map.getZoom(), canvas: [c.width, c.height, c.style.visibility], loaded: map.loaded(), url: map.getStyle().sources['parcels']?.tiles?.[0], source: map.querySourceFeatures('parcels', { sourceLayer: 'parcels' }).length, marks: performance.getEntriesByType('mark').map((m) => `${m.name.replace('tenglong:', '')}@${Math.round(m.startTime)}`).join(' '), now: Math.round(performance.now()) });
        }));
      }
      let waits = 0;
      while (rendered === 0 && Date.now() - t0 < 2_000) {
        await waitForIdle(s);
        rendered = await count();
        waits++;
      }
      if (waits > 0) measured.renderedParcelsWait = { ms: Date.now() - t0, idles: waits };
      assert(rendered > 0, `no rendered features on ${PARCEL_LAYER}`);
      // The map must fill the room beside the side panel (a CSS-order slip once collapsed it to 0 px and broke clicks).
      const size = await s.page.evaluate(() => {
        const box = document.querySelector('[data-testid=map]')!.getBoundingClientRect();
        const side = document.querySelector('.sidebar')?.getBoundingClientRect().width ?? 0;
        return { w: box.width, h: box.height, vw: window.innerWidth - side, vh: window.innerHeight };
      });
      assert(size.w >= size.vw * 0.98 && size.h >= size.vh * 0.8, `map container is ${size.w}×${size.h} beside the side panel in a ${size.vw}×${size.vh} room`);
      measured.renderedParcels = rendered;
      await screenshot(s, 'district.png');
    }],

    ['the status bar shows the manifest parcel count and the total area in 亩', async () => {
      const text = await statusText(s);
      const m = /^([\d,]+) 宗 · ([\d,]+\.\d) 亩$/.exec(text.trim());
      assert(m, `status text "${text}" is not like "3,512 宗 · 28,431.2 亩"`);
      const count = Number(m[1]!.replace(/,/g, ''));
      assert(count === manifest.layers.parcels.featureCount, `status shows ${count} parcels, manifest has ${manifest.layers.parcels.featureCount}`);
      assert(Number(m[2]!.replace(/,/g, '')) > 0, 'total area is zero');
    }],

    ['the data is marked 示例数据 when the manifest says synthetic', async () => {
      const badge = s.page.getByTestId('synthetic-badge');
      if (manifest.synthetic) assert((await badge.innerText()).includes('示例数据'), 'no 示例数据 badge');
      else assert((await badge.count()) === 0, 'badge shown for real data');
    }],

    ['the analysis completes and the dashboard shows land freed exactly as runAnalysis in Node', async () => {
      const status = s.page.locator('[data-testid=analysis-status][data-state=ready]');
      await status.waitFor({ timeout: 30_000 });
      const dashboard = s.page.getByTestId('dashboard');
      const date = await dashboard.getAttribute('data-evaluation-date');
      assert(date && /^\d{4}-\d{2}-\d{2}$/.test(date), `dashboard has no evaluation date (${date})`);
      assert((await status.innerText()).includes(date), 'status does not name the evaluation date');
      const text = (await s.page.getByTestId('progress-reclaim').innerText()).trim();
      const m = /^([\d,.]+) \/ ([\d,.]+) \/ 600 亩$/.exec(text);
      assert(m, `progress-reclaim "${text}" is not like "350.1 / 812.4 / 600 亩"`);
      const t0 = performance.now();
      expected = await expectedAnalysis(join(DATA_DIR, 'ouhai'), date);
      measured.nodeAnalysisMs = Math.round(performance.now() - t0);
      const shown = [Number(m[1]!.replace(/,/g, '')), Number(m[2]!.replace(/,/g, ''))];
      const want = [expected.summary.achievedMu, expected.summary.pipelineMu];
      for (let i = 0; i < 2; i++) assert(Math.abs(shown[i]! - want[i]!) <= 0.05 + 1e-9, `progress-reclaim ${text}: ${['achieved', 'pipeline'][i]} should be ${want[i]!.toFixed(3)}`);
      assert(want[0]! > 0 && want[1]! > 0, 'the sample data should have both achieved and pipeline land');
      const taxCell = (await dashboard.locator('[data-kpi=taxPerMu] td').first().innerText()).trim();
      assert(Number(taxCell.replace(/,/g, '')) === Number(expected.summary.taxPerMu.value!.toFixed(2)), `规上亩均税收 ${taxCell} ≠ ${expected.summary.taxPerMu.value}`);
      const towns = await dashboard.locator('[data-testid=town-table] tbody tr').count();
      assert(towns === Object.keys(expected.summary.byTown).length, `town table has ${towns} rows, summary ${Object.keys(expected.summary.byTown).length}`);
      measured.analysis = await s.page.evaluate(() => (performance.getEntriesByName('tenglong:analysis-done')[0] as PerformanceMark | undefined)?.detail as unknown);
      measured.analysisDoneMs = await s.page.evaluate(() => Math.round(performance.getEntriesByName('tenglong:analysis-done')[0]?.startTime ?? -1));
    }],

    ['clicking a rendered parcel opens its panel with its 地块编号', async () => {
      // Parcels near the view centre, nearest first, each with the mean of its outer ring's vertices.
      const candidates = await s.page.evaluate((layer) => {
        const map = (window as Win).__map!;
        const c = map.getCanvas();
        const out: { id: string; lon: number; lat: number; d: number }[] = [];
        for (const f of map.queryRenderedFeatures({ layers: [layer] })) {
          if (f.geometry.type !== 'Polygon') continue;
          const ring = f.geometry.coordinates[0]!;
          const lon = ring.reduce((a, p) => a + p[0]!, 0) / ring.length;
          const lat = ring.reduce((a, p) => a + p[1]!, 0) / ring.length;
          const p = map.project([lon, lat]);
          out.push({ id: String((window as Win).__store!.getState().dataset!.parcels[f.id as number]?.attributes.parcelId), lon, lat, d: Math.hypot(p.x - c.clientWidth / 2, p.y - c.clientHeight / 2) });
        }
        return out.sort((a, b) => a.d - b.d).slice(0, 10);
      }, PARCEL_LAYER);
      assert(candidates.length > 0, 'no polygon parcel rendered');
      // Zoom to a candidate (so it is many pixels wide) whose point really lies inside it on screen.
      let target: (typeof candidates)[number] | null = null;
      let hit = { x: 0, y: 0, id: null as string | null };
      for (const c of candidates) {
        await s.page.evaluate(([lon, lat]) => (window as Win).__map!.jumpTo({ center: [lon!, lat!], zoom: 17 }), [c.lon, c.lat]);
        await waitForIdle(s);
        hit = await s.page.evaluate(([lon, lat, layer]) => {
          const map = (window as Win).__map!;
          const p = map.project([lon as number, lat as number]);
          const f = map.queryRenderedFeatures(p, { layers: [layer as string] })[0];
          const r = map.getCanvas().getBoundingClientRect();
          return { x: r.left + p.x, y: r.top + p.y, id: f ? String((window as Win).__store!.getState().dataset!.parcels[f.id as number]?.attributes.parcelId) : null };
        }, [c.lon, c.lat, PARCEL_LAYER] as const);
        if (hit.id === c.id) {
          target = c;
          break;
        }
      }
      assert(target, `none of ${candidates.length} parcels had its vertex mean inside it on screen`);
      await s.page.mouse.click(hit.x, hit.y);
      const panel = s.page.getByTestId('parcel-panel');
      await panel.waitFor({ timeout: 5_000 });
      const text = await panel.innerText();
      assert(text.includes('地块编号') && text.includes(target.id), `panel lacks 地块编号 ${target.id}: ${text.slice(0, 200)}`);
      assert(/计算面积[\s\S]*m²[\s\S]*亩/.test(text), 'panel lacks the computed area in m² and 亩');
      clickedId = target.id;
      const highlighted = await s.page.evaluate(
        ([x, y, layer]) => {
          const map = (window as Win).__map!;
          const r = map.getCanvas().getBoundingClientRect();
          return map.queryRenderedFeatures([(x as number) - r.left, (y as number) - r.top], { layers: [layer as string] })[0]?.state.selected === true;
        },
        [hit.x, hit.y, PARCEL_LAYER] as const,
      );
      assert(highlighted, `parcel ${target.id} is not highlighted (feature-state selected)`);
      // Every rule, in RULE_IDS order, with the statuses the engine gives in Node.
      const items = panel.locator('[data-testid=rule-list] > li');
      await items.nth(RULE_IDS.length - 1).waitFor({ timeout: 10_000 });
      const rules = await items.evaluateAll((els) => els.map((e) => ({ rule: e.getAttribute('data-rule'), status: e.getAttribute('data-status'), text: e.textContent ?? '' })));
      assert(rules.length === 11 && rules.length === RULE_IDS.length, `rule list has ${rules.length} rules`);
      assert(rules.map((r) => r.rule).join() === RULE_IDS.join(), `rules out of order: ${rules.map((r) => r.rule).join()}`);
      const want = expectedFor(target.id);
      assert(want, `parcel ${target.id} is not in the Node analysis`);
      const wantOutcomes = expected!.outcomesOf(expectedIndex(target.id));
      for (const r of rules) {
        const o = wantOutcomes[r.rule as (typeof RULE_IDS)[number]];
        assert(r.status === o.status, `${target.id} ${r.rule}: page says ${r.status}, engine ${o.status}`);
        assert(!/\{[A-Za-z]/.test(r.text), `${r.rule}: unrendered placeholder in "${r.text}"`);
        assert(r.text.includes(o.clause), `${r.rule}: clause ${o.clause} missing`);
      }
      // Outcomes say what the parcel is (是低效企业, 可享受…, 数据不足), never the ambiguous 符合 / 不符合.
      for (const r of rules) assert(!/符合/.test(r.text), `${r.rule}: "${r.text.slice(0, 60)}" uses 符合`);
      const meanings = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-meaning')));
      assert(meanings.every((m) => m && ['problem', 'opportunity', 'constraint', 'fine', 'unknown', 'not-applicable'].includes(m)), `rule rows without a meaning: ${meanings.join()}`);
      await screenshot(s, 'parcel.png');
      const buildings = await s.page.evaluate(() => (window as Win).__map!.queryRenderedFeatures({ layers: ['buildings-fill'] }).length);
      measured.buildingsAtZ17 = buildings;
    }],

    ['switching the colouring to class changes the parcels paint and the legend, from engine classes', async () => {
      // Each main colouring is its own fixed-expression layer, switched by a constant opacity (no tile reload).
      const paintOf = () => s.page.evaluate(() => {
        const map = (window as Win).__map!;
        return JSON.stringify(['tax', 'class'].map((m) => map.getPaintProperty(`parcels-colour-${m}`, 'fill-opacity')));
      });
      const classColour = await s.page.evaluate(() => JSON.stringify((window as Win).__map!.getPaintProperty('parcels-colour-class', 'fill-color')));
      const before = await paintOf();
      const t0 = performance.now();
      await s.page.getByTestId('colour-mode').selectOption('class');
      await waitForIdle(s);
      measured.colourSwitchToIdleMs = Math.round(performance.now() - t0);
      const after = await paintOf();
      const [taxOpacity, classOpacity] = JSON.parse(after) as number[];
      assert(after !== before && classOpacity! > 0 && taxOpacity === 0, `the class layer is not the one shown: ${after}`);
      assert(classColour.includes('"cls"'), 'class paint does not read the class');
      const legend = await s.page.locator('.legend').innerText();
      assert(legend.includes('A 类') && legend.includes('D 类') && legend.includes('无数据'), `legend does not follow the mode: ${legend.slice(0, 120)}`);
      // The rendered parcels carry the engine's classes (the packed code the worker bakes into the tiles), as Node computes them.
      await s.page.evaluate(() => (window as Win).__map!.zoomTo(15, { animate: false }));
      await waitForIdle(s);
      const states = (await s.page.evaluate(([layer, code]) => (window as Win).__map!.queryRenderedFeatures({ layers: [layer] })
        .slice(0, 200).map((f) => ({ id: String((window as Win).__store!.getState().dataset!.parcels[f.id as number]?.attributes.parcelId), code: f.properties[code] as number | undefined })), [PARCEL_LAYER, CODE_PROPERTY] as const))
        .map((f) => ({ id: f.id, cls: unpackCode(f.code, 'cls'), computed: unpackCode(f.code, 'computed') === 1 }));
      assert(states.length > 0, 'no parcels rendered at zoom 15');
      for (const st of states) {
        const want = expectedFor(st.id);
        const cls = want?.evalClass ? CLASS_LETTERS.indexOf(want.evalClass) : -1;
        assert(st.cls === cls && st.computed === (want?.evalClassComputed ?? false), `${st.id}: map class ${st.cls}/${st.computed}, engine ${cls}/${want?.evalClassComputed}`);
      }
      measured.classCheckedParcels = states.length;
      await screenshot(s, 'class.png');
      await s.page.getByTestId('colour-mode').selectOption('tax');
      await waitForIdle(s);
      assert((await paintOf()) === before, 'switching back did not restore the 亩均税收 paint');
    }],

    ['the language toggle switches visible labels to English and back', async () => {
      const toggle = s.page.getByTestId('lang-toggle');
      // Scripts read the figures from data attributes in either language: the Chinese text's numbers.
      const zhText = await statusText(s);
      const rawOf = (id: string, ...names: string[]) => s.page.getByTestId(id).evaluate((el, n) => n.map((k) => el.getAttribute(k)), names);
      const [count, areaMu] = await rawOf('status-parcels', 'data-count', 'data-area-mu');
      assert(zhText.trim() === `${Number(count).toLocaleString('en-US')} 宗 · ${Number(areaMu).toLocaleString('en-US', { minimumFractionDigits: 1 })} 亩`, `status-parcels "${zhText}" against data-count ${count}, data-area-mu ${areaMu}`);
      const reclaim = await rawOf('progress-reclaim', 'data-achieved', 'data-pipeline', 'data-target');
      assert(reclaim.every((v) => v !== null && Number.isFinite(Number(v))) && Number(reclaim[2]) === 600, `progress-reclaim's figures ${JSON.stringify(reclaim)}`);
      await toggle.click();
      const en = await statusText(s);
      assert(JSON.stringify(await rawOf('status-parcels', 'data-count', 'data-area-mu')) === JSON.stringify([count, areaMu]), 'the figures changed with the language');
      assert(/^[\d,]+ parcels · [\d,]+\.\d mu$/.test(en.trim()), `status not in English: "${en}"`);
      if (clickedId) assert((await s.page.getByTestId('parcel-panel').innerText()).includes('Parcel ID'), 'panel label not in English');
      assert(/ mu$/.test((await s.page.getByTestId('progress-reclaim').innerText()).trim()), 'dashboard not in English');
      await screenshot(s, 'english.png');
      assert((await s.page.locator('html').getAttribute('lang')) === 'en', 'html lang is not en');
      // MapLibre's own words follow: the zoom buttons' names and the map's.
      assert((await s.page.locator('.maplibregl-ctrl-zoom-in').getAttribute('aria-label')) === 'Zoom in', 'the zoom button is not named in English');
      // English is set in a Latin font: a CJK font's ’ is full-width, a gap in "data’s" (Chinese names still fall back to CJK).
      const widths = await s.page.evaluate(() => {
        const span = document.createElement('span');
        span.style.cssText = 'position: absolute; white-space: pre; visibility: hidden';
        document.querySelector('.app')!.append(span);
        const out: number[] = [];
        for (const text of ['’', "'", '瓯']) {
          span.textContent = text;
          out.push(span.getBoundingClientRect().width);
        }
        span.remove();
        return { curly: out[0]!, straight: out[1]!, han: out[2]! };
      });
      // The card's values wrap between words: no word that fits a line ("mu", "m²") is split across two,
      // even on a card as narrow as a phone's (set so for the measurement, so that its values must wrap).
      const split = clickedId
        ? await s.page.evaluate(() => {
            const found: string[] = [];
            const panel = document.querySelector<HTMLElement>('[data-testid=parcel-panel]')!;
            const width = panel.style.width;
            panel.style.width = '260px';
            for (const dd of panel.querySelectorAll('dd')) {
              // A Latin run without spaces that would fit on one line of its value is never split across two
              // (one longer than the line, an 18-character credit code, may break inside; Han text wraps anywhere).
              const room = dd.getBoundingClientRect().width;
              const walker = document.createTreeWalker(dd, NodeFilter.SHOW_TEXT);
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (const m of (node.textContent ?? '').matchAll(/[\x21-\x7e²]+/g)) {
                  const range = document.createRange();
                  range.setStart(node, m.index);
                  range.setEnd(node, m.index + m[0].length);
                  const rects = [...range.getClientRects()];
                  const wide = rects.reduce((sum, r) => sum + r.width, 0);
                  if (new Set(rects.map((r) => Math.round(r.top))).size > 1 && wide < room - 1) found.push(m[0]);
                }
              }
            }
            panel.style.width = width;
            return found;
          })
        : [];
      await toggle.click();
      assert((await statusText(s)).includes('宗'), 'status did not switch back to Chinese');
      assert((await s.page.locator('.maplibregl-ctrl-zoom-in').getAttribute('title')) === '放大', 'the zoom button is not named in Chinese');
      assert(split.length === 0, `words split across lines in the parcel card: ${split.join(', ')}`);
      assert(widths.straight > 0, 'the test text was not laid out');
      assert(widths.curly < widths.han * 0.6, `’ is ${widths.curly.toFixed(1)} px wide in English, as wide as a Han character (${widths.han.toFixed(1)} px): a CJK font sets the English text`);
    }],

    ['Escape closes the parcel panel and clears the highlight', async () => {
      assert(clickedId, 'no parcel was opened by the click test');
      await s.page.keyboard.press('Escape');
      await s.page.getByTestId('parcel-panel').waitFor({ state: 'detached', timeout: 5_000 });
      const stillSelected = await s.page.evaluate(() => {
        const map = (window as Win).__map!;
        return map.queryRenderedFeatures({ layers: ['parcels-fill'] }).filter((f) => f.state.selected === true).length;
      });
      assert(stillSelected === 0, `${stillSelected} parcels still highlighted`);
    }],

    ['Escape in the search box leaves the card open; closing the card from the keyboard gives focus back to where it was opened', async () => {
      const search = s.page.getByTestId('search');
      await search.focus();
      await s.page.evaluate(() => (window as Win).__store!.getState().selectParcel(0));
      await s.page.getByTestId('parcel-panel').waitFor({ timeout: 5_000 });
      await search.press('Escape');
      await s.page.waitForTimeout(100);
      assert(await s.page.getByTestId('parcel-panel').isVisible(), 'Escape typed in the search box closed the card');
      await s.page.locator('.panel-close').focus();
      await s.page.keyboard.press('Enter');
      await s.page.getByTestId('parcel-panel').waitFor({ state: 'detached', timeout: 5_000 });
      const focused = await s.page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'search');
      assert(focused, `focus went to ${await s.page.evaluate(() => document.activeElement?.tagName)} instead of back to the search box`);
    }],

    ['an invalid rule set comes back as a value: shown in the status, previous results kept, then recovered', async () => {
      const reclaim = () => s.page.getByTestId('progress-reclaim').innerText();
      const before = await reclaim();
      await s.page.evaluate(() => {
        const st = (window as Win).__store!.getState();
        void st.runAnalysis({ ...st.analysis!.request, rules: { energy: { maxIntensity: 'high' } } });
      });
      const failed = s.page.locator('[data-testid=analysis-status][data-state=error]');
      await failed.waitFor({ timeout: 10_000 });
      const text = await failed.innerText();
      assert(text.includes('分析失败') && text.includes('energy.maxIntensity'), `status does not name the bad key: "${text}"`);
      assert((await reclaim()) === before, 'the previous results were dropped');
      await s.page.evaluate(() => {
        const st = (window as Win).__store!.getState();
        const { rules: _ignored, ...request } = st.analysis!.request;
        void st.runAnalysis(request);
      });
      await s.page.locator('[data-testid=analysis-status][data-state=ready]').waitFor({ timeout: 10_000 });
      assert((await reclaim()) === before, 'a re-run of the same request gave other figures');
    }],

    ['the page tells the browser not to offer machine translation (it has its own English)', async () => {
      const { translate, google } = await s.page.evaluate(() => ({
        translate: document.documentElement.translate,
        google: document.querySelector('meta[name=google]')?.getAttribute('content') ?? null,
      }));
      assert(translate === false && google === 'notranslate', `translate=${translate}, meta google=${google}`);
    }],

    ['the server sends the CSP as a header, and no other site may frame the app', async () => {
      const res = await s.page.request.get(baseUrl);
      const csp = res.headers()['content-security-policy'] ?? '';
      assert(csp.includes("default-src 'self'") && csp.includes("frame-ancestors 'none'"), `the page's CSP header: ${csp}`);
      assert(res.headers()['x-frame-options'] === 'DENY', `X-Frame-Options: ${res.headers()['x-frame-options']}`);
    }],

    ['no console errors and no CSP violations', async () => {
      assert(s.consoleErrors.length === 0, `console errors:\n${s.consoleErrors.join('\n')}`);
      assert(s.cspViolations.length === 0, `CSP violations: ${s.cspViolations.join(', ')}`);
    }],

    ['zero requests leave 127.0.0.1', async () => {
      assert(s.external.length === 0, `external requests: ${s.external.join(', ')}`);
    }],
  ];
}
