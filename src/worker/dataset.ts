/**
 * Turns loaded layers (EPSG:4549 metres, from io/loader) into what the worker keeps and what the page
 * gets: the analysis layers (building footprints packed, the one-time overlay preparation done now, off
 * the first analysis' path), the vector tiles of the big layers (indexed when the map first asks, the
 * parcels at the latest once the worker is idle after the start-up; worker/tiles.ts, worker/veil.ts) and the page's dataset: parcel
 * records with their planar areas and WGS84 boxes, the small layers (outline, 镇街, parks, block lines)
 * as WGS84 GeoJSON, town label points, totals, bounds. Parcel and building geometry never goes to the page.
 */
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import { prepareAnalysis, type AnalysisLayers } from '../analysis/run';
import { muFromM2, squareMetres } from '../domain/units';
import { geometryBboxInto } from '../geo/bbox';
import { packPolygons, type PackedPolygons } from '../geo/packed';
import { toDisplayFast, toDisplayXY } from '../geo/projection';
import type { ImportedLayers } from '../io/loader';
import { labelPoints } from './labelPoints';
import { parcelRecordOf } from './parcelRecord';
import type { DatasetInfo, DatasetOutline, DisplayLayers, LoadedDataset, ParcelRecord } from './protocol';
import { flatFeatureBoxInto, flatFeatureParts, type FlatPolygons } from '../geo/flat-polygons';
import { packedIndex, packedToDisplay, TILE_MAX_ZOOM, TILE_OPTIONS, TileSet, type LayerSource, type TileLayer } from './tiles';
import { packedBoxesInto, shapesOfFlat, shapesOfPacked } from './parcel-shapes';
import { flatFeatureRings, flatIndex } from './tiles-flat';

type Polygonal = Polygon | MultiPolygon;

export interface BuiltDataset {
  dataset: LoadedDataset;
  layers: AnalysisLayers;
  /** The big layers' vector tiles, served to the map by the `tile` request. */
  tiles: TileSet;
}

let tileGeneration = 0;

/** The parcels' display polygons (lon/lat) as flat arrays, and each parcel's feature among them (-1: none). */
export interface DisplayFlat {
  flat: FlatPolygons;
  index: Int32Array;
}

/** Parcel fid's feature in `d`, or -1. */
const flatFeatureOf = (d: DisplayFlat, fid: number): number => {
  const i = d.index[fid] ?? -1;
  return i >= 0 && i < d.flat.count ? i : -1;
};

/**
 * The parcels' tile source when `display` holds every one: indexed from those arrays (geojson-vt itself,
 * from their GeoJSON, where its storage would differ: data at the antimeridian).
 */
const parcelsFromDisplay = (parcels: ImportedLayers['parcels'], display: DisplayFlat): LayerSource => () =>
  flatIndex(parcels.length, { xy: display.flat.xy, closed: true }, (fid) => flatFeatureRings(display.flat, flatFeatureOf(display, fid)), TILE_OPTIONS)
  ?? parcels.map((p, fid) => displayFeature(display, fid, p.geometry));

/** The parcels' tile source from the loader's packing of them, `lonLat` its vertices projected. */
const parcelsFromPacked = (packed: PackedPolygons, lonLat: Float64Array): LayerSource => () => packedIndex(packed, lonLat) ?? packedToDisplay(packed);

/** The parcels' tile source from their display GeoJSON (the array is emptied when taken). */
const parcelsFromFeatures = (features: Feature<Geometry, null>[]): LayerSource => () => features.splice(0);

/** The footprints' tile source, made at the first zoom that shows them. */
const buildingsSource = (packed: PackedPolygons): LayerSource => () => packedIndex(packed) ?? packedToDisplay(packed);

