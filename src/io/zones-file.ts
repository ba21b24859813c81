/**
 * Kept consolidation zones as a file: GeoJSON in WGS84 (lon/lat, RFC 7946) or in EPSG:4549 metres (a
 * GeoJSON `crs` member, as GDAL writes and reads it). Reading never throws at the user: a bad file is a
 * value naming the problem, and nothing is half-imported (all zones of the file or none).
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { mapGeometry, projectGeometry, projectPoint, type CrsCode } from '../geo/projection';
import { checkZone } from '../geo/zone-clip-stats';
import { geometryBbox, parseDeclaredCrs } from '../geo/crs-detect';
import { CHOOSE_ADVICE, coordinateKinds, decideCrs } from './loader/crs';

/** One kept zone. Geometry in WGS84 lon/lat (what the map draws and the worker reprojects). */
export interface SavedZone {
  id: string;
  name: string;
  /** #rrggbb; '' = not chosen (the zone list gives it the next palette colour). */
  colour: string;
  geometry: Polygon | MultiPolygon;
}

export type ZonesFileCrs = 'EPSG:4326' | 'EPSG:4549';

const CRS_4549 = 'urn:ogc:def:crs:EPSG::4549';
const HEX = /^#[0-9a-fA-F]{6}$/;

const round = (g: Polygon | MultiPolygon, digits: number): Polygon | MultiPolygon => {
  const f = 10 ** digits;
  const r = (p: Position): Position => [Math.round(p[0]! * f) / f, Math.round(p[1]! * f) / f];
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(r)) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(r))) };
};

/** The zones as a GeoJSON text: lon/lat to 1e-7° (WGS84), or metres to the millimetre (EPSG:4549, with `crs`). */
export function zonesToGeoJson(zones: readonly SavedZone[], crs: ZonesFileCrs): string {
  const features: Feature[] = zones.map((z) => ({
    type: 'Feature',
    properties: { id: z.id, name: z.name, colour: z.colour },
    geometry: crs === 'EPSG:4549' ? round(projectGeometry(z.geometry, 'EPSG:4326', 'EPSG:4549'), 3) : round(z.geometry, 7),
  }));
  const fc: FeatureCollection & { crs?: unknown } = { type: 'FeatureCollection', features };
  if (crs === 'EPSG:4549') fc.crs = { type: 'name', properties: { name: CRS_4549 } };
  return JSON.stringify(fc);
}

/** The suggested file name (the 4549 variant says so in its name, for people; the file's crs member says it for the reader). */
export const zonesFileName = (base: string, crs: ZonesFileCrs): string => `${base}${crs === 'EPSG:4549' ? '-4549' : ''}.geojson`;

/** What is wrong with a feature's geometry (zones.ts messages say it in the user's language). */
export type ZoneGeometryProblem =
  | { code: 'not-polygon'; type: string }
  | { code: 'no-coordinates' }
  | { code: 'no-rings' }
  | { code: 'short-ring' }
  | { code: 'bad-position' }
  | { code: 'open-ring' };

export type ZonesFileProblem =
  | { code: 'not-json'; detail: string }
  | { code: 'not-geojson' }
  | { code: 'no-zones' }
  | { code: 'bad-geometry'; feature: number; detail: ZoneGeometryProblem }
  /** No CRS the app reads puts the file in Ouhai (loader/crs.ts decideCrs's words). */
  | { code: 'crs'; text: { zh: string; en: string } }
  /** Feature `feature` (1-based) is a polygon the zone engine refuses (crosses or touches itself, no area …): `reason` says how, both languages. */
  | { code: 'invalid-zone'; feature: number; reason: { zh: string; en: string } }
  /** Feature `feature` (1-based) is not in Ouhai in the CRS the others are read in. */
  | { code: 'outside'; feature: number; crs: string }
  /** A file the readers could not read (zones-import.ts), in both languages with the way round it. */
  | { code: 'read-failed'; file: string; text: { zh: string; en: string }; fix: { zh: string; en: string } }
  /** The files hold no polygon layer (points, lines or a table only). */
  | { code: 'not-polygons'; layers: string }
  /** The files hold several polygon layers: which one is the zones is the user's choice. */
  | { code: 'several-layers'; layers: string };

