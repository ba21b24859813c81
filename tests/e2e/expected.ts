/**
 * The expected analysis, computed in Node from the same FlatGeobuf files and ledger the page loads,
 * through the same engine entry (`runAnalysis`): the browser's numbers are checked against it, never
 * against hard-coded values.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { geojson as fgb } from 'flatgeobuf';
import { analysisRequest } from '../../src/analysis/request';
import { runAnalysis, type AnalysisLayers, type AnalysisRun } from '../../src/analysis/run';
import type { LedgerEntry } from '../../src/domain/ledger';
import type { DatasetManifest } from '../../src/io/dataset';
import { parcelAttributes } from '../../src/worker/parcelRecord';

type Polygonal = Polygon | MultiPolygon;

async function readLayer(dir: string, file: string | undefined): Promise<Feature<Polygonal>[]> {
  if (!file) return [];
  const out: Feature<Polygonal>[] = [];
  for await (const f of fgb.deserialize(new Uint8Array(readFileSync(join(dir, file))))) {
    const g = (f as Feature).geometry;
    if (g?.type === 'Polygon' || g?.type === 'MultiPolygon') out.push(f as Feature<Polygonal>);
  }
  return out;
}

const str = (f: Feature, key: string): string => String(f.properties?.[key] ?? '');

/** runAnalysis on `dir` (a dataset folder) at `evaluationDate` with the dataset's sample ledger. */
export async function expectedAnalysis(dir: string, evaluationDate: string): Promise<AnalysisRun> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as DatasetManifest;
  const file = (id: keyof DatasetManifest['layers']) => manifest.layers[id]?.file;
  const [parcels, buildings, blocklines, parks, towns] = await Promise.all(
    (['parcels', 'buildings', 'blocklines', 'parks', 'towns'] as const).map((id) => readLayer(dir, file(id))),
  );
  const ledger = manifest.ledger ? (JSON.parse(readFileSync(join(dir, manifest.ledger.file), 'utf8')) as LedgerEntry[]) : undefined;
  const layers: AnalysisLayers = {
    parcels: parcels!.map((f, i) => ({ geometry: f.geometry, attributes: parcelAttributes(f.properties, `#${i + 1}`) })),
    buildings: buildings!.map((f) => f.geometry),
    blocklines: blocklines!.map((f) => ({ geometry: f.geometry, level: str(f, 'level') === '一级' ? '一级' : '二级' })),
    parks: parks!.map((f) => ({ geometry: f.geometry, name: str(f, 'name') })),
    towns: towns!.map((f) => ({ geometry: f.geometry, name: str(f, 'name') })),
  };
  const r = runAnalysis(layers, analysisRequest({ evaluationDate, ledger }));
  if (!r.ok) throw new Error(`runAnalysis failed in Node: ${JSON.stringify(r)}`);
  return r.run;
}
