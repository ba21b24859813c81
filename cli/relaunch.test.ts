import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module with no type declarations (cli/run.mjs loads it before any bundle)
import { bigEnough, hugePageEnv, layerPaths, RELAUNCH_ABOVE_MB } from './relaunch.mjs';

type Env = Record<string, string | undefined>;
const decide = hugePageEnv as (env: Env, platform: string, glibc: string | undefined, hugePages?: string) => Env | null;

/** Whether this machine relaunches (glibc ≥ 2.35 on Linux, huge pages not off). */
function relaunchesHere(env: Env): boolean {
  const glibc = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime;
  const thp = existsSync('/sys/kernel/mm/transparent_hugepage/enabled') ? /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1] : undefined;
  return decide(env, process.platform, glibc, thp) !== null;
}

/**
 * The environment without the tunable or the relaunched mark (as a user's shell has it), relaunching for
 * files of any size (these tests run on small or missing files).
 */
function plainEnv(): Env {
  const env: Env = { ...process.env, TENGLONG_RELAUNCH_ABOVE_MB: '0' };
  delete env['GLIBC_TUNABLES'];
  delete env['TENGLONG_RELAUNCHED'];
  return env;
}

/** How many node processes ran `args` (each leaves its own main-thread CPU profile). */
function processesRunning(args: string[], env: Env): number {
  const dir = mkdtempSync(join(tmpdir(), 'tl-relaunch-'));
  spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, 'cli/run.mjs', ...args], { env });
  return new Set(readdirSync(dir).map((f) => f.split('.')[3])).size;
}

describe('relaunch with huge pages for malloc (cli/relaunch.mjs)', () => {
  it('adds the tunable on Linux with glibc 2.35 or later, keeping the rest of the environment and other tunables, and marks the relaunched run', () => {
    expect(decide({ A: '1' }, 'linux', '2.36')).toEqual({ A: '1', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1', TENGLONG_RELAUNCHED: '1' });
    expect(decide({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, 'linux', '2.35', 'always')?.GLIBC_TUNABLES)
      .toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
    expect(decide({}, 'linux', '3.0')).not.toBeNull();
  });

  it('does not relaunch where the tunable does nothing, is already chosen, or in the relaunched run (whatever glibc kept of the tunable)', () => {
    expect(decide({}, 'linux', '2.34')).toBeNull();
    expect(decide({}, 'linux', undefined)).toBeNull(); // musl
    expect(decide({}, 'darwin', undefined)).toBeNull();
    expect(decide({}, 'linux', '2.36', 'never')).toBeNull();
    expect(decide({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }, 'linux', '2.36')).toBeNull();
    expect(decide({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' }, 'linux', '2.36')).toBeNull();
    expect(decide({ TENGLONG_RELAUNCHED: '1' }, 'linux', '2.36')).toBeNull();
  });

  it('relaunches only for layer files big enough to gain from huge pages', () => {
    expect(layerPaths(['--parcels', 'a.fgb', '--buildings=b.fgb', '--out', 'r.csv', '--towns', 't.fgb', '--ledger', 'l.json'])).toEqual(['a.fgb', 'b.fgb', 't.fgb']);
    const mb = 2 ** 20;
    expect(bigEnough(RELAUNCH_ABOVE_MB * mb, {})).toBe(true);
    expect(bigEnough(RELAUNCH_ABOVE_MB * mb - 1, {})).toBe(false);
    expect(bigEnough(0, { TENGLONG_RELAUNCH_ABOVE_MB: '0' })).toBe(true);
    expect(bigEnough(5 * mb, { TENGLONG_RELAUNCH_ABOVE_MB: '4' })).toBe(true);
    expect(bigEnough(5 * mb, { TENGLONG_RELAUNCH_ABOVE_MB: 'x' })).toBe(false);
    // The district's files are far below the default: one process.
    const env = { ...plainEnv(), TENGLONG_RELAUNCH_ABOVE_MB: undefined };
    const dir = mkdtempSync(join(tmpdir(), 'tl-relaunch-'));
    expect(processesRunning(['--parcels', 'data/ouhai/parcels.fgb', '--date', '2023-12-31', '--out', join(dir, 'r.csv')], env)).toBe(1);
  }, 60_000);

  it("passes the relaunched run's messages and exit code through", () => {
    const env = plainEnv();
    const dir = mkdtempSync(join(tmpdir(), 'tl-relaunch-'));
    const r = spawnSync(process.execPath, ['cli/run.mjs', '--parcels', 'no/such/parcels.fgb', '--out', 'no/such/dir/r.csv'], { encoding: 'utf8', env });
    expect(r.stderr).toContain('no/such');
    expect(r.status).toBe(2);
    const missing = spawnSync(process.execPath, ['cli/run.mjs', '--parcels=no/such/parcels.fgb', '--date', '2023-12-31', '--out', join(dir, 'r.csv')], { encoding: 'utf8', env });
    expect(missing.stderr).toMatch(/Error in no\/such\/parcels\.fgb[\s\S]*does not exist/);
    expect(missing.status).toBe(1);
  }, 60_000);

  it('runs the analysis in a second process where that gains something, never in a third, and in one when the tunable is chosen', () => {
    const env = plainEnv();
    const args = (dir: string) => ['--parcels', 'no/such/parcels.fgb', '--date', '2023-12-31', '--out', join(dir, 'r.csv')];
    const dir = mkdtempSync(join(tmpdir(), 'tl-relaunch-'));
    expect(processesRunning(args(dir), env)).toBe(relaunchesHere(env) ? 2 : 1);
    expect(processesRunning(['--parcels=no/such/parcels.fgb', ...args(dir).slice(2)], env)).toBe(relaunchesHere(env) ? 2 : 1);
    expect(processesRunning(args(dir), { ...env, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' })).toBe(1);
    expect(processesRunning(args(dir), { ...env, TENGLONG_RELAUNCHED: '1' })).toBe(1);
  }, 60_000);

  it('a signal to the first process reaches the relaunched run: it stops and writes nothing', async () => {
    const env = plainEnv();
    const dir = mkdtempSync(join(tmpdir(), 'tl-relaunch-'));
    const D = 'data/ouhai';
    const run = spawn(process.execPath, ['cli/run.mjs', '--parcels', `${D}/parcels.fgb`, '--buildings', `${D}/buildings.fgb`, '--date', '2023-12-31', '--out', join(dir, 'r.csv')], { env, stdio: 'ignore' });
    // Once the relaunched run has started (where this machine relaunches).
    const started = Date.now();
    while (relaunchesHere(env) && Date.now() - started < 10_000 && !spawnSync('ps', ['--ppid', String(run.pid), '-o', 'pid='], { encoding: 'utf8' }).stdout.trim()) {
      await new Promise((r) => setTimeout(r, 20));
    }
    run.kill('SIGTERM');
    const [, signal] = await new Promise<[number | null, string | null]>((resolve) => run.once('exit', (code, sig) => resolve([code, sig])));
    expect(signal).toBe('SIGTERM');
    await new Promise((r) => setTimeout(r, 4000)); // longer than the run takes
    expect(existsSync(join(dir, 'r.csv'))).toBe(false);
  }, 60_000);
});
