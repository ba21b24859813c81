import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from './analyze';
import { parseArgs } from './args';

const D = 'data/ouhai';
const quiet = { out: () => {}, err: () => {} };

describe('npm run analyze --format', () => {
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tl-cli-fmt-')); });

  it('writes the app\'s writers: xlsx, geojson, fgb and a GBK Shapefile zip', async () => {
    const base = ['--parcels', `${D}/parcels.fgb`, '--towns', `${D}/towns.fgb`, '--date', '2023-12-31'];
    expect(await main([...base, '--format', 'xlsx', '--out', join(dir, 'r.xlsx')], quiet)).toBe(0);
    const book = unzipSync(new Uint8Array(await readFile(join(dir, 'r.xlsx'))));
    expect(strFromU8(book['xl/workbook.xml']!)).toContain('name="规则明细"');
    expect(strFromU8(book['xl/sharedStrings.xml']!)).toContain('（示例数据）'); // data/ouhai's manifest says synthetic
    expect(await main([...base, '--format', 'geojson', '--out', join(dir, 'r.geojson')], quiet)).toBe(0);
    const doc = JSON.parse(await readFile(join(dir, 'r.geojson'), 'utf8')) as { features: unknown[]; tenglong: { evaluationDate: string } };
    expect(doc.features.length).toBeGreaterThan(3000);
    expect(doc.tenglong.evaluationDate).toBe('2023-12-31');
    expect(await main([...base, '--format', 'fgb', '--out', join(dir, 'r.fgb')], quiet)).toBe(0);
    expect([...(await readFile(join(dir, 'r.fgb'))).subarray(0, 4)]).toEqual([0x66, 0x67, 0x62, 3]);
    expect(await main([...base, '--format', 'shp', '--encoding', 'gbk', '--out', join(dir, 'r.zip')], quiet)).toBe(0);
    const zip = unzipSync(new Uint8Array(await readFile(join(dir, 'r.zip'))));
    expect(strFromU8(zip['r.cpg']!)).toBe('936');
  }, 120_000);

  it('refuses an unknown format or an encoding without a Shapefile', () => {
    expect(parseArgs(['--parcels', 'p.fgb', '--out', 'o', '--format', 'pdf'])).toMatchObject({ ok: false, error: /--format "pdf" is not one of csv, xlsx/ });
    expect(parseArgs(['--parcels', 'p.fgb', '--out', 'o', '--encoding', 'gbk'])).toMatchObject({ ok: false, error: /--format shp only/ });
    expect(parseArgs(['--parcels', 'p.fgb', '--out', 'o', '--format', 'shp', '--encoding', 'GBK'])).toMatchObject({ ok: true, args: { format: 'shp', encoding: 'gbk' } });
  });
});
