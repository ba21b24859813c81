/**
 * Imported attribute fields read as bureaus write them: dates to the month, .dbf names cut to 10 bytes,
 * a parcel-id column that outweighs the file name, units the header does not name, 镇街 written three
 * ways. Fixtures (real files, GDAL-written Shapefiles): tests/fixtures/field-mapping/make-fixtures.sh.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeParcels } from '../../domain/analyze';
import type { ParcelGeoFacts } from '../../domain/facts';
import { plainAttributes } from '../../domain/parcel-columns';
import { DEFAULT_RULE_SET } from '../../domain/rule-set-defaults';
import { renderMessage } from '../../domain/rules/outcome';
import { planarArea } from '../../geo/area';
import { squareMetres } from '../../domain/units';
import { matchField } from '../field-mapping';
import { inputFromBytes } from '../source';
import { assemble, evaluate, readInputs, type ImportOptions } from './index';

const DIR = fileURLToPath(new URL('../../../tests/fixtures/field-mapping/', import.meta.url));

/** Loads the fixture files named (a Shapefile by its base name: every part of it). */
async function load(names: string[], options: ImportOptions = {}) {
  const files = names.flatMap((n) => (/\.[a-z]+$/.test(n) ? [n] : readdirSync(DIR).filter((f) => f.startsWith(`${n}.`))));
  const read = await readInputs(files.map((n) => inputFromBytes(n, new Uint8Array(readFileSync(DIR + n)))));
  const { report, evaluations } = evaluate(read, options, {}, '2026-11-30');
  const parcels = assemble(evaluations).parcels;
  const byId = new Map(parcels.map((p) => [p.attributes.parcelId, p]));
  return { report, layer: report.layers[0]!, parcels, byId, attrs: (id: string) => plainAttributes(byId.get(id)!.attributes as never) };
}

const factsOf = (geometry: Parameters<typeof planarArea>[0]): ParcelGeoFacts =>
  ({ areaM2: squareMetres(planarArea(geometry)), footprintM2: null, blocklineOverlapM2: null, park: undefined, townFromLayer: null });

describe('item 1: dates written to the month, and a start date that cannot be read', () => {
  it('reads 2019年5月, 2019.05, 2019/5 and 2019-5 as a start (the 1st), and 2015年 as a year', async () => {
    const { attrs, layer } = await load(['partial-dates.geojson']);
    for (const id of ['D1', 'D2', 'D3', 'D4']) expect(attrs(id).actualStartDate, id).toBe('2019-05-01');
    expect(attrs('D7').builtYear).toBe(2015);
    // An agreed start is a deadline: the month's last day.
    expect(attrs('D8').agreedStartDate).toBe('2022-06-30');
    // Kept as written and reported, not left empty.
    expect(attrs('D5').actualStartDate).toBe('2019年上半年');
    const p = layer.problems.find((x) => x.code === 'unreadable-date');
    expect(p).toMatchObject({ field: 'SJDGRQ', count: 1, action: 'kept' });
    expect(p!.text.zh).toContain('2021年3月');
  });

  it('never calls a started parcel idle; an unreadable start is 待核实 naming the value; a month deadline is not late', async () => {
    const { parcels } = await load(['partial-dates.geojson']);
    const result = analyzeParcels(parcels.map((p) => p.attributes), parcels.map((p) => factsOf(p.geometry)), DEFAULT_RULE_SET, { evaluationDate: '2023-06-15' });
    const idle = (id: string) => result.outcomesOf(parcels.findIndex((p) => p.attributes.parcelId === id)).idle;
    for (const id of ['D1', 'D2', 'D3', 'D4']) expect(idle(id), id).toMatchObject({ status: 'not-met', reason: 'not-suspended' });
    const unreadable = idle('D5');
    expect(unreadable).toMatchObject({ status: 'unknown', missing: ['actualStartDate'] });
    expect(renderMessage(unreadable, 'zh')).toBe('实际动工日期「2019年上半年」无法识别，待核实');
    expect(renderMessage(unreadable, 'en')).toBe('Actual start date "2019年上半年" cannot be read; to be checked');
    expect(idle('D6')).toMatchObject({ status: 'met', reason: 'not-started-past-deadline' });
    expect(idle('D7')).toMatchObject({ status: 'not-applicable', reason: 'built-in-use' });
    // Agreed 2022年6月 = 2022-06-30: on 2023-06-15 less than a year has passed (the 1st would make it idle).
    expect(idle('D8')).toMatchObject({ status: 'not-met', reason: 'not-started-within-grace' });
  });
});

