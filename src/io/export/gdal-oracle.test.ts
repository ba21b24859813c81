/**
 * GDAL as the oracle for the Shapefile and FlatGeobuf writers: ogrinfo must read the Shapefile's text
 * in the encoding the .cpg names and its CRS as EPSG:4549, and the FlatGeobuf's spatial index (a -spat
 * query answers exactly the parcels whose boxes meet the query box; the same file with its index boxes
 * blanked answers none, so GDAL did use the index). Skipped, with a note, where ogrinfo is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMessage } from '../../domain/rules/outcome';
import { ouhaiSource, testMeta } from './export.test-helper';
import { writeFlatGeobuf } from './fgb';
import type { ExportSource } from './model';
import { writeShapefileZip } from './shapefile';

const hasGdal = (() => {
  try {
    execFileSync('ogrinfo', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    console.warn('NOTE: ogrinfo (GDAL) is not installed: the GDAL oracle tests of the exports are skipped. apt-get install gdal-bin to run them.');
    return false;
  }
})();

const ogrinfo = (...args: string[]): string => execFileSync('ogrinfo', args, { encoding: 'utf8', maxBuffer: 64 << 20 });

describe.skipIf(!hasGdal)('GDAL reads the exports', () => {
  let dir: string;
  let source: ExportSource;
  const fids = Array.from({ length: 400 }, (_, i) => i * 3);
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tenglong-export-'));
    source = (await ouhaiSource()).source;
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['utf-8', 'gbk'] as const)('Shapefile %s: encoding from the .cpg, EPSG:4549, Chinese text intact', (encoding) => {
    const files = unzipSync(writeShapefileZip(source, fids, testMeta(`list-${encoding}`), { encoding }));
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    const shp = join(dir, `list-${encoding}.shp`);
    const meta = ogrinfo('-al', '-so', '-mdd', 'SHAPEFILE', shp);
    expect(meta).toContain(`SOURCE_ENCODING=${encoding === 'gbk' ? 'CP936' : 'UTF-8'}`);
    expect(meta).toMatch(/ID\["EPSG",4549\]\]\s*$/m);
    expect(meta).toContain(`Feature Count: ${fids.length}`);
    const first = source.parcels[fids[0]!]!.attributes;
    const row = ogrinfo('-al', '-q', '-geom=NO', '-where', 'FID=0', shp);
    expect(row).toContain(`DKBH (String) = ${first.parcelId}`);
    expect(row).toContain(`QYMC (String) = ${first.enterprise}`);
    expect(row).toContain(`TYSHXYDM (String) = ${first.creditCode}`);
    // The rule trail: each rule's reason in Chinese.
    const lowEfficiency = source.run.outcomesOf(fids[0]!)['low-efficiency'];
    expect(row).toContain(`Z_LOWEFF (String) = ${renderMessage(lowEfficiency, 'zh')}`);
  });

  it('FlatGeobuf: EPSG:4549, and a -spat query goes through the spatial index', () => {
    const bytes = writeFlatGeobuf(source, fids, testMeta());
    const file = join(dir, 'list.fgb');
    writeFileSync(file, bytes);
    const info = ogrinfo('-al', '-so', file);
    expect(info).toMatch(/ID\["EPSG",4549\]\]\s*$/m);
    expect(info).toContain('Geometry: Multi Polygon');
    // The query box: a corner of the listed parcels' extent.
    const boxes = fids.map((f) => {
      const g = source.parcels[f]!.geometry;
      const pts = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2);
      return [Math.min(...pts.map((p) => p[0]!)), Math.min(...pts.map((p) => p[1]!)), Math.max(...pts.map((p) => p[0]!)), Math.max(...pts.map((p) => p[1]!))];
    });
    const q = [boxes[0]![0]! - 500, boxes[0]![1]! - 500, boxes[0]![0]! + 1500, boxes[0]![1]! + 1500];
    const want = fids.filter((_, k) => boxes[k]![0]! <= q[2]! && boxes[k]![2]! >= q[0]! && boxes[k]![1]! <= q[3]! && boxes[k]![3]! >= q[1]!)
      .map((f) => source.parcels[f]!.attributes.parcelId).sort();
    expect(want.length).toBeGreaterThan(3);
    const ids = (out: string) => [...out.matchAll(/parcelId \(String\) = (\S+)/g)].map((m) => m[1]!).sort();
    const spat = q.map(String);
    expect(ids(ogrinfo('-al', '-q', '-geom=NO', '-spat', ...spat, file))).toEqual(want);
    // Blank every index node's box (far away): a reader that uses the index now finds nothing there.
    const header = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
    const start = 12 + header;
    const nodes = (fids.length + Math.ceil(fids.length / 16) + Math.ceil(fids.length / 256) + 1);
    const broken = bytes.slice();
    const v = new DataView(broken.buffer);
    for (let n = 0; n < nodes; n++) for (let k = 0; k < 4; k++) v.setFloat64(start + n * 40 + 8 * k, 1, true);
    writeFileSync(join(dir, 'broken.fgb'), broken);
    expect(ids(ogrinfo('-al', '-q', '-geom=NO', '-spat', ...spat, join(dir, 'broken.fgb')))).toEqual([]);
  });
});
