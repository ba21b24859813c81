import { cpSync, createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import { defineConfig, type Connect, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** Dataset folders (each with a manifest.json) live in data/; TENGLONG_DATA_DIR points elsewhere for experiments. */
const DATA_DIR = resolve(process.env.TENGLONG_DATA_DIR ?? 'data');

/** A short plain-text answer (never HTML, never a stack trace). */
function answer(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(`${text}\n`);
}

/**
 * The file under `root` that a /data/ request names: `{ file }` when it exists, else the status to
 * answer — 400 for a URL that is not valid percent-encoding (or holds a NUL), 404 for anything else
 * (missing, a folder, or outside `root`). `url` is the request URL after the /data mount.
 */
function dataFile(root: string, url: string): { file: string } | { status: 400 | 404 } {
  let path: string;
  try {
    path = decodeURIComponent(url.split('?')[0]!);
  } catch {
    return { status: 400 };
  }
  if (path.includes('\0')) return { status: 400 };
  const file = resolve(root, '.' + path);
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return { status: 404 };
  return { file };
}

/** Connect middleware for /data/ that answers bad and missing requests itself; `serve` gets the rest. */
function dataMiddleware(root: () => string, serve: (file: string, req: IncomingMessage, res: ServerResponse, next: Connect.NextFunction) => void): Connect.NextHandleFunction {
  return (req, res, next) => {
    const url = req.url ?? '/';
    if (!url.startsWith('/')) return next(); // `/data.json` and the like: not under /data/
    const found = dataFile(root(), url);
    if ('status' in found) return answer(res, found.status, found.status === 400 ? 'Bad request: the URL is not valid percent-encoding.' : 'Not found.');
    serve(found.file, req, res, next);
  };
}

/**
 * Serves data/ at /data/ on the dev server and copies every dataset folder into dist/data/ on build,
 * so `vite preview` (and any static server) serves the same URLs, with HTTP Range support from sirv.
 * On both servers a malformed URL under /data/ gets a 400 and a missing file a 404 — never the app's
 * HTML page (the SPA fallback) and never a stack trace.
 */
function datasetFiles(): Plugin {
  let outDir = 'dist';
  return {
    name: 'tenglong-data',
    configResolved(c) {
      outDir = resolve(c.root, c.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use('/data', dataMiddleware(() => DATA_DIR, (file, req, res) => {
        res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        if (req.method === 'HEAD') return void res.end();
        createReadStream(file).on('error', () => res.destroy()).pipe(res);
      }));
    },
    configurePreviewServer(server) {
      // Runs before vite's static files and SPA fallback: sirv serves (with Range) what exists.
      server.middlewares.use('/data', dataMiddleware(() => join(outDir, 'data'), (_file, _req, _res, next) => next()));
    },
    closeBundle() {
      if (!existsSync(DATA_DIR)) return;
      for (const name of readdirSync(DATA_DIR)) {
        const dir = join(DATA_DIR, name);
        if (existsSync(join(dir, 'manifest.json'))) cpSync(dir, join(outDir, 'data', name), { recursive: true });
      }
    },
  };
}

/** React Refresh injects an inline script in dev only; the built app keeps index.html's strict CSP. */
const relaxForDev = (policy: string): string => policy.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");

/** The Content-Security-Policy of index.html's meta tag: the one place the policy is written. */
export function indexCsp(html: string): string {
  const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  if (!m) throw new Error('index.html has no <meta http-equiv="Content-Security-Policy" content="…">: the offline promise needs it');
  return m[1]!.replace(/\s+/g, ' ').trim();
}

/**
 * index.html's CSP, also sent as an HTTP header on every response of the dev and preview servers: a
 * meta CSP does not reach workers, whose policy comes from their script's response (so the analysis
 * worker could otherwise fetch another origin). Static servers need the same header (README).
 */
export const FRAME_ANCESTORS = "frame-ancestors 'none'";

function cspHeader(): Plugin {
  let policy = '';
  // Headers only (a meta tag cannot carry them): no other site may frame the app (a click-jacking page could
  // otherwise drive its one-click actions, such as confirming an import or emptying a list).
  const setHeader = (value: () => string): Connect.NextHandleFunction => (_req, res, next) => {
    res.setHeader('Content-Security-Policy', `${value()}; ${FRAME_ANCESTORS}`);
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  };
  return {
    name: 'tenglong-csp',
    configResolved(c) {
      policy = indexCsp(readFileSync(resolve(c.root, 'index.html'), 'utf8'));
    },
    transformIndexHtml: { order: 'post', handler: (html, ctx) => (ctx.server ? relaxForDev(html) : html) },
    configureServer(server) {
      server.middlewares.use(setHeader(() => relaxForDev(policy)));
    },
    configurePreviewServer(server) {
      server.middlewares.use(setHeader(() => policy));
    },
  };
}

/**
 * `vite preview` (npm start, the benchmarks) sends data files whose type it does not know (.fgb, .shp,
 * .dbf …) as application/octet-stream. Without a type its compression takes them for text and gzips them
 * on the fly: the 100k set's 105 MB cost 3–5 s of CPU on a 2-core machine, on the same cores as the
 * browser, seen as the worker's "fetch" (a static server such as nginx sends them as octet-stream and
 * does not compress them).
 */
function binaryDataFiles(): Plugin {
  return {
    name: 'tenglong-binary-data-files',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (/\.(fgb|shp|shx|dbf|zip|bin)(\?|$)/i.test(req.url ?? '')) {
          const setHeader = res.setHeader.bind(res);
          res.setHeader = (name, value) => setHeader(name, name.toLowerCase() === 'content-type' && !value ? 'application/octet-stream' : value);
        }
        next();
      });
    },
  };
}

