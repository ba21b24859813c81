/**
 * `npm run analyze`: runs cli/analyze.ts from one bundled file, built with esbuild (the compiler tsx
 * itself uses) into node_modules/.cache/tenglong-cli/ and built again whenever one of the files it
 * was made from has changed. Loading one prebuilt module instead of compiling ~150 TypeScript modules
 * on the fly at every start saves about a second per run; the command and its output stay the same.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

async function rebuild() {
  const { build } = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${bundle}.${process.pid}.tmp`;
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['cli/analyze.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: tmp,
    metafile: true,
    logLevel: 'warning',
    // Bundled CommonJS dependencies call require() for Node's own modules.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  // Inputs first, then the bundle: a run in between sees an old bundle with new inputs and builds again.
  writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify({ inputs: Object.keys(result.metafile.inputs) }));
  renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
  renameSync(tmp, bundle);
}

if (!fresh()) await rebuild();
const { main } = await import(pathToFileURL(bundle).href);
main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
  console.error('Internal error (a bug, please report it):', e);
  process.exitCode = 3;
});
