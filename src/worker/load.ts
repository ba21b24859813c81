/**
 * The `load` request: fetch a dataset's manifest and FlatGeobuf layers (EPSG:4549), compute each
 * parcel's planar area, and reproject every layer ONCE to WGS84 for display. The metre layers the
 * analysis needs stay in the worker (`loadSession` returns them beside the display dataset).
 */
import { packPolygons } from '../geo/packed';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import { geojson as fgb } from 'flatgeobuf';
import type { AnalysisLayers } from '../analysis/run';
import type { BlocklineLevel } from '../domain/facts';
import type { LedgerEntry } from '../domain/ledger';
import { muFromM2, squareMetres } from '../domain/units';
import { toDisplay } from '../geo/projection';
import { LAYER_IDS, type DatasetManifest, type LayerId } from '../io/dataset';
import { labelPoints } from './labelPoints';
import { parcelRecord } from './parcelRecord';
import type { DisplayLayers, LoadedDataset, LoadRequest, ParcelDisplayProps, ParcelRecord, Result } from './protocol';

export type Fetcher = (url: string) => Promise<Response>;

const fail = (code: 'fetch-failed' | 'bad-manifest' | 'bad-file', message: string): Result<never> => ({ ok: false, error: { code, message } });

async function fetchOk(fetcher: Fetcher, url: string): Promise<Response | string> {
  try {
    const res = await fetcher(url);
    return res.ok ? res : `${url}: HTTP ${res.status}`;
  } catch (e) {
    return `${url}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Checks the fields the loader relies on; returns a message naming the problem, or null. */
export function manifestProblem(m: unknown): string | null {
  if (typeof m !== 'object' || m === null) return 'manifest.json is not a JSON object';
  const man = m as Partial<DatasetManifest>;
  if (man.version !== 1) return `unsupported manifest version ${String(man.version)} (expected 1)`;
  if (man.crs !== 'EPSG:4549') return `unsupported CRS ${String(man.crs)} (expected EPSG:4549)`;
  if (!man.layers?.parcels?.file) return 'the manifest has no parcels layer';
  return null;
}

async function readFgb(bytes: Uint8Array): Promise<Feature[]> {
  const out: Feature[] = [];
  for await (const f of fgb.deserialize(bytes)) out.push(f as Feature);
  return out;
}

const isAreal = (g: Geometry | null): g is Polygon | MultiPolygon => g?.type === 'Polygon' || g?.type === 'MultiPolygon';

function boundsOf(fc: FeatureCollection | undefined): [number, number, number, number] | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    } else if (Array.isArray(c)) for (const x of c) visit(x);
  };
  for (const f of fc?.features ?? []) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/** Parcel records (area from EPSG:4549 geometry) and their WGS84 display features; non-polygons are skipped. */
function buildParcels(features: Feature[]) {
  const records: ParcelRecord[] = [];
  const analysed: { geometry: Polygon | MultiPolygon; attributes: ParcelRecord['attributes'] }[] = [];
  const shown: Feature<Geometry, ParcelDisplayProps>[] = [];
  const warnings: string[] = [];
  let areaM2 = 0;
  features.forEach((f, i) => {
    if (!isAreal(f.geometry)) {
      warnings.push(`parcel ${String(f.properties?.parcelId ?? `#${i + 1}`)}: not a polygon, skipped`);
      return;
    }
    const rec = parcelRecord(records.length, f.geometry, f.properties);
    records.push(rec);
    analysed.push({ geometry: f.geometry, attributes: rec.attributes });
    areaM2 += rec.areaM2;
    shown.push({ type: 'Feature', id: rec.fid, properties: { fid: rec.fid, parcelId: rec.attributes.parcelId, taxPerMu: rec.taxPerMu }, geometry: toDisplay(f.geometry) });
  });
  return { records, analysed, shown, warnings, areaM2 };
}

const nameOf = (f: Feature): string => String(f.properties?.['name'] ?? '');
const levelOf = (f: Feature): BlocklineLevel => (f.properties?.['level'] === '一级' ? '一级' : '二级');

/** The non-parcel layers in the form `runAnalysis` takes (EPSG:4549 metres, polygons only). */
function analysisLayer(id: LayerId, features: Feature[], layers: AnalysisLayers): void {
  const areal = features.filter((f): f is Feature<Polygon | MultiPolygon> => isAreal(f.geometry));
  // Footprints are packed once into typed arrays: the overlay reads them fastest that way, and 300k small
  // GeoJSON polygons would otherwise keep millions of arrays alive for the garbage collector.
  if (id === 'buildings') layers.buildings = packPolygons(areal.map((f) => f.geometry));
  else if (id === 'blocklines') layers.blocklines = areal.map((f) => ({ geometry: f.geometry, level: levelOf(f) }));
  else if (id === 'parks') layers.parks = areal.map((f) => ({ geometry: f.geometry, name: nameOf(f) }));
  else if (id === 'towns') layers.towns = areal.map((f) => ({ geometry: f.geometry, name: nameOf(f) }));
}

/** The sample ledger named by the manifest; a problem with it is a warning, never a failed load. */
async function readLedger(manifest: DatasetManifest, manifestUrl: string, fetcher: Fetcher, warnings: string[]): Promise<LedgerEntry[] | null> {
  if (!manifest.ledger?.file) return null;
  const res = await fetchOk(fetcher, new URL(manifest.ledger.file, manifestUrl).href);
  if (typeof res === 'string') {
    warnings.push(`ledger: ${res}`);
    return null;
  }
  try {
    const json: unknown = await res.json();
    if (Array.isArray(json)) return json as LedgerEntry[];
    warnings.push(`${manifest.ledger.file}: not a JSON array`);
  } catch {
    warnings.push(`${manifest.ledger.file}: not valid JSON`);
  }
  return null;
}

/** What a load leaves in the worker's session (metres) and what it sends to the page (display). */
export interface LoadedSession {
  dataset: LoadedDataset;
  layers: AnalysisLayers;
}

/** Runs a load request; every failure the user can fix comes back as `{ ok: false }`. */
export async function loadDataset(req: LoadRequest, fetcher: Fetcher = (u) => fetch(u)): Promise<Result<LoadedDataset>> {
  const r = await loadSession(req, fetcher);
  return r.ok ? { ok: true, value: r.value.dataset } : r;
}

/** `loadDataset`, also returning the analysis layers in EPSG:4549 metres. */
export async function loadSession(req: LoadRequest, fetcher: Fetcher = (u) => fetch(u)): Promise<Result<LoadedSession>> {
  const t0 = performance.now();
  const manRes = await fetchOk(fetcher, req.manifestUrl);
  if (typeof manRes === 'string') return fail('fetch-failed', manRes);
  let manifest: DatasetManifest;
  try {
    manifest = (await manRes.json()) as DatasetManifest;
  } catch {
    return fail('bad-manifest', `${req.manifestUrl} is not valid JSON`);
  }
  const problem = manifestProblem(manifest);
  if (problem) return fail('bad-manifest', problem);

  const warnings: string[] = [];
  // Small; fetched beside the layers.
  const ledgerPromise = readLedger(manifest, req.manifestUrl, fetcher, warnings);
  const ids = LAYER_IDS.filter((id) => manifest.layers[id]);
  const bytes = new Map<LayerId, Uint8Array>();
  const fetched = await Promise.all(ids.map(async (id) => {
    const url = new URL(manifest.layers[id]!.file, req.manifestUrl).href;
    const res = await fetchOk(fetcher, url);
    if (typeof res === 'string') return res;
    bytes.set(id, new Uint8Array(await res.arrayBuffer()));
    return null;
  }));
  const fetchError = fetched.find((x) => x !== null);
  if (fetchError) return fail('fetch-failed', fetchError);
  const t1 = performance.now();

  const display: DisplayLayers = {};
  const parcels: ParcelRecord[] = [];
  const townLabels: FeatureCollection<Point> = { type: 'FeatureCollection', features: [] };
  const layers: AnalysisLayers = { parcels: [] };
  let areaSum = 0;
  for (const id of ids) {
    let features: Feature[];
    try {
      features = await readFgb(bytes.get(id)!);
    } catch (e) {
      return fail('bad-file', `${manifest.layers[id]!.file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (id === 'towns') {
      const areal = features.filter((f): f is Feature<Polygon | MultiPolygon> => isAreal(f.geometry));
      townLabels.features = labelPoints(areal).map((f) => ({ ...f, geometry: toDisplay(f.geometry) }));
    }
    if (id !== 'parcels') {
      analysisLayer(id, features, layers);
      display[id] = { type: 'FeatureCollection', features: features.filter((f) => f.geometry).map((f) => ({ type: 'Feature', properties: f.properties, geometry: toDisplay(f.geometry) })) };
      continue;
    }
    const built = buildParcels(features);
    parcels.push(...built.records);
    layers.parcels = built.analysed;
    warnings.push(...built.warnings);
    areaSum = built.areaM2;
    display.parcels = { type: 'FeatureCollection', features: built.shown };
  }
  const ledger = await ledgerPromise;
  const bounds = boundsOf(display.boundary) ?? boundsOf(display.parcels) ?? [120.5, 27.9, 120.8, 28.1];
  const t2 = performance.now();
  const areaM2 = squareMetres(areaSum);
  const dataset: LoadedDataset = {
    manifest,
    display,
    townLabels,
    parcels,
    totals: { count: parcels.length, areaM2, areaMu: muFromM2(areaM2) },
    bounds,
    warnings,
    ledger,
    timings: { fetchMs: t1 - t0, parseMs: t2 - t1, totalMs: t2 - t0 },
  };
  return { ok: true, value: { dataset, layers } };
}
