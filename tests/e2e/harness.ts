/**
 * A tiny browser-test harness: serves the BUILT app with `vite preview` on 127.0.0.1, drives Debian's
 * Chromium through playwright-core (never a downloaded browser), records every request of the page
 * and its workers, and runs named tests in order, printing `e2e: N passed, N failed`.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { preview } from 'vite';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  // Any name other than the local hosts fails to resolve, as on an intranet.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

export const isLocal = (url: string): boolean => {
  if (/^(data|blob|about):/.test(url)) return true;
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
};

/** Starts `vite preview` (in-process) on the built dist/. */
export async function startPreview(port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `vite build` first (npm run test:e2e does)');
  const server = await preview({ logLevel: 'warn', preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
  const url = `http://127.0.0.1:${port}/`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`vite preview answered ${res.status} on ${url}`);
  return { url, stop: () => server.close() };
}

export interface Session {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  external: string[];
  consoleErrors: string[];
  cspViolations: string[];
}

/** Launches Chromium with a context that records (and blocks) every non-local request. */
export async function openSession(): Promise<Session> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it (apt-get install -y chromium fonts-wqy-microhei) or set CHROMIUM_PATH. The browser tests never download a browser.`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const external: string[] = [];
  const consoleErrors: string[] = [];
  const cspViolations: string[] = [];
  context.on('request', (r) => {
    if (!isLocal(r.url())) external.push(r.url());
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    external.push(url);
    return route.abort();
  });
  await context.exposeBinding('__reportCsp', (_src, text: string) => void cspViolations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCsp(t: string): void }).__reportCsp(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  // Our analysis worker and MapLibre's workers log on their own channel.
  page.on('worker', (w) =>
    w.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`worker ${w.url()}: ${m.text()}`);
    }),
  );
  return { browser, context, page, external, consoleErrors, cspViolations };
}

export type TestFn = () => Promise<void>;

/** Runs the tests in order; a failure does not stop the rest. Returns the counts. */
export async function runTests(tests: [string, TestFn][]): Promise<{ passed: number; failed: number }> {
  let passed = 0;
  let failed = 0;
  for (const [name, fn] of tests) {
    const t0 = performance.now();
    try {
      await fn();
      passed++;
      console.log(`  ✓ ${name} (${Math.round(performance.now() - t0)} ms)`);
    } catch (e) {
      failed++;
      console.log(`  ✗ ${name}\n      ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { passed, failed };
}

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}
