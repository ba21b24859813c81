/**
 * Coordinate reference systems used in Ouhai data, and the one place that reprojects.
 * Analysis happens in EPSG:4549 metres (CGCS2000 / 3-degree Gauss-Kruger CM 120°E); display in WGS84.
 * CGCS2000 and WGS84 differ by centimetres, so 4490 is treated as 4326 (no datum shift).
 */
import proj4 from 'proj4';
import type { Geometry, Position } from 'geojson';

/**
 * The CRSs the app reads. CGCS2000 3° GK CM 120°E without (4549) and with (4528) the zone prefix, CGCS2000 and
 * WGS84 lon/lat, and the older Xian 1980 (2385 / 2364 with prefix) and Beijing 1954 (2437 / 2416) grids of the
 * same zone. The old datums are projected on their own ellipsoids with no datum shift (no public parameters):
 * positions may be off by tens of metres, which the loader says.
 */
export type CrsCode =
  | 'EPSG:4549' | 'EPSG:4528' | 'EPSG:4490' | 'EPSG:4326'
  | 'EPSG:2385' | 'EPSG:2364' | 'EPSG:2437' | 'EPSG:2416';
export const CRS_CODES: readonly CrsCode[] = ['EPSG:4549', 'EPSG:4528', 'EPSG:4490', 'EPSG:4326', 'EPSG:2385', 'EPSG:2364', 'EPSG:2437', 'EPSG:2416'];
/** CRSs whose datum is not CGCS2000/WGS84: reading them needs a warning. */
export const OLD_DATUM: ReadonlySet<CrsCode> = new Set(['EPSG:2385', 'EPSG:2364', 'EPSG:2437', 'EPSG:2416']);
export const ANALYSIS_CRS: CrsCode = 'EPSG:4549';

proj4.defs('EPSG:4490', '+proj=longlat +ellps=GRS80 +no_defs +type=crs');
proj4.defs('EPSG:4549', '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs +type=crs');
proj4.defs('EPSG:4528', '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +ellps=GRS80 +units=m +no_defs +type=crs');
// Definitions as PROJ (gdalsrsinfo) prints them; IAU76 is the Xian 1980 ellipsoid (a 6378140, 1/f 298.257).
proj4.defs('EPSG:2385', '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +a=6378140 +rf=298.257 +units=m +no_defs +type=crs');
proj4.defs('EPSG:2364', '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +a=6378140 +rf=298.257 +units=m +no_defs +type=crs');
proj4.defs('EPSG:2437', '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=krass +units=m +no_defs +type=crs');
proj4.defs('EPSG:2416', '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +ellps=krass +units=m +no_defs +type=crs');

const GEOGRAPHIC = new Set<CrsCode>(['EPSG:4490', 'EPSG:4326']);
export const isGeographic = (crs: CrsCode): boolean => GEOGRAPHIC.has(crs);

type PointFn = (p: Position) => Position;

/** One converter per CRS pair: building proj4's projections per call cost more than transforming (100k parcels: ~1 s). */
const converters = new Map<string, PointFn>();

function converter(from: CrsCode, to: CrsCode): PointFn {
  const key = `${from}>${to}`;
  let f = converters.get(key);
  if (!f) converters.set(key, (f = makeConverter(from, to)));
  return f;
}

function makeConverter(from: CrsCode, to: CrsCode): PointFn {
  if (from === to) return (p) => p;
  // 4528 differs from 4549 only by the zone prefix in the easting.
  if (from === 'EPSG:4528' && to === 'EPSG:4549') return (p) => [p[0]! - 40_000_000, p[1]!];
  if (from === 'EPSG:4549' && to === 'EPSG:4528') return (p) => [p[0]! + 40_000_000, p[1]!];
  if (isGeographic(from) && isGeographic(to)) return (p) => [p[0]!, p[1]!];
  const src = from === 'EPSG:4326' ? 'EPSG:4490' : from;
  const dst = to === 'EPSG:4326' ? 'EPSG:4490' : to;
  const c = proj4(src, dst);
  return (p) => c.forward([p[0]!, p[1]!]);
}

/** Reprojects one point [x, y]. */
export function projectPoint(p: Position, from: CrsCode, to: CrsCode): Position {
  return converter(from, to)(p);
}

/** Returns a new geometry with every vertex reprojected; the input is not modified. */
export function projectGeometry<G extends Geometry>(g: G, from: CrsCode, to: CrsCode): G {
  const f = converter(from, to);
  return mapGeometry(g, f);
}

/** Rounds lon/lat to 1e-7° (~1 cm), enough for display and ~half the GeoJSON size. */
export function roundLonLat(p: Position): Position {
  return [Math.round(p[0]! * 1e7) / 1e7, Math.round(p[1]! * 1e7) / 1e7];
}

