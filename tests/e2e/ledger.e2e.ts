/**
 * Browser tests of the disposal ledger and the parcel card: recording a disposal moves the 600-亩
 * progress and 现状 exactly as the engine computes them in Node with the same ledger; the record survives
 * a reload (IndexedDB); two tabs editing the same parcel at the same moment lose neither edit and are
 * asked to choose when they changed the same field; export / import with a preview; the card opens at
 * its top for each parcel.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { analysisRequest } from '../../src/analysis/request';
import { runAnalysis, type AnalysisRun } from '../../src/analysis/run';
import type { LedgerEntry } from '../../src/domain/ledger';
import { packPolygons } from '../../src/geo/packed';
import type { DatasetManifest } from '../../src/io/dataset';
import { loadFiles } from '../../src/io/loader';
import { manifestInputs } from '../../src/io/loader/manifest';
import { assert, type Session, type TestFn } from './harness';

const DATA_DIR = join(process.env.TENGLONG_DATA_DIR ?? 'data', 'ouhai');

interface StoreState {
  dataset: { parcels: { attributes: { parcelId: string } }[]; info: { identity: { hash: string } } } | null;
  focusParcel(fid: number): void;
  ledgerEntryOf(id: string): LedgerEntry | null;
}
type Win = Window & { __store?: { getState(): StoreState } };

/** The dataset read once through the app's loader, then runAnalysis with any ledger (as the worker runs it). */
async function engine(dir: string) {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as DatasetManifest;
  const fromDisk = async (url: string) => new Response(readFileSync(new URL(url)));
  const { files, roles } = manifestInputs(manifest, pathToFileURL(resolve(dir, 'manifest.json')).href, fromDisk);
  const loaded = await loadFiles(files, roles, {}, { name: manifest.name });
  if (!loaded.ok) throw new Error(`the loader refused ${dir}`);
  const layers = { ...loaded.layers, buildings: packPolygons(loaded.layers.buildings ?? []) };
  const attributes = loaded.layers.parcels.map((p) => p.attributes);
  const sample = manifest.ledger ? (JSON.parse(readFileSync(join(dir, manifest.ledger.file), 'utf8')) as LedgerEntry[]) : [];
  const run = (ledger: LedgerEntry[], evaluationDate: string): AnalysisRun => {
    const r = runAnalysis(layers, analysisRequest({ evaluationDate, ledger }));
    if (!r.ok) throw new Error('runAnalysis failed in Node');
    return r.run;
  };
  return { sample, run, attributes };
}

const ready = (p: Page) => p.locator('[data-testid=analysis-status][data-state=ready]').waitFor({ timeout: 30_000 });

async function shownAchieved(p: Page): Promise<number> {
  const text = (await p.getByTestId('progress-reclaim').innerText()).trim();
  const m = /^([\d,.]+)\s*\/\s*([\d,.]+)\s*\/\s*600\s*亩$/.exec(text);
  assert(m, `progress-reclaim "${text}" is not like "350.1 / 812.4 / 600 亩"`);
  return Number(m[1]!.replace(/,/g, ''));
}

