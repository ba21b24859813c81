import { beforeAll, describe, expect, it } from 'vitest';
import { ouhaiSource, testMeta } from './export/export.test-helper';
import { exportParcels } from './export/index';
import type { ExportSource } from './export/model';
import { encodeGbk } from './formats/shapefile/gbk-encode';
import { keepsImportedList, parseShortlistsFile, serialiseShortlists } from './shortlist-file';

const bytes = (s: string) => new TextEncoder().encode(s);
const failText = (r: ReturnType<typeof parseShortlistsFile>) => (r.ok ? '' : `${r.message.zh} | ${r.message.en}`);

describe('parcel lists as a file', () => {
  let source: ExportSource;
  beforeAll(async () => {
    source = (await ouhaiSource()).source;
  }, 60_000);

  it('reads back what it writes: every list, its name and its parcels in order, and the dataset it was made on', () => {
    const lists = [{ name: '娄桥 低效', parcelIds: ['330304005-0003', '330304005-0001'] }, { name: 'empty', parcelIds: [] }, { name: '"quoted", <b>', parcelIds: ['A,1'] }];
    const text = serialiseShortlists(lists, { name: 'ouhai', hash: 'abc' }, '2026-12-03T00:00:00Z');
    const r = parseShortlistsFile(bytes(text), 'lists.json');
    expect(r).toEqual({ ok: true, lists, dataset: { name: 'ouhai', hash: 'abc' } });
  });

  it('reads the app\'s people\'s CSV (BOM, formula guard) as one list named after the file, and a GBK CSV from Excel', async () => {
    const fids = [0, 5, 9, 5];
    const file = await exportParcels('csv', source, fids, testMeta(), { csv: 'people' });
    const r = parseShortlistsFile(file.bytes, '娄桥名单-2026-12-03.csv');
    const want = [...new Set(fids)].map((f) => source.parcels[f]!.attributes.parcelId);
    expect(r).toEqual({ ok: true, lists: [{ name: '娄桥名单-2026-12-03', parcelIds: want }], dataset: null });
    const gbk = encodeGbk('序号,宗地编号,企业\r\n1,330304005-0003,温州某某公司\r\n2,"330304005-0010",另一家\r\n');
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...'地块编号\r\nA-1\r\n'].map((c) => c.charCodeAt(0))).buffer)]);
    expect(parseShortlistsFile(utf16, 'unicode.csv')).toMatchObject({ ok: true, lists: [{ parcelIds: ['A-1'] }] });
    const g = parseShortlistsFile(gbk, '转来的.csv');
    expect(g.ok && g.lists[0]!.parcelIds).toEqual(['330304005-0003', '330304005-0010']);
  });

  it('reads codes the people\'s CSV wrote as ="…" (kept text in Excel) back as plain ids', () => {
    const csv = '\uFEFF地块编号,企业名称\r\n"=""913303041234567890""",甲\r\n"=""0330304005-0003""",乙\r\n';
    expect(parseShortlistsFile(bytes(csv), 'x.csv')).toMatchObject({ ok: true, lists: [{ parcelIds: ['913303041234567890', '0330304005-0003'] }] });
  });

  it('imports a list saved empty as an empty list, and leaves out one none of whose parcels the data holds', () => {
    const text = serialiseShortlists([{ name: '待补充', parcelIds: [] }], null, '2026-12-03T00:00:00Z');
    expect(parseShortlistsFile(bytes(text), 'lists.json')).toMatchObject({ ok: true, lists: [{ name: '待补充', parcelIds: [] }] });
    expect(keepsImportedList(0, 0)).toBe(true);
    expect(keepsImportedList(3, 1)).toBe(true);
    expect(keepsImportedList(3, 0)).toBe(false);
  });

  it('names the problem and the fix for files it cannot use', () => {
    expect(failText(parseShortlistsFile(bytes('{"format":"tenglong-shortlists","lists":'), 'cut.json'))).toMatch(/不是有效的 JSON.*导出名单/);
    expect(failText(parseShortlistsFile(bytes('{"format":"tenglong-ledger","entries":[]}'), 'ledger.json'))).toMatch(/不是名单文件/);
    expect(failText(parseShortlistsFile(bytes('{"format":"tenglong-shortlists","version":9,"lists":[]}'), 'new.json'))).toMatch(/版本 9/);
    expect(failText(parseShortlistsFile(bytes('企业,面积\r\nA,1\r\n'), 'x.csv'))).toMatch(/没有“地块编号”列/);
    const many = JSON.stringify({ format: 'tenglong-shortlists', version: 1, lists: Array.from({ length: 501 }, () => ({ name: 'x', parcelIds: ['A'] })) });
    expect(failText(parseShortlistsFile(bytes(many), 'many.json'))).toMatch(/501 个名单.*500/);
    expect(failText(parseShortlistsFile(new Uint8Array([0x50, 0x4b, 3, 4]), 'list.xlsx'))).toMatch(/另存为 CSV/);
    expect(failText(parseShortlistsFile(new Uint8Array([0x80, 0xff, 0xfe, 0xfd]), 'bin.csv'))).toMatch(/不是文本文件/);
  });
});
