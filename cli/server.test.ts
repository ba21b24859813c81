/**
 * The dev and preview servers, started for real on 127.0.0.1 with vite.config.ts: /data/ answers a
 * malformed URL with 400 and a missing file with 404 (plain text, no stack trace, not the app's page),
 * and every response — the page, data, the worker scripts — carries index.html's CSP as an HTTP header,
 * because a meta CSP does not reach workers. (Here, not in tests/, because vitest runs cli/**.)
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, preview, type PreviewServer, type ViteDevServer } from 'vite';
import { FRAME_ANCESTORS, indexCsp } from '../vite.config';

const META = indexCsp(readFileSync('index.html', 'utf8'));

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createNetServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** GET (or `method`) with the path sent byte for byte: fetch() would normalise `..` and re-encode. */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer for ${path}`)));
    req.on('error', fail);
    req.end();
  });
}

/** A clean error answer: the status, plain text, no HTML page and no stack trace. */
function expectClean(a: Answer, status: number): void {
  expect(a.status).toBe(status);
  expect(a.headers['content-type']).toMatch(/^text\/plain/);
  expect(a.body).not.toMatch(/<html|<!doctype/i);
  expect(a.body).not.toMatch(/\bat \S+ \(|\.ts:\d+|\.js:\d+|URIError/);
}

const BAD_REQUESTS = ['/data/%E0%A4%A', '/data/%', '/data/ouhai/%zz.fgb', '/data/a%00b.json'];
const MISSING = ['/data/ouhai/no-such-layer.fgb', '/data/no-such-dataset/manifest.json', '/data/ouhai/', '/data/', '/data/../package.json', '/data/%2e%2e/package.json', '/data/..%2fvite.config.ts'];

describe('vite dev server (vite.config.ts)', () => {
  let server: ViteDevServer;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    server = await createServer({
      logLevel: 'silent',
      server: { host: '127.0.0.1', port, strictPort: true, hmr: false, watch: null },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
    await server.listen();
  });
  afterAll(async () => { await server?.close(); });

  it('serves a dataset file under /data/', async () => {
    const a = await get(port, '/data/ouhai/manifest.json');
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('application/json');
    expect(JSON.parse(a.body)).toHaveProperty('layers');
  });

  it.each(BAD_REQUESTS)('answers %s with a plain 400', async (path) => {
    expectClean(await get(port, path), 400);
  });

  it.each(MISSING)('answers %s with a plain 404, not the app page', async (path) => {
    expectClean(await get(port, path), 404);
  });

  it('sends the page\'s CSP (with dev\'s inline-script allowance, as in the page) as a header on the page, data and modules', async () => {
    const page = await get(port, '/');
    expect(page.status).toBe(200);
    const header = page.headers['content-security-policy'];
    // The header adds frame-ancestors, which a meta tag cannot carry.
    expect(header).toBe(`${META.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")}; ${FRAME_ANCESTORS}`);
    expect(`${indexCsp(page.body)}; ${FRAME_ANCESTORS}`).toBe(header);
    expect(page.headers['x-frame-options']).toBe('DENY');
    for (const path of ['/data/ouhai/manifest.json', '/data/ouhai/nothing.fgb', '/src/worker/analysis.worker.ts?worker_file&type=module'])
      expect((await get(port, path)).headers['content-security-policy'], path).toBe(header);
  });
});

describe('vite preview (vite.config.ts) on a built app', () => {
  let server: PreviewServer;
  let port: number;

  beforeAll(async () => {
    // A stand-in for dist/: the real index.html, a worker script and one dataset file.
    const dist = mkdtempSync(join(tmpdir(), 'tl-dist-'));
    copyFileSync('index.html', join(dist, 'index.html'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'assets', 'analysis.worker-abc.js'), 'self.onmessage = () => {};\n');
    mkdirSync(join(dist, 'data', 't'), { recursive: true });
    writeFileSync(join(dist, 'data', 't', 'manifest.json'), '{"layers":{}}\n');
    port = await freePort();
    server = await preview({
      logLevel: 'silent',
      build: { outDir: dist },
      preview: { host: '127.0.0.1', port, strictPort: true, open: false },
    });
  });
  afterAll(async () => { await server?.close(); });

  it('serves a dataset file, with HTTP Range', async () => {
    const a = await get(port, '/data/t/manifest.json');
    expect(a.status).toBe(200);
    expect(a.body).toBe('{"layers":{}}\n');
    const part = await get(port, '/data/t/manifest.json', { Range: 'bytes=0-9' });
    expect(part.status).toBe(206);
    expect(part.body).toBe('{"layers":');
  });

  it.each(BAD_REQUESTS)('answers %s with a plain 400', async (path) => {
    expectClean(await get(port, path), 400);
  });

  it.each(MISSING.map((p) => p.replace('/ouhai/', '/t/')))('answers %s with a plain 404, not the app page (the SPA fallback)', async (path) => {
    expectClean(await get(port, path), 404);
  });

  it('still answers the app\'s own routes with the page', async () => {
    const a = await get(port, '/some/route');
    expect(a.status).toBe(200);
    expect(a.body).toContain('<div id="root">');
  });

  it('sends index.html\'s CSP, and frame-ancestors \'none\', as a header on the page, the worker script, data and errors', async () => {
    for (const path of ['/', '/assets/analysis.worker-abc.js', '/data/t/manifest.json', '/data/t/missing.fgb', '/data/%E0%A4%A'])
      expect((await get(port, path)).headers['content-security-policy'], path).toBe(`${META}; ${FRAME_ANCESTORS}`);
    expect(META).toContain("connect-src 'self'");
    expect(META).toContain("script-src 'self';"); // no inline scripts in the built app
  });
});

describe('README', () => {
  it('documents for static servers the same CSP header as the preview server sends', () => {
    const line = /add_header Content-Security-Policy "([^"]+)" always;/.exec(readFileSync('README.md', 'utf8'));
    expect(line?.[1]).toBe(`${META}; ${FRAME_ANCESTORS}`);
  });
});
