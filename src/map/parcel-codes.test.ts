import { describe, expect, it } from 'vitest';
import { bandOf, POLICY_UNKNOWN_CODE, RECLAIM_CATEGORIES, taxPerMuBand, VALUE_PER_MU_BREAKS } from './bands';
import { STATUS_CODES } from '../domain/rules/outcome';
import type { LedgerEntry } from '../domain/ledger';
import { CODE_PROPERTY, countCodes, codeCounts, disposalCodes, packCodes, packedCodes, parcelTileProps, policyCode, reclaimCode, unpackCode } from './parcel-codes';
import { fakeColumns, setRule } from './test-columns.test-helper';
import { RECLAIM_KINDS } from '../worker/protocol';

const code = (key: (typeof RECLAIM_CATEGORIES)[number]['key']) => RECLAIM_CATEGORIES.find((c) => c.key === key)!.code;

describe('reclaim codes', () => {
  it('shows freed land first, then idle land by stage, then the other kinds, and data gaps as unknown', () => {
    const c = fakeColumns(9);
    const kind = (fid: number, k: (typeof RECLAIM_KINDS)[number]) => (c.reclaimKind[fid] = RECLAIM_KINDS.indexOf(k));
    kind(0, 'achieved');
    c.idleStage[0] = 2; // freed land that was idle: freed
    kind(1, 'idle');
    c.idleStage[1] = 2;
    kind(2, 'idle');
    c.idleStage[2] = 1;
    kind(3, 'idle');
    c.idleStage[3] = 3;
    kind(4, 'low-efficiency');
    c.idleStage[4] = 1; // idle AND low-efficiency: shown as idle, never as anything milder
    kind(5, 'd-class');
    kind(6, 'under-used');
    setRule(c, 7, 'idle', 'unknown'); // nothing to free known, but idleness unknown: not "nothing"
    expect(Array.from({ length: 9 }, (_, fid) => reclaimCode(c, fid))).toEqual([
      code('achieved'), code('idle-2'), code('idle-1'), code('idle-negotiated'), code('idle-1'), code('d-class'), code('under-used'), code('unknown'), code('none'),
    ]);
    kind(8, 'low-efficiency');
    expect(reclaimCode(c, 8)).toBe(code('low-efficiency'));
  });
});

describe('policy codes', () => {
  it('sets one bit per policy the parcel may use, unknown only when none is known', () => {
    const c = fakeColumns(5);
    setRule(c, 1, 'land-price', 'met');
    setRule(c, 2, 'floor-area', 'met');
    setRule(c, 2, 'dormitory', 'met');
    setRule(c, 3, 'dormitory', 'unknown');
    setRule(c, 4, 'land-price', 'met');
    setRule(c, 4, 'floor-area', 'unknown');
    expect([0, 1, 2, 3, 4].map((fid) => policyCode(c, fid))).toEqual([0, 1, 6, POLICY_UNKNOWN_CODE, 1]);
  });
});

