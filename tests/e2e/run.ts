/**
 * Browser tests entry: `vite build && tsx tests/e2e/run.ts` (npm run test:e2e).
 * Fails loudly (never skips) when Chromium is missing. Set E2E_SCREENSHOT_DIR to save screenshots
 * (district.png at first idle, parcel.png with the panel open). `E2E_ONLY=explore,zones` runs only
 * those suites (while developing; CI runs them all).
 *
 * Each suite gets its own browser session (a fresh page and storage), so suites never depend on
 * each other's clicks; the tests inside a suite run in order on one page.
 */
import { appTests } from './app.e2e';
import { colourTests } from './colour.e2e';
import { dashboardTests } from './dashboard.e2e';
import { exploreTests } from './explore.e2e';
import { exportsTests } from './exports.e2e';
import { importTests } from './import.e2e';
import { ledgerTests } from './ledger.e2e';
import { openSession, runTests, startPreview, type Session, type TestFn } from './harness';
import { perfTests } from './perf.e2e';
import { streamTests } from './stream.e2e';
import { zonesTests } from './zones.e2e';

type Suite = (s: Session, baseUrl: string, measured: Record<string, unknown>) => [string, TestFn][];

/** Suites in order; `app` and `import` share one session (import follows the app's first load). */
const SUITES: { name: string; tests: Suite }[] = [
  { name: 'app', tests: (s, url, m) => [...appTests(s, url, m), ...importTests(s, url)] },
  { name: 'explore', tests: exploreTests },
  { name: 'colour', tests: colourTests },
  { name: 'ledger', tests: ledgerTests },
  { name: 'dashboard', tests: dashboardTests },
  { name: 'zones', tests: zonesTests },
  { name: 'exports', tests: exportsTests },
  { name: 'perf', tests: perfTests },
  { name: 'stream', tests: streamTests },
];

const port = Number(process.env.E2E_PORT ?? 4174);
const only = process.env.E2E_ONLY?.split(',').map((x) => x.trim()).filter(Boolean);
let passed = 0;
let failed = 0;
let stopServer = async (): Promise<void> => {};
const measured: Record<string, unknown> = {};

try {
  const server = await startPreview(port);
  stopServer = server.stop;
  for (const suite of SUITES) {
    if (only && !only.includes(suite.name)) continue;
    const tests = suite.tests;
    let session: Session | null = null;
    try {
      session = await openSession();
      const list = tests(session, server.url, measured);
      if (list.length === 0) continue;
      console.log(`${suite.name}:`);
      const r = await runTests(list);
      passed += r.passed;
      failed += r.failed;
    } catch (e) {
      failed++;
      console.error(`e2e suite ${suite.name} setup failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      await session?.browser.close().catch(() => {});
    }
  }
} catch (e) {
  failed++;
  console.error(`e2e setup failed: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  await stopServer().catch(() => {});
}
if (Object.keys(measured).length) console.log(`measured: ${JSON.stringify(measured)}`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
