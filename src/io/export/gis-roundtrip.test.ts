import { unzipSync } from 'fflate';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { planarArea } from '../../geo/area';
import { loadFiles } from '../loader';
import { inputFromBytes, type InputFile } from '../source';
import { ouhaiSource, testMeta } from './export.test-helper';
import { writeFlatGeobuf } from './fgb';
import { writeGeoJson } from './geojson';
import type { ExportSource } from './model';
import { writeShapefileZip } from './shapefile';
import { plainAttributes } from '../../domain/parcel-columns';
import type { ParcelAttributes } from '../../domain/parcel';

let source: ExportSource;
let fids: number[];

beforeAll(async () => {
  source = (await ouhaiSource()).source;
  // Every 7th parcel, plus every multipolygon and every parcel with a hole.
  const set = new Set<number>();
  source.parcels.forEach((p, i) => {
    const g = p.geometry;
    if (i % 7 === 0 || g.type === 'MultiPolygon' || g.coordinates.length > 1) set.add(i);
  });
  fids = [...set].reverse();
}, 60_000);

/** Rings of a geometry as sets of vertices (orientation and start point may differ after a round trip). */
function ringsOf(g: Polygon | MultiPolygon): Position[][] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.flat().map((r) => r.slice(0, -1));
}

function expectSameGeometry(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon, tol: number, label: string): void {
  const ra = ringsOf(a).map((r) => [...r].sort((p, q) => p[0]! - q[0]! || p[1]! - q[1]!));
  const rb = ringsOf(b).map((r) => [...r].sort((p, q) => p[0]! - q[0]! || p[1]! - q[1]!));
  const key = (r: Position[]) => `${r.length}:${Math.round(r[0]![0]!)}`;
  ra.sort((x, y) => key(x).localeCompare(key(y)));
  rb.sort((x, y) => key(x).localeCompare(key(y)));
  expect(rb.length, label).toBe(ra.length);
  let worst = 0;
  ra.forEach((r, k) => {
    expect(rb[k]!.length, label).toBe(r.length);
    r.forEach((p, j) => { worst = Math.max(worst, Math.hypot(p[0]! - rb[k]![j]![0]!, p[1]! - rb[k]![j]![1]!)); });
  });
  expect(worst, label).toBeLessThan(tol);
  expect(Math.abs(planarArea(a) - planarArea(b)), label).toBeLessThan(Math.max(0.01, planarArea(a) * 1e-6));
}

async function reload(files: InputFile[]) {
  const roles = Object.fromEntries(files.map((f) => [f.name, 'parcels' as const]));
  const r = await loadFiles(files, roles);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r;
}

function expectSameParcels(back: Awaited<ReturnType<typeof reload>>, label: string): void {
  const parcels = back.layers.parcels;
  expect(parcels).toHaveLength(fids.length);
  const byId = new Map(parcels.map((p) => [p.attributes.parcelId, p]));
  for (const fid of fids) {
    const want = source.parcels[fid]!;
    const got = byId.get(want.attributes.parcelId);
    expect(got, `${label} ${want.attributes.parcelId}`).toBeDefined();
    const clean = (a: ParcelAttributes) => Object.fromEntries(Object.entries(plainAttributes(a)).filter(([, v]) => v !== null && v !== undefined));
    expect(clean(got!.attributes), `${label} ${want.attributes.parcelId}`).toEqual(clean(want.attributes));
    expectSameGeometry(want.geometry, got!.geometry, 0.001, `${label} ${want.attributes.parcelId}`);
  }
}

describe('GIS exports round-trip through the app loader', () => {
  it('GeoJSON (WGS84): same parcels, geometry within 1 mm, attributes exact, metadata member', async () => {
    const bytes = writeGeoJson(source, fids, testMeta());
    const doc = JSON.parse(new TextDecoder().decode(bytes)) as { tenglong: { evaluationDate: string; dataset: { hash: string }; ruleSet: { name: string } } };
    expect(doc.tenglong.evaluationDate).toBe('2023-12-31');
    expect(doc.tenglong.dataset.hash).toBe('abc123');
    const back = await reload([inputFromBytes('list.geojson', bytes)]);
    expect(['EPSG:4326', 'EPSG:4490']).toContain(back.report.layers[0]!.crs.crs);
    expectSameParcels(back, 'geojson');
  }, 60_000);

  it('FlatGeobuf (EPSG:4549, indexed): same parcels exactly', async () => {
    const bytes = writeFlatGeobuf(source, fids, testMeta());
    const back = await reload([inputFromBytes('list.fgb', bytes)]);
    expect(back.report.layers[0]!.crs.crs).toBe('EPSG:4549');
    expectSameParcels(back, 'fgb');
  }, 60_000);

  it.each(['utf-8', 'gbk'] as const)('Shapefile zip (%s): same parcels; .prj, .cpg, field map and metadata inside', async (encoding) => {
    const zip = writeShapefileZip(source, fids, testMeta('重点 地块/一'), { encoding });
    const files = unzipSync(zip);
    const names = Object.keys(files).sort();
    expect(names).toEqual(['重点_地块_一.cpg', '重点_地块_一.dbf', '重点_地块_一.prj', '重点_地块_一.shp', '重点_地块_一.shp.xml', '重点_地块_一.shx']);
    expect(new TextDecoder().decode(files['重点_地块_一.cpg'])).toBe(encoding === 'gbk' ? '936' : 'UTF-8');
    const sidecar = new TextDecoder().decode(files['重点_地块_一.shp.xml']);
    expect(sidecar).toContain('<field dbf="TYSHXYDM" key="creditCode" zh="统一社会信用代码"/>');
    expect(sidecar).toContain('2023-12-31');
    const dbf = files['重点_地块_一.dbf']!;
    expect(dbf[29]).toBe(encoding === 'gbk' ? 0x4d : 0);
    const back = await reload([inputFromBytes('list.zip', zip)]);
    expect(back.report.layers[0]!.crs.crs).toBe('EPSG:4549');
    expect(back.report.layers[0]!.encoding?.label).toBe(encoding === 'gbk' ? 'gb18030' : 'utf-8');
    expectSameParcels(back, `shp ${encoding}`);
  }, 60_000);
});
