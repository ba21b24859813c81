/**
 * Browser tests of the explore journeys (issue 7 items 3, 4, 5, 11): filter by a 镇街 and compare the
 * filtered set with the engine run in Node; search an enterprise by part of its name and land on its
 * card at the top; sort the list by 可腾出面积 and open the first row; a link with filter + colouring +
 * selection + view reopens the same state; a phone-width explore tab never scrolls sideways.
 */
import { join } from 'node:path';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { AnalysisRun } from '../../src/analysis/run';
import { UNASSIGNED_TOWN } from '../../src/domain/summary';
import { expectedAnalysis } from './expected';
import { assert, type Session, type TestFn } from './harness';

interface StoreState {
  analysis: { request: { evaluationDate: string } } | null;
  dataset: { parcels: { attributes: { parcelId: string } }[] } | null;
  selectedFid: number | null;
  filter: { towns?: string[] };
  colourMode: string;
  sidebarTab: string;
  focusParcel(fid: number): void;
}
type Win = Window & { __map?: MapLibreMap; __store?: { getState(): StoreState } };

const DATA_DIR = process.env.TENGLONG_DATA_DIR ?? 'data';
const COUNT = /^([\d,]+) 宗 · ([\d,]+\.\d) 亩$/;
const num = (s: string) => Number(s.replace(/,/g, ''));

async function openApp(s: Session, url: string): Promise<void> {
  await s.page.goto(url);
  await s.page.locator('[data-testid=analysis-status][data-state=ready]').waitFor({ timeout: 60_000 });
  await s.page.waitForFunction(() => (window as Win).__map?.loaded() === true && performance.getEntriesByName('tenglong:data-shown').length > 0, undefined, { timeout: 30_000 });
}

const panelId = (s: Session) => s.page.evaluate(() => {
  const st = (window as Win).__store!.getState();
  return st.selectedFid === null ? null : st.dataset!.parcels[st.selectedFid]!.attributes.parcelId;
});

/** The parcel panel's scroll position: of the panel, or of its scrolling inner box. */
const panelScrollTop = (s: Session) => s.page.evaluate(() => {
  const panel = document.querySelector<HTMLElement>('[data-testid=parcel-panel]');
  if (!panel) return -1;
  const boxes = [panel, ...panel.querySelectorAll<HTMLElement>('*')].filter((e) => e.scrollHeight > e.clientHeight + 1 && /auto|scroll/.test(getComputedStyle(e).overflowY));
  return boxes.reduce((m, e) => Math.max(m, e.scrollTop), 0);
});