describe('item 5: 镇街 names, short names and codes are one town', () => {
  it('reads 娄桥, 娄桥街道 and 330304005 as 娄桥街道, and lists the values that name no Ouhai town', async () => {
    const { attrs, layer } = await load(['mixed-places.geojson']);
    expect(['T1', 'T2', 'T3'].map((id) => attrs(id).town)).toEqual(['娄桥街道', '娄桥街道', '娄桥街道']);
    expect(attrs('T4').town).toBe('泽雅镇');
    expect(attrs('T5').town).toBe('景山街道');
    expect(attrs('T9').town).toBe('泽雅镇'); // a code stored as a number
    expect(attrs('T6').town).toBe('鹿城区'); // kept as given
    expect(attrs('T7').town).toBe('娄桥村');
    const note = layer.problems.find((p) => p.code === 'unknown-town');
    expect(note?.text.zh).toBe('字段「SSJD」中 3 个地块的镇街不是瓯海区 13 个镇街之一，按原样保留：鹿城区、娄桥村（共 2 种）。'
      + '请改为镇街名称（如 娄桥街道、娄桥）或统计代码（如 330304005），否则各自单独统计');
    expect(note?.text.en).toMatch(/^column "SSJD": 3 parcels have towns that name none of Ouhai's 13 towns, kept as given: 鹿城区, 娄桥村 \(2 distinct\)/);
  });
});

describe('item 4: the unit of an area or tax column whose header names none', () => {
  it('reads MJ in m² (≈666.7 × the shape in 亩; median 10,200 m² on 15 亩 = 680) as m² and SS in 元 as 元, converted and told', async () => {
    const { attrs, layer } = await load(['area-m2-tax-yuan.geojson']);
    expect(attrs('U0').registeredAreaMu).toBeCloseTo(15, 9);
    expect(attrs('U4').registeredAreaMu).toBeCloseTo(15.6, 9);
    expect(attrs('U0').tax).toBeCloseTo(150, 9);
    expect(layer.fields.find((f) => f.name === 'MJ')?.unit).toEqual({ label: 'm²', factor: 15 / 10_000, fromHeader: false, fromData: true });
    expect(layer.fields.find((f) => f.name === 'SS')?.unit).toEqual({ label: '元', factor: 1e-4, fromHeader: false, fromData: true });
    const notes = layer.problems.filter((p) => p.code === 'unit-detected').map((p) => p.text);
    expect(notes.map((n) => n.zh)).toEqual([
      '字段「MJ」的值约为按图形计算的面积（亩）的 680 倍，单位应是m²，已按m²换算为亩；如不对，请在字段对应表中把该列的单位改为正确的单位',
      '字段「SS」若按万元计，亩均税收中位数为 120000 万元/亩，远超实际（超过 10000 万元/亩），单位应是元，已按元换算为万元；如不对，请在字段对应表中把该列的单位改为万元',
    ]);
    expect(notes[0]!.en).toMatch(/^column "MJ" is about 680 times the area of the shapes in mu: its unit looks like m²/);
  });

  it('reads 公顷, leaves 亩 / 万元 alone, and lets the user\'s unit win', async () => {
    const ha = await load(['area-ha.geojson']);
    expect(ha.attrs('U0').registeredAreaMu).toBeCloseTo(15, 9);
    expect(ha.layer.fields.find((f) => f.name === 'MJ')?.unit?.label).toBe('公顷');
    expect(ha.attrs('U0').tax).toBe(150);
    const mu = await load(['area-mu.geojson']);
    expect(mu.attrs('U0')).toMatchObject({ registeredAreaMu: 15, tax: 150 });
    expect(mu.layer.problems.filter((p) => p.code === 'unit-detected')).toEqual([]);
    const chosen = await load(['area-m2-tax-yuan.geojson'], { layers: { 'area-m2-tax-yuan': { factors: { registeredAreaMu: 1, tax: 1 } } } });
    // The user says 亩 and 万元: taken as said (and the implausible values then dropped by the range checks).
    expect(chosen.layer.problems.filter((p) => p.code === 'unit-detected')).toEqual([]);
    expect(chosen.attrs('U0').registeredAreaMu).toBe(10_000);
  });
});

describe('item 2: Chinese .dbf field names cut to 10 bytes', () => {
  it('maps GBK names cut to 5 characters (统一社会信, 约定动工日 …) and says the match was automatic', async () => {
    const { attrs, layer } = await load(['truncated-gbk']);
    expect(layer.fields.map((f) => [f.name, f.target, f.how])).toEqual([
      ['地块编号', 'parcelId', 'label'],
      ['统一社会信', 'creditCode', 'prefix'],
      ['约定动工日', 'agreedStartDate', 'prefix'],
      ['实际动工日', 'actualStartDate', 'prefix'],
      ['政府原因闲', 'govCause', 'prefix'],
    ]);
    expect(attrs('G1')).toMatchObject({ creditCode: '91330304MA2XXXXX01', agreedStartDate: '2018-01-01', actualStartDate: '2019-05-01', govCause: false });
    expect(attrs('G2')).toMatchObject({ actualStartDate: null, govCause: true });
  });

  it('maps UTF-8 names cut to 3 characters (GDAL leaves half a fourth, read as U+FFFD)', async () => {
    const { attrs, layer } = await load(['truncated-utf8']);
    expect(layer.fields.map((f) => [f.name.replace(/\ufffd/g, ''), f.target, f.how])).toEqual([
      ['地块编', 'parcelId', 'prefix'], ['企业名', 'enterprise', 'prefix'], ['所属镇', 'town', 'prefix'],
    ]);
    expect(attrs('U1')).toMatchObject({ enterprise: '温州某某鞋业有限公司', town: '娄桥街道' });
  });

  it('matches only a name at the byte limit that begins one field\'s names', () => {
    expect(matchField('约定动工日')).toEqual({ key: 'agreedStartDate', how: 'prefix' });
    expect(matchField('地块编')).toEqual({ key: 'parcelId', how: 'prefix' }); // 9 bytes in UTF-8
    expect(matchField('纳税人识别')).toEqual({ key: 'creditCode', how: 'prefix' });
    expect(matchField('纳税人')).toEqual({ key: 'enterprise', how: 'alias' }); // a whole name first
    expect(matchField('所属')).toBeUndefined(); // 4–6 bytes: not cut, just short
    expect(matchField('备注说明')).toBeUndefined(); // begins no field's name
  });
});

describe('item 3: a parcel-id column outweighs a place named in the file name', () => {
  it.each(['娄桥街道工业地块', '瓯海经济开发区用地'])('%s.shp with DKBH is a parcel layer', async (name) => {
    const { layer, parcels } = await load([name]);
    expect(layer).toMatchObject({ role: 'parcels', roleHow: 'fields' });
    expect(parcels.map((p) => p.attributes.parcelId)).toEqual(['K0', 'K1', 'K2']);
  });
});
