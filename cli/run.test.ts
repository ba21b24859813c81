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

  it('still writes them when the building thread ends right after its first answer (the footprints are then read on the main thread)', async () => {
    const a = await mkdtemp(join(tmpdir(), 'tl-run-'));
    const b = await mkdtemp(join(tmpdir(), 'tl-run-'));
    // Loaded into every thread: a worker thread ends just after it first posts (the building thread after its
    // layer answer, which leaves the footprints to come with the overlay; the hashing thread after one hash).
    const hook = `data:text/javascript,${encodeURIComponent(`
      import { isMainThread, parentPort } from 'node:worker_threads';
      if (!isMainThread && parentPort) {
        const post = parentPort.postMessage.bind(parentPort);
        parentPort.postMessage = (...m) => { post(...m); setImmediate(() => process.exit(0)); };
      }`)}`;
    const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${hook}` };
    const out = execFileSync(process.execPath, ['cli/run.mjs', ...args(a)], { stdio: 'pipe', env, encoding: 'utf8' });
    expect(out).toMatch(/evaluated 3\d{3} parcels/);
    const quiet = { out: () => undefined, err: () => undefined };
    expect(await main(args(b), quiet)).toBe(0);
    expect(await readFile(join(a, 'r.csv'), 'utf8')).toBe(await readFile(join(b, 'r.csv'), 'utf8'));
    expect(await readFile(join(a, 's.json'), 'utf8')).toBe(await readFile(join(b, 's.json'), 'utf8'));
  }, 120_000);
});