export function exploreTests(s: Session, baseUrl: string, measured: Record<string, unknown>): [string, TestFn][] {
  let expected: AnalysisRun | null = null;
  let town = '';
  const home = `${baseUrl}?e2e=1`;

  return [
    ['with no filter, filter-count equals status-parcels', async () => {
      await openApp(s, home);
      const count = (await s.page.getByTestId('filter-count').innerText()).trim();
      const status = (await s.page.getByTestId('status-parcels').innerText()).trim();
      assert(COUNT.test(count), `filter-count "${count}" is not like "212 宗 · 1,830.5 亩"`);
      assert(count === status, `filter-count "${count}" ≠ status-parcels "${status}"`);
    }],

    ['filtering by a 镇街 shows the count, 亩 and freeable 亩 the engine gives that 镇街', async () => {
      const date = await s.page.evaluate(() => (window as Win).__store!.getState().analysis!.request.evaluationDate);
      expected = await expectedAnalysis(join(DATA_DIR, 'ouhai'), date);
      const towns = Object.entries(expected.summary.byTown).filter(([name]) => name !== UNASSIGNED_TOWN);
      towns.sort((a, b) => b[1].parcels - a[1].parcels);
      // The second largest: not the whole district by accident, and large enough to mean something.
      const [name, block] = towns[Math.min(1, towns.length - 1)]!;
      town = name;
      await s.page.getByTestId('tab-explore').click();
      const t0 = performance.now();
      await s.page.getByTestId('filter-panel').locator(`input[name=town][value="${name}"]`).check();
      // The panels show a filter's result with the map's veil (state/filterSlice.ts: filterShown).
      await s.page.waitForFunction((n) => ((window as Win).__store!.getState() as StoreState & { filterShown: { towns?: string[] } }).filterShown.towns?.includes(n) === true, name);
      const text = (await s.page.getByTestId('filter-count').innerText()).trim();
      measured.filterTownMs = Math.round(performance.now() - t0);
      const m = COUNT.exec(text);
      assert(m, `filter-count "${text}" is not like "212 宗 · 1,830.5 亩"`);
      assert(num(m[1]!) === block.parcels, `${name}: filter-count says ${m[1]} parcels, the engine ${block.parcels}`);
      assert(Math.abs(num(m[2]!) - block.areaMu) <= 0.05 + 1e-9, `${name}: filter-count says ${m[2]} 亩, the engine ${block.areaMu.toFixed(3)}`);
      const freeable = (await s.page.getByTestId('filter-freeable').innerText()).trim();
      const f = /([\d,]+\.\d) 亩[^\d]+([\d,]+\.\d) 亩/.exec(freeable);
      assert(f, `filter-freeable "${freeable}" has no 亩 figures`);
      assert(Math.abs(num(f[1]!) - block.pipelineMu) <= 0.05 + 1e-9, `${name}: freeable ${f[1]} 亩, the engine's pipeline ${block.pipelineMu.toFixed(3)}`);
      assert(Math.abs(num(f[2]!) - block.achievedMu) <= 0.05 + 1e-9, `${name}: freed ${f[2]} 亩, the engine's ${block.achievedMu.toFixed(3)}`);
      // The list holds that 镇街's parcels only, and a chip names the filter.
      const caption = await s.page.locator('.parcel-list-caption').innerText();
      assert(caption.includes(m[1]!), `list caption "${caption}" does not count ${m[1]} parcels`);
      assert((await s.page.getByTestId('filter-chips').innerText()).includes(name), 'no chip names the 镇街');
    }],

    ['searching part of an enterprise name lands on its card, at the top', async () => {
      assert(expected, 'needs the engine run of the previous test');
      await s.page.getByTestId('filter-clear').click();
      // An enterprise with a long name (as the page holds the attributes); the query is a part from its middle.
      const target = await s.page.evaluate(() => {
        const parcels = (window as Win).__store!.getState().dataset!.parcels as { attributes: { parcelId: string; enterprise?: string | null } }[];
        const p = parcels.find((x, i) => i > 100 && (x.attributes.enterprise?.length ?? 0) >= 8);
        return p ? { parcelId: p.attributes.parcelId, enterprise: p.attributes.enterprise! } : null;
      });
      assert(target, 'no enterprise with a long name in the data');
      const query = target.enterprise.slice(2, 6);
      // First another parcel's card, scrolled down.
      await s.page.evaluate(() => (window as Win).__store!.getState().focusParcel(0));
      await s.page.getByTestId('parcel-panel').waitFor({ timeout: 10_000 });
      await s.page.waitForTimeout(300);
      await s.page.evaluate(() => {
        const panel = document.querySelector<HTMLElement>('[data-testid=parcel-panel]')!;
        for (const e of [panel, ...panel.querySelectorAll<HTMLElement>('*')]) if (e.scrollHeight > e.clientHeight + 1) e.scrollTop = e.scrollHeight;
      });
      const box = s.page.getByTestId('search');
      await box.fill(query);
      const results = s.page.getByTestId('search-result');
      await results.first().waitFor({ timeout: 5_000 });
      const ids = await results.evaluateAll((els) => els.map((e) => e.getAttribute('data-parcel-id')));
      const names = await results.evaluateAll((els) => els.map((e) => e.textContent ?? ''));
      assert(names.every((n) => n.includes(query)), `a suggestion for "${query}" does not contain it: ${names.join(' | ')}`);
      let index = ids.indexOf(target.parcelId);
      if (index < 0) {
        // More suggestions than shown: narrow the query to the whole name.
        await box.fill(target.enterprise);
        await results.first().waitFor();
        index = (await results.evaluateAll((els) => els.map((e) => e.getAttribute('data-parcel-id')))).indexOf(target.parcelId);
      }
      assert(index >= 0, `no suggestion for ${target.parcelId} (${target.enterprise})`);
      // Keyboard: arrows to it, Enter to choose.
      for (let k = 0; k <= index; k++) await box.press('ArrowDown');
      await box.press('ArrowUp');
      await box.press('Enter');
      await s.page.waitForFunction((id) => {
        const st = (window as Win).__store!.getState();
        return st.selectedFid !== null && st.dataset!.parcels[st.selectedFid]!.attributes.parcelId === id;
      }, target.parcelId, { timeout: 5_000 });
      const panel = s.page.getByTestId('parcel-panel');
      await s.page.waitForFunction((id) => document.querySelector('[data-testid=parcel-panel]')?.textContent?.includes(id) === true, target.parcelId, { timeout: 10_000 });
      assert((await panel.innerText()).includes(target.parcelId), `the card does not show ${target.parcelId}`);
      await s.page.waitForTimeout(200);
      const top = await panelScrollTop(s);
      assert(top === 0, `the card opened scrolled to ${top}px, not at its top`);
    }],

    ['sorting the list by 可腾出面积 puts the engine\'s largest first; its row opens the card', async () => {
      assert(expected, 'needs the engine run');
      await s.page.getByTestId('tab-explore').click();
      const header = s.page.getByTestId('parcel-list').locator('[data-sort-key=reclaimMu]');
      await header.click();
      const sort = await s.page.getByTestId('parcel-list').locator('[role=columnheader]:has([data-sort-key=reclaimMu])').getAttribute('aria-sort');
      assert(sort === 'descending', `aria-sort is ${sort} after one click`);
      let best = 0;
      // 可腾出: land still to free (a parcel already freed is 已腾出, not freeable).
      const freeable = (p: { reclaimableMu: number | null; reclaimKind: string | null }) => (p.reclaimKind === 'achieved' ? 0 : (p.reclaimableMu ?? 0));
      expected.parcels.forEach((p, i) => { if (freeable(p) > freeable(expected!.parcels.at(best)!)) best = i; });
      const want = expected.parcels.at(best)!;
      // The first row of the order (the virtualiser renders rows around the scroll position only).
      const first = s.page.locator('[data-testid=parcel-row][data-index="0"]');
      await first.waitFor({ timeout: 5_000 });
      const id = await first.getAttribute('data-parcel-id');
      assert(id === want.parcelId, `first row ${id}, the engine's largest reclaimable parcel is ${want.parcelId} (${want.reclaimableMu} 亩)`);
      await first.click();
      await s.page.waitForFunction((pid) => document.querySelector('[data-testid=parcel-panel]')?.textContent?.includes(pid) === true, want.parcelId, { timeout: 10_000 });
      assert((await panelId(s)) === want.parcelId, 'the row did not select its parcel');
      assert((await first.getAttribute('aria-selected')) === 'true', 'the selected row is not highlighted');
      // Clicking again reverses the order.
      await header.click();
      const again = await s.page.getByTestId('parcel-list').locator('[role=columnheader]:has([data-sort-key=reclaimMu])').getAttribute('aria-sort');
      assert(again === 'ascending', `aria-sort is ${again} after a second click`);
    }],

    ['an analysis run again (a ledger edit, a setting) keeps the list where the user scrolled it', async () => {
      const list = s.page.getByTestId('parcel-list');
      await list.evaluate((el) => el.scrollTo({ top: 3000 }));
      await s.page.waitForTimeout(100);
      const before = await list.evaluate((el) => el.scrollTop);
      assert(before > 1000, `the list did not scroll (${before})`);
      await s.page.evaluate(() => {
        const st = (window as Win).__store!.getState();
        void st.runAnalysis({ ...st.analysis!.request });
      });
      await s.page.locator('[data-testid=analysis-status][data-state=ready]').waitFor({ timeout: 10_000 });
      await s.page.waitForTimeout(300);
      const after = await list.evaluate((el) => el.scrollTop);
      assert(Math.abs(after - before) < 2, `the list jumped from ${before} to ${after} after the analysis ran again`);
    }],

    ['a link with filter, colouring, tab, selection and view reopens the same state', async () => {
      assert(town, 'needs the 镇街 of the filter test');
      await s.page.getByTestId('filter-panel').locator(`input[name=town][value="${town}"]`).check();
      await s.page.getByTestId('colour-mode').selectOption('reclaim');
      // The panels' result (filterMask) follows once the map has the veil (state/filterSlice.ts).
      await s.page.waitForFunction((t) => ((window as Win).__store!.getState() as StoreState & { filterShown: { towns?: string[] } }).filterShown.towns?.includes(t) === true, town, { timeout: 10_000 });
      const fid = await s.page.evaluate(() => {
        const st = (window as Win).__store!.getState() as StoreState & { filterMask: Uint8Array | null };
        return st.filterMask ? st.filterMask.indexOf(1) : -1;
      });
      assert(fid >= 0, 'the filter kept no parcel');
      await s.page.evaluate((f) => (window as Win).__store!.getState().focusParcel(f), fid);
      // The fly-to ends and the URL (written shortly after each move) names the view shown.
      await s.page.waitForFunction(() => {
        const m = (window as Win).__map!;
        const v = new URLSearchParams(window.location.search).get('v')?.split(',').map(Number);
        return !m.isMoving() && v !== undefined && Math.abs(v[0]! - m.getCenter().lng) < 2e-5 && Math.abs(v[1]! - m.getCenter().lat) < 2e-5 && Math.abs(v[2]! - m.getZoom()) < 0.01;
      }, undefined, { timeout: 10_000 });
      const before = await s.page.evaluate(() => {
        const m = (window as Win).__map!;
        return { lon: m.getCenter().lng, lat: m.getCenter().lat, zoom: m.getZoom() };
      });
      const count = (await s.page.getByTestId('filter-count').innerText()).trim();
      const id = await panelId(s);
      const url = s.page.url();
      const params = new URL(url).searchParams;
      assert(params.get('c') === 'reclaim' && params.get('p') === id && params.get('tab') === 'explore' && params.get('f')?.includes(town) && params.get('v'), `the URL lacks the state: ${url}`);
      await s.page.goto('about:blank');
      await openApp(s, url);
      await s.page.waitForFunction((pid) => document.querySelector('[data-testid=parcel-panel]')?.textContent?.includes(pid!) === true, id, { timeout: 10_000 });
      const after = await s.page.evaluate(() => {
        const st = (window as Win).__store!.getState();
        const m = (window as Win).__map!;
        return { towns: st.filter.towns, colour: st.colourMode, tab: st.sidebarTab, lon: m.getCenter().lng, lat: m.getCenter().lat, zoom: m.getZoom() };
      });
      assert(after.towns?.length === 1 && after.towns[0] === town, `filter after reload: ${JSON.stringify(after.towns)}`);
      assert(after.colour === 'reclaim' && (await s.page.getByTestId('colour-mode').inputValue()) === 'reclaim', `colouring after reload: ${after.colour}`);
      assert(after.tab === 'explore', `tab after reload: ${after.tab}`);
      assert((await panelId(s)) === id, 'another parcel is selected after reload');
      // The panels show the filter's result once the map has its veil: wait for it, then compare.
      await s.page.waitForFunction((c) => document.querySelector('[data-testid=filter-count]')?.textContent?.trim() === c, count, { timeout: 5_000 }).catch(() => undefined);
      const countAfter = (await s.page.getByTestId('filter-count').innerText()).trim();
      assert(countAfter === count, `filter-count after reload "${countAfter}" ≠ "${count}"`);
      assert(Math.abs(after.zoom - before.zoom) < 0.02 && Math.abs(after.lon - before.lon) < 1e-4 && Math.abs(after.lat - before.lat) < 1e-4,
        `view after reload ${JSON.stringify(after)} ≠ before ${JSON.stringify(before)} (${url})`);
      // A hostile link opens the app as usual.
      await openApp(s, `${home}&f=%7B%22__proto__%22%3A1&v=NaN,1,2&tab=<script>&c=nope&p=${'x'.repeat(300)}`);
      const plain = await s.page.evaluate(() => ({ ...(window as Win).__store!.getState().filter }));
      assert(Object.keys(plain).length === 0, `a hostile link set a filter: ${JSON.stringify(plain)}`);
    }],

    ['at 1024 px the district is fitted clear of the legend, and a parcel brought into view is clear of its card (also on a phone)', async () => {
      await s.page.setViewportSize({ width: 1024, height: 768 });
      await openApp(s, home);
      /** Screen boxes of the district (its bounds projected), the legend, a parcel's card, and the parcel's centre. */
      // (No named functions inside: tsx would wrap them in a helper the page does not have.)
      const boxes = () => s.page.evaluate(() => {
        const m = (window as Win).__map!;
        const st = (window as Win).__store!.getState() as unknown as { dataset: { bounds: number[]; parcelBounds: Float64Array }; selectedFid: number | null };
        const at = m.getContainer().getBoundingClientRect();
        const [w, so, e, n] = st.dataset.bounds as [number, number, number, number];
        const [sw, ne] = [m.project([w, so]), m.project([e, n])];
        const [legend, card] = ['legend', 'parcel-panel'].map((id) => document.querySelector(`[data-testid=${id}]`)?.getBoundingClientRect() ?? null);
        const fid = st.selectedFid;
        const b = st.dataset.parcelBounds;
        const parcel = fid === null ? null : m.project([(b[4 * fid]! + b[4 * fid + 2]!) / 2, (b[4 * fid + 1]! + b[4 * fid + 3]!) / 2]);
        return {
          sw: { x: sw.x + at.left, y: sw.y + at.top }, ne: { x: ne.x + at.left, y: ne.y + at.top },
          legend: legend && { left: legend.left, top: legend.top, right: legend.right, bottom: legend.bottom },
          card: card && { left: card.left, top: card.top, right: card.right, bottom: card.bottom },
          parcel: parcel && { x: parcel.x + at.left, y: parcel.y + at.top },
        };
      });
      const fitted = await boxes();
      assert(fitted.legend, 'no legend');
      // The district's box lies above the legend or right of it, never behind it.
      assert(fitted.sw.y <= fitted.legend.top + 1 || fitted.sw.x >= fitted.legend.right - 1, `the district's south-west corner ${JSON.stringify(fitted.sw)} is behind the legend ${JSON.stringify(fitted.legend)}`);
      // The fly starts after the card renders: its end is waited for from before the parcel is focused.
      await s.page.evaluate(() => new Promise<void>((resolve) => {
        (window as Win).__map!.once('moveend', () => resolve());
        (window as Win).__store!.getState().focusParcel(1234);
      }));
      const flown = await boxes();
      assert(flown.card && flown.parcel, 'no card or no parcel');
      assert(flown.parcel.x < flown.card.left, `the parcel's centre ${JSON.stringify(flown.parcel)} is behind its card ${JSON.stringify(flown.card)}`);
      // On a phone the card is a sheet at the bottom that grows as its rules come: the parcel stays above it.
      await s.page.setViewportSize({ width: 390, height: 844 });
      // Opened afresh: the card opens short and grows as the parcel's rules come, after the map moved.
      await openApp(s, home);
      await s.page.evaluate(() => new Promise<void>((resolve) => {
        (window as Win).__map!.once('moveend', () => resolve());
        (window as Win).__store!.getState().focusParcel(1234);
      }));
      await s.page.getByTestId('rule-list').waitFor({ timeout: 10_000 });
      const phone = await boxes();
      assert(phone.card && phone.parcel, 'no card or no parcel on the phone');
      assert(phone.parcel.y < phone.card.top, `on the phone the parcel's centre ${JSON.stringify(phone.parcel)} is behind its card ${JSON.stringify(phone.card)}`);
      await s.page.setViewportSize({ width: 1280, height: 800 });
    }],

    ['on a tablet (820 px) a list row\'s card takes the side panel\'s place, clear of the map and its legend; closing it gives the list back where it was', async () => {
      await s.page.setViewportSize({ width: 820, height: 1000 });
      await openApp(s, `${home}&tab=explore`);
      const list = s.page.getByTestId('parcel-list');
      await list.waitFor({ timeout: 10_000 });
      const rect = (id: string) => s.page.evaluate((x) => {
        const r = document.querySelector(`[data-testid=${x}]`)?.getBoundingClientRect();
        return r ? { left: r.left, top: r.top, right: r.right, bottom: r.bottom } : null;
      }, id);
      const mapBefore = await rect('map');
      // The list scrolled a little, then a row's card opened from it.
      const scroller = s.page.locator('#sidebar-body');
      await scroller.evaluate((el) => { el.scrollTop = 300; });
      const scrolled = await scroller.evaluate((el) => el.scrollTop);
      const row = s.page.getByTestId('parcel-row').nth(12);
      await row.click();
      await s.page.getByTestId('parcel-panel').waitFor({ timeout: 5_000 });
      const [card, map, legend] = [await rect('parcel-panel'), await rect('map'), await rect('legend')];
      assert(card && map && legend && mapBefore, 'no card, map or legend');
      assert(card.right <= map.left + 1, `the card ${JSON.stringify(card)} lies over the map ${JSON.stringify(map)}`);
      assert(map.left === mapBefore.left && map.right === mapBefore.right, `the map moved or resized: ${JSON.stringify(mapBefore)} → ${JSON.stringify(map)}`);
      assert(legend.left >= card.right, `the legend ${JSON.stringify(legend)} is behind the card ${JSON.stringify(card)}`);
      // The panel under the card is out of sight and out of the tab order; focus went into the card, and comes back.
      assert(!(await list.isVisible()), 'the parcel list still shows under the card');
      assert(await s.page.evaluate(() => document.querySelector('[data-testid=parcel-panel]')?.contains(document.activeElement) ?? false), 'focus stayed on the hidden list row');
      await s.page.keyboard.press('Enter'); // the focused × closes the card
      await list.waitFor({ state: 'visible', timeout: 5_000 });
      assert(await s.page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'parcel-row'), 'focus did not come back to the list row');
      assert((await scroller.evaluate((el) => el.scrollTop)) === scrolled, 'the list lost its scroll when the card closed');
      // With the side panel folded away the card is over the map again, at its right.
      await s.page.getByTestId('parcel-row').nth(12).click();
      const fold = () => s.page.evaluate(() => ((window as Win).__store!.getState() as unknown as { toggleSidebar: () => void }).toggleSidebar());
      await fold();
      const over = await rect('parcel-panel');
      const mapFolded = await rect('map');
      assert(over && mapFolded && over.left > mapFolded.left && over.right <= mapFolded.right + 1, `with the panel folded the card ${JSON.stringify(over)} is not over the map ${JSON.stringify(mapFolded)}`);
      await fold();
      await s.page.setViewportSize({ width: 1280, height: 800 });
    }],

    ['at phone width (390 px) the explore tab never scrolls sideways, in zh and en', async () => {
      await s.page.setViewportSize({ width: 390, height: 844 });
      await openApp(s, `${home}&tab=explore`);
      await s.page.getByTestId('parcel-list').waitFor({ timeout: 10_000 });
      for (const lang of ['zh', 'en']) {
        if (lang === 'en') await s.page.getByTestId('lang-toggle').click();
        await s.page.getByTestId('search').fill('瓯');
        await s.page.getByTestId('search-result').first().waitFor({ timeout: 5_000 });
        const widths = await s.page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, vw: window.innerWidth }));
        assert(widths.doc <= widths.vw && widths.body <= widths.vw, `${lang}: the page is ${widths.doc}/${widths.body} px wide in a ${widths.vw} px viewport`);
        await s.page.getByTestId('search').fill('');
      }
      const rows = await s.page.getByTestId('parcel-row').count();
      assert(rows > 0, 'no list row at phone width');
      await s.page.setViewportSize({ width: 1280, height: 800 });
    }],
  ];
}
