/** Test helper: the embedded district's parcels (and towns) through the loader, analysed, as an ExportSource. */
import { readFileSync } from 'node:fs';
import { analysisRequest } from '../../analysis/request';
import { runAnalysis } from '../../analysis/run';
import type { LedgerEntry } from '../../domain/ledger';
import { DEFAULT_RULE_SET } from '../../domain/rule-set';
import { loadFiles, type ImportedLayers } from '../loader';
import { inputFromBytes, type InputFile } from '../source';
import type { ExportMeta, ExportSource } from './model';

const file = (name: string): InputFile => inputFromBytes(name, new Uint8Array(readFileSync(`data/ouhai/${name}`)));

let cached: Promise<{ source: ExportSource; layers: ImportedLayers }> | null = null;

export function ouhaiSource(): Promise<{ source: ExportSource; layers: ImportedLayers }> {
  cached ??= (async () => {
    const loaded = await loadFiles([file('parcels.fgb'), file('towns.fgb')], { 'parcels.fgb': 'parcels', 'towns.fgb': 'towns' });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const ledger = JSON.parse(readFileSync('data/ouhai/ledger.json', 'utf8')) as LedgerEntry[];
    const out = runAnalysis(loaded.layers, analysisRequest({ evaluationDate: '2023-12-31', ledger }));
    if (!out.ok) throw new Error('analysis failed');
    return { source: { run: out.run, parcels: loaded.layers.parcels }, layers: loaded.layers };
  })();
  return cached;
}

export const testMeta = (listName = '重点地块'): ExportMeta => ({
  listName, evaluationDate: '2023-12-31', ruleSet: DEFAULT_RULE_SET,
  dataset: { name: 'ouhai', hash: 'abc123', synthetic: true, asOf: '2022-12-31' }, exportedOn: '2026-11-30',
});
