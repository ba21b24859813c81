/**
 * `npm run analyze`: runs cli/analyze.ts from one bundled file, built with esbuild (the compiler tsx
 * itself uses) into node_modules/.cache/tenglong-cli/ and built again whenever one of the files it
 * was made from has changed. Loading one prebuilt module instead of compiling ~150 TypeScript modules
 * on the fly at every start saves about a second per run; the command and its output stay the same.
 * The bundled command reads the building layer in a worker thread (cli/buildings-thread.ts) beside it,
 * started here before the command's bundle is loaded. An analysis run first relaunches itself once with
 * huge pages for malloc (cli/relaunch.mjs).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { relaunchWithHugePages } from './relaunch.mjs';

// Where the relaunch cannot start, the run goes on in this process.
await relaunchWithHugePages().catch(() => undefined);

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, 'node_modules', '.cache', 'tenglong-cli');
const bundle = join(cacheDir, 'analyze.mjs');
/** The files the bundle was made from (esbuild's metafile), relative to the repository. */
const inputsFile = join(cacheDir, 'analyze.inputs.json');

/** Whether the bundle exists and none of its inputs changed after it was built. */
function fresh() {
  try {
    const built = statSync(bundle).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(inputsFile, 'utf8'));
    return inputs.length > 0 && inputs.every((f) => statSync(join(root, f)).mtimeMs <= built);
  } catch {
    return false;
  }
}

/** The bundles: the command, and the thread that reads the buildings beside it (cli/buildings-thread.ts). */
const ENTRIES = ['analyze', 'buildings-thread'];

async function rebuild() {
  const { build } = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  const tmp = join(cacheDir, `build-${process.pid}`);
  const result = await build({
    absWorkingDir: root,
    entryPoints: ENTRIES.map((e) => `cli/${e}.ts`),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    metafile: true,
    logLevel: 'warning',
    // Bundled CommonJS dependencies call require() for Node's own modules.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  // Inputs first, then the bundles (the command last): a run in between sees an old bundle with new inputs and builds again.
  writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify({ inputs: Object.keys(result.metafile.inputs) }));
  renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
  for (const e of [...ENTRIES].reverse()) renameSync(join(tmp, `${e}.mjs`), join(cacheDir, `${e}.mjs`));
  rmSync(tmp, { recursive: true, force: true });
}

if (!fresh()) {
  try {
    await rebuild();
  } catch (e) {
    // Not the user's input: a cache that cannot be written, esbuild missing (dev packages not installed).
    const why = e && typeof e === 'object' && 'code' in e ? `${e.code}: ${e.message}` : String(e instanceof Error ? e.message : e);
    process.stderr.write(`Error: the command cannot be built in ${cacheDir} (${why}).\n  fix:     run \`npm ci\` (esbuild is a dev package), and run once as the user who installed the app, or make ${cacheDir} writable.\n`);
    process.exit(3);
  }
}
// With a building layer to read, its thread starts now, loading its bundle beside the command's; it
// waits for its work (cli/load-inputs.ts takes it), or is ended with the run if never given any.
const early = process.argv.includes('--buildings')
  ? new Worker(join(cacheDir, 'buildings-thread.mjs'), { workerData: { buildingsThread: true, early: true } })
  : null;
early?.unref();
if (early) {
  const slot = Symbol.for('tenglong.cli.buildingsThread');
  globalThis[slot] = early;
  // A thread that fails or ends before it is given work is not handed over (the command then reads the
  // buildings itself); without a listener its 'error' would end the process.
  early.once('error', () => undefined);
  early.once('exit', () => void (globalThis[slot] === early && delete globalThis[slot]));
}
const { main } = await import(pathToFileURL(bundle).href);
let settled = false;
// A run still waiting when nothing is left to wake it (a thread that would answer ended or does not keep the
// process alive) would otherwise end with exit code 0 and no output.
process.once('beforeExit', () => {
  if (settled) return;
  console.error('Internal error (a bug, please report it): the run ended while waiting for work that never came back');
  process.exitCode = 3;
});
main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
  console.error('Internal error (a bug, please report it):', e);
  process.exitCode = 3;
}).finally(() => {
  settled = true;
  void early?.terminate();
});
