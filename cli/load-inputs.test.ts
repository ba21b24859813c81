import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planarArea } from '../src/geo/area';
import { parseBlocklineLevel } from '../src/io/loader/evaluate';
import { formatIoError, loadInputs, loadRulesFile } from './load-inputs';

const FIX = fileURLToPath(new URL('../tests/fixtures/io/', import.meta.url));
const f = (name: string): string => join(FIX, name);

describe('loadInputs (through the one loader)', () => {
  it('loads every layer, reports each file\'s CRS on one line, and maps parcel fields', async () => {
    const r = await loadInputs({
      parcels: f('parcels-4528.fgb'), buildings: f('buildings.geojson'), blocklines: f('blocklines.geojson'),
      parks: f('parks.geojson'), towns: f('towns.fgb'),
    });
    if (!r.ok) throw new Error(formatIoError(r.error));
    const { inputs } = r;
    expect(inputs.early.parcels.map((p) => p.attributes.parcelId).sort()).toEqual(['OH-001', 'OH-002', 'OH-003']);
    expect(inputs.early.parcels.find((p) => p.attributes.parcelId === 'OH-001')!.attributes.tax).toBe(1234.5);
    expect((await inputs.complete()).buildings).toHaveLength(1);
    expect(inputs.early.blocklines?.map((b) => b.level)).toEqual(['一级', '二级']);
    expect(inputs.early.parks?.map((p) => p.name)).toEqual(['娄桥小微企业园', '园区2']);
    // One town has its name under "name", the other under "镇街"; GDAL's index may re-order them.
    expect(inputs.early.towns?.map((t) => t.name).sort()).toEqual(['娄桥街道', '梧田街道'].sort());
    // towns.fgb is EPSG:4490; back in 4549 the 娄桥 box is 5150 m × 10000 m.
    const louqiao = inputs.early.towns!.find((t) => t.name === '娄桥街道')!;
    expect(Math.abs(planarArea(louqiao.geometry) - 5150 * 10_000)).toBeLessThan(1);
    expect(inputs.crsReport).toHaveLength(5);
    expect(inputs.crsReport.find((l) => l.startsWith('parcels'))).toMatch(/^parcels +parcels-4528\.fgb: EPSG:4528 \(declared\)/);
    expect(inputs.crsReport.find((l) => l.startsWith('buildings'))).toMatch(/buildings\.geojson: EPSG:4549 \(detected\)/);
    expect(inputs.crsReport.find((l) => l.startsWith('towns'))).toMatch(/towns\.fgb: EPSG:4490 \(declared\)/);
    expect(inputs.mappingReport).toContain('SS → tax');
    expect(inputs.problemReport.join('\n')).toMatch(/parks\.geojson: 1 feature has no name; numbered instead — e\.g\. #2: called "园区2"/);
    expect(inputs.report.identity.hash).toMatch(/^[0-9a-f]{64}$/);
  });
  it.each([
    [{ parcels: f('nope.geojson') }, /does not exist/],
    [{ parcels: FIX + 'x.shp' }, /does not exist/],
    [{ parcels: f('broken-json.geojson') }, /not valid JSON/],
    [{ parcels: f('outside-ouhai.geojson') }, /not in Ouhai/],
    [{ parcels: f('no-id-column.geojson') }, /no column holds the parcel id/],
  ])('stops with a named error: %j', async (paths, problem) => {
    const r = await loadInputs(paths);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.problem).toMatch(problem);
    expect(formatIoError(r.error)).toMatch(/^Error in .*\n( {2}feature: #\d+.*\n)? {2}problem: .*\n {2}fix: {5}\S/);
  });
  it.each([
    [{ parcels: f('duplicate-id.geojson') }, /1 feature repeats an earlier parcel id; skipped/],
    [{ parcels: f('unclosed.geojson') }, /a ring that is not closed; repaired/],
    [{ parcels: f('parcels-4549.geojson'), blocklines: f('blocklines-nolevel.geojson') }, /no block-line tier; counted as 未分级/],
    [{ parcels: f('parcels-4549.geojson'), buildings: f('point-in-polygons.geojson') }, /1 feature is not a polygon .*; skipped/],
  ])('goes on and reports what it did: %j', async (paths, problem) => {
    const r = await loadInputs(paths);
    if (!r.ok) throw new Error(formatIoError(r.error));
    expect(r.inputs.problemReport.join('\n')).toMatch(problem);
  });
  it('reads X/Y written northing first, and says so', async () => {
    const r = await loadInputs({ parcels: f('swapped-xy.geojson') });
    if (!r.ok) throw new Error(formatIoError(r.error));
    expect(r.inputs.crsReport[0]).toMatch(/EPSG:4549 \(X\/Y swapped\) \(detected\)/);
    const ref = await loadInputs({ parcels: f('parcels-4549.geojson') });
    expect(ref.ok).toBe(true);
  });
  it('reads block-line tiers written as 1 / I / 二级 / Level 2, the rest as 未分级', () => {
    for (const [raw, level] of [['一级', '一级'], ['1', '一级'], ['I', '一级'], ['二级', '二级'], ['2', '二级'], ['Level 2', '二级'], ['二级区块线', '二级'], ['三级', undefined], ['', undefined]] as const) {
      expect(parseBlocklineLevel(raw)).toBe(level);
    }
  });
});

describe('loadRulesFile', () => {
  it('reads JSON and names broken JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    writeFileSync(join(dir, 'ok.json'), '\uFEFF{"idleYears": 1}');
    writeFileSync(join(dir, 'bad.json'), '{"idleYears": }');
    expect(await loadRulesFile(join(dir, 'ok.json'))).toEqual({ ok: true, value: { idleYears: 1 } });
    const bad = await loadRulesFile(join(dir, 'bad.json'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.problem).toMatch(/not valid JSON/);
    expect((await loadRulesFile(join(dir, 'missing.json'))).ok).toBe(false);
  });
});
