import { describe, expect, it } from 'vitest';
import { PARCEL_FIELDS } from '../domain/parcel';
import { FIELD_KIND } from '../domain/parcel';
import { checkRange, guessFieldMapping, KEPT_AS_WRITTEN, mappingWarnings, mapProperties, matchField, normaliseFieldName, parseDate, parseNumber, parseYear, STANDING } from './field-mapping';

const ref = { index: 4, id: 'P-5' };
const mapOne = (props: Record<string, unknown>) => mapProperties(props, guessFieldMapping(Object.keys(props)), 'f.geojson', ref);

describe('field names', () => {
  it('matches every canonical key and every Chinese label', () => {
    for (const f of PARCEL_FIELDS) {
      expect(matchField(f.key)?.key).toBe(f.key);
      expect(matchField(f.zh)?.key).toBe(f.key);
    }
  });
  it.each([
    ['DKBH', 'parcelId'], ['dkbh', 'parcelId'], ['QYMC', 'enterprise'], ['SSJD', 'town'], ['MJ', 'registeredAreaMu'],
    ['SS', 'tax'], ['ZJZ', 'addedValue'], ['NH', 'energyTce'], ['CYRS', 'employees'], ['RJL', 'plannedMaxFar'],
    ['DJ', 'landGrade'], ['TYSHXYDM', 'creditCode'], ['HY', 'industry'], ['GM', 'scale'], ['NSR', 'enterprise'],
    ['税收（万元）', 'tax'], [' Parcel_ID ', 'parcelId'], ['所属街道', 'town'],
  ])('%s → %s', (name, key) => {
    expect(matchField(name)?.key).toBe(key);
  });
  it('normalises width, case, separators and a unit suffix', () => {
    expect(normaliseFieldName('ＤＫＢＨ')).toBe('dkbh');
    expect(normaliseFieldName('综合能耗 (tce)')).toBe('综合能耗');
  });
  it('reports unmapped and duplicate columns; the first column wins', () => {
    const m = guessFieldMapping(['DKBH', '地块编号', '备注', 'QYMC']);
    expect(m.matches.map((x) => [x.source, x.target])).toEqual([['DKBH', 'parcelId'], ['QYMC', 'enterprise']]);
    expect(m.unmapped).toEqual(['备注']);
    expect(m.duplicates).toEqual([{ source: '地块编号', target: 'parcelId', keptSource: 'DKBH' }]);
    expect(mappingWarnings(m, 'f').map((w) => w.code).sort()).toEqual(['duplicate-field', 'unmapped-field']);
  });
});

