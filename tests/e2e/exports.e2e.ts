/**
 * Browser tests of the exports journey (issue 9): build a shortlist from a filter (set through the
 * store) and a shift-click on the map, download every format and check each file's bytes, and print
 * the report page to PDF through Chromium.
 */
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { assert, type Session, type TestFn } from './harness';
import { EXCEL_NUMBER_LIKE } from '../../src/io/export/csv';

interface StoreState {
  analysis: { townNames: string[] } | null;
  dataset: { parcels: { attributes: { parcelId: string } }[]; parcelBounds: Float64Array } | null;
  filterMask: Uint8Array | null;
  shortlists: { name: string; fids: number[] }[];
  activeShortlistId: string | null;
  setFilter(spec: { towns?: string[] }): void;
  focusParcel(fid: number): void;
}
type Win = Window & { __map?: MapLibreMap; __store?: { getState(): StoreState } };

const activeFids = (s: Session) => s.page.evaluate(() => {
  const st = (window as Win).__store!.getState();
  return st.shortlists.find((l) => l.id === (st as unknown as { activeShortlistId: string }).activeShortlistId)?.fids ?? [];
});

export function exportsTests(s: Session, baseUrl: string, measured: Record<string, unknown>): [string, TestFn][] {
  let listed: number[] = [];
  let shiftFid = -1;
  const download = async (testid: string): Promise<{ name: string; bytes: Uint8Array }> => {
    const [d] = await Promise.all([s.page.waitForEvent('download', { timeout: 60_000 }), s.page.getByTestId(testid).click()]);
    const path = await d.path();
    return { name: d.suggestedFilename(), bytes: new Uint8Array(await readFile(path)) };
  };

  return [
    ['a shortlist from a filter: shortlist-add adds the filtered parcels, the totals follow', async () => {
      await s.page.goto(`${baseUrl}?e2e=1`);
      await s.page.locator('[data-testid=analysis-status][data-state=ready]').waitFor({ timeout: 60_000 });
      await s.page.waitForFunction(() => (window as Win).__map?.loaded() === true && performance.getEntriesByName('tenglong:data-shown').length > 0, undefined, { timeout: 30_000 });
      const town = await s.page.evaluate(() => (window as Win).__store!.getState().analysis!.townNames[0]!);
      await s.page.evaluate((t) => (window as Win).__store!.getState().setFilter({ towns: [t] }), town);
      await s.page.waitForFunction(() => (window as Win).__store!.getState().filterMask !== null, undefined, { timeout: 10_000 });
      const inFilter = await s.page.evaluate(() => [...(window as Win).__store!.getState().filterMask!].flatMap((v, i) => (v ? [i] : [])));
      assert(inFilter.length > 5, `the filter on ${town} holds only ${inFilter.length} parcels`);
      await s.page.getByTestId('tab-shortlist').click();
      // Before any list exists every export hook is there, and disabled.
      for (const f of ['xlsx', 'csv', 'geojson', 'fgb', 'shp', 'report']) {
        assert(await s.page.getByTestId(`export-${f}`).isDisabled(), `export-${f} is missing or enabled with no list`);
      }
      await s.page.getByTestId('shortlist-add').click();
      await s.page.locator(`[data-testid=shortlist-totals][data-count="${inFilter.length}"]`).waitFor({ timeout: 5000 });
      assert(await s.page.getByTestId('export-xlsx').isEnabled(), 'export-xlsx stays disabled with a list');
      listed = await activeFids(s);
      assert(JSON.stringify(listed) === JSON.stringify(inFilter), 'the list is not the filtered set');
      const totals = await s.page.getByTestId('shortlist-totals').innerText();
      assert(/^[\d,]+ 宗 · [\d,.]+ 亩 · 登记税收 [\d,.]+ 万元 · 可腾出 [\d,.]+ 亩$/.test(totals.trim()), `totals "${totals}"`);
      const rows = await s.page.getByTestId('shortlist-row').count();
      assert(rows === Math.min(300, inFilter.length), `${rows} rows shown for ${inFilter.length}`);
    }],

    ['shift-click on the map adds that parcel to the list', async () => {
      const mask = await s.page.evaluate(() => [...(window as Win).__store!.getState().filterMask!]);
      const candidates = mask.flatMap((v, i) => (v ? [] : [i])).slice(0, 40);
      for (const fid of candidates) {
        await s.page.evaluate((f) => (window as Win).__store!.getState().focusParcel(f), fid);
        await s.page.waitForFunction(() => { const m = (window as Win).__map!; return !m.isMoving() && m.loaded() && m.areTilesLoaded(); }, undefined, { timeout: 20_000 });
        await s.page.waitForTimeout(300);
        const point = await s.page.evaluate((f) => {
          const m = (window as Win).__map!;
          const b = (window as Win).__store!.getState().dataset!.parcelBounds;
          const p = m.project([(b[4 * f]! + b[4 * f + 2]!) / 2, (b[4 * f + 1]! + b[4 * f + 3]!) / 2]);
          const hit = m.queryRenderedFeatures(p, { layers: ['parcels-fill'] })[0];
          const r = m.getCanvas().getBoundingClientRect();
          return hit?.id === f ? { x: r.left + p.x, y: r.top + p.y } : null;
        }, fid);
        if (!point) continue;
        await s.page.keyboard.down('Shift');
        await s.page.mouse.click(point.x, point.y);
        await s.page.keyboard.up('Shift');
        shiftFid = fid;
        break;
      }
      assert(shiftFid >= 0, 'no parcel outside the filter could be hit on the map');
      await s.page.locator(`[data-testid=shortlist-totals][data-count="${listed.length + 1}"]`).waitFor({ timeout: 5000 });
      const fids = await activeFids(s);
      assert(fids.at(-1) === shiftFid, `shift-click added ${String(fids.at(-1))}, not ${shiftFid}`);
      listed = fids;
    }],

    ['the card adds and removes its parcel (加入名单 / 移出名单); 撤销 and 清空名单 undo and empty; 在地图上显示 filters to the list', async () => {
      const fid = listed.at(-1)!;
      await s.page.evaluate((f) => (window as Win).__store!.getState().selectParcel(f), fid);
      const toggle = s.page.getByTestId('card-shortlist');
      await toggle.waitFor({ timeout: 10_000 });
      assert((await toggle.getAttribute('aria-pressed')) === 'true', 'the card does not show its parcel as in the list');
      await toggle.click();
      await s.page.waitForFunction((n) => (window as Win).__store!.getState().shortlists.find((l) => l.id === (window as Win).__store!.getState().activeShortlistId)!.fids.length === n, listed.length - 1, { timeout: 5000 });
      assert((await toggle.getAttribute('aria-pressed')) === 'false', 'the toggle did not follow');
      await toggle.click();
      await s.page.waitForFunction((n) => (window as Win).__store!.getState().shortlists.find((l) => l.id === (window as Win).__store!.getState().activeShortlistId)!.fids.length === n, listed.length, { timeout: 5000 });
      await s.page.keyboard.press('Escape');
      await s.page.getByTestId('shortlist-clear').click();
      await s.page.waitForFunction(() => (window as Win).__store!.getState().shortlists.find((l) => l.id === (window as Win).__store!.getState().activeShortlistId)!.fids.length === 0, undefined, { timeout: 5000 });
      // Said in the panel's status line (a live region), with its undo.
      const said = (await s.page.getByTestId('shortlist-said').textContent()) ?? '';
      assert(said.includes('已清空') && said.includes('撤销'), `the status line says "${said}" after 清空名单`);
      await s.page.getByTestId('shortlist-undo').click();
      const back = await activeFids(s);
      assert(JSON.stringify(back.slice().sort((a, b) => a - b)) === JSON.stringify(listed.slice().sort((a, b) => a - b)), `撤销 gave back ${back.length} parcels, not the ${listed.length} listed`);
      const before = await s.page.evaluate(() => JSON.stringify((window as Win).__store!.getState().filter));
      await s.page.getByTestId('shortlist-show').click();
      const filtered = () => s.page.evaluate(() => { const m = (window as Win).__store!.getState().filterMask; let n = 0; for (const v of m ?? []) n += v; return n; });
      await s.page.waitForFunction((n) => { const m = (window as Win).__store!.getState().filterMask; let c = 0; for (const v of m ?? []) c += v; return c === n; }, listed.length, { timeout: 5000 })
        .catch(async () => assert(false, `在地图上显示 filtered to ${await filtered()} parcels, the list holds ${listed.length}`));
      await s.page.evaluate((f) => (window as Win).__store!.getState().setFilter(JSON.parse(f)), before);
    }],
    ['every export downloads a file named after the list with the right bytes', async () => {
      const ids = await s.page.evaluate((f) => f.map((i) => (window as Win).__store!.getState().dataset!.parcels[i]!.attributes.parcelId), listed);
      const t0 = Date.now();
      const xlsx = await download('export-xlsx');
      measured.exportXlsxMs = Date.now() - t0;
      assert(/^名单 1_\d{4}-\d{2}-\d{2}\.xlsx$/.test(xlsx.name), `xlsx named ${xlsx.name}`);
      const book = unzipSync(xlsx.bytes);
      const workbook = strFromU8(book['xl/workbook.xml']!);
      assert(workbook.includes('name="地块清单"') && workbook.includes('name="汇总"') && workbook.includes('name="规则明细"'), 'three sheets');
      assert(strFromU8(book['xl/sharedStrings.xml']!).includes(ids[0]!), 'the first parcel code is a text cell');

      const csv = await download('export-csv');
      assert(csv.bytes[0] === 0xef && csv.bytes[1] === 0xbb && csv.bytes[2] === 0xbf, 'CSV has a UTF-8 BOM');
      const csvText = new TextDecoder().decode(csv.bytes);
      assert(csvText.startsWith('地块编号,企业名称,统一社会信用代码') && csvText.split('\r\n').length === listed.length + 2, `CSV header and CRLF rows: ${csvText.slice(0, 80)}`);
      assert(csvText.split('\r\n')[0]!.includes('低效企业：说明'), 'the CSV gives each rule\'s reason');
      const [csvHeader, csvFirst] = csvText.split('\r\n') as [string, string];
      assert(csvHeader.includes('低效企业：说明（英文）'), 'the CSV gives each rule\'s reason in English too');
      // Codes Excel would read as numbers or dates as ="…" (every digit kept), others plain; every row says when,
      // by which rules and on which data.
      const firstId = ids[0]!;
      const asExcelKeepsIt = EXCEL_NUMBER_LIKE.test(firstId) ? `"=""${firstId}"""` : firstId;
      assert(csvFirst.startsWith(`${asExcelKeepsIt},`), `the CSV's first code is not written as Excel keeps it (${asExcelKeepsIt}): ${csvFirst.slice(0, 40)}`);
      assert(csvHeader.endsWith('评价日期,规则集,规则集标识,数据集,数据集标识（SHA-256）'), 'the CSV carries its provenance columns');
      assert(csvFirst.includes('（示例数据）'), 'the CSV says the data is synthetic');

      const geo = await download('export-geojson');
      const doc = JSON.parse(new TextDecoder().decode(geo.bytes)) as { features: { properties: { parcelId: string } & Record<string, unknown> }[]; tenglong: { evaluationDate: string; dataset: { hash: string }; clauses: Record<string, string> } };
      assert(doc.features.length === listed.length, `GeoJSON has ${doc.features.length} features`);
      assert(doc.features[0]!.properties.parcelId === ids[0], 'GeoJSON keeps the list order');
      const props = doc.features[0]!.properties;
      assert(typeof props['low-efficiency.message.zh'] === 'string' && typeof props['low-efficiency.message.en'] === 'string', 'GeoJSON carries each rule\'s reason in Chinese and English');
      assert(doc.tenglong.clauses['low-efficiency'] === '§三(一)2', 'GeoJSON\'s metadata names each rule\'s clause');
      assert(/^\d{4}-\d{2}-\d{2}$/.test(doc.tenglong.evaluationDate) && doc.tenglong.dataset.hash.length > 10, 'GeoJSON carries the date and the dataset identity');

      const fgb = await download('export-fgb');
      assert([...fgb.bytes.slice(0, 4)].join() === '102,103,98,3', 'FlatGeobuf magic bytes');

      await s.page.getByTestId('export-encoding').selectOption('gbk');
      const shp = await download('export-shp');
      assert(shp.name.endsWith('.zip'), `shapefile named ${shp.name}`);
      const parts = unzipSync(shp.bytes);
      const names = Object.keys(parts);
      for (const ext of ['.shp', '.shx', '.dbf', '.prj', '.cpg', '.shp.xml']) assert(names.some((n) => n.endsWith(ext)), `zip lacks ${ext}: ${names.join(', ')}`);
      const cpg = strFromU8(parts[names.find((n) => n.endsWith('.cpg'))!]!);
      assert(cpg === '936', `GBK .cpg says ${cpg}`);
      const dbf = parts[names.find((n) => n.endsWith('.dbf'))!]!;
      assert(new DataView(dbf.buffer, dbf.byteOffset).getUint32(4, true) === listed.length, 'DBF record count');
      await s.page.locator('[data-testid=export-status][data-state=done]').waitFor();
    }],

    ['the lists export to a file and import back (导出名单 / 导入名单), parcels the data lacks named', async () => {
      const before = await activeFids(s);
      assert(before.length > 0, 'no list to export');
      const file = await download('shortlist-file-export');
      assert(file.name.endsWith('.json'), `the lists file is named ${file.name}`);
      const doc = JSON.parse(new TextDecoder().decode(file.bytes)) as { lists: { name: string; parcelIds: string[] }[] };
      // Imported back as a list with one id the data lacks: the same parcels, the stranger named.
      doc.lists = [{ name: '转来的名单', parcelIds: [...doc.lists[0]!.parcelIds, 'NO-SUCH-PARCEL'] }];
      await s.page.getByTestId('shortlist-file-import').setInputFiles({ name: 'lists.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
      await s.page.waitForFunction(() => (document.querySelector('[data-testid=shortlist-file-message]')?.textContent ?? '') !== '', undefined, { timeout: 10_000 });
      const message = await s.page.getByTestId('shortlist-file-message').innerText();
      assert(message.includes('导入 1 个名单') && message.includes('NO-SUCH-PARCEL'), `the import says "${message}"`);
      assert(JSON.stringify(await activeFids(s)) === JSON.stringify(before), 'the imported list does not hold the exported parcels in order');
      assert((await s.page.getByTestId('shortlist-name').inputValue()) === '转来的名单', 'the imported list is not the active one');
      // Undone, the lists are as before.
      await s.page.getByTestId('shortlist-undo').click();
      assert(JSON.stringify(await activeFids(s)) === JSON.stringify(before), 'undo did not take the import back');
    }],

    ['the report page prints to a landscape PDF with the map, totals and table', async () => {
      await s.page.getByTestId('export-report').click();
      await s.page.locator('[data-testid=report][data-map=ready]').waitFor({ timeout: 15_000 });
      const rows = await s.page.getByTestId('report-row').count();
      assert(rows === Math.min(3000, listed.length), `${rows} report rows for a list of ${listed.length}`);
      const text = await s.page.getByTestId('report').innerText();
      assert(text.includes('示例数据'), 'the report says the data is synthetic');
      const img = await s.page.locator('[data-testid=report] .rp-map img').evaluate((i: HTMLImageElement) => ({ w: i.naturalWidth, src: i.src.length }));
      assert(img.w > 100 && img.src > 5000, `map image ${img.w}px, ${img.src} chars`);
      await s.page.emulateMedia({ media: 'print' });
      const hidden = await s.page.evaluate(() => getComputedStyle(document.getElementById('root')!).display);
      assert(hidden === 'none', `the app behind the report prints (display ${hidden})`);
      const pdf = await s.page.pdf({ format: 'A4', landscape: true, preferCSSPageSize: true, printBackground: true });
      await s.page.emulateMedia({ media: 'screen' });
      assert(new TextDecoder().decode(pdf.slice(0, 5)) === '%PDF-', 'a PDF');
      measured.reportPdfBytes = pdf.length;
      assert(pdf.length > 50_000, `PDF of ${pdf.length} bytes has no map image`);
      // Modal: the page behind is inert; Esc closes it and focus goes back to the button that opened it.
      assert(await s.page.evaluate(() => document.getElementById('root')!.hasAttribute('inert')), 'the page behind the report is not inert');
      await s.page.getByTestId('report-paper').focus();
      await s.page.keyboard.press('Escape');
      await s.page.getByTestId('report').waitFor({ state: 'detached', timeout: 5_000 });
      await s.page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'export-report', undefined, { timeout: 5_000 });
      await s.page.getByTestId('export-report').click();
      await s.page.getByTestId('report').waitFor();
      await s.page.getByTestId('report-close').click();
      assert(await s.page.getByTestId('report').count() === 0, 'the report closes');
    }],
  ];
}
