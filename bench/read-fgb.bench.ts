/**
 * Reading the large FlatGeobuf files: `readFlatGeobufSource` (fgb/read.ts) against flatgeobuf's
 * `geojson.deserialize` (what the old `readFlatGeobuf` looped over) and, where installed, GDAL's ogrinfo
 * iterating every feature. Parsing only: bytes are in memory, no CRS work. Median of several runs.
 *   npx tsx bench/read-fgb.bench.ts [--parcels 100000] [--runs 5] [--no-library] [--no-gdal]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { geojson } from 'flatgeobuf';
import { readFlatGeobufSource } from '../src/io/formats/fgb/read';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const parcels = Number(arg('parcels', '100000'));
const runs = Number(arg('runs', '5'));
const dir = join('data', 'large', `parcels-${parcels}`);

if (!existsSync(join(dir, 'parcels.fgb'))) {
  console.log(`generating ${dir} (npm run data -- --parcels ${parcels}) …`);
  execFileSync('npx', ['tsx', 'scripts/generate-data.ts', '--parcels', String(parcels)], { stdio: 'inherit' });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const fmt = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;

async function time(what: () => Promise<number>): Promise<{ ms: number; features: number }> {
  const times: number[] = [];
  let features = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    features = await what();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), features };
}

for (const layer of ['parcels', 'buildings']) {
  const path = join(dir, `${layer}.fgb`);
  const bytes = new Uint8Array(readFileSync(path));
  console.log(`${path}: ${(bytes.length / 1e6).toFixed(1)} MB`);
  const ours = await time(async () => {
    const r = await readFlatGeobufSource(bytes, `${layer}.fgb`, { tick: async () => {} });
    if (!r.ok) throw new Error(r.error.problem);
    return r.layers[0]!.features.length;
  });
  console.log(`  readFlatGeobufSource   ${fmt(ours.ms)}  ${ours.features} features`);
  if (!process.argv.includes('--no-library')) {
    const lib = await time(async () => {
      let n = 0;
      for await (const f of geojson.deserialize(bytes)) if (f.geometry) n++;
      return n;
    });
    console.log(`  geojson.deserialize    ${fmt(lib.ms)}  ${lib.features} features  (${(lib.ms / ours.ms).toFixed(1)}× ours)`);
  }
  if (!process.argv.includes('--no-gdal') && spawnSync('ogrinfo', ['--version']).status === 0) {
    const gdal = await time(async () => {
      // -q -al prints every feature; -oo/… aside, the cheapest full iteration ogrinfo offers is SQL count over a column.
      execFileSync('ogrinfo', ['-q', '-dialect', 'SQLite', '-sql', `SELECT SUM(ST_NPoints(geometry)) FROM "${layer}"`, path], { stdio: 'ignore' });
      return ours.features;
    });
    console.log(`  ogrinfo (SQLite sum of vertices, incl. process start) ${fmt(gdal.ms)}`);
  }
}
