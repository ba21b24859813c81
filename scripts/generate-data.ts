/**
 * `npm run data [-- --seed N --parcels N --out DIR]`: writes the seeded synthetic Ouhai dataset.
 * Default: data/ouhai (committed). With --parcels ≥ 100000 and no --out: data/large/parcels-<n>/ (gitignored).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PARCELS, DEFAULT_SEED, generateDataset } from './datagen/generate';

const { values } = parseArgs({
  options: { seed: { type: 'string' }, parcels: { type: 'string' }, out: { type: 'string' } },
});
const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
const parcels = values.parcels === undefined ? DEFAULT_PARCELS : Number(values.parcels);
if (!Number.isInteger(seed) || !Number.isInteger(parcels) || parcels < 1) {
  console.error('usage: npm run data -- [--seed <integer>] [--parcels <count>] [--out <dir>]');
  process.exit(2);
}
const out = values.out ?? (parcels >= 100_000 ? join('data', 'large', `parcels-${parcels}`) : join('data', 'ouhai'));

const t0 = performance.now();
const d = generateDataset(seed, parcels);
mkdirSync(out, { recursive: true });
for (const [name, bytes] of d.files) writeFileSync(join(out, name), bytes);
const ms = performance.now() - t0;

const f1 = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const f2 = (v: number) => v.toFixed(2);
const totalMu = d.parcels.reduce((s, p) => s + p.areaMu, 0);
const p = d.pipeline;
const completed = d.ledger.filter((l) => l.status === '已完成' && l.action !== '改造提升');
const muById = new Map(d.parcels.map((x) => [x.attrs.parcelId, x.areaMu]));
console.log(`wrote ${out} (seed ${seed}) in ${(ms / 1000).toFixed(1)} s`);
for (const [id, e] of Object.entries(d.manifest.layers)) console.log(`  ${id.padEnd(10)} ${String(e.featureCount).padStart(7)} features  ${e.sha256.slice(0, 12)}`);
console.log(`parcels ${d.parcels.length.toLocaleString('en-US')} 宗 · ${f1(totalMu)} 亩; firms ${d.baseline.firms}, 规上 ${d.baseline.aboveFirms} (${f1((100 * d.baseline.aboveFirms) / d.baseline.firms)} %, ${f1(100 * d.baseline.aboveLandShare)} % of land)`);
console.log(`规上 baseline: 亩均税收 ${f2(d.baseline.taxPerMu)} 万元/亩 · 亩均增加值 ${f2(d.baseline.valuePerMu)} 万元/亩 · 劳动生产率 ${f2(d.baseline.productivity)} 万元/人`);
console.log(`pipeline estimate ${f1(p.totalMu)} 亩 (target 600): idle ${f1(p.idleMu)} (${p.idleParcels}), low-efficiency ${f1(p.lowEfficiencyMu)} (${p.lowEfficiencyParcels}), D ${f1(p.dClassMu)} (${p.dClassParcels}; computed ${f1(p.computedDMu)}), under-used spare ${f1(p.underUsedSpareMu)} (${p.underUsedParcels})`);
console.log(`ledger ${d.ledger.length} entries; completed land-freeing ${f1(completed.reduce((s, l) => s + (muById.get(l.parcelId) ?? 0), 0))} 亩 on ${completed.length} parcels`);
