import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../domain/ledger';
import { diffLedger, importedLedger, parseLedgerFile, serialiseLedgerCsv, serialiseLedgerJson, type LedgerFileResult } from './ledger-file';

const enc = (s: string) => new TextEncoder().encode(s);
const ids = new Set(['A-1', 'A-2', 'A-3', 'B-1']);
const identity = { name: 'ouhai', hash: 'abc123' };
const ledger: LedgerEntry[] = [
  { parcelId: 'A-2', action: '闲置收回', status: '已完成', date: '2022-06-30', note: '依法收回，"无偿"' },
  { parcelId: 'A-1', action: '改造提升', status: '处置中' },
  { parcelId: 'B-1', action: '关停退出', status: '待处置', note: '-先谈判, =SUM(1)' },
];
const ok = (r: LedgerFileResult) => {
  if (!r.ok) throw new Error(r.message.en);
  return r.file;
};

describe('ledger file', () => {
  it('round-trips JSON with its format, version and dataset identity', () => {
    const text = serialiseLedgerJson(ledger, identity, '2026-11-30T00:00:00.000Z');
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(doc['format']).toBe('tenglong-ledger');
    expect(doc['version']).toBe(1);
    const f = ok(parseLedgerFile(enc(text), 'ledger.json', ids));
    expect(f.kind).toBe('json');
    expect(f.dataset).toEqual(identity);
    expect(f.problems).toEqual([]);
    expect(diffLedger(ledger, f.entries)).toEqual({ added: [], changed: [], removed: [], unchanged: 3 });
  });

  it('round-trips CSV (BOM, Chinese headers, quoted and formula-guarded notes)', () => {
    const text = serialiseLedgerCsv(ledger);
    expect(text.startsWith('\uFEFF地块编号,处置方式,状态,日期,备注\r\n')).toBe(true);
    expect(text).toContain(`"'-先谈判, =SUM(1)"`);
    const f = ok(parseLedgerFile(enc(text), 'ledger.csv', ids));
    expect(f.kind).toBe('csv');
    expect(f.entries.find((e) => e.parcelId === 'B-1')?.note).toBe('-先谈判, =SUM(1)');
    expect(f.entries.find((e) => e.parcelId === 'A-2')?.note).toBe('依法收回，"无偿"');
    expect(diffLedger(ledger, f.entries).unchanged).toBe(3);
  });

  it('reads a CSV Excel saved in GBK with slashed dates and English headers', () => {
    const gbk = new Uint8Array([...Buffer.from('parcelId,action,status,date\r\nA-3,', 'latin1'), 0xd5, 0xfb, 0xcc, 0xe5, 0xcc, 0xda, 0xcd, 0xcb, 0x2c, 0xd2, 0xd1, 0xcd, 0xea, 0xb3, 0xc9, ...Buffer.from(',2021/3/5\r\n', 'latin1')]);
    const f = ok(parseLedgerFile(gbk, 'x.csv', ids));
    expect(f.entries).toEqual([{ parcelId: 'A-3', action: '整体腾退', status: '已完成', date: '2021-03-05' }]);
  });

  it('reads the bare array of a dataset sample ledger', () => {
    const f = ok(parseLedgerFile(enc(JSON.stringify([{ parcelId: 'A-1', action: '整体腾退', status: '已完成', date: '2021-03-18' }])), 'ledger.json', ids));
    expect(f.dataset).toBeNull();
    expect(f.entries).toHaveLength(1);
  });

  it('lists unusable entries by problem, unknown parcels and duplicates included, and keeps the rest', () => {
    const raw = [
      { parcelId: 'A-1', action: '整体腾退', status: '已完成' },
      { parcelId: 'ZZ-9', action: '整体腾退', status: '已完成' },
      { parcelId: 'A-2', action: '拆了', status: '已完成' },
      { parcelId: 'A-3', action: '整体腾退', status: '完成了' },
      { parcelId: 'A-1', action: '改造提升', status: '待处置' },
      { parcelId: 'B-1', action: '整体腾退', status: '已完成', date: '2022-02-30' },
      { parcelId: 'A-3', action: '整体腾退', status: '已完成', date: '2099-01-01' },
    ];
    const f = ok(parseLedgerFile(enc(JSON.stringify(raw)), 'l.json', ids));
    expect(f.total).toBe(7);
    expect(f.entries.map((e) => e.parcelId)).toEqual(['A-1', 'A-3']);
    expect(f.entries[0]!.action).toBe('整体腾退');
    expect(f.problems.map((p) => [p.code, p.count])).toEqual([['unknown-parcel', 1], ['unknown-action', 1], ['unknown-status', 1], ['invalid-date', 1], ['duplicate-parcel', 1]]);
    expect(f.problems.find((p) => p.code === 'unknown-parcel')!.message.zh).toContain('ZZ-9');
    expect(f.problems.find((p) => p.code === 'duplicate-parcel')!.message.zh).toContain('A-1');
  });

  it('refuses bad files with a message naming the problem and the fix', () => {
    const msg = (bytes: Uint8Array, name: string) => {
      const r = parseLedgerFile(bytes, name, ids);
      if (r.ok) throw new Error('accepted');
      return r.message;
    };
    expect(msg(enc(''), 'a.json').zh).toMatch(/空文件.*请选择本应用导出的台账文件/);
    expect(msg(enc('{"format":"tenglong-ledger","entries":[{'), 'a.json').en).toMatch(/not valid JSON.*cut short/);
    expect(msg(enc('{"type":"FeatureCollection"}'), 'a.json').zh).toContain('不是处置台账文件');
    expect(msg(enc('{"format":"tenglong-ledger","version":7,"entries":[]}'), 'a.json').zh).toContain('格式版本 7');
    expect(msg(enc('编号,方式\r\nA-1,整体腾退'), 'a.csv').zh).toContain('缺少列：地块编号、处置方式、状态');
    expect(msg(new Uint8Array([0x50, 0x4b, 3, 4]), 'book.xlsx').zh).toContain('另存为 CSV UTF-8');
    expect(msg(new Uint8Array([0xff, 0xff, 0xff]), 'x.bin').en).toContain('not a text file');
  });

  it('diffs per parcel: added, changed, removed; an import replaces or keeps the others', () => {
    const incoming: LedgerEntry[] = [
      { parcelId: 'A-1', action: '改造提升', status: '已完成', date: '2022-01-01' },
      { parcelId: 'A-3', action: '整体腾退', status: '待处置' },
      { parcelId: 'B-1', action: '关停退出', status: '待处置', note: '-先谈判, =SUM(1)' },
    ];
    const d = diffLedger(ledger, incoming);
    expect(d.added.map((e) => e.parcelId)).toEqual(['A-3']);
    expect(d.changed.map((c) => [c.before.status, c.after.status])).toEqual([['处置中', '已完成']]);
    expect(d.removed.map((e) => e.parcelId)).toEqual(['A-2']);
    expect(d.unchanged).toBe(1);
    expect(importedLedger(ledger, incoming, false).map((e) => e.parcelId).sort()).toEqual(['A-1', 'A-3', 'B-1']);
    expect(importedLedger(ledger, incoming, true).map((e) => e.parcelId).sort()).toEqual(['A-1', 'A-2', 'A-3', 'B-1']);
  });
});
