/**
 * Browser tests entry: `vite build && tsx tests/e2e/run.ts` (npm run test:e2e).
 * Fails loudly (never skips) when Chromium is missing. Set E2E_SCREENSHOT_DIR to save screenshots
 * (district.png at first idle, parcel.png with the panel open).
 */
import { appTests } from './app.e2e';
import { importTests } from './import.e2e';
import { openSession, runTests, startPreview, type Session } from './harness';

const port = Number(process.env.E2E_PORT ?? 4174);
let passed = 0;
let failed = 0;
let stopServer = async (): Promise<void> => {};
let session: Session | null = null;
const measured: Record<string, unknown> = {};

try {
  const server = await startPreview(port);
  stopServer = server.stop;
  session = await openSession();
  ({ passed, failed } = await runTests([...appTests(session, server.url, measured), ...importTests(session, server.url)]));
} catch (e) {
  failed++;
  console.error(`e2e setup failed: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  await session?.browser.close().catch(() => {});
  await stopServer().catch(() => {});
}
if (Object.keys(measured).length) console.log(`measured: ${JSON.stringify(measured)}`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
