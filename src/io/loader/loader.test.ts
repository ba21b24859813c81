import { describe, expect, it } from 'vitest';
import { plainAttributes } from '../../domain/parcel-columns';
import type { Polygon } from 'geojson';
import { planarArea } from '../../geo/area';
import { fixture } from '../formats/fixtures.test-helpers';
import { inputFromBytes } from '../source';
import { assemble, evaluate, readInputs, type ImportOptions } from './index';

async function load(names: string[], options: ImportOptions = {}) {
  const read = await readInputs(names.map((n) => inputFromBytes(n, fixture(n))));
  return { read, ...evaluate(read, options, {}, '2026-11-30') };
}

describe('loader: CRS from the file or the coordinates, reprojected where GDAL put them', () => {
  it.each([
    ['parcels-4549.geojson', 'EPSG:4549', 'declared'],
    ['parcels-4528.geojson', 'EPSG:4528', 'declared'],
    ['parcels-4490.geojson', 'EPSG:4490', 'declared'],
    ['parcels-4326.geojson', 'EPSG:4326', 'declared'],
    ['parcels-nocrs-4549.geojson', 'EPSG:4549', 'detected'],
    ['parcels-nocrs-4528.geojson', 'EPSG:4528', 'detected'],
    ['parcels-nocrs-4490.geojson', 'EPSG:4490', 'detected'],
    ['parcels-4528.fgb', 'EPSG:4528', 'declared'],
    ['parcels-4490.fgb', 'EPSG:4490', 'declared'],
    ['parcels-nocrs-4549.fgb', 'EPSG:4549', 'detected'],
  ])('%s is %s (%s)', async (name, crs, how) => {
    const { report, evaluations } = await load([name]);
    const layer = report.layers[0]!;
    expect(layer.role).toBe('parcels');
    expect(layer.crs).toMatchObject({ crs, how, swapped: false });
    const parcels = assemble(evaluations).parcels;
    const byId = new Map(parcels.map((p) => [p.attributes.parcelId, p.geometry]));
    // Oracle: GDAL projected the same 4549 source; our reprojection lands within 1 mm of it.
    const first = (byId.get('OH-001') as Polygon).coordinates[0]!;
    expect(first.some((p) => Math.abs(p[0]! - 560_000) < 1e-3 && Math.abs(p[1]! - 3_100_000) < 1e-3)).toBe(true);
    expect(Math.abs(planarArea(byId.get('OH-001')!) - 10_000)).toBeLessThan(0.01);
    // The hole of the third parcel survives: 300² − 100².
    expect(Math.abs(planarArea(byId.get('OH-003')!) - 80_000)).toBeLessThan(0.01);
    expect(report.totals.parcels).toBe(3);
  });

  it('reads X/Y written northing first as swapped, and says so', async () => {
    const { report } = await load(['swapped-xy.geojson']);
    expect(report.layers[0]!.crs).toMatchObject({ crs: 'EPSG:4549', swapped: true, how: 'detected' });
    expect(report.layers[0]!.crs.note.zh).toContain('X/Y 互换');
  });

  it('trusts the coordinates over a declaration they plainly contradict, with a warning', async () => {
    const { report } = await load(['declared-4326-holds-metres.fgb']);
    expect(report.layers[0]!.crs).toMatchObject({ crs: 'EPSG:4549', how: 'detected' });
    expect(report.layers[0]!.crs.warning?.en).toMatch(/declares EPSG:4326 but its coordinates are plainly/);
  });

  it('reads a Xian 80 declaration with the datum warning', async () => {
    const { report } = await load(['declared-unsupported.geojson']);
    expect(report.layers[0]!.crs.crs).toBe('EPSG:2385');
    expect(report.layers[0]!.crs.warning?.zh).toMatch(/西安80/);
  });

  it('lets the user override the CRS, and refuses a choice that puts nothing in Ouhai', async () => {
    const good = await load(['parcels-nocrs-4549.geojson'], { layers: { 'parcels-nocrs-4549': { crs: 'EPSG:2385' } } });
    expect(good.report.layers[0]!.crs).toMatchObject({ crs: 'EPSG:2385', how: 'user' });
    const bad = await load(['parcels-nocrs-4549.geojson'], { layers: { 'parcels-nocrs-4549': { crs: 'EPSG:4490' } } });
    expect(bad.report.layers[0]!.blocked?.en).toMatch(/no feature lies in Ouhai/);
    expect(bad.report.blockers).toHaveLength(1);
  });
});

