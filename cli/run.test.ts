import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './analyze';

const D = 'data/ouhai';
const args = (dir: string) => ['--parcels', `${D}/parcels.fgb`, '--buildings', `${D}/buildings.fgb`, '--blocklines', `${D}/blocklines.fgb`,
  '--parks', `${D}/parks.fgb`, '--towns', `${D}/towns.fgb`, '--ledger', `${D}/ledger.json`, '--date', '2023-12-31',
  '--out', join(dir, 'r.csv'), '--summary', join(dir, 's.json')];

describe('npm run analyze (cli/run.mjs: the bundle, buildings read in a thread)', () => {
  it('writes the same bytes as the command run in-process', async () => {
    const a = await mkdtemp(join(tmpdir(), 'tl-run-'));
    const b = await mkdtemp(join(tmpdir(), 'tl-run-'));
    execFileSync(process.execPath, ['cli/run.mjs', ...args(a)], { stdio: 'pipe' });
    const quiet = { out: () => undefined, err: () => undefined };
    expect(await main(args(b), quiet)).toBe(0);
    expect(await readFile(join(a, 'r.csv'), 'utf8')).toBe(await readFile(join(b, 'r.csv'), 'utf8'));
    expect(await readFile(join(a, 's.json'), 'utf8')).toBe(await readFile(join(b, 's.json'), 'utf8'));
  }, 120_000);
});
