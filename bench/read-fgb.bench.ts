/**
 * Reading the large FlatGeobuf files: `readFlatGeobufSource` (fgb/read.ts) against flatgeobuf's
 * `geojson.deserialize` keeping every feature (what the old `readFlatGeobuf` looped over) and, where
 * installed, GDAL reading every feature into memory (`ogr2ogr -f Memory`, process start included).
 * Parsing only: bytes are in memory, no CRS work. Prints the first (cold) run and the median of all runs;
 * the methods take turns so that machine load hits them alike.
 *   npx tsx bench/read-fgb.bench.ts [--parcels 100000] [--runs 5] [--no-library] [--no-gdal]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { geojson } from 'flatgeobuf';
import { readFlatGeobufSource } from '../src/io/formats/fgb/read';
import { arg, largeDataset, median, seconds } from './common';

const parcels = Number(arg('parcels', '100000'));
const runs = Number(arg('runs', '5'));
const dir = largeDataset(parcels);
const fmt = (ms: number): string => seconds(ms);

type Method = { label: string; run: (bytes: Uint8Array, path: string) => Promise<number> };

const methods: Method[] = [
  {
    label: 'readFlatGeobufSource',
    run: async (bytes, path) => {
      const r = await readFlatGeobufSource(bytes, path, { tick: async () => {} });
      if (!r.ok) throw new Error(r.error.problem);
      return r.layers[0]!.features.length;
    },
  },
];
if (!process.argv.includes('--no-library')) {
  methods.push({
    label: 'flatgeobuf geojson.deserialize',
    run: async (bytes) => {
      const kept: unknown[] = [];
      for await (const f of geojson.deserialize(bytes)) kept.push(f);
      return kept.length;
    },
  });
}
if (!process.argv.includes('--no-gdal') && spawnSync('ogr2ogr', ['--version']).status === 0) {
  methods.push({
    label: 'GDAL ogr2ogr -f Memory',
    run: async (_bytes, path) => {
      execFileSync('ogr2ogr', ['-f', 'Memory', '/vsimem/out', path], { stdio: 'ignore' });
      return -1;
    },
  });
}

for (const layer of ['parcels', 'buildings']) {
  const path = join(dir, `${layer}.fgb`);
  const bytes = new Uint8Array(readFileSync(path));
  console.log(`${path}: ${(bytes.length / 1e6).toFixed(1)} MB`);
  const times = methods.map(() => [] as number[]);
  const counts = methods.map(() => 0);
  for (let i = 0; i < runs; i++) {
    for (const [m, method] of methods.entries()) {
      const t0 = performance.now();
      counts[m] = await method.run(bytes, path);
      times[m]!.push(performance.now() - t0);
    }
  }
  methods.forEach((method, m) => {
    const features = counts[m]! >= 0 ? `  ${counts[m]} features` : '';
    console.log(`  ${method.label.padEnd(32)} first ${fmt(times[m]![0]!)}  median ${fmt(median(times[m]!))}${features}`);
  });
}