describe('loader: bad input is reported, counted, and never half-loaded', () => {
  it('leaves out a feature far from the rest, one by one', async () => {
    const { report } = await load(['stray-feature.geojson']);
    const p = report.layers[0]!.problems.find((x) => x.code === 'outside-district')!;
    expect(p).toMatchObject({ count: 1, action: 'skipped', examples: [{ index: 1, id: 'STRAY' }] });
    expect(report.layers[0]!.accepted).toBe(report.layers[0]!.featureCount - 1);
  });
  it('repairs an open ring, or skips it when asked', async () => {
    const repaired = await load(['unclosed.geojson']);
    expect(repaired.report.layers[0]!.problems[0]).toMatchObject({ code: 'unclosed-ring', action: 'repaired' });
    const skipped = await load(['unclosed.geojson'], { geometry: 'skip' });
    expect(skipped.report.layers[0]!.problems[0]).toMatchObject({ code: 'unclosed-ring', action: 'skipped' });
    expect(skipped.report.blockers[0]?.en).toMatch(/no usable/);
  });
  it('skips a non-finite vertex and a point, naming them', async () => {
    const { report } = await load(['non-finite.geojson', 'point-in-polygons.geojson']);
    const codes = report.layers.flatMap((l) => l.problems.map((p) => p.code));
    expect(codes).toContain('non-finite');
    expect(codes).toContain('not-polygon');
  });
  it('keeps the first of two parcels with one id and skips the second', async () => {
    const { report } = await load(['duplicate-id.geojson']);
    expect(report.layers[0]!.problems.find((p) => p.code === 'duplicate-id')).toMatchObject({ count: 1, severity: 'error' });
  });
  it('says what the layer lacks when no column is the parcel id, and lets the user map one', async () => {
    const { report } = await load(['no-id-column.geojson']);
    expect(report.layers[0]!.blocked?.zh).toMatch(/没有地块编号字段/);
    const column = report.layers[0]!.fields[0]!.name;
    const mapped = await load(['no-id-column.geojson'], { layers: { 'no-id-column': { mapping: { [column]: 'parcelId' } } } });
    expect(mapped.report.layers[0]!.blocked).toBeUndefined();
  });
  it('guesses roles from file names and geometry, and several files load together', async () => {
    const { report } = await load(['parcels-4549.geojson', 'buildings.geojson', 'blocklines.geojson', 'parks.geojson', 'towns.fgb']);
    expect(Object.fromEntries(report.layers.map((l) => [l.name, l.role]))).toEqual({
      'parcels-4549': 'parcels', buildings: 'buildings', blocklines: 'blocklines', parks: 'parks', towns: 'towns',
    });
    expect(report.identity.hash).toMatch(/^[0-9a-f]{64}$/);
  });
  it('gives the same identity to the same files and another to changed ones', async () => {
    const a = await load(['parcels-4549.geojson']);
    const b = await load(['parcels-4549.geojson']);
    const c = await load(['parcels-4528.geojson']);
    expect(a.report.identity.hash).toBe(b.report.identity.hash);
    expect(a.report.identity.hash).not.toBe(c.report.identity.hash);
  });
  it('reads tax in 元 when the header says so, and lets the user choose the unit', async () => {
    const json = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { DKBH: 'T-1', '税收(元)': 123_450 }, geometry: { type: 'Polygon', coordinates: [[[560000, 3100000], [560100, 3100000], [560100, 3100100], [560000, 3100000]]] } }] });
    const read = await readInputs([inputFromBytes('t.geojson', new TextEncoder().encode(json))]);
    const header = assemble(evaluate(read, {}).evaluations).parcels[0]!.attributes.tax;
    expect(header).toBeCloseTo(12.345, 10);
    const chosen = assemble(evaluate(read, { layers: { t: { factors: { tax: 1 } } } }).evaluations).parcels[0]!.attributes.tax;
    expect(chosen).toBe(123_450);
  });
});

