/**
 * `npm run bench:export`: the shortlist exports on 10k parcels (the first 10,000 of the seeded 100k set,
 * `npm run data -- --parcels 100000` when missing; else the district's parcels repeated), analysed
 * once, then each writer run several times. Prints median / min / max against the bars (product spec:
 * Excel of 10k rows ≤ 1.5 s; Shapefile of 10k parcels ≤ 1 s).
 */
import { existsSync, readFileSync } from 'node:fs';
import { analysisRequest } from '../src/analysis/request';
import { runAnalysis } from '../src/analysis/run';
import { DEFAULT_RULE_SET } from '../src/domain/rule-set';
import { exportParcels, type ExportFormat, type ExportMeta } from '../src/io/export';
import { loadFiles } from '../src/io/loader';
import { inputFromBytes } from '../src/io/source';

const N = 10_000;
const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
const large = 'data/large/parcels-100000';
const dir = existsSync(`${large}/parcels.fgb`) ? large : 'data/ouhai';
const file = (name: string) => inputFromBytes(name, new Uint8Array(readFileSync(`${dir}/${name}`)));

const loaded = await loadFiles([file('parcels.fgb'), file('towns.fgb')], { 'parcels.fgb': 'parcels', 'towns.fgb': 'towns' });
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const out = runAnalysis(loaded.layers, analysisRequest({ evaluationDate: '2023-12-31' }));
if (!out.ok) throw new Error('analysis failed');
const count = loaded.layers.parcels.length;
const fids = Array.from({ length: N }, (_, i) => i % count);
const unique = [...new Set(fids)];
console.log(`export bench: ${unique.length} parcels from ${dir}${unique.length < N ? ` (only ${count} there: run npm run data -- --parcels 100000)` : ''}, ${RUNS} runs each`);
const meta: ExportMeta = { listName: 'bench', evaluationDate: '2023-12-31', ruleSet: DEFAULT_RULE_SET, dataset: { name: 'bench', hash: 'x', synthetic: true }, exportedOn: '2026-01-01' };
const source = { run: out.run, parcels: loaded.layers.parcels };

const BARS: Partial<Record<ExportFormat, number>> = { xlsx: 1500, shp: 1000 };
for (const format of ['xlsx', 'shp', 'csv', 'geojson', 'fgb'] as ExportFormat[]) {
  const times: number[] = [];
  let bytes = 0;
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    const f = await exportParcels(format, source, unique, meta);
    times.push(performance.now() - t);
    bytes = f.bytes.length;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const bar = BARS[format];
  console.log(`${format.padEnd(8)} median ${median.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times.at(-1)!.toFixed(0)}), ${(bytes / 1e6).toFixed(1)} MB${bar ? ` — bar ≤ ${bar} ms: ${median <= bar ? 'ok' : 'OVER'}` : ''}`);
}
