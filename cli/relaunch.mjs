/**
 * An analysis run relaunches itself once with glibc's malloc asked to back its large blocks with
 * transparent huge pages (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, glibc 2.35 and later, Linux).
 *
 * Why: the 100k-parcel run fills ~600 MB, and on a virtual machine each 4 KB page's first touch is a
 * costly fault. A run took 233k faults and 2.4 s of system time; with the tunable, 135k and 1.5 s, and the
 * whole process 5.1 s against 5.8 s (5 alternated pairs, the extra process start included). The
 * tunable must be in the environment when the process starts, hence the second process. Setting
 * GLIBC_TUNABLES yourself (to anything naming glibc.malloc.hugetlb, 0 included) skips the relaunch.
 */
import { spawn } from 'node:child_process';

/** The environment to relaunch with, or null when a relaunch would gain nothing. */
export function hugePageEnv(env, platform, glibcVersion) {
  if (platform !== 'linux' || !glibcVersion) return null;
  const [major, minor] = glibcVersion.split('.').map(Number);
  if (!(major > 2 || (major === 2 && minor >= 35))) return null;
  const tunables = env.GLIBC_TUNABLES ?? '';
  if (tunables.includes('glibc.malloc.hugetlb')) return null;
  return { ...env, GLIBC_TUNABLES: [tunables, 'glibc.malloc.hugetlb=1'].filter(Boolean).join(':') };
}

/**
 * For a run that reads a parcel layer: runs this same command again with the tunable and ends this
 * process with its exit code (the promise never settles then). Otherwise resolves at once.
 */
export function relaunchWithHugePages() {
  if (!process.argv.includes('--parcels')) return Promise.resolve();
  const glibc = process.platform === 'linux' ? process.report.getReport().header.glibcVersionRuntime : undefined;
  const env = hugePageEnv(process.env, process.platform, glibc);
  if (!env) return Promise.resolve();
  return new Promise((_, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (signal) process.kill(process.pid, signal);
      process.exit(code ?? 1);
    });
  });
}
