/**
 * The expected analysis, computed in Node from the same files and ledger the page loads, through the same
 * loader (io/loader, the manifest read as the worker reads it) and the same engine entry (`runAnalysis`):
 * the browser's numbers are checked against it, never against hard-coded values.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analysisRequest } from '../../src/analysis/request';
import { runAnalysis, type AnalysisRun } from '../../src/analysis/run';
import type { LedgerEntry } from '../../src/domain/ledger';
import type { DatasetManifest } from '../../src/io/dataset';
import { loadFiles } from '../../src/io/loader';
import { manifestInputs } from '../../src/io/loader/manifest';
import { packPolygons } from '../../src/geo/packed';

/** runAnalysis on `dir` (a dataset folder) at `evaluationDate` with the dataset's sample ledger (and a partial rule-set document, if given). */
export async function expectedAnalysis(dir: string, evaluationDate: string, rules?: Record<string, unknown>): Promise<AnalysisRun> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as DatasetManifest;
  const manifestUrl = pathToFileURL(resolve(dir, 'manifest.json')).href;
  // The worker fetches the manifest's files over HTTP; here the same URLs are read from disk.
  const fromDisk = async (url: string) => new Response(readFileSync(new URL(url)));
  const { files, roles } = manifestInputs(manifest, manifestUrl, fromDisk);
  const loaded = await loadFiles(files, roles, {}, { name: manifest.name });
  if (!loaded.ok) throw new Error(`the loader refused ${dir}: ${loaded.problems.map((p) => p.en).join('; ')}`);
  const ledger = manifest.ledger ? (JSON.parse(readFileSync(join(dir, manifest.ledger.file), 'utf8')) as LedgerEntry[]) : undefined;
  const layers = { ...loaded.layers, buildings: packPolygons(loaded.layers.buildings ?? []) };
  const r = runAnalysis(layers, analysisRequest({ evaluationDate, ledger, ...(rules ? { rules } : {}) }));
  if (!r.ok) throw new Error(`runAnalysis failed in Node: ${JSON.stringify(r)}`);
  return r.run;
}
