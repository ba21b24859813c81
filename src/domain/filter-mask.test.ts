import { describe, expect, it } from 'vitest';
import { isEmptyFilter, type FilterSpec } from './filter';
import { figuresOf, filterMask, parcelCodes, type FilterColumns, type FilterParcel } from './filter-mask';
import { RULE_IDS, STATUS_CODES, type RuleId, type RuleStatus } from './rules/outcome';

const R = RULE_IDS.length;

/** Parcels with 1, 2, 3 … 亩 and the given attributes; columns filled from `rows`. */
interface Row {
  town?: number;
  industry?: string;
  scale?: 'above' | 'below';
  cls?: number;
  kind?: number;
  reclaimMu?: number;
  tax?: number;
  far?: number;
  coverage?: number;
  bl?: number;
  park?: number;
  broken?: boolean;
  rules?: Partial<Record<RuleId, RuleStatus>>;
}

function fixture(rows: Row[]): { parcels: FilterParcel[]; columns: FilterColumns } {
  const n = rows.length;
  const columns: FilterColumns = {
    taxPerMu: new Float64Array(n).fill(NaN),
    classIndex: new Int8Array(n).fill(-1),
    reclaimMu: new Float64Array(n),
    reclaimKind: new Int8Array(n).fill(-1),
    ruleStatus: new Uint8Array(n * R).fill(STATUS_CODES.indexOf('not-met')),
    geometryError: new Uint8Array(n),
    far: new Float64Array(n).fill(NaN),
    coverage: new Float64Array(n).fill(NaN),
    blockline1M2: new Float64Array(n),
    blockline2M2: new Float64Array(n),
    blocklineUM2: new Float64Array(n),
    inPark: new Uint8Array(n),
    townIndex: new Int16Array(n).fill(-1),
  };
  rows.forEach((r, i) => {
    if (r.town !== undefined) columns.townIndex[i] = r.town;
    if (r.cls !== undefined) columns.classIndex[i] = r.cls;
    if (r.kind !== undefined) columns.reclaimKind[i] = r.kind;
    if (r.reclaimMu !== undefined) columns.reclaimMu[i] = r.reclaimMu;
    if (r.tax !== undefined) columns.taxPerMu[i] = r.tax;
    if (r.far !== undefined) columns.far[i] = r.far;
    if (r.coverage !== undefined) columns.coverage[i] = r.coverage;
    if (r.bl !== undefined) columns.blockline2M2[i] = r.bl;
    if (r.park !== undefined) columns.inPark[i] = r.park;
    if (r.broken) columns.geometryError[i] = 1;
    for (const [rule, st] of Object.entries(r.rules ?? {})) columns.ruleStatus[i * R + RULE_IDS.indexOf(rule as RuleId)] = STATUS_CODES.indexOf(st);
  });
  const parcels = rows.map((r, i) => ({ attributes: { parcelId: `P${i}`, industry: r.industry ?? null, scale: r.scale ?? null }, areaMu: i + 1 }));
  return { parcels, columns };
}

const TOWNS = ['娄桥街道', '新桥街道'];
const rows: Row[] = [
  { town: 0, industry: '鞋革', scale: 'above', cls: 0, tax: 50, far: 1.5, coverage: 0.5, bl: 100, park: 1 },
  { town: 0, industry: '服装', scale: 'below', cls: 3, kind: 1, reclaimMu: 2, tax: 5, rules: { idle: 'met', 'low-efficiency': 'met' } },
  { town: 1, industry: '鞋革', scale: 'above', cls: 2, kind: 2, reclaimMu: 3, tax: 7.9, far: 0.5, rules: { 'low-efficiency': 'met' } },
  { town: 1, scale: 'below', kind: 0, reclaimMu: 4, tax: 20, rules: { 'low-efficiency': 'unknown' }, park: 255 },
  { industry: '服装', kind: 4, reclaimMu: 1.25, broken: true, bl: NaN },
];
const { parcels, columns } = fixture(rows);
const ids = (spec: FilterSpec) => [...filterMask(spec, parcels, columns, TOWNS).mask].flatMap((v, i) => (v ? [i] : []));

