/**
 * `npm run bench:e2e` — what users wait for, from bytes on disk to results, first run included:
 *   1. `npm run analyze` as a whole process on the 100k-parcel / ~290k-building FlatGeobuf set → results.csv
 *      (bar ≤ 4 s, product.md), median of several runs;
 *   2. the same inside one process, split into the loader's phases (read, evaluate) and the first analysis;
 *   3. a bureau-style zipped GBK Shapefile of the 100k parcels (pinyin columns, no .cpg; made with ogr2ogr
 *      when it is installed) through the loader: bytes → evaluated layers;
 *   4. the app importing that zip in headless Chromium (bench/import.browser.bench.ts on its own build in
 *      bench/out/dist-import, port 4193): choose file → analysed, shown and the map idle (bar ≤ 10 s), the
 *      longest main-thread task (bar ≤ 200 ms). `--no-app` leaves it out; `--cli-only` runs only 1 (and
 *      prints the load average before and after each run, since other work on the machine shows in it).
 *   Ends with both bars and their medians. The machine's load average is printed with them: other work
 *   running at the same time makes every figure grow.
 *   npx tsx bench/end-to-end.bench.ts [--parcels 100000] [--runs 3] [--no-app | --cli-only]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { analysisRequest } from '../src/analysis/request';
import { runAnalysis } from '../src/analysis/run';
import { packPolygons } from '../src/geo/packed';
import { assemble, evaluate, readInputs } from '../src/io/loader';
import { inputFromBytes } from '../src/io/source';
import { arg, largeDataset, median, seconds } from './common';

const parcels = Number(arg('parcels', '100000'));
const runs = Number(arg('runs', '3'));
const cliOnly = process.argv.includes('--cli-only');
const dir = largeDataset(parcels);
const work = join('bench', 'out', `parcels-${parcels}`);
mkdirSync(work, { recursive: true });

const fmt = (ms: number): string => seconds(ms, 2);
const spread = (xs: number[]) => `median ${fmt(median(xs))} (min ${fmt(Math.min(...xs))}, max ${fmt(Math.max(...xs))})`;

const layerFiles = ['parcels', 'buildings', 'blocklines', 'parks', 'towns'].map((l) => join(dir, `${l}.fgb`));

// 1. The CLI as a whole process, as `npm run analyze` starts it (cli/run.mjs; its bundle is built once, untimed).
spawnSync(process.execPath, ['cli/run.mjs', '--help']);
const cli: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['cli/run.mjs',
    '--parcels', layerFiles[0]!, '--buildings', layerFiles[1]!, '--blocklines', layerFiles[2]!, '--parks', layerFiles[3]!, '--towns', layerFiles[4]!,
    '--ledger', join(dir, 'ledger.json'), '--date', '2023-12-31', '--out', join(work, 'results.csv')], { encoding: 'utf8' });
  cli.push(performance.now() - t0);
  if (r.status !== 0) throw new Error(`npm run analyze failed: ${r.stderr}`);
  if (cliOnly) console.log(`  run ${i + 1}: ${fmt(cli[i]!)} (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
}
const cliLine = `npm run analyze, ${parcels} parcels + buildings FGB → results.csv, whole process, ${runs} runs: ${spread(cli)} — bar ≤ 4 s: ${median(cli) <= 4000 ? 'met' : 'NOT met'}`;
console.log(cliLine);
if (cliOnly) process.exit(0);

// 2. In one process, by phase (first run: nothing is warm).
{
  const t0 = performance.now();
  const files = layerFiles.map((p) => inputFromBytes(p, new Uint8Array(readFileSync(p))));
  const t1 = performance.now();
  const read = await readInputs(files, {}, 'bench');
  const t2 = performance.now();
  const roles = Object.fromEntries(layerFiles.map((p, i) => [p, (['parcels', 'buildings', 'blocklines', 'parks', 'towns'] as const)[i]!]));
  const { evaluations } = evaluate(read, {}, roles);
  const layers = assemble(evaluations);
  const t3 = performance.now();
  const out = runAnalysis({ ...layers, buildings: packPolygons(layers.buildings ?? []) }, analysisRequest({ evaluationDate: '2023-12-31' }));
  const t4 = performance.now();
  if (!out.ok) throw new Error('analysis failed');
  console.log(`in one process: disk ${fmt(t1 - t0)} · read (decode, hash) ${fmt(t2 - t1)} · evaluate (check, CRS, map) ${fmt(t3 - t2)} · first analysis ${fmt(t4 - t3)} = ${fmt(t4 - t0)}`);
}

// 3. A bureau-style GBK Shapefile zip of the parcels, through the loader.
const hasGdal = spawnSync('ogr2ogr', ['--version']).status === 0;
const zip = join(work, 'parcels-gbk.zip');
if (!existsSync(zip) && hasGdal) {
  const shpDir = join(work, 'shp');
  rmSync(shpDir, { recursive: true, force: true });
  mkdirSync(shpDir, { recursive: true });
  console.log('making the GBK Shapefile zip with ogr2ogr (not timed) …');
  execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=CP936', join(shpDir, '地块.shp'), layerFiles[0]!, '-dialect', 'SQLite', '-sql',
    'SELECT geometry, parcelId AS DKBH, enterprise AS QYMC, creditCode AS TYSHXYDM, town AS SSJD, industry AS HY, scale AS GM, landUse AS YT, landGrade AS DJ, ' +
    'registeredAreaMu AS MJ, transferDate AS CRRQ, floorArea AS JZMJ, tax AS SS, addedValue AS ZJZ, energyTce AS NH, employees AS CYRS, evalClass AS PJDJ FROM parcels']);
  rmSync(join(shpDir, '地块.cpg'), { force: true });
  execFileSync('python3', ['-c', `import zipfile,os,sys; d=sys.argv[1]; z=zipfile.ZipFile(sys.argv[2],'w',zipfile.ZIP_DEFLATED)
for n in sorted(os.listdir(d)): z.write(os.path.join(d,n), n)
z.close()`, shpDir, zip]);
}
if (existsSync(zip)) {
  const bytes = new Uint8Array(readFileSync(zip));
  const times: number[] = [];
  let summary = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const read = await readInputs([inputFromBytes('parcels-gbk.zip', bytes)]);
    const { report } = evaluate(read);
    times.push(performance.now() - t0);
    const l = report.layers[0]!;
    summary = `${l.accepted} parcels, ${l.encoding?.label} (${l.encoding?.how}), ${l.crs.crs} (${l.crs.how}), ${l.fields.filter((f) => f.target).length} columns mapped`;
  }
  console.log(`GBK Shapefile zip (${(bytes.length / 2 ** 20).toFixed(1)} MB) → evaluated layers in the loader, ${runs} runs: ${spread(times)} — ${summary}`);
} else {
  console.log('GBK Shapefile zip skipped: ogr2ogr is not installed (apt-get install gdal-bin)');
}

// 4. The app importing the zip in Chromium, on its own build (dist/ may be another's).
let appLines = ['app import: skipped (--no-app)'];
if (!process.argv.includes('--no-app')) {
  if (!existsSync(zip)) appLines = ['app import: skipped (no GBK Shapefile zip: ogr2ogr is not installed)'];
  else {
    const out = join('bench', 'out', 'dist-import');
    console.log(`building the app into ${out} (not timed) …`);
    execFileSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], { stdio: 'inherit' });
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/import.browser.bench.ts', '--zip', zip, '--runs', String(runs), '--out', out, '--port', '4193'], { encoding: 'utf8' });
    process.stdout.write(r.stdout);
    appLines = r.status === 0 ? r.stdout.split('\n').filter((l) => /bar ≤/.test(l)).map((l) => `app import: ${l.trim()}`) : [`app import: failed (${r.stderr.trim().split('\n').pop()})`];
  }
}
console.log(`\nbars (medians; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}):`);
console.log(`  ${cliLine}`);
for (const l of appLines) console.log(`  ${l}`);