describe('loader: a file it cannot read is named, in Chinese and English', () => {
  it('says where the JSON breaks, in both languages, and still previews the other files', async () => {
    const { report } = await load(['broken-json.geojson', 'parcels-4549.geojson']);
    expect(report.fileProblems).toHaveLength(1);
    expect(report.fileProblems[0]!.text.zh).toMatch(/^不是有效的 JSON/);
    expect(report.fileProblems[0]!.text.en).toMatch(/not valid JSON/);
    expect(report.totals.parcels).toBe(3);
  });
  it('names a damaged FlatGeobuf in Chinese', async () => {
    const bytes = fixture('parcels-4549.fgb');
    const read = await readInputs([inputFromBytes('cut.fgb', bytes.subarray(0, bytes.length - 40))]);
    expect(read.fileProblems[0]?.text.zh).toMatch(/不完整|损坏/);
  });
});

describe('loader: implausible data is flagged and kept out, never averaged in', () => {
  const square = (x: number, y: number, side: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]] });
  const fc = (features: { props: Record<string, unknown>; geometry: unknown }[]) =>
    new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', properties: f.props, geometry: f.geometry })) }));
  it('a huge parcel, a tax of 1e308, an id differing by full-width digits or a zero-width space', async () => {
    const bytes = fc([
      { props: { DKBH: 'OH-001', SS: 100 }, geometry: square(560000, 3090000, 100) },
      { props: { DKBH: 'OH-BIG', SS: 100 }, geometry: square(545000, 3085000, 10_000) },
      { props: { DKBH: 'OH-002', SS: 1e308 }, geometry: square(560200, 3090000, 100) },
      { props: { DKBH: 'ＯＨ－００１', SS: 1 }, geometry: square(560400, 3090000, 100) },
      { props: { DKBH: 'OH-\u200b002', SS: 1 }, geometry: square(560600, 3090000, 100) },
      { props: { DKBH: 'OH-003', SS: '311.37万元' }, geometry: square(560800, 3090000, 100) },
    ]);
    const read = await readInputs([inputFromBytes('地块.geojson', bytes)]);
    const { report, evaluations } = evaluate(read);
    const problems = Object.fromEntries(report.layers[0]!.problems.map((p) => [p.code, p]));
    expect(problems['absurd-size']).toMatchObject({ count: 1, examples: [{ id: 'OH-BIG' }] });
    expect(problems['absurd-value']).toMatchObject({ count: 1, examples: [{ id: 'OH-002' }] });
    expect(problems['near-duplicate-id']).toMatchObject({ count: 2 });
    const parcels = assemble(evaluations).parcels;
    expect(parcels.map((p) => p.attributes.parcelId)).toEqual(['OH-001', 'OH-002', 'OH-003']);
    expect(parcels[1]!.attributes.tax).toBeNull();
    expect(parcels[2]!.attributes.tax).toBe(311.37);
    expect(report.totals.parcels).toBe(3);
  });
});

describe('loader: lazy parcel geometry (the CLI)', () => {
  it('gives the same parcels, areas and packing as GeoJSON made at once', async () => {
    const { readFileSync } = await import('node:fs');
    const file = () => inputFromBytes('data/ouhai/parcels.fgb', new Uint8Array(readFileSync('data/ouhai/parcels.fgb')));
    const roles = { 'data/ouhai/parcels.fgb': 'parcels' as const };
    const eager = assemble(evaluate(await readInputs([file()]), {}, roles, '2024-01-01').evaluations);
    const lazy = assemble(evaluate(await readInputs([file()]), {}, roles, '2024-01-01', undefined, true).evaluations);
    expect(lazy.parcels.length).toBeGreaterThan(100);
    expect(lazy.parcelsPacked!.area).toEqual(eager.parcelsPacked!.area);
    expect(lazy.parcelsPacked!.packed).toEqual(eager.parcelsPacked!.packed);
    expect(lazy.parcels.map((p) => plainAttributes(p.attributes))).toEqual(eager.parcels.map((p) => plainAttributes(p.attributes)));
    // Made on first use, the same GeoJSON, and the same object when asked again.
    expect(lazy.parcels.map((p) => p.geometry)).toEqual(eager.parcels.map((p) => p.geometry));
    expect(lazy.parcels[0]!.geometry).toBe(lazy.parcels[0]!.geometry);
  });
});

