import { describe, expect, it } from 'vitest';
import { guessFieldMapping } from '../field-mapping';
import { readGeoJson } from './geojson';
import { fixture } from './fixtures.test-helpers';
import { pickProperty, toParcels } from './parcel-layer';
import { readerForFile } from './registry';

async function parcelsOf(name: string) {
  const r = await readGeoJson(fixture(name), name);
  if (!r.ok) throw new Error(r.error.problem);
  return toParcels(r.layer, name);
}

describe('toParcels', () => {
  it('maps the pinyin columns of a bureau file to canonical attributes', async () => {
    const r = await parcelsOf('parcels-4549.geojson');
    if (!r.ok) throw new Error(r.error.problem);
    expect(r.parcels.map((p) => p.attributes.parcelId)).toEqual(['OH-001', 'OH-002', 'OH-003']);
    expect(r.parcels[0]!.attributes).toMatchObject({
      enterprise: '温州某鞋业有限公司', town: '娄桥街道', registeredAreaMu: 15, tax: 1234.5, addedValue: 3000,
      energyTce: 120.5, employees: 85, plannedMaxFar: 1.2, landGrade: 6, scale: 'above', ownership: 'private', transferDate: '2015-03-05',
    });
    expect(r.parcels[1]!.attributes).toMatchObject({ tax: -12, energyTce: null, employees: 12, plannedMaxFar: 25, ownership: 'foreign', transferDate: '2018-07-01' });
    expect(r.mappingLines).toContain('DKBH → parcelId (地块编号)');
  });
  it('warns, per feature, about the values it dropped or doubts', async () => {
    const r = await parcelsOf('parcels-4549.geojson');
    if (!r.ok) throw new Error(r.error.problem);
    const brief = r.warnings.map((w) => `${w.feature?.id}:${w.field}:${w.code}`);
    expect(brief).toEqual(['OH-002:NH:absurd-value', 'OH-002:RJL:absurd-value', 'OH-003:GM:coercion-failed', 'OH-003:CRRQ:coercion-failed']);
  });
  it('maps Chinese labels and canonical keys and reports the unmapped column', async () => {
    const r = await parcelsOf('chinese-labels.geojson');
    if (!r.ok) throw new Error(r.error.problem);
    expect(r.parcels[0]!.attributes).toMatchObject({
      parcelId: 'Z-1', enterprise: '瓯海某阀门厂', employees: null, actualStartDate: '2020-05-01', govCause: false, evalClass: 'B',
    });
    expect(r.parcels[0]!.attributes.registeredAreaMu).toBeCloseTo(10.005, 9);
    expect(r.warnings.filter((w) => w.code === 'unmapped-field').map((w) => w.field)).toEqual(['备注']);
  });
  it.each([
    ['missing-id.geojson', /Feature #2 has no parcel id/, { index: 1 }],
    ['duplicate-id.geojson', /Feature #3 \(id "A"\) repeats the parcel id of feature #1/, { index: 2, id: 'A' }],
    ['no-id-column.geojson', /No column holds the parcel id; the columns are: QYMC/, undefined],
  ])('%s is refused with the feature and the fix', async (name, problem, feature) => {
    const r = await parcelsOf(name);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.problem).toMatch(problem);
    expect(r.error.feature).toEqual(feature);
    expect(r.error.fix).toMatch(/DKBH|"DKBH"/);
  });
  it('lets a corrected mapping override the guess', async () => {
    const read = await readGeoJson(fixture('no-id-column.geojson'), 'n.geojson');
    if (!read.ok) throw new Error(read.error.problem);
    const mapping = guessFieldMapping(read.layer.fields);
    mapping.matches = [{ source: 'QYMC', target: 'parcelId', how: 'alias' }];
    const r = toParcels(read.layer, 'n.geojson', mapping);
    expect(r.ok && r.parcels[0]!.attributes.parcelId).toBe('x');
  });
});

describe('pickProperty', () => {
  it('finds the first named non-empty column, ignoring case', () => {
    expect(pickProperty({ Name: ' ', NAME: '娄桥', mc: 'x' }, ['name', 'mc'])).toBe('娄桥');
    expect(pickProperty({ other: 1 }, ['name'])).toBeUndefined();
  });
});

describe('readerForFile', () => {
  it('picks by extension, case-insensitively', () => {
    expect(readerForFile('a/B.GeoJSON')?.id).toBe('geojson');
    expect(readerForFile('x.json')?.id).toBe('geojson');
    expect(readerForFile('x.FGB')?.id).toBe('flatgeobuf');
    expect(readerForFile('x.shp')).toBeUndefined();
  });
});
