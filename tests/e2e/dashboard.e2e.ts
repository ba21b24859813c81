/**
 * Browser tests of the dashboard and the rule settings (issue 7 items 8, 9): the 基期 / 现状 / 全部腾出后
 * figures and the land progress equal runAnalysis in Node; a changed threshold and evaluation date
 * change them exactly as Node computes with the same rules and date; an invalid value is shown inline
 * and not applied; the settings survive a reload and reset; a 镇街 row filters; both land targets are
 * marked; 1024 and 390 px wide without sideways scroll.
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { join } from 'node:path';
import type { AnalysisRun } from '../../src/analysis/run';
import { expectedAnalysis } from './expected';
import { assert, type Session, type TestFn } from './harness';

const DATA_DIR = join(process.env.TENGLONG_DATA_DIR ?? 'data', 'ouhai');

interface StoreState {
  analysisStatus: string;
  analysis: { request: { evaluationDate: string; rules?: unknown }; summary: { ruleMet: Record<string, number> } } | null;
  rules: unknown;
  evaluationDate: string | null;
  filter: { towns?: string[] };
  sidebarTab: string;
  dataset: { info: { asOf?: string } } | null;
}
type Win = Window & { __store?: { getState(): StoreState } };

const RULES = { lowEfficiency: { taxPerMuBelow: 20 } };
const FIELD = '[data-field="lowEfficiency.taxPerMuBelow"]';

/** Waits until the page's latest analysis ran with `rules` (undefined = defaults) at `date`, and is shown. */
async function waitForRun(s: Session, rules: unknown, date: string): Promise<void> {
  await s.page.waitForFunction(
    ([r, d]) => {
      const st = (window as Win).__store?.getState();
      const a = st?.analysis;
      return st?.analysisStatus === 'ready' && !!a && a.request.evaluationDate === d && JSON.stringify(a.request.rules ?? null) === JSON.stringify(r ?? null);
    },
    [rules ?? null, date] as const,
    { timeout: 30_000 },
  );
}

const num = (text: string) => Number(text.replace(/,/g, '').trim());

/** The dashboard's figures against Node's run: land progress, 基期/现状/全部腾出后 of the three ratios, rule counts. */
async function checkAgainst(s: Session, want: AnalysisRun): Promise<void> {
  await s.page.getByTestId('tab-overview').click();
  await s.page.locator(`[data-testid=dashboard][data-evaluation-date="${want.summary.evaluationDate}"]`).waitFor({ timeout: 10_000 });
  const text = (await s.page.getByTestId('progress-reclaim').innerText()).trim();
  const m = /^([\d,]+\.\d) \/ ([\d,]+\.\d) \/ 600 亩$/.exec(text);
  assert(m, `progress-reclaim "${text}" is not "achieved / pipeline / 600 亩"`);
  const sum = want.summary;
  assert(num(m[1]!) === Number(sum.achievedMu.toFixed(1)) && num(m[2]!) === Number(sum.pipelineMu.toFixed(1)),
    `progress-reclaim ${text}, Node ${sum.achievedMu.toFixed(1)} / ${sum.pipelineMu.toFixed(1)}`);
  for (const kpi of ['taxPerMu', 'valuePerMu', 'productivity'] as const)
    for (const block of ['baseline', 'current', 'afterPipeline'] as const) {
      const cell = s.page.locator(`[data-testid=dashboard] [data-kpi=${kpi}] td[data-block=${block}]`);
      const shown = num(await cell.innerText());
      const v = sum.stages[block][kpi].value!;
      assert(shown === Number(v.toFixed(2)), `${kpi} ${block} shows ${shown}, Node ${v}`);
    }
  // Results to date: each target column is what was freed by the end of that year, graded against that year's target.
  for (const year of ['2021', '2023'] as const) {
    const p = sum.progress.find((x) => x.year === year)!;
    const cell = s.page.locator(`[data-testid=dashboard] [data-kpi=landFreedMu] td[data-block=by-${year}]`);
    const [done, target] = (await cell.innerText()).split('/').map(num);
    assert(done === Number(p.actual.landFreedMu.toFixed(1)) && target === p.target.landFreedMu, `land freed by end of ${year} shows ${done} / ${target}, Node ${p.actual.landFreedMu} / ${p.target.landFreedMu}`);
    const over = sum.evaluationDate >= `${year}-12-31`;
    const want = !over ? 'none' : Number(p.actual.landFreedMu.toFixed(1)) >= p.target.landFreedMu ? `met-${year}` : 'below';
    assert((await cell.getAttribute('data-grade')) === want, `land freed by end of ${year} graded ${await cell.getAttribute('data-grade')}, want ${want}`);
  }
  const met: Record<string, number> = await s.page.evaluate(() => (window as Win).__store!.getState().analysis!.summary.ruleMet);
  const wantMet: Record<string, number> = sum.ruleMet;
  for (const [rule, n] of Object.entries(wantMet)) assert(met[rule] === n, `${rule}: ${met[rule]} parcels met in the page, ${n} in Node`);
}

