import { cpSync, createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** Dataset folders (each with a manifest.json) live in data/; TENGLONG_DATA_DIR points elsewhere for experiments. */
const DATA_DIR = resolve(process.env.TENGLONG_DATA_DIR ?? 'data');

/**
 * Serves data/ at /data/ on the dev server and copies every dataset folder into dist/data/ on build,
 * so `vite preview` (and any static server) serves the same URLs, with HTTP Range support from sirv.
 */
function datasetFiles(): Plugin {
  let outDir = 'dist';
  return {
    name: 'tenglong-data',
    configResolved(c) {
      outDir = resolve(c.root, c.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use('/data', (req, res, next) => {
        const file = resolve(DATA_DIR, '.' + decodeURIComponent((req.url ?? '/').split('?')[0]!));
        if (!file.startsWith(DATA_DIR + sep) || !existsSync(file) || !statSync(file).isFile()) return next();
        res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        createReadStream(file).pipe(res);
      });
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
function devCsp(): Plugin {
  return {
    name: 'tenglong-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
  };
}

export default defineConfig({
  plugins: [react(), datasetFiles(), devCsp()],
  // Workers are ES modules: flatgeobuf has a dynamic import() that IIFE workers cannot bundle.
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2000 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  server: { host: '127.0.0.1' },
});