describe('loader: parcel values read by position (flat FlatGeobuf) report as the object form does', () => {
  it('same attributes, problems and warnings whether the features\' properties were made or not', async () => {
    const { writeTestFgb, gridFeatures } = await import('../formats/fgb/write.test-helpers');
    const { ColumnType } = await import('../formats/fgb/header');
    const columns = [
      { name: 'DKBH', type: ColumnType.String }, { name: 'SS', type: ColumnType.Double }, { name: 'JZMJ', type: ColumnType.String },
      { name: 'CRRQ', type: ColumnType.String }, { name: 'SSJD', type: ColumnType.String }, { name: 'CYRS', type: ColumnType.Double }, { name: 'KFBL', type: ColumnType.Double },
    ];
    const values: Record<string, unknown>[] = [
      { DKBH: 'A1', SS: 12.5, JZMJ: '1,200', CRRQ: '2021-02-30', SSJD: '娄桥街道', CYRS: 7.4, KFBL: 85 },
      { DKBH: 'A1', SS: -3, JZMJ: 'n/a', CRRQ: '2030-01-01', SSJD: '无数据', CYRS: 3, KFBL: 0.5 },
      { DKBH: 'Ａ２', SS: 1e9, JZMJ: '500m²', CRRQ: '2021/3/5', SSJD: ' 丽岙 ', KFBL: 250 },
      { SS: 1 },
      { DKBH: 'A4', CRRQ: '2020-02-29', SSJD: '潘桥街道' },
    ];
    const geoms = gridFeatures(1, values.length).map((f) => f.geometry);
    const bytes = writeTestFgb(values.map((properties, i) => ({ geometry: geoms[i]!, properties })), { columns, epsg: 4549 });
    const run = async (touch: boolean) => {
      const read = await readInputs([inputFromBytes('地块.fgb', bytes)]);
      if (touch) for (const l of read.layers.values()) for (const f of l.features) void f.properties;
      const { report, evaluations } = evaluate(read, {}, { '地块.fgb': 'parcels' }, '2024-01-01');
      return { report: report.layers, parcels: assemble(evaluations).parcels.map((p) => p.attributes) };
    };
    const byPosition = await run(false);
    expect(byPosition.parcels.length).toBeGreaterThan(1);
    expect(byPosition).toEqual(await run(true));
  });
});

describe('loader: a Shapefile picked without its .dbf', () => {
  it('blocks the parcels with the missing .dbf as the reason and the fix, in Chinese too', async () => {
    const as = (ext: string) => inputFromBytes(`地块.${ext}`, fixture(`shp/crs-4528.${ext}`));
    const read = await readInputs([as('shp'), as('shx'), as('prj')]);
    const { report } = evaluate(read, {}, {}, '2026-11-30');
    const layer = report.layers[0]!;
    expect(layer.role).toBe('parcels');
    expect(layer.blocked?.zh).toMatch(/缺少 \.dbf/);
    expect(layer.blocked?.en).toMatch(/\.dbf is missing/);
    expect(layer.crs.crs).toBe('EPSG:4528'); // decided from its .prj: not shown as "choose a CRS"
    // The reader's own note reads in Chinese, the English kept in the en text.
    const note = layer.problems.find((p) => p.code === 'reader');
    expect(note?.text.zh).toMatch(/旁没有 \.dbf/);
    expect(note?.text.en).toMatch(/no \.dbf beside/);
  });
});

describe('loader: a polygon whose rings are out of order', () => {
  it('is not imported (its area would be negative) and is named with the fix', async () => {
    const square = (x: number, y: number, w: number) => [[x, y], [x + w, y], [x + w, y + w], [x, y + w], [x, y]];
    const feature = (id: string, rings: number[][][]) => ({ type: 'Feature', properties: { DKBH: id }, geometry: { type: 'Polygon', coordinates: rings } });
    const json = JSON.stringify({ type: 'FeatureCollection', features: [
      feature('OK-1', [square(560000, 3100000, 100)]),
      // A small ring first, the big one after it (as a naive conversion of several outer rings writes them).
      feature('BAD-1', [square(560500, 3100500, 10), square(560400, 3100400, 200)]),
    ] });
    const read = await readInputs([inputFromBytes('t.geojson', new TextEncoder().encode(json))]);
    const { report, evaluations } = evaluate(read, {});
    expect(assemble(evaluations).parcels.map((p) => p.attributes.parcelId)).toEqual(['OK-1']);
    const problem = report.layers[0]!.problems.find((p) => p.code === 'negative-area');
    expect(problem).toMatchObject({ count: 1, action: 'skipped', examples: [{ id: 'BAD-1' }] });
  });
});
