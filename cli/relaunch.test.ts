import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module with no type declarations (cli/run.mjs loads it before any bundle)
import { hugePageEnv } from './relaunch.mjs';

const decide = hugePageEnv as (env: Record<string, string | undefined>, platform: string, glibc: string | undefined) => Record<string, string | undefined> | null;

describe('relaunch with huge pages for malloc (cli/relaunch.mjs)', () => {
  it('adds the tunable on Linux with glibc 2.35 or later, keeping the rest of the environment and other tunables', () => {
    expect(decide({ A: '1' }, 'linux', '2.36')).toEqual({ A: '1', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' });
    expect(decide({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, 'linux', '2.35')?.GLIBC_TUNABLES)
      .toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
    expect(decide({}, 'linux', '3.0')).not.toBeNull();
  });

  it('does not relaunch where the tunable does nothing or is already chosen (a relaunched run never relaunches again)', () => {
    expect(decide({}, 'linux', '2.34')).toBeNull();
    expect(decide({}, 'linux', undefined)).toBeNull(); // musl
    expect(decide({}, 'darwin', undefined)).toBeNull();
    expect(decide({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }, 'linux', '2.36')).toBeNull();
    expect(decide({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' }, 'linux', '2.36')).toBeNull();
  });

  it("passes the relaunched run's messages and exit code through", () => {
    const env = { ...process.env };
    delete env['GLIBC_TUNABLES'];
    const r = spawnSync(process.execPath, ['cli/run.mjs', '--parcels', 'no/such/parcels.fgb', '--out', 'no/such/dir/r.csv'], { encoding: 'utf8', env });
    expect(r.stderr).toContain('no/such');
    expect(r.status).toBe(2);
    const missing = spawnSync(process.execPath, ['cli/run.mjs', '--parcels', 'no/such/parcels.fgb', '--date', '2023-12-31', '--out', `${process.env['TMPDIR'] ?? '/tmp'}/tl-relaunch.csv`], { encoding: 'utf8', env });
    expect(missing.stderr).toMatch(/Error in no\/such\/parcels\.fgb[\s\S]*does not exist/);
    expect(missing.status).toBe(1);
  }, 60_000);

  it('runs the analysis in a second process that has the tunable (each process leaves its own CPU profile)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-relaunch-'));
    const env = { ...process.env };
    delete env['GLIBC_TUNABLES'];
    spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, 'cli/run.mjs', '--parcels', 'no/such/parcels.fgb', '--date', '2023-12-31', '--out', join(dir, 'r.csv')], { env });
    const pids = new Set(readdirSync(dir).map((f) => f.split('.')[3]));
    expect(pids.size).toBe(hugePageEnv(env, process.platform, (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime) ? 2 : 1);
    spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', join(dir, 'set'), 'cli/run.mjs', '--parcels', 'no/such/parcels.fgb', '--date', '2023-12-31', '--out', join(dir, 'r.csv')],
      { env: { ...env, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' } });
    expect(new Set(readdirSync(join(dir, 'set')).map((f) => f.split('.')[3])).size).toBe(1);
  }, 60_000);
});