/** Parcel fid's display feature: from `flat` when it has the parcel, else projected here. */
function displayFeature(flat: DisplayFlat | undefined, fid: number, geometry: Polygonal): Feature<Geometry, null> {
  const i = flat ? flatFeatureOf(flat, fid) : -1;
  if (i < 0) return shown(geometry, null);
  const parts = flatFeatureParts(flat!.flat, i);
  return { type: 'Feature', properties: null, geometry: parts.length === 1 ? { type: 'Polygon', coordinates: parts[0]! } : { type: 'MultiPolygon', coordinates: parts } };
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

/** The box around every parcel's box ([w, s, e, n] at fid × 4), or null when none is finite. */
function boxOf(boxes: Float64Array): [number, number, number, number] | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (let o = 0; o + 3 < boxes.length; o += 4) {
    if (!(boxes[o]! <= boxes[o + 2]!)) continue;
    w = Math.min(w, boxes[o]!);
    s = Math.min(s, boxes[o + 1]!);
    e = Math.max(e, boxes[o + 2]!);
    n = Math.max(n, boxes[o + 3]!);
  }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

const collection = <P>(features: Feature<Geometry, P>[]): FeatureCollection<Geometry, P> => ({ type: 'FeatureCollection', features });
const shown = <P>(geometry: Polygonal, properties: P): Feature<Geometry, P> => ({ type: 'Feature', properties, geometry: toDisplayFast(geometry) });

/**
 * Builds the session layers and the display dataset. `keepBoundary` is the previous dataset's district
 * outline, shown when the new data brings none (the outline is real; the rest of the old data is not kept).
 */
export function buildDataset(
  imported: ImportedLayers, info: DatasetInfo, extra: Pick<LoadedDataset, 'ledger' | 'warnings'>, keepBoundary?: FeatureCollection<Geometry>,
  /**
   * `prepare: false`: the overlay is worked out elsewhere; `display`: the parcels' display geometry made
   * elsewhere; `outline`: the small layers' display already sent to the page (`outlineOf` of these files).
   */
  options: { prepare?: boolean; display?: DisplayFlat; outline?: DatasetOutline } = {},
): BuiltDataset {
  const t0 = performance.now();
  const records: ParcelRecord[] = [];
  let areaSum = 0;
  const parcelBounds = new Float64Array(imported.parcels.length * 4);
  // The loader's packing of these very parcels, and its planar areas (the same function on the same geometry).
  const own = imported.parcelsPacked?.parcels === imported.parcels ? imported.parcelsPacked : undefined;
  const areas = own?.area;
  // Every parcel's display polygons made elsewhere: indexed for tiles from those arrays, no GeoJSON.
  const flat = options.display;
  const allFlat = flat !== undefined && imported.parcels.every((_, fid) => flatFeatureOf(flat, fid) >= 0);
  // Else the loader's packing of every parcel (an import; an embedded load whose thread sent no display
  // arrays for them all), projected here: no GeoJSON either. A parcel it could not pack (its problem is in
  // the load report) is then not drawn.
  const packed = !allFlat && own && own.packed.count === imported.parcels.length ? own.packed : undefined;
  const packedLonLat = packed ? toDisplayXY(packed.xy) : undefined;
  if (packed && packedLonLat) packedBoxesInto(packed, packedLonLat, parcelBounds);
  const geojsonShown: Feature<Geometry, null>[] = [];
  imported.parcels.forEach((p, fid) => {
    const rec = parcelRecordOf(fid, p, areas?.[fid]);
    records.push(rec);
    areaSum += rec.areaM2;
    if (allFlat) {
      flatFeatureBoxInto(flat.flat, flatFeatureOf(flat, fid), parcelBounds, fid * 4);
      return;
    }
    if (packed) return;
    // In fid order: a tile feature's id is its index here.
    const feature = displayFeature(flat, fid, p.geometry);
    geometryBboxInto(feature.geometry as Polygonal, parcelBounds, fid * 4);
    geojsonShown.push(feature);
  });
  // The outline sent ahead was made from these very files by the same loader: its layers are these.
  const { display, townLabels } = options.outline ?? smallDisplayOf(imported, keepBoundary);

  // Footprints packed once into typed arrays: the overlay reads them fastest that way, and 300k small
  // GeoJSON polygons would otherwise keep millions of arrays alive for the garbage collector.
  const packedBuildings = imported.buildings ? packPolygons(imported.buildings) : undefined;
  const layers: AnalysisLayers = {
    parcels: imported.parcels,
    // The loader's packing and checks of these parcels: the overlay uses them instead of packing again.
    ...(imported.parcelsPacked?.parcels === imported.parcels ? { parcelsPacked: imported.parcelsPacked } : {}),
    ...(packedBuildings ? { buildings: packedBuildings } : {}),
    ...(imported.blocklines ? { blocklines: imported.blocklines } : {}),
    ...(imported.parks ? { parks: imported.parks } : {}),
    ...(imported.towns ? { towns: imported.towns } : {}),
  };
  // Not when the overlay thread works the overlay out (then the first analysis needs none of it).
  if (options.prepare !== false) prepareAnalysis(layers);
  // The tile sources come from functions outside this one: a closure made here would keep this call's
  // whole scope (the records among it) alive until the source is taken, the buildings' until their first
  // zoom, the parcels' until their first tile or the worker's quiet time (veil.ts indexWhenQuiet).
  const tiles = new TileSet(`${info.identity.hash.slice(0, 16)}-${++tileGeneration}`, {
    parcels: allFlat ? parcelsFromDisplay(imported.parcels, flat) : packed && packedLonLat ? parcelsFromPacked(packed, packedLonLat) : parcelsFromFeatures(geojsonShown),
    ...(packedBuildings && packedBuildings.count > 0 ? { buildings: buildingsSource(packedBuildings) } : {}),
  }, allFlat ? shapesOfFlat(flat.flat, flat.index, parcelBounds) : packed && packedLonLat ? shapesOfPacked(packed, packedLonLat, parcelBounds) : undefined);
  const areaM2 = squareMetres(areaSum);
  const bounds = boxOf(parcelBounds) ?? boundsOf(display.boundary) ?? [120.5, 27.9, 120.8, 28.1];
  // The parcels' vector-tile index is made when first needed (the first parcel tile), or once the worker
  // is idle after the start-up (worker/veil.ts): not here, where it would delay the first analysis
  // (~0.7 s at 100k, whose parcels are drawn as a picture below zoom 13 and need no tile then).
  const tileLayers: TileLayer[] = [];
  if (tiles.has('parcels')) tileLayers.push('parcels');
  if (tiles.has('buildings')) tileLayers.push('buildings');
  const dataset: LoadedDataset = {
    info,
    display,
    townLabels,
    tiles: { key: tiles.key, layers: tileLayers, maxzoom: TILE_MAX_ZOOM },
    parcels: records,
    parcelBounds,
    totals: { count: records.length, areaM2, areaMu: muFromM2(areaM2) },
    bounds: display.boundary && info.source === 'embedded' ? (boundsOf(display.boundary) ?? bounds) : bounds,
    ...extra,
    timings: { fetchMs: 0, parseMs: 0, buildMs: performance.now() - t0, totalMs: 0 },
    ...(options.outline ? { displayOfOutline: true } : {}),
  };
  return { dataset, layers, tiles };
}

/** The small layers (outline, 镇街, parks, block lines) in WGS84, and the towns' label points. */
function smallDisplayOf(imported: Omit<ImportedLayers, 'parcels'>, keepBoundary?: FeatureCollection<Geometry>): Pick<LoadedDataset, 'display' | 'townLabels'> {
  const display: DisplayLayers = {};
  if (imported.boundary) display.boundary = collection(imported.boundary.map((g) => shown(g, {})));
  else if (keepBoundary) display.boundary = keepBoundary;
  if (imported.towns) display.towns = collection(imported.towns.map((t) => shown(t.geometry, { name: t.name })));
  if (imported.parks) display.parks = collection(imported.parks.map((p) => shown(p.geometry, { name: p.name })));
  if (imported.blocklines) display.blocklines = collection(imported.blocklines.map((b) => shown(b.geometry, { level: b.level, name: b.name })));
  const townLabels: FeatureCollection<Point> = {
    type: 'FeatureCollection',
    features: imported.towns ? labelPoints(imported.towns.map((t) => ({ type: 'Feature', properties: { name: t.name }, geometry: t.geometry }))).map((f) => ({ ...f, geometry: toDisplayFast(f.geometry) })) : [],
  };
  return { display, townLabels };
}

/**
 * The district's outline from a load's small layers, read before its parcels (worker/load.ts); null
 * without a district boundary among them.
 */
export function outlineOf(small: Omit<ImportedLayers, 'parcels'>): DatasetOutline | null {
  if (!small.boundary || small.boundary.length === 0) return null;
  const { display, townLabels } = smallDisplayOf(small);
  const bounds = boundsOf(display.boundary);
  return bounds ? { display, townLabels, bounds } : null;
}
