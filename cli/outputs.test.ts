import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliArgs } from './args';
import { checkOutputs, writeOutputs } from './outputs';

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'tl-outputs-'));
  const parcels = join(dir, 'p.geojson');
  await writeFile(parcels, '{}');
  return { dir, parcels };
}

describe('writeOutputs', () => {
  it('writes every file in place, keeps a replaced file\'s mode and leaves no temporary file', async () => {
    const { dir, parcels } = await setup();
    await writeFile(join(dir, 'r.csv'), 'old');
    await chmod(join(dir, 'r.csv'), 0o640);
    const args: CliArgs = { parcels, out: join(dir, 'r.csv'), summary: join(dir, 's.json') };
    const checked = await checkOutputs(args);
    if (!checked.ok) throw new Error(checked.error.problem);
    expect(await writeOutputs(checked.outputs, ['new csv', '{}'])).toBeNull();
    expect(await readFile(join(dir, 'r.csv'), 'utf8')).toBe('new csv');
    expect(await readFile(join(dir, 's.json'), 'utf8')).toBe('{}');
    expect((await stat(join(dir, 'r.csv'))).mode & 0o777).toBe(0o640);
    expect((await readdir(dir)).sort()).toEqual(['p.geojson', 'r.csv', 's.json']);
  });

  it('when one file cannot be written, none is: the old results stay and the temporary files are removed', async () => {
    const { dir, parcels } = await setup();
    const sub = join(dir, 'sub');
    await mkdir(sub);
    await writeFile(join(dir, 'r.csv'), 'old');
    const checked = await checkOutputs({ parcels, out: join(dir, 'r.csv'), summary: join(sub, 's.json') });
    if (!checked.ok) throw new Error(checked.error.problem);
    await rm(sub, { recursive: true }); // the summary's folder goes away while the analysis runs
    const error = await writeOutputs(checked.outputs, ['new csv', '{}']);
    expect(error?.file).toBe(`--summary ${join(sub, 's.json')}`);
    expect(error?.problem).toMatch(/could not be written \(ENOENT\)\. Nothing was written\./);
    expect(await readFile(join(dir, 'r.csv'), 'utf8')).toBe('old');
    expect((await readdir(dir)).sort()).toEqual(['p.geojson', 'r.csv']);
  });

  it('writes bytes in chunks as they are made; a bug while making them is thrown as itself, and nothing is left', async () => {
    const { dir, parcels } = await setup();
    await writeFile(join(dir, 'r.csv'), 'old');
    const checked = await checkOutputs({ parcels, out: join(dir, 'r.csv') });
    if (!checked.ok) throw new Error(checked.error.problem);
    const big = new Uint8Array(3 << 20).map((_, i) => 48 + (i % 10));
    function* chunks(fail: boolean) {
      yield big.subarray(0, 1 << 20);
      yield big.subarray(1 << 20);
      if (fail) throw new TypeError('made wrong');
    }
    expect(await writeOutputs(checked.outputs, [chunks(false)])).toBeNull();
    expect((await readFile(join(dir, 'r.csv'))).equals(big)).toBe(true);
    await expect(writeOutputs(checked.outputs, [chunks(true)])).rejects.toThrow(TypeError);
    expect((await readFile(join(dir, 'r.csv'))).equals(big)).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['p.geojson', 'r.csv']);
  });

  it('writes through a symbolic link to the file it names', async () => {
    const { dir, parcels } = await setup();
    await writeFile(join(dir, 'real.csv'), 'old');
    await symlink(join(dir, 'real.csv'), join(dir, 'link.csv'));
    const checked = await checkOutputs({ parcels, out: join(dir, 'link.csv') });
    if (!checked.ok) throw new Error(checked.error.problem);
    expect(await writeOutputs(checked.outputs, ['new'])).toBeNull();
    expect((await lstat(join(dir, 'link.csv'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'real.csv'), 'utf8')).toBe('new');
  });
});

describe('checkOutputs', () => {
  it('refuses a Shapefile sidecar of an input as an output', async () => {
    const { dir } = await setup();
    for (const ext of ['shp', 'shx', 'dbf']) await writeFile(join(dir, `a.${ext}`), '');
    const r = await checkOutputs({ parcels: join(dir, 'a.shp'), out: join(dir, 'a.dbf') });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ file: `--out ${join(dir, 'a.dbf')}`, problem: expect.stringContaining('one of the input files') });
  });

  it('refuses a device', async () => {
    const { parcels } = await setup();
    const r = await checkOutputs({ parcels, out: '/dev/null' });
    expect(r.ok).toBe(false);
  });
});
