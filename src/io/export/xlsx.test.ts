import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { analysisColumns } from './analysis-table';
import { ouhaiSource, testMeta } from './export.test-helper';
import { exportParcels, writeCsv } from './index';
import { writeXlsx } from './xlsx';
import type { ExportSource } from './model';
import { columnName, MAX_CELL_CHARS, writeWorkbook } from './xlsx-writer';
import { RULE_IDS, STATUS_CODES, renderMessage } from '../../domain/rules/outcome';
import { ruleSetWith } from '../../domain/rule-set';

let source: ExportSource;
beforeAll(async () => { source = (await ouhaiSource()).source; }, 60_000);

/** Shared-string index → text, and a sheet's cells by reference (references filled in as Excel does). */
function readBook(bytes: Uint8Array) {
  const files = unzipSync(bytes);
  const text = (name: string) => strFromU8(files[name]!);
  const strings = [...text('xl/sharedStrings.xml').matchAll(/<si><t xml:space="preserve">(.*?)<\/t><\/si>/gs)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'));
  const sheet = (i: number) => {
    const xml = text(`xl/worksheets/sheet${i}.xml`);
    const cells = new Map<string, { type: string; value: string; style: string }>();
    for (const row of xml.matchAll(/<row r="(\d+)">(.*?)<\/row>/gs)) {
      let col = 0;
      for (const c of row[2]!.matchAll(/<c( r="([A-Z]+)\d+")?( t="(\w+)")?( s="(\d+)")?><v>(.*?)<\/v><\/c>/g)) {
        if (c[2]) col = [...c[2]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
        const type = c[4] ?? 'n';
        cells.set(`${columnName(col)}${row[1]}`, { type, value: type === 's' ? strings[Number(c[7])]! : c[7]!, style: c[6] ?? '0' });
        col++;
      }
    }
    return { xml, cells };
  };
  return { files, text, sheet };
}

describe('Excel export', () => {
  it('lists the parameters changed from the defaults on a sheet of their own, with both values', async () => {
    const ruleSet = ruleSetWith({ lowEfficiency: { taxPerMuBelow: 10 } });
    const file = await exportParcels('xlsx', source, [1, 2], { ...testMeta(), ruleSet });
    const book = readBook(file.bytes);
    expect(book.text('xl/workbook.xml')).toMatch(/<sheet name="汇总" sheetId="2".*<sheet name="规则参数" sheetId="3".*<sheet name="规则明细" sheetId="4"/);
    const sheet = book.sheet(3);
    expect(sheet.cells.get('A2')?.value).toBe('lowEfficiency.taxPerMuBelow');
    expect(sheet.cells.get('B2')?.value).not.toBe('');
    expect([sheet.cells.get('C2')?.value, sheet.cells.get('D2')?.value].map(Number)).toEqual([8, 10]);
    expect(ruleSet.name).toContain('已调整 1 项参数');
  });

  it('has three sheets: parcels with Chinese headers and text codes, totals with the basis, the rule trail', async () => {
    const fids = [5, 1, 2, 3, 40];
    const file = await exportParcels('xlsx', source, fids, testMeta());
    expect(file.fileName).toBe('重点地块_2026-11-30.xlsx');
    const book = readBook(file.bytes);
    expect(book.text('xl/workbook.xml')).toMatch(/<sheet name="地块清单" sheetId="1".*<sheet name="汇总" sheetId="2".*<sheet name="规则明细" sheetId="3"/);
    const s1 = book.sheet(1);
    expect(s1.cells.get('A1')).toEqual({ type: 's', value: '地块编号', style: '1' });
    expect(s1.cells.get('C1')?.value).toBe('统一社会信用代码');
    expect(s1.cells.get('G1')?.value).toBe('计算面积（亩）');
    expect(s1.cells.get('J1')?.value).toBe('亩均税收（万元/亩）');
    // Codes are text cells (t="s"), never numbers, so Excel keeps every digit.
    const p = source.parcels[5]!.attributes;
    expect(s1.cells.get('A2')).toMatchObject({ type: 's', value: p.parcelId });
    const withCode = fids.find((f) => source.parcels[f]!.attributes.creditCode);
    const row = fids.indexOf(withCode!) + 2;
    expect(s1.cells.get(`C${row}`)).toMatchObject({ type: 's', value: source.parcels[withCode!]!.attributes.creditCode });
    expect(Number(s1.cells.get('G2')!.value)).toBeCloseTo(source.run.parcels.at(5)!.areaMu, 9);
    expect(s1.xml).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(s1.xml).toMatch(/<col min="1" max="1" width="16" customWidth="1"\/>/);
    expect([...s1.xml.matchAll(/<row /g)]).toHaveLength(fids.length + 1);

    const s2 = book.sheet(2);
    const values = [...s2.cells.values()].map((c) => c.value);
    expect(values).toContain('2023-12-31');
    expect(values).toContain('abc123');
    expect(values.some((v) => v.includes('瓯海区默认规则'))).toBe(true);
    expect(values).toContain('腾出低效工业用地');
    expect(values).toContain('600');
    expect(s2.cells.get('B3')?.value).toBe(String(fids.length));

    const s3 = book.sheet(3);
    expect(['A1', 'B1', 'C1', 'D1', 'E1', 'F1'].map((r) => s3.cells.get(r)?.value)).toEqual(['地块编号', '规则', '结果', '说明', '说明（英文）', '条款']);
    expect([...s3.xml.matchAll(/<row /g)]).toHaveLength(fids.length * 11 + 1);
    const results = [...s3.cells.entries()].filter(([k]) => k.startsWith('C') && k !== 'C1').map(([, c]) => c.value);
    expect(results.some((r) => r === '数据不足' || r.startsWith('是') || r.startsWith('非') || r.startsWith('可') || r.startsWith('不'))).toBe(true);
    expect(results.join()).not.toMatch(/符合|met/);
    expect(s3.cells.get('F2')?.value).toMatch(/温瓯政发|令|条|§/);
  });

  it('汇总: figures to the end of each target year (截至该年底) beside the dashboard\'s 至今, each to its decimals', async () => {
    const book = readBook((await exportParcels('xlsx', source, [0, 1], testMeta())).bytes);
    const s2 = book.sheet(2);
    const rowOf = (a: string, b: string) => [...s2.cells.entries()].find(([k, c]) => /^B\d+$/.test(k) && c.value === b && s2.cells.get(`A${k.slice(1)}`)?.value === a)![0].slice(1);
    const header = [...s2.cells.entries()].find(([, c]) => c.value === '截至该年底')![0];
    const h = header.slice(1);
    expect(['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((c) => s2.cells.get(`${c}${h}`)?.value)).toEqual(['年度', '指标', '单位', '目标', '截至该年底', '至今', '本名单可腾出']);
    const summary = source.run.summary;
    const p2021 = summary.progress.find((p) => p.year === '2021')!;
    // 腾出用能 to 4 decimals: the 2021 target 0.849 万吨标准煤 is not shown as 0.85.
    const energy = rowOf('2021', '腾出用能');
    expect(s2.cells.get(`D${energy}`)).toEqual({ type: 'n', value: '0.849', style: '5' });
    expect(s2.cells.get(`E${energy}`)?.style).toBe('5');
    expect(Number(s2.cells.get(`E${energy}`)!.value)).toBeCloseTo(p2021.actual.energyFreedWanTce, 12);
    expect(Number(s2.cells.get(`F${energy}`)!.value)).toBeCloseTo(summary.energyFreedInPlanTce / 10000, 12);
    expect(s2.cells.get(`D${rowOf('2023', '减碳')}`)?.style).toBe('5');
    // Counts without decimals.
    const closed = rowOf('2023', '淘汰落后产能企业');
    expect([s2.cells.get(`D${closed}`)?.style, s2.cells.get(`F${closed}`)?.style]).toEqual(['2', '2']);
    expect(Number(s2.cells.get(`F${closed}`)!.value)).toBe(summary.closedInPlanEnterprises);
    expect(Number(s2.cells.get(`F${rowOf('2021', '腾出低效工业用地')}`)!.value)).toBeCloseTo(summary.achievedInPlanMu, 9);
    // A ratio has no year-end figure: its 现状 is the 至今 one.
    const tax = rowOf('2021', '规上工业亩均税收');
    expect(s2.cells.get(`E${tax}`)).toBeUndefined();
    expect(Number(s2.cells.get(`F${tax}`)!.value)).toBeCloseTo(p2021.actual.taxPerMu!, 9);
  });

  it('gives each rule\'s reason in English beside the Chinese in the rule trail', async () => {
    const book = readBook((await exportParcels('xlsx', source, [5], testMeta())).bytes);
    const s3 = book.sheet(3);
    const row = [...s3.cells.entries()].find(([k, c]) => /^B\d+$/.test(k) && c.value === '低效企业')![0].slice(1);
    const o = source.run.outcomesOf(5)['low-efficiency'];
    expect([s3.cells.get(`D${row}`)?.value, s3.cells.get(`E${row}`)?.value, s3.cells.get(`F${row}`)?.value]).toEqual([renderMessage(o, 'zh'), renderMessage(o, 'en'), o.clause]);
  });

  it('continues the rule trail on another sheet before Excel\'s last row, a parcel never split', async () => {
    const fids = [0, 1, 2, 3, 4];
    const bytes = writeXlsx(source, fids, testMeta(), { maxTrailRows: 25 }); // 2 parcels (22 rows) a sheet
    const book = readBook(bytes);
    expect(book.text('xl/workbook.xml')).toMatch(/<sheet name="规则明细" sheetId="3".*<sheet name="规则明细 2" sheetId="4".*<sheet name="规则明细 3" sheetId="5"/);
    const rows = (i: number) => [...book.sheet(i).xml.matchAll(/<row /g)].length;
    expect([rows(3), rows(4), rows(5)]).toEqual([23, 23, 12]);
    expect(book.sheet(4).cells.get('A1')?.value).toBe('地块编号');
    expect(book.sheet(4).cells.get('A2')?.value).toBe(source.parcels[2]!.attributes.parcelId);
  });

  it('keeps land already freed out of 可腾出面积: it is 已腾出面积', async () => {
    const freed = source.parcels.findIndex((_, f) => source.run.parcels.at(f)!.reclaimKind === 'achieved');
    const open = source.parcels.findIndex((_, f) => { const k = source.run.parcels.at(f)!.reclaimKind; return k !== null && k !== 'achieved'; });
    expect(freed).toBeGreaterThanOrEqual(0);
    expect(open).toBeGreaterThanOrEqual(0);
    const s1 = readBook((await exportParcels('xlsx', source, [freed, open], testMeta())).bytes).sheet(1);
    const col = (header: string) => columnName([...s1.cells.entries()].filter(([k]) => /^[A-Z]+1$/.test(k)).map(([, c]) => c.value).indexOf(header));
    const [can, did] = [col('可腾出面积（亩）'), col('已腾出面积（亩）')];
    expect(s1.cells.get(`${can}2`)).toBeUndefined();
    expect(Number(s1.cells.get(`${did}2`)!.value)).toBeCloseTo(source.run.parcels.at(freed)!.reclaimableMu, 9);
    expect(Number(s1.cells.get(`${can}3`)!.value)).toBeCloseTo(source.run.parcels.at(open)!.reclaimableMu, 9);
    expect(s1.cells.get(`${did}3`)).toBeUndefined();
  });

  it('names what a rule lacked in words in the rule trail, never field keys (tax, layer:buildings)', async () => {
    const R = RULE_IDS.length;
    const lacks = (f: number) => RULE_IDS.some((_, r) => STATUS_CODES[source.run.ruleStatus[f * R + r]!] === 'unknown');
    const fids = source.parcels.map((_, f) => f).filter(lacks).slice(0, 20);
    expect(fids.length).toBeGreaterThan(0);
    const book = readBook((await exportParcels('xlsx', source, fids, testMeta())).bytes);
    const reasons = [...book.sheet(3).cells.entries()].filter(([k]) => /^D\d+$/.test(k) && k !== 'D1').map(([, c]) => c.value);
    const missing = reasons.filter((r) => r.startsWith('缺少数据'));
    expect(missing.length).toBeGreaterThan(0);
    for (const r of missing) expect(r).not.toMatch(/[A-Za-z]/);
  });

  it('CSV: the CLI columns, BOM and CRLF, named after the list', async () => {
    const meta = testMeta('名单 A');
    const file = await exportParcels('csv', source, [0, 1, 2], meta);
    expect(file.fileName).toBe('名单 A_2026-11-30.csv');
    expect([...file.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(file.bytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe(analysisColumns().join(','));
    expect(lines).toHaveLength(5);
    expect(file.bytes).toEqual(writeCsv(source, [0, 1, 2], meta));
    // Each row says what it was computed at and on.
    const last = lines[1]!.split(',').slice(-4);
    expect(last).toEqual([meta.evaluationDate, 'default', meta.dataset.name, meta.dataset.hash]);
  });

  it('leaves out fids that are not parcels, and duplicates', async () => {
    const file = await exportParcels('csv', source, [0, 0, -1, 1.5, 1e9, 1], testMeta());
    expect(new TextDecoder().decode(file.bytes).split('\r\n')).toHaveLength(4);
  });
});

describe('the workbook writer', () => {
  it('cuts text over Excel\'s 32,767 characters a cell (ending in …, never half a character)', () => {
    const long = `${'a'.repeat(MAX_CELL_CHARS - 2)}𠮷${'b'.repeat(100)}`;
    const bytes = writeWorkbook([{ name: 'S', rows: [[{ text: long }], [{ text: '短' }]] }]);
    const sst = strFromU8(unzipSync(bytes)['xl/sharedStrings.xml']!);
    const cells = [...sst.matchAll(/<t xml:space="preserve">([^<]*)<\/t>/g)].map((m) => m[1]!);
    expect(cells[0]!.length).toBeLessThanOrEqual(MAX_CELL_CHARS);
    expect(cells[0]!.endsWith('a…')).toBe(true); // the astral character straddling the limit is left out whole
    expect(cells[1]).toBe('短');
  });
});
