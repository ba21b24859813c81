import { unzipSync } from 'fflate';
import type { Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULE_IDS, renderMessage } from '../../domain/rules/outcome';
import { ouhaiSource, testMeta } from './export.test-helper';
import { writeGeoJson } from './geojson';
import { GIS_COLUMNS, SHAPEFILE_COLUMNS } from './gis-columns';
import type { ExportSource } from './model';
import { writeShapefileParts, writeShapefileZip } from './shapefile';

let source: ExportSource;
beforeAll(async () => { source = (await ouhaiSource()).source; }, 60_000);

/** The text of field `name` in each record of a .dbf, as bytes (trailing padding dropped). */
function dbfText(dbf: Uint8Array, name: string): Uint8Array[] {
  const v = new DataView(dbf.buffer, dbf.byteOffset);
  const count = v.getUint32(4, true);
  const headerBytes = v.getUint16(8, true);
  const recordBytes = v.getUint16(10, true);
  let offset = 1;
  let width = 0;
  for (let d = 32; dbf[d] !== 0x0d; d += 32) {
    const field = String.fromCharCode(...dbf.subarray(d, d + 11)).replace(/\0.*$/, '');
    if (field === name) { width = dbf[d + 16]!; break; }
    offset += dbf[d + 16]!;
  }
  expect(width, name).toBeGreaterThan(0);
  return Array.from({ length: count }, (_, r) => {
    const at = headerBytes + r * recordBytes + offset;
    let end = at + width;
    while (end > at && dbf[end - 1] === 0x20) end--;
    return dbf.subarray(at, end);
  });
}

describe('the GIS exports\' columns', () => {
  it('carry every rule\'s status and reason in Chinese and English (the Shapefile: Chinese), under DBF names of ≤ 10 characters', () => {
    const keys = GIS_COLUMNS.map((c) => c.key);
    for (const id of RULE_IDS) for (const part of ['status', 'message.zh', 'message.en']) expect(keys).toContain(`${id}.${part}`);
    for (const id of RULE_IDS) expect(SHAPEFILE_COLUMNS.map((c) => c.key)).not.toContain(`${id}.message.en`);
    const shorts = GIS_COLUMNS.map((c) => c.short);
    for (const s of shorts) expect(s).toMatch(/^[A-Za-z][A-Za-z0-9_]{0,9}$/);
    expect(new Set(shorts).size).toBe(shorts.length);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('GeoJSON: the reasons the card shows, each rule\'s clause in the metadata; 建筑系数 in percent as in Excel', () => {
    const fids = [5, 9];
    const doc = JSON.parse(new TextDecoder().decode(writeGeoJson(source, fids, testMeta()))) as { features: { properties: Record<string, unknown> }[]; tenglong: { clauses: Record<string, string> } };
    for (const id of RULE_IDS) expect(doc.tenglong.clauses[id]).toBe(source.run.outcomesOf(fids[0]!)[id].clause);
    fids.forEach((fid, k) => {
      const props = doc.features[k]!.properties;
      const outcomes = source.run.outcomesOf(fid);
      for (const id of RULE_IDS) {
        expect(props[`${id}.message.zh`]).toBe(renderMessage(outcomes[id], 'zh'));
        expect(props[`${id}.message.en`]).toBe(renderMessage(outcomes[id], 'en'));
      }
      const c = source.run.parcels.at(fid)!.coverage;
      expect(props['coveragePct']).toBe(c === null ? null : Number((c * 100).toFixed(2)));
      expect(props).not.toHaveProperty('coverage');
    });
    expect(GIS_COLUMNS.find((c) => c.key === 'coveragePct')?.zh).toBe('建筑系数（%）');
  });

  it.each(['utf-8', 'gbk'] as const)('Shapefile (%s): a reason over 254 bytes is cut at a character boundary', (encoding) => {
    const long = `${'闲置土地'.repeat(60)}𠮷`;
    const run = { ...source.run, outcomesOf: (f: number) => { const o = source.run.outcomesOf(f); return { ...o, idle: { ...o.idle, message: { zh: long, en: long } } }; } };
    const { dbf } = writeShapefileParts({ ...source, run }, [0, 1], encoding);
    const decode = new TextDecoder(encoding === 'gbk' ? 'gb18030' : 'utf-8', { fatal: true });
    for (const bytes of dbfText(dbf, 'Z_IDLE')) {
      expect(bytes.length).toBeLessThanOrEqual(254);
      const text = decode.decode(bytes);
      expect(long.startsWith(text)).toBe(true);
      expect(text.length).toBeGreaterThan(encoding === 'gbk' ? 120 : 80);
    }
  });

  it('Shapefile: the field map names the new columns for people', () => {
    const zip = unzipSync(writeShapefileZip(source, [0], testMeta('x')));
    const sidecar = new TextDecoder().decode(zip['x.shp.xml']);
    expect(sidecar).toContain('<field dbf="Z_LOWEFF" key="low-efficiency.message.zh" zh="low-efficiency 说明"/>');
    expect(sidecar).toContain('<field dbf="R_COVPCT" key="coveragePct" zh="建筑系数（%）"/>');
  });
});

describe('GeoJSON winding (RFC 7946 §3.1.6)', () => {
  /** Twice the signed area (> 0 counter-clockwise). */
  const signed = (ring: number[][]): number => ring.slice(1).reduce((a, p, i) => a + ring[i]![0]! * p[1]! - p[0]! * ring[i]![1]!, 0);

  it('writes outer rings counter-clockwise and holes clockwise, whatever the data\'s winding', async () => {
    const { toWgs84 } = await import('./geojson');
    const x = 500000;
    const y = 3100000;
    // Outer ring clockwise, hole counter-clockwise (the Shapefile's way), and open (not closed).
    const g: Polygon = { type: 'Polygon', coordinates: [
      [[x, y], [x, y + 100], [x + 100, y + 100], [x + 100, y]],
      [[x + 10, y + 10], [x + 20, y + 10], [x + 20, y + 20], [x + 10, y + 20], [x + 10, y + 10]],
    ] };
    const out = toWgs84(g);
    expect(signed(out.coordinates[0]!)).toBeGreaterThan(0);
    expect(signed(out.coordinates[1]!)).toBeLessThan(0);
    for (const r of out.coordinates) expect(r.at(-1)).toEqual(r[0]);
    const multi = toWgs84({ type: 'MultiPolygon', coordinates: [g.coordinates, [[...g.coordinates[0]!].reverse()]] });
    expect(multi.coordinates.map((p) => p.map((r) => Math.sign(signed(r))))).toEqual([[1, -1], [1]]);
  });

  it('every ring of an exported list', () => {
    const fids = source.parcels.map((_, f) => f).filter((f) => f % 5 === 0 || source.parcels[f]!.geometry.coordinates.length > 1);
    const doc = JSON.parse(new TextDecoder().decode(writeGeoJson(source, fids, testMeta()))) as { features: { geometry: { type: string; coordinates: unknown } }[] };
    for (const f of doc.features) {
      const polys = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as number[][][][];
      for (const p of polys) p.forEach((r, k) => expect(Math.sign(signed(r))).toBe(k === 0 ? 1 : -1));
    }
  });
});
