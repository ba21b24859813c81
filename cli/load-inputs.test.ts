import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planarArea } from '../src/geo/area';
import { formatIoError, formatWarning, loadInputs, loadRulesFile, parseBlocklineLevel } from './load-inputs';

const FIX = fileURLToPath(new URL('../tests/fixtures/io/', import.meta.url));
const f = (name: string): string => join(FIX, name);

describe('loadInputs', () => {
  it('loads every layer, reports each file\'s CRS on one line, and maps parcel fields', async () => {
    const r = await loadInputs({
      parcels: f('parcels-4528.fgb'), buildings: f('buildings.geojson'), blocklines: f('blocklines.geojson'),
      parks: f('parks.geojson'), towns: f('towns.fgb'),
    });
    if (!r.ok) throw new Error(formatIoError(r.error));
    const { inputs } = r;
    expect(inputs.parcels.map((p) => p.attributes.parcelId).sort()).toEqual(['OH-001', 'OH-002', 'OH-003']);
    expect(inputs.parcels.find((p) => p.attributes.parcelId === 'OH-001')!.attributes.tax).toBe(1234.5);
    expect(inputs.buildings).toHaveLength(1);
    expect(inputs.blocklines?.map((b) => b.level)).toEqual(['一级', '二级']);
    expect(inputs.parks?.map((p) => p.name)).toEqual(['娄桥小微企业园', '园区2']);
    // One town has its name under "name", the other under "镇街"; GDAL's index may re-order them.
    expect(inputs.towns?.map((t) => t.name).sort()).toEqual(['娄桥街道', '梧田街道'].sort());
    // towns.fgb is EPSG:4490; back in 4549 the 娄桥 box is 5150 m × 10000 m.
    const louqiao = inputs.towns!.find((t) => t.name === '娄桥街道')!;
    expect(Math.abs(planarArea(louqiao.geometry) - 5150 * 10_000)).toBeLessThan(1);
    expect(inputs.crsReport).toHaveLength(5);
    expect(inputs.crsReport[0]).toMatch(/^parcels +parcels-4528\.fgb: EPSG:4528 \(declared\)/);
    expect(inputs.crsReport[1]).toMatch(/^buildings +buildings\.geojson: EPSG:4549 \(detected\)/);
    expect(inputs.crsReport[4]).toMatch(/towns\.fgb: EPSG:4490 \(declared\)/);
    expect(inputs.mappingReport).toContain('SS → tax (税收)');
    expect(inputs.warnings.map((w) => w.code)).toContain('missing-name');
    expect(formatWarning(inputs.warnings.find((w) => w.code === 'missing-name')!)).toBe('warning parks.geojson #2: park #2 has no name; called "园区2"');
  });
  it.each([
    [{ parcels: f('nope.geojson') }, /does not exist/],
    [{ parcels: FIX + 'x.shp' }, /does not read ".shp"/],
    [{ parcels: f('duplicate-id.geojson') }, /repeats the parcel id/],
    [{ parcels: f('swapped-xy.geojson') }, /swapped/],
    [{ parcels: f('parcels-4549.geojson'), blocklines: f('blocklines-nolevel.geojson') }, /the level "三级", which is neither 一级 nor 二级/],
    [{ parcels: f('parcels-4549.geojson'), towns: f('parks.geojson') }, /Town #1 has no name/],
    [{ parcels: f('parcels-4549.geojson'), buildings: f('point-in-polygons.geojson') }, /Point/],
  ])('stops with a named error: %j', async (paths, problem) => {
    const r = await loadInputs(paths);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.problem).toMatch(problem);
    expect(formatIoError(r.error)).toMatch(/^Error in .*\n( {2}feature: #\d+.*\n)? {2}problem: .*\n {2}fix: {5}\S/);
  });
  it('names the file and the feature in the printed error', async () => {
    const r = await loadInputs({ parcels: f('unclosed.geojson') });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatIoError(r.error)).toContain('unclosed.geojson\n  feature: #1 (id "A")\n  problem: Feature #1 (id "A") has an outer ring that is not closed');
  });
  it('suggests ogr2ogr for Shapefiles', async () => {
    const r = await loadInputs({ parcels: 'in.shp' });
    expect(r.ok || r.error.fix).toMatch(/ogr2ogr -f FlatGeobuf/);
  });
});

describe('parseBlocklineLevel', () => {
  it.each([['一级', '一级'], ['1', '一级'], ['I', '一级'], ['二级', '二级'], ['2', '二级'], ['Level 2', '二级'], ['三级', undefined], ['', undefined]])(
    '%s → %s',
    (raw, level) => expect(parseBlocklineLevel(raw)).toBe(level),
  );
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
