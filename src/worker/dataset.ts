/**
 * Turns loaded layers (EPSG:4549 metres, from io/loader) into what the worker keeps and what the page
 * gets: the analysis layers (building footprints packed, the one-time overlay preparation done now, off
 * the first analysis' path) and the display dataset (every layer reprojected ONCE to WGS84, parcel
 * records with their planar areas, town label points, totals, bounds).
 */
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import { prepareAnalysis, type AnalysisLayers } from '../analysis/run';
import { muFromM2, squareMetres } from '../domain/units';
import { packPolygons } from '../geo/packed';
import { toDisplay } from '../geo/projection';
import type { ImportedLayers } from '../io/loader';
import { labelPoints } from './labelPoints';
import { parcelRecordOf } from './parcelRecord';
import type { DatasetInfo, DisplayLayers, LoadedDataset, ParcelDisplayProps, ParcelRecord } from './protocol';

type Polygonal = Polygon | MultiPolygon;

export interface BuiltDataset {
  dataset: LoadedDataset;
  layers: AnalysisLayers;
}

/** Grows `out[o..o+3]` ([w, s, e, n]) by every position of `geometry`. */
function growBox(geometry: Geometry, out: Float64Array, o: number): void {
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const x = c[0] as number, y = c[1] as number;
      if (x < out[o]!) out[o] = x;
      if (y < out[o + 1]!) out[o + 1] = y;
      if (x > out[o + 2]!) out[o + 2] = x;
      if (y > out[o + 3]!) out[o + 3] = y;
    } else if (Array.isArray(c)) for (const x of c) visit(x);
  };
  if ('coordinates' in geometry) visit(geometry.coordinates);
}

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

const collection = <P>(features: Feature<Geometry, P>[]): FeatureCollection<Geometry, P> => ({ type: 'FeatureCollection', features });
const shown = <P>(geometry: Polygonal, properties: P): Feature<Geometry, P> => ({ type: 'Feature', properties, geometry: toDisplay(geometry) });

/**
 * Builds the session layers and the display dataset. `keepBoundary` is the previous dataset's district
 * outline, shown when the new data brings none (the outline is real; the rest of the old data is not kept).
 */
export function buildDataset(imported: ImportedLayers, info: DatasetInfo, extra: Pick<LoadedDataset, 'ledger' | 'warnings'>, keepBoundary?: FeatureCollection<Geometry>): BuiltDataset {
  const t0 = performance.now();
  const records: ParcelRecord[] = [];
  const parcelsShown: Feature<Geometry, ParcelDisplayProps>[] = [];
  let areaSum = 0;
  const parcelBounds = new Float64Array(imported.parcels.length * 4);
  imported.parcels.forEach((p, fid) => {
    const rec = parcelRecordOf(fid, p.geometry, p.attributes);
    records.push(rec);
    areaSum += rec.areaM2;
    const feature: Feature<Geometry, ParcelDisplayProps> = { ...shown(p.geometry, { fid, parcelId: rec.attributes.parcelId, taxPerMu: rec.taxPerMu }), id: fid };
    parcelBounds.set([Infinity, Infinity, -Infinity, -Infinity], fid * 4);
    growBox(feature.geometry, parcelBounds, fid * 4);
    parcelsShown.push(feature);
  });
  const display: DisplayLayers = { parcels: collection(parcelsShown) };
  if (imported.boundary) display.boundary = collection(imported.boundary.map((g) => shown(g, {})));
  else if (keepBoundary) display.boundary = keepBoundary;
  if (imported.towns) display.towns = collection(imported.towns.map((t) => shown(t.geometry, { name: t.name })));
  if (imported.parks) display.parks = collection(imported.parks.map((p) => shown(p.geometry, { name: p.name })));
  if (imported.blocklines) display.blocklines = collection(imported.blocklines.map((b) => shown(b.geometry, { level: b.level, name: b.name })));
  if (imported.buildings) display.buildings = collection(imported.buildings.map((g) => shown(g, {})));
  const townLabels: FeatureCollection<Point> = {
    type: 'FeatureCollection',
    features: imported.towns ? labelPoints(imported.towns.map((t) => ({ type: 'Feature', properties: { name: t.name }, geometry: t.geometry }))).map((f) => ({ ...f, geometry: toDisplay(f.geometry) })) : [],
  };

  // Footprints packed once into typed arrays: the overlay reads them fastest that way, and 300k small
  // GeoJSON polygons would otherwise keep millions of arrays alive for the garbage collector.
  const layers: AnalysisLayers = {
    parcels: imported.parcels,
    ...(imported.buildings ? { buildings: packPolygons(imported.buildings) } : {}),
    ...(imported.blocklines ? { blocklines: imported.blocklines } : {}),
    ...(imported.parks ? { parks: imported.parks } : {}),
    ...(imported.towns ? { towns: imported.towns } : {}),
  };
  prepareAnalysis(layers);
  const areaM2 = squareMetres(areaSum);
  const bounds = boundsOf(display.parcels) ?? boundsOf(display.boundary) ?? [120.5, 27.9, 120.8, 28.1];
  const dataset: LoadedDataset = {
    info,
    display,
    townLabels,
    parcels: records,
    parcelBounds,
    totals: { count: records.length, areaM2, areaMu: muFromM2(areaM2) },
    bounds: display.boundary && info.source === 'embedded' ? (boundsOf(display.boundary) ?? bounds) : bounds,
    ...extra,
    timings: { fetchMs: 0, parseMs: 0, buildMs: performance.now() - t0, totalMs: 0 },
  };
  return { dataset, layers };
}
