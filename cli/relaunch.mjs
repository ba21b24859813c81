/**
 * An analysis run relaunches itself once with glibc's malloc asked to back its large blocks with
 * transparent huge pages (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, glibc 2.35 and later, Linux).
 *
 * Why: the 100k-parcel run fills ~600 MB, and on a virtual machine each 4 KB page's first touch is a
 * costly fault. A run took 233k faults and 2.4 s of system time; with the tunable, 135k and 1.5 s, and the
 * whole process 5.1 s against 5.8 s (5 alternated pairs, the extra process start included). The
 * tunable must be in the environment when the process starts, hence the second process. A
 * GLIBC_TUNABLES that already names glibc.malloc.hugetlb (0 included) skips the relaunch, and so do layer
 * files of less than RELAUNCH_ABOVE_MB in all (a district run: the second process costs more than it gains).
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

/** Set in the relaunched process: it never relaunches again, whatever glibc did to GLIBC_TUNABLES. */
const RELAUNCHED = 'TENGLONG_RELAUNCHED';

/**
 * The environment to relaunch with, or null when a relaunch would gain nothing: not Linux, no glibc or one
 * before 2.35, huge pages switched off (`never`), the tunable already chosen, or this is the relaunched run.
 */
export function hugePageEnv(env, platform, glibcVersion, hugePages = 'madvise') {
  if (platform !== 'linux' || !glibcVersion || env[RELAUNCHED] || hugePages === 'never') return null;
  const [major, minor] = glibcVersion.split('.').map(Number);
  if (!(major > 2 || (major === 2 && minor >= 35))) return null;
  const tunables = env.GLIBC_TUNABLES ?? '';
  if (tunables.includes('glibc.malloc.hugetlb')) return null;
  return { ...env, [RELAUNCHED]: '1', GLIBC_TUNABLES: [tunables, 'glibc.malloc.hugetlb=1'].filter(Boolean).join(':') };
}

/** The kernel's transparent huge page mode (`always`, `madvise`, `never`), or undefined when it does not say. */
function hugePageMode() {
  try {
    return /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** The flags that name a layer file. */
const LAYER_FLAGS = ['--parcels', '--buildings', '--blocklines', '--parks', '--towns'];

/**
 * Below this many bytes of layer files (all together) a relaunch costs more than huge pages give back:
 * the district (3.7 MB) took 1.28 s with it against 1.03 s without (4 alternated pairs); the 100k set
 * (105 MB) gains ~0.5 s. `TENGLONG_RELAUNCH_ABOVE_MB` overrides it (0: always, as the tests do).
 */
export const RELAUNCH_ABOVE_MB = 32;

/** The layer files `argv` names (`--flag FILE` or `--flag=FILE`). */
export function layerPaths(argv) {
  const paths = [];
  argv.forEach((a, i) => {
    const flag = LAYER_FLAGS.find((f) => a === f || a.startsWith(`${f}=`));
    if (!flag) return;
    const path = a === flag ? argv[i + 1] : a.slice(flag.length + 1);
    if (path) paths.push(path);
  });
  return paths;
}

/** Whether files of `bytes` in all are worth a relaunch, with the threshold from `env` or the default. */
export function bigEnough(bytes, env) {
  const mb = Number(env.TENGLONG_RELAUNCH_ABOVE_MB ?? RELAUNCH_ABOVE_MB);
  return bytes >= (Number.isFinite(mb) ? mb : RELAUNCH_ABOVE_MB) * 2 ** 20;
}

/** The size of a file, 0 when it cannot be read (the run then reports it). */
function sizeOf(path) {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * For a run that reads a parcel layer of some size: runs this same command again with the tunable, passing signals on,
 * and ends this process with its exit code (the promise never settles then). Otherwise resolves at once.
 * Not under a debugger (`--inspect…`: the child would want the same port).
 */
export function relaunchWithHugePages() {
  const argv = process.argv.slice(2);
  if (process.platform !== 'linux' || !argv.some((a) => a === '--parcels' || a.startsWith('--parcels='))) return Promise.resolve();
  if (process.env[RELAUNCHED] || process.execArgv.some((a) => a.startsWith('--inspect'))) return Promise.resolve();
  if (!bigEnough(layerPaths(argv).reduce((sum, p) => sum + sizeOf(p), 0), process.env)) return Promise.resolve();
  const env = hugePageEnv(process.env, process.platform, process.report.getReport().header.glibcVersionRuntime, hugePageMode());
  if (!env) return Promise.resolve();
  return new Promise((_, reject) => {
    // The signals are taken before the child starts: one arriving while spawn() still waits for the child's
    // exec would otherwise end this process and leave the child running on (the relaunch test saw it write).
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    let child = null;
    const early = [];
    const pass = (s) => (child ? child.kill(s) : early.push(s));
    for (const s of signals) process.on(s, pass);
    child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env });
    for (const s of early) child.kill(s);
    child.once('error', (e) => {
      for (const s of signals) process.off(s, pass);
      reject(e);
    });
    child.once('exit', (code, signal) => {
      for (const s of signals) process.off(s, pass);
      if (signal) process.kill(process.pid, signal);
      process.exit(code ?? 1);
    });
  });
}