describe('value coercion', () => {
  it('parses numbers with thousands separators and full-width digits', () => {
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber('１２３')).toBe(123);
    expect(parseNumber('12abc')).toBeNaN();
    expect(mapOne({ SS: '1,234.5', ZJZ: '-3' }).attributes).toEqual({ tax: 1234.5, addedValue: -3 });
  });
  it('reads a unit written in the cell against the field\'s own: dropped, converted (平方米 ↔ 亩) or refused', () => {
    expect(parseNumber('311.37万元', 'tax')).toBe(311.37);
    expect(parseNumber('15亩', 'registeredAreaMu')).toBe(15);
    expect(parseNumber('3335平方米', 'registeredAreaMu')).toBeCloseTo(5.0025, 10);
    expect(parseNumber('15亩', 'floorArea')).toBeCloseTo(10_000, 6);
    expect(parseNumber('15亩', 'tax')).toBeNaN();
    expect(parseNumber('85人', 'employees')).toBe(85);
    expect(parseNumber('15亩')).toBe(15); // no field: any of the model's units dropped
    const { attributes, warnings } = mapOne({ DKBH: 'A', 登记面积: '3335平方米', 税收: '12亩' });
    expect(attributes.registeredAreaMu).toBeCloseTo(5.0025, 10);
    expect(attributes.tax).toBeNull();
    expect(warnings.map((w) => w.message).join()).toMatch(/another unit/);
  });
  it.each([
    ['2021/3/5', '2021-03-05'], ['20210305', '2021-03-05'], [20210305, '2021-03-05'], ['2021.03.05', '2021-03-05'],
    ['2021年3月5日', '2021-03-05'], ['2021-03-05T00:00:00Z', '2021-03-05'],
  ])('date %s → %s', (raw, iso) => {
    expect(parseDate(raw)).toBe(iso);
  });
  it('rejects impossible dates', () => {
    expect(parseDate('2021-02-30')).toBeUndefined();
    expect(parseDate('3/5/2021')).toBeUndefined();
  });
  it('coerces booleans, scale, ownership, tenure and class', () => {
    const yes = ['是', 'Y', 'y', '1', 1, 'true', true];
    const no = ['否', 'N', '0', 0, 'false', false];
    for (const v of yes) expect(mapOne({ govCause: v }).attributes.govCause).toBe(true);
    for (const v of no) expect(mapOne({ govCause: v }).attributes.govCause).toBe(false);
    expect(mapOne({ GM: '规上', QYXZ: '民营', YDFS: '租赁', PJDJ: 'b类' }).attributes).toEqual({
      scale: 'above', ownership: 'private', tenure: 'leased', evalClass: 'B',
    });
    expect(mapOne({ 企业性质: '国有', 规模: '规下' }).attributes).toEqual({ ownership: 'state', scale: 'below' });
    expect(mapOne({ 企业性质: '外资' }).attributes.ownership).toBe('foreign');
  });
  it('turns empty markers into null without a warning', () => {
    const r = mapOne({ SS: '', NH: '-', CYRS: null, QYMC: '  ' });
    expect(r.attributes).toEqual({ tax: null, energyTce: null, employees: null, enterprise: null });
    expect(r.warnings).toEqual([]);
  });
  it('warns with the feature and field when a value cannot be coerced', () => {
    const r = mapOne({ SS: 'lots', GM: '大型', CRRQ: '2019-02-30' });
    expect(r.attributes).toEqual({ tax: null, scale: null, transferDate: null });
    expect(r.warnings).toHaveLength(3);
    for (const w of r.warnings) expect(w).toMatchObject({ code: 'coercion-failed', feature: ref, file: 'f.geojson' });
    expect(r.warnings.map((w) => w.field)).toEqual(['SS', 'GM', 'CRRQ']);
  });
  it('drops negative area, employees, energy and tax with a warning; keeps negative value added (losses)', () => {
    const r = mapOne({ MJ: -1, CYRS: -3, NH: '-5', SS: -12, ZJZ: -4 });
    expect(r.attributes).toEqual({ registeredAreaMu: null, employees: null, energyTce: null, tax: null, addedValue: -4 });
    expect(r.warnings.map((w) => w.field).sort()).toEqual(['CYRS', 'MJ', 'NH', 'SS']);
    expect(r.warnings.every((w) => w.code === 'absurd-value')).toBe(true);
  });
  it('drops a planned FAR above 20 with a warning', () => {
    const r = mapOne({ RJL: 25 });
    expect(r.attributes.plannedMaxFar).toBe(null);
    expect(r.warnings[0]?.message).toMatch(/above 20/);
    expect(mapOne({ RJL: 3 }).warnings).toEqual([]);
  });
  it('reads shares as 0–1, accepting percent text and percent numbers with a warning', () => {
    expect(mapOne({ developedRatio: '35%' }).attributes.developedRatio).toBeCloseTo(0.35, 12);
    const pct = mapOne({ investedRatio: 40 });
    expect(pct.attributes.investedRatio).toBeCloseTo(0.4, 12);
    expect(pct.warnings[0]?.code).toBe('percent-as-ratio');
    expect(mapOne({ investedRatio: 140 }).attributes.investedRatio).toBeNull();
  });
  it('converts an area column labelled in m² or 公顷 to 亩', () => {
    expect(mapOne({ '面积(平方米)': '6,670' }).attributes.registeredAreaMu).toBeCloseTo(10.005, 9);
    expect(mapOne({ '面积（公顷）': 2 }).attributes.registeredAreaMu).toBe(30);
    expect(mapOne({ 面积: 12 }).attributes.registeredAreaMu).toBe(12);
  });
  it('keeps hostile text as plain text, unchanged', () => {
    const long = 'x'.repeat(100_000);
    const r = mapOne({ QYMC: '=HYPERLINK("http://x")', SSJD: '<img src=x onerror=alert(1)>', HY: long });
    expect(r.attributes).toEqual({ enterprise: '=HYPERLINK("http://x")', town: '<img src=x onerror=alert(1)>', industry: long });
  });
  it('reads numeric parcel ids as text and takes the year from a built date', () => {
    expect(mapOne({ DKBH: 1203, JCNF: '2008-06-01' }).attributes).toEqual({ parcelId: '1203', builtYear: 2008 });
  });
});