/** Polls until `check` passes (the analysis re-runs after each save). */
async function eventually(what: string, check: () => Promise<string | null>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  let last: string | null = 'not checked';
  while (Date.now() < end) {
    last = await check();
    if (last === null) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what}: ${last}`);
}

const fidOf = (p: Page, id: string) => p.evaluate((pid) => (window as Win).__store!.getState().dataset!.parcels.findIndex((x) => x.attributes.parcelId === pid), id);

async function openCard(p: Page, id: string): Promise<void> {
  const fid = await fidOf(p, id);
  assert(fid >= 0, `parcel ${id} is not loaded`);
  await p.evaluate((f) => (window as Win).__store!.getState().focusParcel(f), fid);
  await p.waitForFunction((pid) => document.querySelector('[data-testid=card-parcel-id]')?.textContent === pid, id, { timeout: 10_000 });
  await p.locator('[data-testid=parcel-panel] [data-testid=rule-list]').waitFor({ timeout: 10_000 });
}

export function ledgerTests(s: Session, baseUrl: string, measured: Record<string, unknown>): [string, TestFn][] {
  const url = `${baseUrl}?e2e=1`;
  let eng: Awaited<ReturnType<typeof engine>>;
  let date = '';
  let base: AnalysisRun;
  let target = { id: '', areaMu: 0 };
  let tabsTarget = '';
  let completeFirst = '';
  let ledgerAfter: LedgerEntry[] = [];
  let achievedAfter = 0;

  return [
    ['another version of the data\'s saved work is offered (带入本数据) and brought over by 地块编号', async () => {
      await s.page.goto(url);
      await ready(s.page);
      const ids = await s.page.evaluate(() => (window as Win).__store!.getState().dataset!.parcels.slice(0, 3).map((p) => p.attributes.parcelId));
      // Last month's files (another identity) with a note on a parcel these data hold, written as the app writes it.
      await s.page.evaluate((id) => new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('tenglong-work', 1);
        open.onupgradeneeded = () => { for (const n of ['ledger', 'settings', 'zones', 'shortlists', 'mappings']) open.result.createObjectStore(n, { keyPath: 'key' }); };
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('ledger', 'readwrite');
          tx.objectStore('ledger').put({ key: `last-month/${id}`, version: 1, value: { parcelId: id, action: '整体腾退', status: '处置中', note: '上一版的记录' }, savedAt: '2026-11-02T08:00:00.000Z', tab: 'x' });
          tx.oncomplete = () => { open.result.close(); resolve(); };
          tx.onerror = () => reject(tx.error);
        };
      }), ids[1]!);
      await s.page.reload();
      await ready(s.page);
      const offer = s.page.getByTestId('carry-over');
      await offer.waitFor({ timeout: 10_000 });
      const text = await offer.innerText();
      assert(text.includes('2026-11-02') && text.includes('1 条处置记录'), `the offer reads "${text}"`);
      await s.page.getByTestId('carry-over-take').click();
      await s.page.getByTestId('carry-over-done').waitFor({ timeout: 10_000 });
      await openCard(s.page, ids[1]!);
      const note = await s.page.getByTestId('parcel-panel').getByTestId('disposal-note').inputValue();
      assert(note === '上一版的记录', `the brought-over note reads "${note}"`);
      await s.page.keyboard.press('Escape');
      // These data now have work of their own: not offered again.
      await s.page.reload();
      await ready(s.page);
      await s.page.waitForTimeout(500);
      assert(!(await s.page.getByTestId('carry-over').isVisible()), 'offered again after it was taken');
      // Put back as it was for the tests below (no record on that parcel).
      await openCard(s.page, ids[1]!);
      await s.page.evaluate((id) => (window as Win).__store!.getState().saveLedgerEntry(id, (window as Win).__store!.getState().ledgerEntryOf(id), null), ids[1]!);
      await s.page.keyboard.press('Escape');
    }],

    ['recording 已完成 on a pipeline parcel raises achieved 亩 by its area and moves 现状 as the engine computes it', async () => {
      await s.page.goto(url);
      await ready(s.page);
      date = (await s.page.getByTestId('dashboard').getAttribute('data-evaluation-date')) ?? '';
      assert(/^\d{4}-\d{2}-\d{2}$/.test(date), `no evaluation date on the dashboard (${date})`);
      eng = await engine(DATA_DIR);
      base = eng.run(eng.sample, date);
      const inSample = new Set(eng.sample.map((e) => e.parcelId));
      // A pipeline parcel of an above-scale enterprise that pays tax (规上 现状 亩均税收 then moves too), and an idle one for the tabs.
      const free = (i: number) => !inSample.has(base.parcels.at(i)!.parcelId) && base.parcels.at(i)!.areaMu > 1;
      const above = base.parcels.toArray().filter((p, i) => (p.reclaimKind === 'low-efficiency' || p.reclaimKind === 'd-class') && free(i) && eng.attributes[i]!.scale === 'above' && (eng.attributes[i]!.tax ?? 0) > 0);
      const idle = base.parcels.toArray().filter((p, i) => p.reclaimKind === 'idle' && free(i));
      assert(above.length > 0 && idle.length > 0, 'the sample data should have above-scale pipeline parcels and idle parcels outside the sample ledger');
      target = { id: above[0]!.parcelId, areaMu: above[0]!.areaMu };
      tabsTarget = idle[0]!.parcelId;
      completeFirst = idle[1]?.parcelId ?? '';
      await eventually('achieved before', async () => (Math.abs((await shownAchieved(s.page)) - base.summary.achievedMu) <= 0.05 ? null : `shown ${await shownAchieved(s.page)}, Node ${base.summary.achievedMu}`));

      await openCard(s.page, target.id);
      const card = s.page.getByTestId('parcel-panel');
      await card.getByTestId('disposal-action').selectOption('整体腾退');
      await card.getByTestId('disposal-status').selectOption('已完成');
      await card.getByTestId('disposal-date').fill(date);
      ledgerAfter = [...eng.sample, { parcelId: target.id, action: '整体腾退', status: '已完成', date }];
      const after = eng.run(ledgerAfter, date);
      achievedAfter = after.summary.achievedMu;
      assert(Math.abs(achievedAfter - base.summary.achievedMu - target.areaMu) < 1e-6, `Node: achieved should rise by the parcel's ${target.areaMu} 亩`);
      await eventually('achieved after the disposal', async () => {
        const shown = await shownAchieved(s.page);
        return Math.abs(shown - achievedAfter) <= 0.05 ? null : `shown ${shown}, want ${achievedAfter.toFixed(2)} (before ${base.summary.achievedMu.toFixed(2)} + ${target.areaMu.toFixed(2)})`;
      });
      // 现状 亩均税收 as the engine computes it with the same ledger (dashboard stage cells carry full precision).
      const stages = (after.summary as unknown as { stages?: { current: { taxPerMu: { value: number | null } } } }).stages;
      const cell = s.page.locator('[data-testid=dashboard] [data-kpi=taxPerMu] td[data-block=current]');
      if (stages && (await cell.count()) > 0) {
        const want = stages.current.taxPerMu.value!;
        const before = (base.summary as unknown as { stages: { current: { taxPerMu: { value: number } } } }).stages.current.taxPerMu.value;
        assert(Math.abs(want - before) > 1e-9, 'Node: 现状 亩均税收 should change when an above-scale parcel is freed');
        await eventually('现状 亩均税收', async () => {
          const v = Number(await cell.getAttribute('data-value'));
          return Math.abs(v - want) <= 1e-6 ? null : `shown ${v}, Node ${want}`;
        });
      } else measured.ledgerCurrentTaxChecked = false;
      await card.getByTestId('disposal-freed').waitFor({ timeout: 15_000 });
    }],

    ['after a reload the disposal is still recorded and still counted', async () => {
      await s.page.reload();
      await ready(s.page);
      await eventually('achieved after reload', async () => {
        const shown = await shownAchieved(s.page);
        return Math.abs(shown - achievedAfter) <= 0.05 ? null : `shown ${shown}, want ${achievedAfter.toFixed(2)}`;
      });
      await openCard(s.page, target.id);
      const card = s.page.getByTestId('parcel-panel');
      assert((await card.getByTestId('disposal-status').inputValue()) === '已完成', 'status lost on reload');
      assert((await card.getByTestId('disposal-date').inputValue()) === date, 'date lost on reload');
      assert((await card.getByTestId('disposal-action').inputValue()) === '整体腾退', 'action lost on reload');
      // A note typed and the tab reloaded while still in the field (no blur) is kept.
      await card.getByTestId('disposal-note').fill('未离开输入框就刷新的备注');
      await s.page.reload();
      await ready(s.page);
      await openCard(s.page, target.id);
      const kept = await s.page.getByTestId('parcel-panel').getByTestId('disposal-note').inputValue();
      assert(kept === '未离开输入框就刷新的备注', `the note typed before the reload reads "${kept}"`);
    }],

    ['two tabs editing the same parcel at once keep both edits, and ask when they changed the same field', async () => {
      const a = s.page;
      const b = await s.context.newPage();
      try {
        await b.goto(url);
        await ready(b);
        await openCard(a, tabsTarget);
        await openCard(b, tabsTarget);
        const ca = a.getByTestId('parcel-panel');
        const cb = b.getByTestId('parcel-panel');
        // Different fields at the same moment: tab A the status, tab B the date.
        await Promise.all([ca.getByTestId('disposal-status').selectOption('处置中'), cb.getByTestId('disposal-date').fill('2022-05-06')]);
        for (const [name, p] of [['A', a], ['B', b]] as const) {
          await eventually(`tab ${name} shows both edits`, async () => {
            const c = p.getByTestId('parcel-panel');
            const st = await c.getByTestId('disposal-status').inputValue();
            const d = await c.getByTestId('disposal-date').inputValue();
            return st === '处置中' && d === '2022-05-06' ? null : `status ${st}, date ${d}`;
          });
        }
        // The same field at once: tab B is typing a note when tab A saves another. B's save then conflicts
        // (it started from the note before A's), and B is asked which to keep; nothing is silently lost.
        await cb.getByTestId('disposal-note').fill('B 页的备注');
        await ca.getByTestId('disposal-note').fill('A 页的备注');
        await ca.getByTestId('disposal-note').blur();
        await eventually('tab B hears of tab A\'s note', async () => {
          const e = await b.evaluate((id) => (window as Win).__store!.getState().ledgerEntryOf(id), tabsTarget);
          return e?.note === 'A 页的备注' ? null : JSON.stringify(e);
        });
        await cb.getByTestId('disposal-note').blur();
        let asked: Page | null = null;
        await eventually('one tab asks which note to keep', async () => {
          for (const p of [a, b]) if ((await p.getByTestId('disposal-conflict').count()) > 0) asked = p;
          return asked ? null : 'no conflict shown';
        });
        assert(asked === b, 'the tab that was typing should be the one asked');
        const chooser = asked as unknown as Page;
        const mine = chooser === a ? 'A 页的备注' : 'B 页的备注';
        await chooser.locator('[data-testid=disposal-conflict] input[value=mine]').check();
        await chooser.locator('[data-testid=disposal-conflict] button').click();
        for (const [name, p] of [['A', a], ['B', b]] as const) {
          await eventually(`tab ${name} shows the chosen note with the earlier edits`, async () => {
            const e = await p.evaluate((id) => (window as Win).__store!.getState().ledgerEntryOf(id), tabsTarget);
            const note = await p.getByTestId('parcel-panel').getByTestId('disposal-note').inputValue();
            return e?.note === mine && note === mine && e.status === '处置中' && e.date === '2022-05-06' ? null : `entry ${JSON.stringify(e)}, textarea "${note}"`;
          });
        }
        assert((await chooser.getByTestId('disposal-conflict').count()) === 0, 'the conflict stays open after saving the choice');
      } finally {
        await b.close();
      }
    }],

    ['the ledger exports to JSON and imports back with a preview; a bad file names the problem', async () => {
      const p = s.page;
      await p.getByTestId('tab-overview').click();
      const section = p.getByTestId('ledger-section');
      await section.waitFor();
      const [download] = await Promise.all([p.waitForEvent('download'), section.getByTestId('ledger-export-json').click()]);
      const doc = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { format: string; version: number; dataset: { hash: string }; entries: LedgerEntry[] };
      assert(doc.format === 'tenglong-ledger' && doc.version === 1, 'export has no format/version');
      const hash = await p.evaluate(() => (window as Win).__store!.getState().dataset!.info.identity.hash);
      assert(doc.dataset.hash === hash, 'export does not carry the dataset identity');
      assert(doc.entries.some((e) => e.parcelId === target.id && e.status === '已完成'), 'export lacks the recorded disposal');

      const input = section.getByTestId('ledger-import-input');
      await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"tenglong-ledger","entries":[') });
      const msg = await section.getByTestId('ledger-message').innerText();
      assert(msg.includes('不是有效的 JSON') && msg.includes('请选择本应用导出的台账文件'), `bad file message: ${msg}`);

      const summary = async () => section.getByTestId('ledger-summary').innerText();
      const before = await summary();
      const csv = `\uFEFF地块编号,处置方式,状态,日期,备注\r\n${tabsTarget},关停退出,已完成,2022-07-01,导入\r\nNO-SUCH-PARCEL,关停退出,已完成,,\r\n`;
      await input.setInputFiles({ name: 'ledger.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      const preview = p.getByTestId('ledger-preview');
      await preview.waitFor();
      assert((await preview.getByTestId('ledger-problems').innerText()).includes('NO-SUCH-PARCEL'), 'the unknown parcel is not listed');
      await preview.locator('.ledger-keep input').check();
      const counts = await preview.getByTestId('ledger-preview-counts').innerText();
      assert(/修改 1 宗/.test(counts) && /删除 0 宗/.test(counts), `preview counts: ${counts}`);
      assert((await summary()) === before, 'something changed before 确认导入');
      await preview.getByTestId('ledger-preview-confirm').click();
      await eventually('the imported record', async () => {
        const e = await p.evaluate((id) => (window as Win).__store!.getState().ledgerEntryOf(id), tabsTarget);
        return e?.action === '关停退出' && e.status === '已完成' && e.note === '导入' ? null : JSON.stringify(e);
      });
      assert((await p.evaluate((id) => (window as Win).__store!.getState().ledgerEntryOf(id)?.status, target.id)) === '已完成', 'import removed a record it should keep');
    }],

    ['the card opens at its top, 地块编号 first, for a second parcel after scrolling the first', async () => {
      const p = s.page;
      await openCard(p, target.id);
      const panel = p.getByTestId('parcel-panel');
      const scrolled = await panel.evaluate((el) => {
        el.scrollTop = el.scrollHeight;
        return el.scrollTop;
      });
      assert(scrolled > 100, `the card did not scroll (${scrolled})`);
      await openCard(p, tabsTarget);
      const top = await panel.evaluate((el) => el.scrollTop);
      assert(top === 0, `the second parcel's card opened scrolled to ${top}`);
      const idBox = await panel.getByTestId('card-parcel-id').boundingBox();
      const panelBox = await panel.boundingBox();
      assert(idBox && panelBox && idBox.y - panelBox.y < 120, '地块编号 is not near the top of the card');
      // Outcomes in words by meaning, never 符合 / 不符合.
      const words = await panel.locator('.meaning-badge').allInnerTexts();
      assert(words.length === 11 && !words.some((w) => /^(不)?符合$/.test(w.trim())), `rule words: ${words.join('|')}`);
    }],

    ['on a phone the card is a bottom sheet and nothing scrolls sideways', async () => {
      const p = s.page;
      await p.setViewportSize({ width: 390, height: 844 });
      try {
        await openCard(p, target.id);
        const box = await p.getByTestId('parcel-panel').boundingBox();
        assert(box && box.width >= 380 && box.y + box.height >= 844 - 80, `card box ${JSON.stringify(box)}`);
        const sideways = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert(sideways <= 0, `page scrolls sideways by ${sideways} px`);
      } finally {
        await p.setViewportSize({ width: 1280, height: 800 });
      }
    }],

    ['no request left the page origin and no console error', async () => {
      assert(s.external.length === 0, `outside requests: ${s.external.slice(0, 3).join(', ')}`);
      assert(s.consoleErrors.length === 0, `console errors: ${s.consoleErrors.slice(0, 3).join(' | ')}`);
    }],
    ['已完成 chosen before an action is not recorded with the suggested action: the card asks for the action first', async () => {
      assert(completeFirst, 'needs a second idle parcel outside the sample ledger');
      await openCard(s.page, completeFirst);
      const card = s.page.getByTestId('parcel-panel');
      await card.getByTestId('disposal-status').selectOption('已完成');
      await card.locator('.disposal-state[data-state=awaiting-action]').waitFor({ timeout: 5_000 });
      const before = await s.page.evaluate((id) => (window as Win).__store!.getState().ledgerEntryOf(id), completeFirst);
      assert(before === null || before === undefined, `recorded before an action was chosen: ${JSON.stringify(before)}`);
      await card.getByTestId('disposal-action').selectOption('闲置收回');
      await eventually('recorded with the chosen action', async () => {
        const e = await s.page.evaluate((id) => (window as Win).__store!.getState().ledgerEntryOf(id), completeFirst);
        return e && e.action === '闲置收回' && e.status === '已完成' ? null : `entry ${JSON.stringify(e)}`;
      });
    }],

    ['查看已完成的地块 filters the map and the list to the parcels completed in the ledger', async () => {
      await s.page.getByTestId('tab-overview').click();
      const done = await s.page.evaluate(() => {
        const st = (window as Win).__store!.getState();
        const ledger = st.analysis?.request.ledger ?? [];
        const ids = new Set(ledger.filter((e) => e.status === '已完成').map((e) => e.parcelId));
        return st.dataset!.parcels.filter((p) => ids.has(p.attributes.parcelId)).length;
      });
      assert(done > 0, 'the ledger has no completed parcel of this dataset');
      await s.page.locator('[data-testid=ledger-show][data-status=已完成]').click();
      await s.page.waitForFunction(() => (window as Win).__store!.getState().sidebarTab === 'explore', undefined, { timeout: 5_000 });
      await s.page.waitForFunction((n) => { const m = (window as Win).__store!.getState().filterMask; let c = 0; for (const v of m ?? []) c += v; return c === n; }, done, { timeout: 5_000 });
      const chip = await s.page.getByTestId('filter-chips').innerText().catch(() => '');
      assert(chip.includes('已完成'), `the filter chips do not say 已完成: "${chip}"`);
      await s.page.evaluate(() => (window as Win).__store!.getState().setFilter({}));
    }],

    ['a year typed digit by digit saves only the whole date; a removed record comes back with 撤销删除, also after a reload', async () => {
      assert(completeFirst, 'needs the parcel recorded in the test before');
      const card = s.page.getByTestId('parcel-panel');
      const entry = () => s.page.evaluate((id) => (window as Win).__store!.getState().ledgerEntryOf(id), completeFirst);
      const saved = (await entry())!;
      // Chromium's date field hands each step of a typed year over as a date: 0002-…, 0020-…, 0202-…
      for (const partial of ['0002-03-05', '0020-03-05', '0202-03-05']) {
        await card.getByTestId('disposal-date').fill(partial);
        await s.page.waitForTimeout(100);
        const e = await entry();
        assert(e?.date === saved.date, `the partial date ${partial} was saved: ${JSON.stringify(e)}`);
      }
      await card.getByTestId('disposal-date').fill('2022-03-05');
      await eventually('the whole date saved', async () => ((await entry())?.date === '2022-03-05' ? null : `entry ${JSON.stringify(await entry())}`));
      // An absurd year left in the field is dropped with a warning, the saved date kept.
      await card.getByTestId('disposal-date').fill('0202-03-05');
      await card.getByTestId('disposal-note').focus();
      await card.getByTestId('disposal-date-dropped').waitFor({ timeout: 5_000 });
      assert((await card.getByTestId('disposal-date').inputValue()) === '2022-03-05', 'the field does not show the saved date again');
      assert((await entry())?.date === '2022-03-05', 'the saved date changed');

      // A part of the date emptied (Backspace) while typing does not clear the saved date; left empty, it does.
      await card.getByTestId('disposal-date').fill('');
      await s.page.waitForTimeout(100);
      assert((await entry())?.date === '2022-03-05', 'emptying the field while typing cleared the saved date');
      await card.getByTestId('disposal-date').fill('2022-03-05');
      await eventually('date kept', async () => ((await entry())?.date === '2022-03-05' ? null : `entry ${JSON.stringify(await entry())}`));

      const kept = (await entry())!;
      await card.getByTestId('disposal-remove').click();
      await eventually('removed', async () => ((await entry()) ? `still there: ${JSON.stringify(await entry())}` : null));
      // Focus is on 撤销删除 (the button pressed is gone).
      await s.page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'disposal-undo', undefined, { timeout: 5_000 });
      await card.getByTestId('disposal-undo').click();
      await eventually('back after undo', async () => (JSON.stringify(await entry()) === JSON.stringify(kept) ? null : `entry ${JSON.stringify(await entry())}, want ${JSON.stringify(kept)}`));
      await s.page.reload();
      await ready(s.page);
      await eventually('kept after reload', async () => (JSON.stringify(await entry()) === JSON.stringify(kept) ? null : `entry ${JSON.stringify(await entry())}`));
    }],
  ];
}