/** `notes`: what the user should check, in both languages (a declared CRS the coordinates overruled, a reader's warning). */
export type ZonesFileResult = { ok: true; zones: SavedZone[]; crs: CrsCode; notes: { zh: string; en: string }[] } | { ok: false; problem: ZonesFileProblem };

/** What a file declares its CRS to be: a code the importer reads, or only a name (null `crs`: one it does not). */
export interface DeclaredZonesCrs {
  crs: CrsCode | null;
  text: string;
}

/** The CRS a GeoJSON `crs` member declares (EPSG:4549/4528/4490/4326, Xian 80, Beijing 54 …: projection.ts CRS_CODES), or null. */
function geoJsonCrs(fc: { crs?: unknown }): DeclaredZonesCrs | null {
  const crs = fc.crs as { properties?: { name?: unknown } } | undefined;
  const name = typeof crs?.properties?.name === 'string' ? crs.properties.name : null;
  if (!name) return null;
  if (/CGCS2000.*(GK|Gauss).*120/i.test(name)) return { crs: 'EPSG:4549', text: name };
  const declared = parseDeclaredCrs(name);
  return { crs: declared.supported ? declared.crs : null, text: name };
}

/**
 * The CRS of a zones file, decided as the parcel importer decides a layer's (loader/crs.ts decideCrs): what
 * the file declares when its coordinates agree, else what the coordinates are (4549 or 4528 metres, degrees,
 * axes swapped), with a warning when a declaration was overruled. Degrees found without a declaration are
 * WGS84, as this app's own zone files and RFC 7946 GeoJSON are.
 */
function fileCrs(declared: DeclaredZonesCrs | null, geometries: readonly (Polygon | MultiPolygon)[]): ZonesCrs | { problem: { zh: string; en: string } } {
  const boxes = new Float64Array(geometries.length * 4).fill(Number.NaN);
  geometries.forEach((g, i) => {
    const b = geometryBbox(g);
    if (b) boxes.set([b.minX, b.minY, b.maxX, b.maxY], i * 4);
  });
  const outcome = decideCrs(coordinateKinds(boxes), declared ? { ...declared, source: 'prj' } : null);
  if (!outcome.ok) {
    // Zones may lie beyond the district's own window (drawn near its edge): a declared CRS, or degrees around
    // Ouhai, still read; each zone is then checked against the wider region (inRegion).
    if (declared?.crs) return { crs: declared.crs, swapped: false };
    const lonLat = geometries.every((g) => inRegion(g));
    return lonLat ? { crs: 'EPSG:4326', swapped: false } : { problem: outcome.text };
  }
  const d = outcome.decision;
  const crs = d.how === 'detected' && d.crs === 'EPSG:4490' && !declared ? 'EPSG:4326' : d.crs;
  // The parcel importer's warning offers a CRS choice; zone import has none.
  const warning = d.warning ? { zh: d.warning.zh.replace(CHOOSE_ADVICE.zh, ''), en: d.warning.en.replace(CHOOSE_ADVICE.en, '') } : undefined;
  return { crs, swapped: d.swapped, ...(warning ? { warning } : {}) };
}

interface ZonesCrs {
  crs: CrsCode;
  swapped: boolean;
  warning?: { zh: string; en: string };
}

const swapAxes = <G extends Polygon | MultiPolygon>(g: G): G => mapGeometry(g, (p) => [p[1]!, p[0]!]);

/** Why a ring cannot be a zone outline, or null. */
function ringProblem(ring: unknown): ZoneGeometryProblem | null {
  if (!Array.isArray(ring) || ring.length < 4) return { code: 'short-ring' };
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return { code: 'bad-position' };
  }
  const a = ring[0] as number[];
  const b = ring[ring.length - 1] as number[];
  if (a[0] !== b[0] || a[1] !== b[1]) return { code: 'open-ring' };
  return null;
}

