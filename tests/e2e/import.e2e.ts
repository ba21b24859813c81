/**
 * Browser tests of the one loader's import: a zipped GBK Shapefile through `import-input` (preview with
 * CRS, encoding and mapping, then confirm), a cancelled import that changes nothing, and a FlatGeobuf read
 * by bounding box over HTTP range requests. Expected figures come from the same loader run in Node.
 */
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadFiles } from '../../src/io/loader';
import { inputFromBytes } from '../../src/io/source';
import { assert, type Session, type TestFn } from './harness';

const SHP_ZIP = 'tests/fixtures/io/shp/gbk-nocpg.zip';
const FGB_GRID = 'tests/fixtures/io/fgb/grid-4549.fgb';

interface ClientHook {
  getState(): {
    client: { request(kind: string, payload: unknown): Promise<{ ok: boolean; value?: { totals: { parcels: number }; bytesFetched?: number; importId: number }; error?: { message: string } }> } | null;
    dataset: { info: { identity: { hash: string } } } | null;
  };
}
type Win = { __store?: ClientHook };

const statusText = (s: Session) => s.page.getByTestId('status-parcels').innerText();
const fmtCount = (n: number) => n.toLocaleString('en-US');
const fmtMu = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function importTests(s: Session, baseUrl: string): [string, TestFn][] {
  return [
    ['a zipped GBK Shapefile imports through import-input: preview with CRS, encoding and mapping, then the status shows its parcels', async () => {
      const expected = await loadFiles([inputFromBytes('gbk-nocpg.zip', new Uint8Array(readFileSync(SHP_ZIP)))], {});
      assert(expected.ok, `the loader in Node refused the fixture: ${expected.ok ? '' : expected.problems.map((p) => p.en).join('; ')}`);
      const before = await statusText(s);
      await s.page.getByTestId('import-input').setInputFiles(SHP_ZIP);
      const preview = s.page.getByTestId('import-preview');
      await preview.waitFor({ state: 'visible', timeout: 20_000 });
      await s.page.getByTestId('import-confirm').waitFor({ state: 'visible', timeout: 20_000 });
      const text = await preview.innerText();
      assert(/EPSG:4549/.test(text), `preview does not show the CRS: ${text.slice(0, 400)}`);
      assert(/GB18030|GBK/i.test(text), `preview does not show the encoding: ${text.slice(0, 400)}`);
      // The decoded Chinese values are readable (no U+FFFD), and the pinyin columns are mapped.
      assert(!text.includes('\uFFFD'), 'the preview shows U+FFFD: the GBK text was decoded wrongly');
      assert(/[\u4e00-\u9fff]{4,}/.test(text), 'no Chinese sample values in the preview');
      assert(/DKBH/.test(text) && /地块编号/.test(text), 'the field mapping DKBH → 地块编号 is not shown');
      assert((await statusText(s)) === before, 'the status changed before the import was confirmed');
      await s.page.getByTestId('import-confirm').click();
      const want = `${fmtCount(expected.report.totals.parcels)} 宗 · ${fmtMu(expected.report.totals.areaMu)} 亩`;
      await s.page.waitForFunction((w) => document.querySelector('[data-testid=status-parcels]')?.textContent?.trim() === w, want, { timeout: 20_000 });
      await preview.waitFor({ state: 'hidden', timeout: 5_000 });
      await s.page.waitForFunction(() => document.querySelector('[data-testid=analysis-status]')?.getAttribute('data-state') === 'ready', undefined, { timeout: 20_000 });
      // The import's identity (the files' hashes, made in the browser) is the one the loader makes in Node.
      const identity = await s.page.evaluate(() => (window as unknown as Win).__store!.getState().dataset?.info.identity.hash);
      assert(identity === expected.report.identity.hash, `the import's identity ${identity} is not the loader's ${expected.report.identity.hash}`);
    }],

    ['a cancelled import changes nothing', async () => {
      const before = await statusText(s);
      await s.page.getByTestId('import-input').setInputFiles('tests/fixtures/io/parcels-4528.geojson');
      await s.page.getByTestId('import-preview').waitFor({ state: 'visible', timeout: 20_000 });
      // A file dropped on the page meanwhile asks before replacing the preview; declined, the preview stays.
      let asked = '';
      s.page.once('dialog', (d) => { asked = d.message(); void d.dismiss(); });
      await s.page.evaluate(() => {
        const dt = new DataTransfer();
        dt.items.add(new File(['{"type":"FeatureCollection","features":[]}'], 'other.geojson', { type: 'application/geo+json' }));
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      });
      await s.page.waitForTimeout(300);
      assert(asked.includes('替换'), `no question before replacing the preview (dialog: "${asked}")`);
      const layers = await s.page.evaluate(() => (window as unknown as { __store: { getState(): { importPreview: { layers: { name: string }[] } | null } } }).__store.getState().importPreview?.layers.map((l) => l.name) ?? []);
      assert(layers.length === 1 && layers[0] === 'parcels-4528', `the preview was replaced: ${JSON.stringify(layers)}`);
      await s.page.getByTestId('import-cancel').click();
      await s.page.getByTestId('import-preview').waitFor({ state: 'hidden', timeout: 5_000 });
      assert((await statusText(s)) === before, `status changed after cancel: "${before}" → "${await statusText(s)}"`);
    }],

    ['a FlatGeobuf on the server is read by bounding box with HTTP range requests', async () => {
      // Served from dist/ by the same preview server (sirv answers Range requests).
      mkdirSync('dist/e2e', { recursive: true });
      copyFileSync(FGB_GRID, join('dist/e2e', 'grid.fgb'));
      const size = statSync(FGB_GRID).size;
      const ranges: string[] = [];
      const listener = (r: { url(): string; headers(): Record<string, string> }) => {
        if (r.url().endsWith('/e2e/grid.fgb')) ranges.push(r.headers()['range'] ?? '(none)');
      };
      s.context.on('request', listener);
      const r = await s.page.evaluate(async (href) => {
        const client = (window as unknown as Win).__store!.getState().client!;
        const res = await client.request('import-read', { url: { href, bbox: [560000, 3100000, 560400, 3100400] } });
        if (res.ok && res.value) await client.request('import-cancel', { importId: res.value.importId });
        return res;
      }, `${baseUrl}e2e/grid.fgb`);
      s.context.off('request', listener);
      assert(r.ok && r.value, `range read failed: ${r.error?.message}`);
      assert(ranges.length > 0 && ranges.every((h) => /^bytes=\d+-\d+$/.test(h)), `not all requests were range requests: ${ranges.join(', ')}`);
      assert((r.value.bytesFetched ?? size) < size, `fetched ${r.value.bytesFetched} of ${size} bytes`);
      assert(r.value.totals.parcels > 0 || r.value.importId > 0, 'no features read');
    }],

    ['a 0-byte, a truncated and a count-0-with-index FlatGeobuf each show an error, and the loaded data stays', async () => {
      const before = await statusText(s);
      for (const [file, fragment] of [
        ['empty.fgb', /空|empty/i],
        ['truncated-header.fgb', /不完整|损坏|ends after/],
        ['zero-features-with-index.fgb', /0 features with a spatial index/],
      ] as const) {
        await s.page.getByTestId('import-input').setInputFiles(`tests/fixtures/bad/${file}`);
        // Either the preview (with the file's problem and confirm disabled) or the import error dialog.
        await s.page.locator('[data-testid=import-preview], [data-testid=import-error]').first().waitFor({ state: 'visible', timeout: 10_000 });
        const shown = await s.page.locator('[data-testid=import-preview], [data-testid=import-error]').first().innerText();
        assert(fragment.test(shown), `${file}: the message does not name the problem: ${shown.slice(0, 300)}`);
        assert(shown.includes(file), `${file}: the message does not name the file`);
        const confirm = s.page.getByTestId('import-confirm');
        if (await confirm.count()) assert(await confirm.isDisabled(), `${file}: confirm is enabled for a file that cannot load`);
        const cancel = s.page.getByTestId('import-cancel').first();
        if (await cancel.isVisible()) await cancel.click();
        else await s.page.keyboard.press('Escape');
        await s.page.locator('[data-testid=import-preview], [data-testid=import-error]').first().waitFor({ state: 'hidden', timeout: 5_000 });
        assert((await statusText(s)) === before, `${file}: the status changed: "${before}" → "${await statusText(s)}"`);
      }
    }],

    ['after the imports: no console errors and no request left 127.0.0.1', async () => {
      assert(s.consoleErrors.length === 0, `console errors: ${s.consoleErrors.join(' | ')}`);
      assert(s.external.length === 0, `outside requests: ${s.external.join(', ')}`);
    }],
  ];
}