describe('filterMask', () => {
  it('keeps everything for an empty spec, with the figures of the whole set', () => {
    const r = filterMask({}, parcels, columns, TOWNS);
    expect([...r.mask]).toEqual([1, 1, 1, 1, 1]);
    expect(r.count).toBe(5);
    // The broken parcel (5 亩 by shoelace) adds no land, as in the engine's summary.
    expect(r.areaMu).toBe(1 + 2 + 3 + 4);
    expect(r.freeableMu).toBe(2 + 3 + 1.25);
    expect(r.achievedMu).toBe(4);
    expect(isEmptyFilter({})).toBe(true);
  });

  it('filters by 镇街, with 未划定镇街 for parcels that have none', () => {
    expect(ids({ towns: ['新桥街道'] })).toEqual([2, 3]);
    expect(ids({ towns: ['娄桥街道', '新桥街道'] })).toEqual([0, 1, 2, 3]);
    expect(ids({ towns: ['未划定镇街'] })).toEqual([4]);
    expect(ids({ towns: ['不存在'] })).toEqual([]);
  });

  it('filters by industry, scale and class (none = no class)', () => {
    expect(ids({ industries: ['鞋革'] })).toEqual([0, 2]);
    expect(ids({ scale: ['below'] })).toEqual([1, 3]);
    expect(ids({ scale: ['above', 'below'] })).toEqual([0, 1, 2, 3]);
    expect(ids({ classes: ['D', 'none'] })).toEqual([1, 3, 4]);
  });

  it('filters by any rule outcome and by reclaim kind', () => {
    expect(ids({ rules: { 'low-efficiency': ['met'] } })).toEqual([1, 2]);
    expect(ids({ rules: { 'low-efficiency': ['met', 'unknown'] } })).toEqual([1, 2, 3]);
    expect(ids({ rules: { 'low-efficiency': ['met'], idle: ['met'] } })).toEqual([1]);
    expect(ids({ rules: { idle: [] } })).toEqual([0, 1, 2, 3, 4]);
    expect(ids({ reclaim: ['idle', 'low-efficiency'] })).toEqual([1, 2]);
    expect(ids({ reclaim: ['none'] })).toEqual([0]);
    expect(ids({ reclaim: ['achieved'] })).toEqual([3]);
  });

  it('keeps a parcel where a rule that frees land lacks data out of 无可腾出: it is 数据不足', () => {
    const two = fixture([{ town: 0, rules: { 'low-efficiency': 'not-met' } }, { town: 0, rules: { 'low-efficiency': 'unknown' } }]);
    const of = (spec: FilterSpec) => [...filterMask(spec, two.parcels, two.columns, TOWNS).mask].flatMap((v, i) => (v ? [i] : []));
    expect(of({ reclaim: ['none'] })).toEqual([0]);
    expect(of({ reclaim: ['unknown'] })).toEqual([1]);
    expect(of({ reclaim: ['none', 'unknown'] })).toEqual([0, 1]);
  });

  it('filters by ranges, inclusive, with unknown values outside every range', () => {
    expect(ids({ taxPerMu: { max: 8 } })).toEqual([1, 2]);
    expect(ids({ taxPerMu: { min: 7.9, max: 20 } })).toEqual([2, 3]);
    expect(ids({ areaMu: { min: 2, max: 3 } })).toEqual([1, 2]);
    expect(ids({ far: { min: 1 } })).toEqual([0]);
    expect(ids({ coverage: { max: 1 } })).toEqual([0]);
    expect(ids({ far: {} })).toEqual([0, 1, 2, 3, 4]);
  });

  it('filters by block line and park; without the layer a parcel is neither inside nor outside', () => {
    expect(ids({ inBlockline: true })).toEqual([0]);
    expect(ids({ inBlockline: false })).toEqual([1, 2, 3]);
    expect(ids({ inPark: true })).toEqual([0]);
    expect(ids({ inPark: false })).toEqual([1, 2, 4]);
  });

  it('combines parts with AND and an explicit fid set', () => {
    expect(ids({ towns: ['娄桥街道'], scale: ['below'] })).toEqual([1]);
    expect(ids({ fids: [0, 2, 4, 99, -1] })).toEqual([0, 2, 4]);
    expect(ids({ fids: [0, 2, 4], industries: ['鞋革'] })).toEqual([0, 2]);
    const r = filterMask({ towns: ['新桥街道'] }, parcels, columns, TOWNS);
    expect([r.count, r.areaMu, r.freeableMu, r.achievedMu]).toEqual([2, 7, 3, 4]);
  });

  it('codes industries once per parcel array, most parcels first', () => {
    const c = parcelCodes(parcels);
    expect(parcelCodes(parcels)).toBe(c);
    expect(c.industries).toEqual(['服装', '鞋革']);
    expect([...c.industry]).toEqual([1, 0, 1, -1, 0]);
  });

  it('sums figures for a null mask as for an all-ones mask', () => {
    expect(figuresOf(null, parcelCodes(parcels).areaMu, columns)).toEqual(figuresOf(new Uint8Array(5).fill(1), parcelCodes(parcels).areaMu, columns));
  });

  it('computes a 100k-parcel mask with every part in a few ms (printed, not asserted)', () => {
    const n = 100_000;
    const big = fixture(Array.from({ length: n }, (_, i) => ({ town: i % 13, industry: `I${i % 20}`, scale: i % 3 ? 'above' : 'below', cls: i % 5 - 1, kind: (i % 6) - 1, reclaimMu: 1, tax: i % 90, far: (i % 30) / 10, coverage: (i % 10) / 10, bl: i % 2, park: i % 2 } as Row)));
    const towns = Array.from({ length: 13 }, (_, k) => `T${k}`);
    const spec: FilterSpec = { towns: ['T1', 'T2', 'T3'], industries: ['I1', 'I2', 'I3', 'I4'], scale: ['below'], classes: ['A', 'B', 'C', 'D'], rules: { idle: ['met', 'not-met'] }, reclaim: ['low-efficiency', 'none'], taxPerMu: { min: 1 }, far: { max: 2.5 }, coverage: { min: 0 }, inBlockline: true, inPark: true };
    filterMask(spec, big.parcels, big.columns, towns); // codes built once
    const t0 = performance.now();
    const runs = 10;
    let count = 0;
    for (let k = 0; k < runs; k++) count = filterMask(spec, big.parcels, big.columns, towns).count;
    console.log(`filterMask: 100k parcels, 11 parts: ${((performance.now() - t0) / runs).toFixed(2)} ms per mask (${count} kept)`);
    expect(count).toBeGreaterThan(0);
  });
});

describe('the disposal part', () => {
  it('keeps the parcels whose ledger status is wanted (an open entry before a completed one); none = no entry', () => {
    const ledger = [
      { parcelId: 'P1', action: '整体腾退' as const, status: '已完成' as const, date: '2022-01-01' },
      { parcelId: 'P2', action: '改造提升' as const, status: '已完成' as const },
      { parcelId: 'P2', action: '改造提升' as const, status: '处置中' as const },
      { parcelId: 'P3', action: '关停退出' as const, status: '待处置' as const },
    ];
    const of = (disposal: FilterSpec['disposal']) => [...filterMask({ disposal }, parcels, columns, TOWNS, ledger).mask].flatMap((v, i) => (v ? [i] : []));
    expect(of(['已完成'])).toEqual([1]);
    expect(of(['处置中', '待处置'])).toEqual([2, 3]);
    expect(of(['none'])).toEqual([0, 4]);
    expect([...filterMask({ disposal: ['none'] }, parcels, columns, TOWNS).mask].every((v) => v === 1)).toBe(true); // no ledger: none has an entry
  });
});