/** EPSG:4549 metres → WGS84 lon/lat, rounded for display. */
export function toDisplay<G extends Geometry>(g: G): G {
  const f = converter(ANALYSIS_CRS, 'EPSG:4326');
  return mapGeometry(g, (p) => roundLonLat(f(p)));
}

/** What `toDisplayFast` calls: proj4's own projection object (its `inverse` writes into the point it is given). */
interface Projection { inverse(p: { x: number; y: number }): { x: number; y: number } | undefined; projName?: string }
const R2D = 57.29577951308232;
let fastDisplay: PointFn | null | undefined;
/** The projection's inverse of one finite point (x, y) behind `fastDisplay`, reusing its point; null without it. */
let fastInverse: ((x: number, y: number) => { x: number; y: number } | undefined) | null = null;

/**
 * The point function of `toDisplay` without proj4's per-point wrapper (a new object per point, axis,
 * unit and datum steps that do nothing for 4549 → lon/lat on the same GRS80 datum): the projection's
 * own inverse on one reused point, then degrees — the same operations, so the same numbers, ~3× faster.
 * Checked against the general converter when made; null (use that one) if any number differs.
 */
function fastDisplayPoint(): PointFn | null {
  const general = converter(ANALYSIS_CRS, 'EPSG:4326');
  const Proj = (proj4 as unknown as { Proj: new (code: string) => Projection }).Proj;
  const src = new Proj(ANALYSIS_CRS);
  if (src.projName === 'longlat') return null;
  const q = { x: 0, y: 0 };
  const inverse = (x: number, y: number) => {
    q.x = x;
    q.y = y;
    return src.inverse(q);
  };
  const f: PointFn = (p) => {
    const x = p[0]!, y = p[1]!;
    // proj4 refuses non-finite input: the general path says so.
    if (!Number.isFinite(x) || !Number.isFinite(y)) return general(p);
    const r = inverse(x, y);
    return r ? [r.x * R2D, r.y * R2D] : general(p);
  };
  for (let i = 0; i <= 20; i++) for (let j = 0; j <= 20; j++) {
    const p = [400_000 + 10_000 * i, 3_000_000 + 10_000 * j];
    const a = general(p), b = f(p);
    if (a[0] !== b[0] || a[1] !== b[1]) return null;
  }
  fastInverse = inverse;
  return f;
}

/** `toDisplay`, the same numbers, for the many vertices of the worker's tiled layers. */
export function toDisplayFast<G extends Geometry>(g: G): G {
  return mapGeometry(g, toDisplayPoint);
}

/** One point as `toDisplay` projects it (EPSG:4549 → rounded lon/lat), through `toDisplayFast`'s path. */
export function toDisplayPoint(p: Position): Position {
  if (fastDisplay === undefined) fastDisplay = fastDisplayPoint();
  return roundLonLat((fastDisplay ?? converter(ANALYSIS_CRS, 'EPSG:4326'))(p));
}

/**
 * Flat x, y pairs in EPSG:4549 as toDisplayPoint projects each (lon, lat pairs, a new array): the same
 * operations, with no array per vertex where the fast inverse answers (300k footprints' vertices).
 */
export function toDisplayXY(xy: Float64Array): Float64Array {
  if (fastDisplay === undefined) fastDisplay = fastDisplayPoint();
  const inverse = fastInverse;
  const lonLat = new Float64Array(xy.length);
  const p = [0, 0];
  for (let v = 0; v < xy.length; v += 2) {
    const x = xy[v]!, y = xy[v + 1]!;
    const r = inverse && Number.isFinite(x) && Number.isFinite(y) ? inverse(x, y) : undefined;
    if (r) {
      lonLat[v] = Math.round(r.x * R2D * 1e7) / 1e7;
      lonLat[v + 1] = Math.round(r.y * R2D * 1e7) / 1e7;
      continue;
    }
    p[0] = x;
    p[1] = y;
    const q = toDisplayPoint(p);
    lonLat[v] = q[0]!;
    lonLat[v + 1] = q[1]!;
  }
  return lonLat;
}

export function mapGeometry<G extends Geometry>(g: G, f: PointFn): G {
  switch (g.type) {
    case 'Point':
      return { ...g, coordinates: f(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...g, coordinates: g.coordinates.map(f) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...g, coordinates: g.coordinates.map((r) => r.map(f)) };
    case 'MultiPolygon':
      return { ...g, coordinates: g.coordinates.map((poly) => poly.map((r) => r.map(f))) };
    case 'GeometryCollection':
      return { ...g, geometries: g.geometries.map((x) => mapGeometry(x, f)) };
  }
}