/**
 * The UI chunk (App.tsx: React + MapLibre, the largest file on the start-up path) is imported by main.tsx
 * only once the entry has run; this plugin lists it (with the chunks it imports and its CSS) in index.html
 * as modulepreload / preload links, so its download starts while the HTML is parsed, beside the entry.
 * The CSS is preloaded, not linked: a stylesheet in the head would hold back the entry's script (and so
 * the start of the data load) until it arrived.
 */
function preloadUiChunk(): Plugin {
  let base = '/';
  return {
    name: 'tenglong-preload-ui',
    apply: 'build',
    configResolved(c) {
      base = c.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const ui = chunks.find((c) => c.facadeModuleId?.endsWith('/src/App.tsx'));
        if (!ui) return;
        const files = new Set<string>();
        const visit = (name: string) => {
          if (files.has(name)) return;
          files.add(name);
          for (const dep of chunks.find((c) => c.fileName === name)?.imports ?? []) visit(dep);
        };
        visit(ui.fileName);
        const css = [...(ui.viteMetadata?.importedCss ?? [])];
        const link = (f: string, attrs: Record<string, string | boolean>) => ({ tag: 'link', attrs: { ...attrs, crossorigin: true, href: base + f }, injectTo: 'head' as const });
        return [
          // Files the page already names (the entry and its own preloads) are left as they are.
          ...[...files].filter((f) => !html.includes(base + f)).map((f) => link(f, { rel: 'modulepreload' })),
          ...css.map((f) => link(f, { rel: 'preload', as: 'style' })),
        ];
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), cspHeader(), datasetFiles(), preloadUiChunk(), binaryDataFiles()],
  // Workers are ES modules: flatgeobuf has a dynamic import() that IIFE workers cannot bundle.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    // MapLibre (~60 % of the UI code) in a chunk of its own: the UI's two halves download and are parsed
    // in parallel off the main thread, so the page waits less for the parse when the UI chunk arrives.
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'maplibre', test: /node_modules[\\/]maplibre-gl[\\/]/ }] } } },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  server: { host: '127.0.0.1' },
});
