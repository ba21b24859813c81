/**
 * Where a layer's coordinates lie, for deciding its CRS (io/loader/crs.ts), and what a declared CRS name means.
 * Ouhai sits at eastings 532 000–574 000 m and northings 3 082 000–3 110 000 m in EPSG:4549 (CGCS2000 3° GK,
 * CM 120°E), at the same numbers plus 40 000 000 in the easting in EPSG:4528 (zone prefix 40), and at
 * lon 120.3–120.8° / lat 27.8–28.2° in EPSG:4490/4326 (data-model.md, "Importing other people's files").
 * Chinese survey tables put the northing first, so swapped axes are recognised and reported as such.
 */
import type { Geometry } from 'geojson';
import type { CrsCode } from './projection';

export interface Bbox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Where coordinates of one feature fall. */
export type CoordinateKind =
  | 'EPSG:4549'
  | 'EPSG:4528'
  | 'geographic'
  | 'swapped-4549'
  | 'swapped-4528'
  | 'swapped-geographic'
  | 'elsewhere';

/** Edge margin on the metre windows: the stated ranges hug the district outline (west edge ≈ 532 400 m). */
const METRE_MARGIN = 2_000;
const ZONE_PREFIX = 40_000_000;

const WINDOW_4549: Bbox = { minX: 532_000 - METRE_MARGIN, maxX: 574_000 + METRE_MARGIN, minY: 3_082_000 - METRE_MARGIN, maxY: 3_110_000 + METRE_MARGIN };
const WINDOW_4528: Bbox = { ...WINDOW_4549, minX: WINDOW_4549.minX + ZONE_PREFIX, maxX: WINDOW_4549.maxX + ZONE_PREFIX };
const WINDOW_LONLAT: Bbox = { minX: 120.3, maxX: 120.8, minY: 27.8, maxY: 28.2 };

/** The kinds in the order of their numbers (classifyBox). */
export const COORDINATE_KINDS: readonly CoordinateKind[] = ['EPSG:4549', 'EPSG:4528', 'geographic', 'swapped-4549', 'swapped-4528', 'swapped-geographic', 'elsewhere'];
/** The number of the kind the axes swapped give (0 ↔ 3, 1 ↔ 4, 2 ↔ 5), for the first six. */
export const SWAPPED_KIND = 3;
export const ELSEWHERE = 6;

const WINDOWS = [WINDOW_4549, WINDOW_4528, WINDOW_LONLAT];

/** Classifies one box against the three Ouhai windows, in both axis orders: its index in COORDINATE_KINDS. No object per box: a layer has hundreds of thousands. */
export function classifyBox(minX: number, minY: number, maxX: number, maxY: number): number {
  for (let k = 0; k < 3; k++) {
    const w = WINDOWS[k]!;
    if (minX >= w.minX && maxX <= w.maxX && minY >= w.minY && maxY <= w.maxY) return k;
  }
  for (let k = 0; k < 3; k++) {
    const w = WINDOWS[k]!;
    if (minY >= w.minX && maxY <= w.maxX && minX >= w.minY && maxX <= w.maxY) return SWAPPED_KIND + k;
  }
  return ELSEWHERE;
}

/** Classifies one bounding box against the three Ouhai windows, in both axis orders. */
export function classifyBbox(b: Bbox): CoordinateKind {
  return COORDINATE_KINDS[classifyBox(b.minX, b.minY, b.maxX, b.maxY)]!;
}

/** Bounding box of every vertex; null for a geometry with no coordinates. */
export function geometryBbox(g: Geometry): Bbox | null {
  const b: Bbox = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const x = c[0];
      const y = c[1] as number;
      if (x < b.minX) b.minX = x;
      if (x > b.maxX) b.maxX = x;
      if (y < b.minY) b.minY = y;
      if (y > b.maxY) b.maxY = y;
      return;
    }
    for (const part of c) visit(part);
  };
  if (g.type === 'GeometryCollection') {
    for (const part of g.geometries) visit(geometryCoordinates(part));
  } else visit(g.coordinates);
  return b.minX === Infinity ? null : b;
}

function geometryCoordinates(g: Geometry): unknown {
  return g.type === 'GeometryCollection' ? g.geometries.map(geometryCoordinates) : g.coordinates;
}

export type DeclaredCrs = { supported: true; crs: CrsCode } | { supported: false; name: string };

/**
 * Reads a declared CRS name: `EPSG:4549`, `urn:ogc:def:crs:EPSG::4528`, `urn:ogc:def:crs:EPSG:6.6:4490`,
 * `http://www.opengis.net/def/crs/EPSG/0/4549`, `urn:ogc:def:crs:OGC:1.3:CRS84` (= 4326), or a bare EPSG number.
 */
export function parseDeclaredCrs(name: string | number): DeclaredCrs {
  const text = String(name).trim();
  if (/(^|:)CRS:?84$/i.test(text)) return { supported: true, crs: 'EPSG:4326' };
  const m = /^(?:EPSG:|urn:ogc:def:crs:EPSG:[\d.]*:|https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[\d.]+\/)?(\d+)$/i.exec(text);
  const code = m ? Number(m[1]) : NaN;
  const known: Record<number, CrsCode> = {
    4549: 'EPSG:4549', 4528: 'EPSG:4528', 4490: 'EPSG:4490', 4326: 'EPSG:4326',
    2385: 'EPSG:2385', 2364: 'EPSG:2364', 2437: 'EPSG:2437', 2416: 'EPSG:2416',
  };
  const crs = known[code];
  if (crs) return { supported: true, crs };
  return { supported: false, name: m ? `EPSG:${code}` : text };
}