function geometryProblem(g: unknown): ZoneGeometryProblem | null {
  const geom = g as { type?: unknown; coordinates?: unknown } | null;
  if (!geom || (geom.type !== 'Polygon' && geom.type !== 'MultiPolygon')) return { code: 'not-polygon', type: String(geom?.type ?? 'null') };
  const polys = (geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates) as unknown;
  if (!Array.isArray(polys) || polys.length === 0) return { code: 'no-coordinates' };
  for (const poly of polys) {
    if (!Array.isArray(poly) || poly.length === 0) return { code: 'no-rings' };
    for (const ring of poly) {
      const p = ringProblem(ring);
      if (p) return p;
    }
  }
  return null;
}

/** Every position of a Polygon/MultiPolygon. */
const positions = (g: Polygon | MultiPolygon): Position[] =>
  g.type === 'Polygon' ? g.coordinates.flat() : g.coordinates.flat(2);

/** Ouhai and its surroundings, generously: a file elsewhere is in another CRS or another place. */
const inRegion = (g: Polygon | MultiPolygon): boolean =>
  positions(g).every((p) => p[0]! > 118 && p[0]! < 123 && p[1]! > 25 && p[1]! < 31);

/**
 * The attribute that names a zone: `name` as this app writes it, else what Chinese GIS tables call it
 * (名称, 片区名称, 项目名称 …, or its pinyin initials MC, XMMC, PQMC), else any field whose name holds 名称.
 */
const NAME_FIELDS = ['name', '名称', '片区名称', '区块名称', '项目名称', '地块名称', 'mc', 'xmmc', 'pqmc', 'qkmc', 'dkmc'];

export function zoneNameOf(props: Record<string, unknown>): string {
  const keys = Object.keys(props);
  const byName = (k: string): string | undefined => keys.find((key) => key.trim().toLowerCase() === k);
  const key = NAME_FIELDS.map(byName).find((k) => k !== undefined) ?? keys.find((k) => k.includes('名称'));
  const v = key === undefined ? undefined : props[key];
  const text = typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
  return text.slice(0, 60);
}

/** A zone's colour from its `colour` (or `color`) attribute, when it is #rrggbb; '' otherwise. */
function zoneColourOf(props: Record<string, unknown>): string {
  const v = props.colour ?? props.color;
  return typeof v === 'string' && HEX.test(v) ? v : '';
}

/** A position of the engine's check (EPSG:4549 metres) as lon/lat, for its message. */
const describeLonLat = (x: number, y: number): string => {
  const p = projectPoint([x, y], 'EPSG:4549', 'EPSG:4326');
  return `${p[0]!.toFixed(6)}°E, ${p[1]!.toFixed(6)}°N`;
};

/** One feature as a zones source has it: geometry in the source's coordinates, its attributes. */
export interface ZoneFeature {
  geometry?: unknown;
  properties?: Record<string, unknown> | null;
}

/**
 * The zones of a source's features: every feature a closed polygon near Ouhai, in the CRS the source
 * declares or its coordinates show (fileCrs), or none of them and the first problem. Zones keep their
 * name and colour when the source has them (else ''); ids are fresh (`newId`).
 */