export function dashboardTests(s: Session, baseUrl: string, _measured: Record<string, unknown>): [string, TestFn][] {
  let asOf = '';
  let defaults: AnalysisRun | null = null;
  let defaultReclaim = '';

  return [
    ['the dashboard shows 基期 / 现状 / 全部腾出后 and the land progress as Node computes them, both land targets marked', async () => {
      await s.page.goto(`${baseUrl}?e2e=1`);
      await s.page.locator('[data-testid=analysis-status][data-state=ready]').waitFor({ timeout: 60_000 });
      asOf = await s.page.evaluate(() => (window as Win).__store!.getState().dataset!.info.asOf ?? '');
      assert(/^\d{4}-\d{2}-\d{2}$/.test(asOf), `no as-of date (${asOf})`);
      await waitForRun(s, undefined, asOf); // the default evaluation date is the data's as-of date
      defaults = await expectedAnalysis(DATA_DIR, asOf);
      await checkAgainst(s, defaults);
      defaultReclaim = (await s.page.getByTestId('progress-reclaim').innerText()).trim();
      // 现状 moves with the recorded disposals: with freed land in the sample ledger it differs from 基期.
      assert(defaults.summary.stages.current.taxPerMu.value !== defaults.summary.stages.baseline.taxPerMu.value, '现状 equals 基期 in Node: the test proves nothing');
      for (const [year, mu] of [['2021', 200], ['2023', 600]] as const) {
        const mark = s.page.locator(`[data-testid=dashboard] [data-mark="${year}"]`);
        assert(await mark.isVisible(), `no ${year} mark on the land bar`);
        assert(Number(await mark.getAttribute('data-mu')) === mu, `${year} mark is not at ${mu} 亩`);
      }
      const legend = await s.page.locator('[data-testid=dashboard] .dash-land-legend').innerText();
      assert(legend.includes('2021 年目标 200 亩') && legend.includes('2023 年目标 600 亩'), `land legend "${legend}"`);
      // Units are on screen, not in tooltips.
      const stages = await s.page.locator('[data-testid=dashboard] .dash-stages').innerText();
      assert(stages.includes('万元/亩') && stages.includes('万元/人'), 'units missing from the stage table');
    }],

    ['a changed threshold (低效企业 8 → 20 万元/亩) re-runs the analysis as Node does with the same rules', async () => {
      await s.page.getByTestId('tab-settings').click();
      await s.page.getByTestId('rule-settings').waitFor();
      await s.page.locator(FIELD).fill('20');
      await waitForRun(s, RULES, asOf);
      const want = await expectedAnalysis(DATA_DIR, asOf, RULES);
      assert(want.summary.ruleMet['low-efficiency']! > defaults!.summary.ruleMet['low-efficiency']!, 'the threshold changed nothing in Node');
      await s.page.getByTestId('tab-overview').click();
      await checkAgainst(s, want);
      assert((await s.page.getByTestId('progress-reclaim').innerText()).trim() !== defaultReclaim, 'the land progress did not move');
    }],

    ['the evaluation date (2021-12-31) re-runs the analysis as Node does at that date', async () => {
      await s.page.getByTestId('tab-settings').click();
      // A date after today says the results are a projection; a past one says nothing.
      await s.page.getByTestId('evaluation-date').fill('2099-12-31');
      await s.page.getByTestId('evaluation-date-future').waitFor({ timeout: 5_000 });
      await s.page.getByTestId('evaluation-date').fill('2021-12-31');
      await waitForRun(s, RULES, '2021-12-31');
      assert(!(await s.page.getByTestId('evaluation-date-future').isVisible()), 'a past evaluation date is called a projection');
      const want = await expectedAnalysis(DATA_DIR, '2021-12-31', RULES);
      await s.page.getByTestId('tab-overview').click();
      await checkAgainst(s, want);
    }],

    ['an invalid value is shown beside its field and not applied', async () => {
      await s.page.getByTestId('tab-settings').click();
      await s.page.locator(FIELD).fill('-5');
      const row = s.page.locator('[data-path="lowEfficiency.taxPerMuBelow"]');
      await row.locator('.set-error').waitFor({ timeout: 5_000 });
      const message = await row.locator('.set-error').innerText();
      assert(message.includes('超出范围') && message.includes('不小于 0'), `inline error "${message}"`);
      assert((await s.page.locator(FIELD).getAttribute('aria-invalid')) === 'true', 'field not marked invalid');
      await s.page.waitForTimeout(800);
      const rules = await s.page.evaluate(() => (window as Win).__store!.getState().rules);
      assert(JSON.stringify(rules) === JSON.stringify(RULES), `an invalid value reached the store: ${JSON.stringify(rules)}`);
      await s.page.locator(FIELD).fill('20');
      await row.locator('.set-error').waitFor({ state: 'detached', timeout: 5_000 });
      // A year typed digit by digit (0202-…) is a date still being typed: counted as invalid, not applied.
      await s.page.getByTestId('evaluation-date').fill('0202-12-31');
      await s.page.getByTestId('settings-invalid').waitFor({ timeout: 5_000 });
      assert(await s.page.getByTestId('settings-reset-all').isEnabled(), 'reset is disabled beside an invalid date');
      await s.page.waitForTimeout(800);
      const date = await s.page.evaluate(() => (window as Win).__store!.getState().evaluationDate);
      assert(date === '2021-12-31', `a partial year reached the store: ${date}`);
      await s.page.getByTestId('evaluation-date').fill('2021-12-31');
      await s.page.getByTestId('settings-invalid').waitFor({ state: 'detached', timeout: 5_000 });
    }],

    ['the settings are kept across a reload', async () => {
      await s.page.waitForTimeout(500); // the write is queued behind the last change
      await s.page.reload();
      await waitForRun(s, RULES, '2021-12-31');
      await s.page.getByTestId('tab-settings').click();
      assert((await s.page.locator(FIELD).inputValue()) === '20', 'threshold not kept');
      assert((await s.page.getByTestId('evaluation-date').inputValue()) === '2021-12-31', 'evaluation date not kept');
    }],

    ['reset puts back the defaults and the data’s date, and stays reset after a reload', async () => {
      await s.page.getByTestId('settings-reset-all').click();
      await waitForRun(s, undefined, asOf);
      assert((await s.page.locator(FIELD).inputValue()) === '8', 'threshold not reset');
      assert((await s.page.getByTestId('evaluation-date').inputValue()) === asOf, 'date not reset');
      await s.page.getByTestId('tab-overview').click();
      await checkAgainst(s, defaults!);
      await s.page.waitForTimeout(500);
      await s.page.reload();
      await waitForRun(s, undefined, asOf);
      assert((await s.page.getByTestId('progress-reclaim').innerText()).trim() === defaultReclaim, 'defaults not kept after reload');
    }],

    ['a per-rule reset restores that rule only', async () => {
      await s.page.getByTestId('tab-settings').click();
      await s.page.locator(FIELD).fill('12');
      // 0.3 typed into a percent field is 0.3 %: said so beside it, with 30 % one click away.
      await s.page.locator('[data-field="idle.feeRate"]').fill('0.3');
      const hint = s.page.locator('[data-path="idle.feeRate"] [data-testid=percent-hint]');
      await hint.waitFor({ timeout: 5_000 });
      await waitForRun(s, { lowEfficiency: { taxPerMuBelow: 12 }, idle: { feeRate: 0.003 } }, asOf);
      await hint.getByRole('button').click();
      await hint.waitFor({ state: 'detached', timeout: 5_000 });
      assert((await s.page.locator('[data-field="idle.feeRate"]').inputValue()) === '30', 'the one-click fix did not put 30');
      const both = { lowEfficiency: { taxPerMuBelow: 12 }, idle: { feeRate: 0.3 } };
      await waitForRun(s, both, asOf);
      await s.page.locator('[data-reset=lowEfficiency]').click();
      await waitForRun(s, { idle: { feeRate: 0.3 } }, asOf);
      await s.page.getByTestId('settings-reset-all').click();
      await waitForRun(s, undefined, asOf);
    }],

    ['the rules export to a file and import back; a bad file changes nothing; 全部恢复默认 can be undone', async () => {
      await s.page.getByTestId('tab-settings').click();
      await s.page.locator(FIELD).fill('12');
      const changed = { lowEfficiency: { taxPerMuBelow: 12 } };
      await waitForRun(s, changed, asOf);
      const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.getByTestId('settings-export').click()]);
      const saved = JSON.parse(readFileSync((await download.path())!, 'utf8')) as unknown;
      assert(JSON.stringify(saved) === JSON.stringify(changed), `the exported rules are ${JSON.stringify(saved)}`);
      await s.page.getByTestId('settings-reset-all').click();
      await waitForRun(s, undefined, asOf);
      await s.page.getByTestId('settings-reset-undo').click();
      await waitForRun(s, changed, asOf);
      await s.page.getByTestId('settings-reset-all').click();
      await waitForRun(s, undefined, asOf);
      await s.page.getByTestId('settings-import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"lowEfficiency":{"taxPerMuBelow":-3}}') });
      await s.page.locator('[data-testid=settings-file-message].set-error').waitFor({ timeout: 5_000 });
      assert((await s.page.evaluate(() => (window as Win).__store!.getState().rules)) === null, 'a bad rules file changed the rules');
      await s.page.getByTestId('settings-import').setInputFiles({ name: 'rules.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)) });
      await waitForRun(s, changed, asOf);
      // An import can be taken back (撤销导入): the rules it replaced are in force again.
      await s.page.getByTestId('settings-import-undo').click();
      await waitForRun(s, undefined, asOf);
      await s.page.getByTestId('settings-import').setInputFiles({ name: 'rules.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)) });
      await waitForRun(s, changed, asOf);
      await s.page.getByTestId('settings-reset-all').click();
      await waitForRun(s, undefined, asOf);
    }],

    ['导出看板 downloads the dashboard as a workbook with the figures shown', async () => {
      await s.page.getByTestId('tab-overview').click();
      const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.getByTestId('dashboard-export').click()]);
      assert(/^目标看板_\d{4}-\d{2}-\d{2}\.xlsx$/.test(download.suggestedFilename()), `file name ${download.suggestedFilename()}`);
      const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
      const strings = new TextDecoder().decode(files['xl/sharedStrings.xml']!);
      const town = (await s.page.getByTestId('town-row').first().getAttribute('data-town'))!;
      assert(strings.includes('现状') && strings.includes(town), 'the workbook lacks the stages or the 镇街 rows');
    }],

    ['clicking a 镇街 row filters to it and opens the explore tab', async () => {
      await s.page.getByTestId('tab-overview').click();
      const before = (await s.page.getByTestId('filter-count').innerText()).trim();
      const row = s.page.getByTestId('town-row').first();
      const town = (await row.getAttribute('data-town'))!;
      await row.click();
      await s.page.waitForFunction(() => (window as Win).__store!.getState().sidebarTab === 'explore', undefined, { timeout: 5_000 });
      const filter = await s.page.evaluate(() => (window as Win).__store!.getState().filter);
      assert(JSON.stringify(filter.towns) === JSON.stringify([town]), `filter towns ${JSON.stringify(filter.towns)}, clicked ${town}`);
      await s.page.waitForFunction((b) => document.querySelector('[data-testid=filter-count]')?.textContent?.trim() !== b, before, { timeout: 5_000 });
      const count = Number((await s.page.getByTestId('filter-count').innerText()).replace(/,/g, '').split(' ')[0]);
      const want = defaults!.summary.byTown[town]!.parcels;
      assert(count === want, `filter-count ${count} for ${town}, Node ${want}`);
    }],

    ['1024 and 390 px wide: the dashboard and settings fit without sideways scroll', async () => {
      for (const [width, height] of [[1024, 768], [390, 844]] as const) {
        await s.page.setViewportSize({ width, height });
        for (const tab of ['overview', 'settings']) {
          await s.page.getByTestId(`tab-${tab}`).click();
          await s.page.waitForTimeout(200);
          const m = await s.page.evaluate(() => {
            const body = document.querySelector('.sidebar-body');
            return { doc: document.documentElement.scrollWidth - document.documentElement.clientWidth, body: body ? body.scrollWidth - body.clientWidth : 0 };
          });
          assert(m.doc <= 0 && m.body <= 0, `${width} px ${tab}: scrolls sideways by ${JSON.stringify(m)}`);
        }
      }
      await s.page.setViewportSize({ width: 1280, height: 800 });
    }],
  ];
}