describe('disposal codes', () => {
  it('maps ledger entries to fids by parcel id, under way before to do before done', () => {
    const ids = ['A', 'B', 'C', 'D'];
    const codes = disposalCodes(ids, [
      { parcelId: 'A', action: '关停退出', status: '已完成', date: '2022-01-01' },
      { parcelId: 'B', action: '关停退出', status: '已完成' },
      { parcelId: 'B', action: '改造提升', status: '待处置' },
      { parcelId: 'C', action: '整体腾退', status: '待处置' },
      { parcelId: 'C', action: '整体腾退', status: '处置中' },
      { parcelId: 'Z', action: '整体腾退', status: '处置中' },
    ]);
    expect(Array.from(codes)).toEqual([3, 1, 2, 0]);
    expect(Array.from(disposalCodes(ids, null))).toEqual([0, 0, 0, 0]);
  });

  it('give a parcel id held twice to the last such parcel, as a map of every id did', () => {
    const statuses = ['待处置', '处置中', '已完成'] as const;
    const ids = Array.from({ length: 400 }, (_, i) => `P${(i * 7) % 300}`);
    const ledger = Array.from({ length: 250 }, (_, i) => ({ parcelId: `P${(i * 13) % 330}`, action: '关停退出', status: statuses[(i * 5) % 3]! }) as const);
    // The former form: a map from every parcel id to its (last) fid, then the ledger entries by rank.
    const rank = [0, 2, 3, 1];
    const want = new Int8Array(ids.length);
    const fidOf = new Map(ids.map((id, fid) => [id, fid]));
    for (const e of ledger) {
      const fid = fidOf.get(e.parcelId);
      const code = { 待处置: 1, 处置中: 2, 已完成: 3 }[e.status];
      if (fid !== undefined && rank[code]! > rank[want[fid]!]!) want[fid] = code;
    }
    expect(Array.from(disposalCodes(ids, ledger))).toEqual(Array.from(want));
    expect(new Set(want).size).toBe(4);
  });

  it('counts codes', () => {
    expect(Array.from(countCodes(5, (fid) => fid % 2, 3))).toEqual([3, 2, 0]);
  });
});

describe('packed tile codes', () => {
  it('packs every colouring of a parcel into one integer that unpacks to the same codes', () => {
    const c = fakeColumns(3);
    c.taxPerMu[0] = 7.99;
    c.taxPerMu[1] = 80;
    c.valuePerMu[1] = 266.8;
    c.classIndex[0] = 3;
    c.classComputed[0] = 1;
    c.reclaimKind[1] = RECLAIM_KINDS.indexOf('idle');
    c.idleStage[1] = 2;
    setRule(c, 1, 'floor-area', 'met');
    setRule(c, 2, 'dormitory', 'unknown');
    const props = parcelTileProps(packedCodes(c, ['a', 'b', 'c'], [{ parcelId: 'b', action: '闲置收回', status: '处置中', date: '2023-01-01', note: '' } as LedgerEntry]));
    const field = (fid: number, f: Parameters<typeof unpackCode>[1]) => unpackCode(props(fid)![CODE_PROPERTY], f);
    expect([field(0, 'tb'), field(1, 'tb'), field(2, 'tb')]).toEqual([taxPerMuBand(7.99), taxPerMuBand(80), -1]);
    expect([field(0, 'vb'), field(1, 'vb')]).toEqual([-1, bandOf(266.8, VALUE_PER_MU_BREAKS)]);
    expect([field(0, 'cls'), field(0, 'computed'), field(1, 'cls'), field(1, 'computed')]).toEqual([3, 1, -1, 0]);
    for (let fid = 0; fid < 3; fid++) {
      expect(field(fid, 'rc')).toBe(reclaimCode(c, fid));
      expect(field(fid, 'pol')).toBe(policyCode(c, fid));
    }
    expect(field(1, 'rc')).toBe(code('idle-2'));
    expect(field(1, 'fa')).toBe(STATUS_CODES.indexOf('met'));
    expect(field(2, 'dm')).toBe(STATUS_CODES.indexOf('unknown'));
    expect([field(0, 'ds'), field(1, 'ds')]).toEqual([0, 2]);
    expect(props(3)).toBeNull();
    expect(unpackCode(undefined, 'rc')).toBe(-1); // no code yet: nothing known
  });

  it('refuses a code that does not fit its field', () => {
    expect(() => packCodes({ rc: 16 })).toThrow(RangeError);
    expect(packCodes({})).toBe(0);
  });

  it('lists the distinct codes of the parcels ascending with their counts, for the picture\'s palette and the legend', () => {
    const { codes, counts } = codeCounts(Float64Array.of(40, 12, 40, 0, 12, 3e9, 40));
    expect([...codes]).toEqual([0, 12, 40, 3e9]);
    expect([...counts]).toEqual([1, 2, 3, 1]);
  });
});