export function zonesFromFeatures(features: readonly ZoneFeature[], declared: DeclaredZonesCrs | null, newId: () => string): ZonesFileResult {
  if (features.length === 0) return { ok: false, problem: { code: 'no-zones' } };
  for (let i = 0; i < features.length; i++) {
    const problem = geometryProblem(features[i]?.geometry);
    if (problem) return { ok: false, problem: { code: 'bad-geometry', feature: i + 1, detail: problem } };
  }
  const geometries = features.map((f) => f.geometry as Polygon | MultiPolygon);
  const read = fileCrs(declared, geometries);
  if ('problem' in read) return { ok: false, problem: { code: 'crs', text: read.problem } };
  const zones: SavedZone[] = [];
  for (let i = 0; i < features.length; i++) {
    const g = single(read.swapped ? swapAxes(geometries[i]!) : geometries[i]!);
    const lonLat = read.crs === 'EPSG:4326' ? g : projectGeometry(g, read.crs, 'EPSG:4326');
    // Each zone near Ouhai (118-123°E, 25-31°N, as drawn zones may be): the district's own window decides the CRS only.
    if (!inRegion(lonLat)) return { ok: false, problem: { code: 'outside', feature: i + 1, crs: read.crs } };
    const kept = round(lonLat, 9);
    // The zone engine's own check, on what is kept (as the worker measures it): a zone it refuses would show no figures.
    const refused = checkZone(projectGeometry(kept, 'EPSG:4326', 'EPSG:4549'), describeLonLat);
    if (refused) return { ok: false, problem: { code: 'invalid-zone', feature: i + 1, reason: { zh: refused.zh, en: refused.en } } };
    const props = features[i]?.properties ?? {};
    zones.push({ id: newId(), name: zoneNameOf(props), colour: zoneColourOf(props), geometry: kept });
  }
  return { ok: true, zones, crs: read.crs, notes: read.warning ? [read.warning] : [] };
}

/**
 * The zones of a saved record (IndexedDB) that can be used: an id, a name, a colour and a closed polygon
 * near Ouhai in lon/lat each, as the app saves them. A record written by another version or damaged
 * drops only its unusable entries from the list (`dropped` counts them), not the others; the entries
 * themselves come back in `unusable`, as they were, for the next save to write back (never erased by an edit).
 */
export function usableSavedZones(value: unknown): { zones: SavedZone[]; dropped: number; unusable: unknown[] } {
  if (value === undefined || value === null) return { zones: [], dropped: 0, unusable: [] };
  if (!Array.isArray(value)) return { zones: [], dropped: 1, unusable: [value] };
  const zones: SavedZone[] = [];
  const unusable: unknown[] = [];
  const ids = new Set<string>();
  for (const z of value as unknown[]) {
    const o = z as Partial<SavedZone> | null;
    const ok = !!o && typeof o === 'object' && typeof o.id === 'string' && o.id !== '' && !ids.has(o.id)
      && typeof o.name === 'string' && typeof o.colour === 'string' && (o.colour === '' || HEX.test(o.colour))
      && geometryProblem(o.geometry) === null && inRegion(o.geometry as Polygon | MultiPolygon);
    if (!ok) {
      unusable.push(z);
      continue;
    }
    ids.add(o.id!);
    zones.push({ id: o.id!, name: o.name!.slice(0, 60), colour: o.colour!, geometry: o.geometry as Polygon | MultiPolygon });
  }
  return { zones, dropped: unusable.length, unusable };
}

/** Reads a zones GeoJSON; its CRS is what the file declares or its coordinates show. */
export function readZonesFile(text: string, newId: () => string): ZonesFileResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, problem: { code: 'not-json', detail: e instanceof Error ? e.message : String(e) } };
  }
  const obj = data as { type?: unknown; features?: unknown; geometry?: unknown; crs?: unknown } | null;
  let features: ZoneFeature[];
  if (obj?.type === 'FeatureCollection' && Array.isArray(obj.features)) features = obj.features as ZoneFeature[];
  else if (obj?.type === 'Feature') features = [obj as ZoneFeature];
  else if (obj?.type === 'Polygon' || obj?.type === 'MultiPolygon') features = [{ properties: {}, geometry: obj }];
  else return { ok: false, problem: { code: 'not-geojson' } };
  return zonesFromFeatures(features.map((f) => f ?? {}), geoJsonCrs(obj), newId);
}

/** A MultiPolygon of one part is that Polygon (as GIS tools write Shapefile-born layers): drawn and edited as one. */
const single = (g: Polygon | MultiPolygon): Polygon | MultiPolygon => (g.type === 'MultiPolygon' && g.coordinates.length === 1 ? { type: 'Polygon', coordinates: g.coordinates[0]! } : g);
