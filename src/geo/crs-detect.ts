/**
 * Decides the CRS of a layer: from the CRS the file declares, or from where its coordinates lie.
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

export interface CrsInfo {
  crs: CrsCode;
  how: 'declared' | 'detected';
  /** One sentence for people: what was declared or seen, and any caveat. */
  note: string;
}

/** A user error: the layer's coordinates cannot be placed in Ouhai. `featureIndex` is 0-based. */
export interface CrsProblem {
  problem: string;
  fix: string;
  featureIndex?: number;
}

export type CrsResult = { ok: true; info: CrsInfo } | { ok: false; error: CrsProblem };

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

const EXPECTED =
  'Ouhai data in EPSG:4549 (x 532 000–574 000 m, y 3 082 000–3 110 000 m), EPSG:4528 (the same with 40 in front of x) ' +
  'or EPSG:4490/4326 (lon 120.3–120.8°, lat 27.8–28.2°)';

const inside = (b: Bbox, w: Bbox): boolean => b.minX >= w.minX && b.maxX <= w.maxX && b.minY >= w.minY && b.maxY <= w.maxY;
const swap = (b: Bbox): Bbox => ({ minX: b.minY, maxX: b.maxY, minY: b.minX, maxY: b.maxX });

/** Classifies one bounding box against the three Ouhai windows, in both axis orders. */
export function classifyBbox(b: Bbox): CoordinateKind {
  if (inside(b, WINDOW_4549)) return 'EPSG:4549';
  if (inside(b, WINDOW_4528)) return 'EPSG:4528';
  if (inside(b, WINDOW_LONLAT)) return 'geographic';
  const s = swap(b);
  if (inside(s, WINDOW_4549)) return 'swapped-4549';
  if (inside(s, WINDOW_4528)) return 'swapped-4528';
  if (inside(s, WINDOW_LONLAT)) return 'swapped-geographic';
  return 'elsewhere';
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

const KIND_OF: Record<CrsCode, CoordinateKind> = {
  'EPSG:4549': 'EPSG:4549',
  'EPSG:4528': 'EPSG:4528',
  'EPSG:4490': 'geographic',
  'EPSG:4326': 'geographic',
  // Xian 80 / Beijing 54 grids of the same zone lie within metres of CGCS2000's at this scale.
  'EPSG:2385': 'EPSG:4549',
  'EPSG:2437': 'EPSG:4549',
  'EPSG:2364': 'EPSG:4528',
  'EPSG:2416': 'EPSG:4528',
};

const KIND_LABEL: Record<CoordinateKind, string> = {
  'EPSG:4549': 'EPSG:4549 metres (CGCS2000 3° GK CM 120°E)',
  'EPSG:4528': 'EPSG:4528 metres (zone prefix 40 in the easting)',
  geographic: 'longitude/latitude degrees (EPSG:4490/4326)',
  'swapped-4549': 'EPSG:4549 metres with X and Y swapped',
  'swapped-4528': 'EPSG:4528 metres with X and Y swapped',
  'swapped-geographic': 'latitude/longitude (swapped) degrees',
  elsewhere: 'outside Ouhai in every supported CRS',
};

function formatNumber(v: number): string {
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US').replace(/,/g, ' ');
  return String(Math.round(v * 1e4) / 1e4);
}

/** `x 560 100–561 000, y 3 100 000–3 100 400` */
export function describeRange(b: Bbox): string {
  return `x ${formatNumber(b.minX)}–${formatNumber(b.maxX)}, y ${formatNumber(b.minY)}–${formatNumber(b.maxY)}`;
}

function union(boxes: readonly Bbox[]): Bbox {
  return boxes.reduce((u, b) => ({
    minX: Math.min(u.minX, b.minX),
    minY: Math.min(u.minY, b.minY),
    maxX: Math.max(u.maxX, b.maxX),
    maxY: Math.max(u.maxY, b.maxY),
  }));
}

const SWAP_FIX =
  'Swap X and Y of every vertex (Chinese survey tables list the northing X before the easting Y): in QGIS, ' +
  'Processing › "Swap X and Y coordinates", or re-export with the easting first.';

function kindError(kind: CoordinateKind, range: Bbox, featureIndex?: number): CrsProblem {
  const where = featureIndex === undefined ? 'The coordinates' : `Feature #${featureIndex + 1}'s coordinates`;
  if (kind.startsWith('swapped-')) {
    return { problem: `${where} (${describeRange(range)}) are ${KIND_LABEL[kind]}: northing first.`, fix: SWAP_FIX, featureIndex };
  }
  return {
    problem: `${where} (${describeRange(range)}) are not in Ouhai in any supported CRS; expected ${EXPECTED}.`,
    fix: 'Reproject the file to EPSG:4549, e.g. `ogr2ogr -t_srs EPSG:4549 out.fgb in.shp`, or check that it covers Ouhai.',
    featureIndex,
  };
}

/**
 * Decides the layer's CRS from per-feature bounding boxes and an optional declared CRS name.
 * Every feature must fall in the same Ouhai window; the first one that does not is named. A declared
 * CRS is trusted only when the coordinates agree with it.
 */
export function detectCrs(boxes: readonly Bbox[], declared?: string | number | null): CrsResult {
  if (boxes.length === 0) {
    return { ok: false, error: { problem: 'The layer has no coordinates.', fix: 'Export the layer again with its geometries.' } };
  }
  const kinds = boxes.map(classifyBbox);
  const counts = new Map<CoordinateKind, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  const [majority] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const all = union(boxes);

  if (declared !== undefined && declared !== null && String(declared).trim() !== '') {
    return checkDeclared(parseDeclaredCrs(declared), String(declared), kinds, boxes, all);
  }
  if (counts.size > 1 && majority !== 'elsewhere') {
    const odd = kinds.findIndex((k) => k !== majority);
    const problem = kindError(kinds[odd]!, boxes[odd]!, odd);
    return { ok: false, error: { ...problem, problem: `${problem.problem} The other features are ${KIND_LABEL[majority]}.` } };
  }
  if (counts.size > 1 || majority === 'elsewhere' || majority.startsWith('swapped-')) {
    return { ok: false, error: kindError(counts.size > 1 ? 'elsewhere' : majority, all) };
  }
  const crs: CrsCode = majority === 'geographic' ? 'EPSG:4490' : (majority as CrsCode);
  const caveat =
    crs === 'EPSG:4490'
      ? 'read as EPSG:4490 CGCS2000 (WGS84 differs by centimetres)'
      : `read as ${crs}; Xian 80 / Beijing 54 data would look the same, so check older files`;
  return { ok: true, info: { crs, how: 'detected', note: `no CRS in the file; ${describeRange(all)} fits ${KIND_LABEL[majority]}, ${caveat}` } };
}

function checkDeclared(d: DeclaredCrs, raw: string, kinds: CoordinateKind[], boxes: readonly Bbox[], all: Bbox): CrsResult {
  if (!d.supported) {
    return {
      ok: false,
      error: {
        problem: `The file declares ${d.name}, which this app does not read (it reads EPSG:4549, 4528, 4490, 4326 and the Xian 80 / Beijing 54 3° GK CM 120°E grids 2385, 2364, 2437, 2416).`,
        fix: 'Reproject it to EPSG:4549, e.g. `ogr2ogr -t_srs EPSG:4549 out.fgb in.geojson`.',
      },
    };
  }
  const want = KIND_OF[d.crs];
  const odd = kinds.findIndex((k) => k !== want);
  if (odd >= 0) {
    const kind = kinds[odd]!;
    const whole = kinds.every((k) => k === kind);
    const where = whole ? `the coordinates (${describeRange(all)})` : `feature #${odd + 1} (${describeRange(boxes[odd]!)})`;
    const what = kind === 'elsewhere' ? `${whole ? 'are' : 'is'} not in Ouhai in ${d.crs}` : `${whole ? 'look' : 'looks'} like ${KIND_LABEL[kind]}`;
    return {
      ok: false,
      error: {
        problem: `The file declares ${raw === d.crs ? d.crs : `${d.crs} (${raw})`} but ${where} ${what}.`,
        fix: kind.startsWith('swapped-')
          ? SWAP_FIX
          : 'Correct the CRS the file declares (or remove it so the app detects it), or reproject the data to what it declares.',
        featureIndex: whole ? undefined : odd,
      },
    };
  }
  const as = raw === d.crs ? d.crs : `${d.crs} (${raw})`;
  return { ok: true, info: { crs: d.crs, how: 'declared', note: `declared in the file as ${as}; ${describeRange(all)} agrees` } };
}