describe('dates to the month, years with 年, unreadable dates kept', () => {
  it.each([['2019年5月', '2019-05-01'], ['2019.05', '2019-05-01'], ['2019/5', '2019-05-01'], ['2019-5', '2019-05-01'], ['2019年12月', '2019-12-01'], [2019.05, '2019-05-01']])(
    'month %s → %s (first day), and the last day for a deadline', (raw, iso) => {
      expect(parseDate(raw)).toBe(iso);
      expect(parseDate(raw, 'last')).toBe(`${iso.slice(0, 8)}31`);
    });
  it('refuses a month that is not one, and a number whose month lost its zero (2019.1: January or October)', () => {
    expect(parseDate('2019-13')).toBeUndefined();
    expect(parseDate(2019.1)).toBeUndefined();
    expect(parseDate('2019.1')).toBe('2019-01-01');
    expect(parseDate('2024年2月', 'last')).toBe('2024-02-29');
  });
  it('reads the agreed start and suspension to the month\'s last day, the actual start to its first', () => {
    expect(mapOne({ YDDGRQ: '2022年6月', TGRQ: '2023.2', SJDGRQ: '2022/7', CRRQ: '2021-3' }).attributes)
      .toEqual({ agreedStartDate: '2022-06-30', suspendedSince: '2023-02-28', actualStartDate: '2022-07-01', transferDate: '2021-03-01' });
  });
  it('reads 2015年 and 2015年度 as built years', () => {
    expect(parseYear('2015年')).toBe(2015);
    expect(mapOne({ JCNF: '2015年' }).attributes.builtYear).toBe(2015);
    expect(mapOne({ JCNF: '2015年度' }).attributes.builtYear).toBe(2015);
  });
  it('keeps an unreadable date as written with a warning; an impossible ISO one is dropped, but for the actual start', () => {
    const r = mapOne({ SJDGRQ: '2019年上半年', YDDGRQ: '约2018年', CRRQ: '1940-01-01', TGRQ: '2019-02-30' });
    expect(r.attributes).toEqual({ actualStartDate: '2019年上半年', agreedStartDate: '约2018年', transferDate: null, suspendedSince: null });
    expect(r.warnings.map((w) => w.message.endsWith(KEPT_AS_WRITTEN))).toEqual([true, true, false, false]);
    expect(mapOne({ SJDGRQ: '0219-05-01' }).attributes.actualStartDate).toBe('0219-05-01');
    expect(mapOne({ SJDGRQ: '未动工' })).toEqual({ attributes: { actualStartDate: null }, warnings: [] });
  });
});

describe('mapProperties fast paths (ISO dates, plain Han text) agree with coercion', () => {
  it('every day 1940–2110, impossible dates and Han texts map as parseDate and text coercion map them', () => {
    // Text through industry: town values are read as Ouhai's towns (娄桥 → 娄桥街道), tested on their own.
    const mapping = guessFieldMapping(['transferDate', 'industry']);
    const feature = { index: 0 };
    const days: string[] = [];
    for (let t = Date.UTC(1940, 0, 1); t <= Date.UTC(2110, 11, 31); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
    for (const s of [...days, '2021-02-29', '2024-02-30', '2021-13-01', '2021-00-10', '2021-01-00', '2021-04-31', '1948-12-31', '2101-01-01', '2021-1-01', '2021/01/01', '２０２１-01-01']) {
      const { attributes } = mapProperties({ transferDate: s }, mapping, 'f', feature);
      expect(attributes.transferDate ?? null, s).toBe(parseDate(s) ?? null);
    }
    for (const s of ['娄桥街道', '工业', '无数据', '娄桥 ', ' 工业', '－', '丽岙街道（南）', 'Ａ区', '㐀', '\u4e00', '\u9fff']) {
      const { attributes } = mapProperties({ industry: s }, mapping, 'f', feature);
      const t = s.normalize('NFKC').trim();
      expect(attributes.industry ?? null, s).toBe(['', '-', '--', '/', '—', 'null', 'nan', 'n/a', 'na', '无数据'].includes(t.toLowerCase()) ? null : s.trim());
    }
  });
});

describe('the standing ranges that skip checkRange', () => {
  it('hold only values checkRange lets stand, and values just outside are still checked', () => {
    for (const [field, [lo, hi, whole]] of Object.entries(STANDING) as [keyof typeof FIELD_KIND, readonly [number, number, boolean]][]) {
      const inside = [lo, hi, -0, (lo + hi) / 2, lo + (hi - lo) / 3, Math.round((lo + hi) / 2)].filter((v) => v >= lo && v <= hi && (!whole || Number.isInteger(v)));
      for (let k = 0; k <= 200; k++) inside.push(whole ? Math.round(lo + ((hi - lo) * k) / 200) : lo + ((hi - lo) * k) / 200);
      for (const v of inside) expect(checkRange(field, FIELD_KIND[field], v), `${field} ${v}`).toBeNull();
      // Mapped values equal the file's, with no warning, inside; outside, checkRange's answer.
      const mapping = guessFieldMapping([field]);
      for (const v of [...inside, lo - 0.5, hi + 0.5, hi * 10 + 1, -1, 1.5]) {
        const { attributes, warnings } = mapProperties({ [field]: v }, mapping, 'f', { index: 0 });
        const r = checkRange(field, FIELD_KIND[field], v);
        expect(attributes[field] ?? null, `${field} ${v}`).toBe(r ? r.value : v);
        expect(warnings.length, `${field} ${v}`).toBe(r ? 1 : 0);
      }
    }
  });
});
