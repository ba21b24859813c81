import { describe, expect, it } from 'vitest';
import { checkLedger } from './ledger-check';

const ids = new Set(['P1', 'P2']);
const ok = { parcelId: 'P1', action: '整体腾退', status: '已完成', date: '2021-05-01', note: '连片改造' };

describe('checkLedger', () => {
  it('keeps good entries, rebuilt with only the known fields, and reports nothing', () => {
    const r = checkLedger([{ ...ok, extra: 1 }, { parcelId: 'P2', action: '改造提升', status: '待处置', date: null, note: null }], ids, '2023-12-31');
    expect(r.problems).toEqual([]);
    expect(r.valid).toEqual([ok, { parcelId: 'P2', action: '改造提升', status: '待处置' }]);
  });

  it('reports each kind of bad entry once, with its count and the first examples, and leaves it out', () => {
    const r = checkLedger([
      null, 42, ['P1'],
      { ...ok, parcelId: 1 },
      { ...ok, parcelId: 'P9' }, { ...ok, parcelId: 'P8' },
      { ...ok, action: '拆除' },
      { ...ok, status: 'done' },
      { ...ok, date: '2021-02-30' }, { ...ok, date: '2021/05/01' }, { ...ok, date: 20210501 },
      { ...ok, date: '2099-01-01' },
      { ...ok, note: { text: 'x' } },
      ok,
    ], ids, '2023-12-31');
    expect(r.valid).toEqual([ok]);
    const byCode = Object.fromEntries(r.problems.map((p) => [p.code, p]));
    expect(r.problems.map((p) => [p.code, p.count])).toEqual([
      ['not-an-entry', 3], ['parcel-id-type', 1], ['unknown-parcel', 2], ['unknown-action', 1], ['unknown-status', 1],
      ['invalid-date', 3], ['future-date', 1], ['note-type', 1],
    ]);
    expect(byCode['not-an-entry']!.examples).toEqual([{ index: 0, value: 'null' }, { index: 1, value: '42' }, { index: 2, value: '["P1"]' }]);
    expect(byCode['not-an-entry']!.message.en).toBe('3 ledger entries are not objects {parcelId, action, status, date, note}; left out (e.g. #1: null; #2: 42; #3: ["P1"]).');
    expect(byCode['unknown-parcel']!.message.en).toContain('#5: "P9"; #6: "P8"');
    expect(byCode['unknown-action']!.message.en).toMatch(/^1 ledger entry has an action that is not one of 关停退出 .*#7 \(P1\): "拆除"/);
    expect(byCode['invalid-date']!.message.zh).toContain('3 条台账记录的 date 不是 YYYY-MM-DD 格式的真实日期');
    expect(byCode['future-date']!.message.en).toContain('after the evaluation date 2023-12-31');
    for (const p of r.problems) expect(p.message.zh.length).toBeGreaterThan(10);
  });

  it('an entry dated on the evaluation date counts; the day after does not (a 2099 completion is not achieved today)', () => {
    const r = checkLedger([{ ...ok, date: '2023-12-31' }, { ...ok, date: '2024-01-01' }], ids, '2023-12-31');
    expect(r.valid).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'future-date', count: 1, examples: [{ index: 1, parcelId: 'P1', value: '"2024-01-01"' }] });
  });

  it('a pending action dated after the evaluation date is a plan and stays', () => {
    const r = checkLedger([{ ...ok, status: '处置中', date: '2024-06-30' }, { ...ok, status: '待处置', date: '2025-01-01' }], ids, '2023-12-31');
    expect(r.valid).toHaveLength(2);
    expect(r.problems).toEqual([]);
  });

  it('a ledger that is not an array is one problem and no entries', () => {
    for (const bad of [null, {}, 'x', undefined]) {
      const r = checkLedger(bad, ids, '2023-12-31');
      expect(r.valid).toEqual([]);
      expect(r.problems.map((p) => p.code)).toEqual(['not-a-list']);
    }
  });

  it('never throws on hostile values', () => {
    const proto = JSON.parse('{"__proto__": {"parcelId": "P1"}, "action": "整体腾退", "status": "已完成"}') as unknown;
    const long = { ...ok, action: 'x'.repeat(10_000) };
    const r = checkLedger([proto, long, Object.create(null) as unknown], ids, '2023-12-31');
    expect(r.valid).toEqual([]);
    expect(r.problems.find((p) => p.code === 'unknown-action')!.examples[0]!.value.length).toBeLessThanOrEqual(40);
  });
});
