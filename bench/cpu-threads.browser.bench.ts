/**
 * `npm run bench:cpu` — where the CPU of one start-up goes, thread by thread, in the same headless Chromium
 * as bench:browser (Linux only: it reads /proc). On the 2-core machine the 100k start-up is CPU-starved: the
 * analysis worker, the overlay thread, V8's helper threads and the GPU process (SwiftShader) share two
 * cores, so a change that moves CPU off any thread can move the start-up, and one that only reorders work
 * cannot. This prints, per run, each Chromium thread's CPU from navigation to interactive (analysis ready
 * and the map's first idle), threads that exited during the run included, and the busiest threads' CPU per
 * second. No profiler runs, so the figures carry no tracing overhead (a Chrome trace inflates JS ~3× here).
 *   npx tsx bench/cpu-threads.browser.bench.ts [--dist bench/out/dist-100000] [--runs 1] [--port 4198]
 * The default build is the one bench:browser makes for the 100k set (`--only large` builds it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { arg, chromiumArgs, CHROMIUM, requireChromium } from './common';

const dist = arg('dist', join('bench', 'out', 'dist-100000'));
const runs = Number(arg('runs', '1'));
const port = Number(arg('port', '4198'));
const POLL_MS = 250;
const TICKS_PER_S = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

requireChromium();
if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist} holds no built app: run npm run bench:browser -- --only large first, or give --dist`);

/** CPU ms of every thread of every Chromium process, keyed "process-type:pid thread-name:tid". */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  // Every process whose command line names chromium (Debian's /usr/bin/chromium starts /usr/lib/chromium/chromium).
  const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  for (const pid of pids.filter((p) => {
    try {
      return /chromium/.test(readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0')[0] ?? '');
    } catch {
      return false;
    }
  })) {
    let cmd: string;
    let tids: string[];
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // gone
    }
    const type = /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(`${type}:${pid} ${name}:${tid}`, ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_S);
      } catch {
        // the thread ended between the listing and the read
      }
    }
  }
  return out;
}

const server = await preview({ preview: { port, host: '127.0.0.1', strictPort: true }, build: { outDir: dist }, logLevel: 'error' });
try {
  for (let run = 1; run <= runs; run++) {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs() });
    try {
      const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 })).newPage();
      const before = threadCpu();
      const t0 = Date.now();
      const timeline: [number, Map<string, number>][] = [];
      const last = new Map<string, number>(); // each thread's latest figure, kept after it exits
      const poll = setInterval(() => {
        const now = threadCpu();
        timeline.push([Date.now() - t0, now]);
        for (const [k, v] of now) last.set(k, v);
      }, POLL_MS);
      await page.goto(`http://127.0.0.1:${port}/?e2e=1`, { waitUntil: 'commit' });
      await page.waitForFunction(
        () => document.querySelector('[data-testid=analysis-status]')?.getAttribute('data-state') === 'ready' && performance.getEntriesByName('tenglong:first-idle').length > 0,
        undefined,
        { timeout: 180_000, polling: 100 },
      );
      const wall = Date.now() - t0;
      clearInterval(poll);
      for (const [k, v] of threadCpu()) last.set(k, v);
      const rows = [...last].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v >= 30).sort((a, b) => b[1] - a[1]);
      const total = rows.reduce((s, [, v]) => s + v, 0);
      console.log(`run ${run}/${runs}: interactive after ${(wall / 1000).toFixed(2)} s; all Chromium threads used ${(total / 1000).toFixed(2)} s of CPU, of the ${((wall * cpus().length) / 1000).toFixed(2)} s that ${cpus().length} cores offer meanwhile`);
      for (const [k, v] of rows) console.log(`  ${String(Math.round(v)).padStart(6)} ms  ${k}`);
      // The busiest threads' CPU per second of the run (ms of that second).
      const at = (k: string, ms: number): number => {
        let v = before.get(k) ?? 0;
        for (const [t, s] of timeline) {
          if (t > ms) break;
          v = s.get(k) ?? v;
        }
        return v;
      };
      console.log(`  per second (ms of CPU in each second, the ${Math.min(8, rows.length)} busiest threads):`);
      for (const [k] of rows.slice(0, 8)) {
        const cells: string[] = [];
        for (let s = 0; s * 1000 < wall; s++) cells.push(String(Math.round(at(k, (s + 1) * 1000) - at(k, s * 1000))).padStart(5));
        console.log(`  ${k.slice(0, 44).padEnd(44)}${cells.join('')}`);
      }
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
}
