/**
 * The `load` request: fetch a dataset's manifest and FlatGeobuf layers (EPSG:4549), compute each
 * parcel's planar area, and reproject every layer ONCE to WGS84 for display.
 */
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import { geojson as fgb } from 'flatgeobuf';
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
    areaM2 += rec.areaM2;
    shown.push({ type: 'Feature', id: rec.fid, properties: { fid: rec.fid, parcelId: rec.attributes.parcelId, taxPerMu: rec.taxPerMu }, geometry: toDisplay(f.geometry) });
  });
  return { records, shown, warnings, areaM2 };
}

/** Runs a load request; every failure the user can fix comes back as `{ ok: false }`. */
export async function loadDataset(req: LoadRequest, fetcher: Fetcher = (u) => fetch(u)): Promise<Result<LoadedDataset>> {
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
  const warnings: string[] = [];
  const townLabels: FeatureCollection<Point> = { type: 'FeatureCollection', features: [] };
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
      display[id] = { type: 'FeatureCollection', features: features.filter((f) => f.geometry).map((f) => ({ type: 'Feature', properties: f.properties, geometry: toDisplay(f.geometry) })) };
      continue;
    }
    const built = buildParcels(features);
    parcels.push(...built.records);
    warnings.push(...built.warnings);
    areaSum = built.areaM2;
    display.parcels = { type: 'FeatureCollection', features: built.shown };
  }
  const bounds = boundsOf(display.boundary) ?? boundsOf(display.parcels) ?? [120.5, 27.9, 120.8, 28.1];
  const t2 = performance.now();
  const areaM2 = squareMetres(areaSum);
  return {
    ok: true,
    value: {
      manifest,
      display,
      townLabels,
      parcels,
      totals: { count: parcels.length, areaM2, areaMu: muFromM2(areaM2) },
      bounds,
      warnings,
      timings: { fetchMs: t1 - t0, parseMs: t2 - t1, totalMs: t2 - t0 },
    },
  };
}
