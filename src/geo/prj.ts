/**
 * What a Shapefile's .prj declares. The .prj is WKT: ESRI WKT1 from ArcGIS and GDAL
 * (`CGCS2000_3_Degree_GK_CM_120E`, PROJECTION["Gauss_Kruger"]), OGC WKT1, or WKT2 (PROJCRS … ID["EPSG",4549]).
 * Names vary between writers and are sometimes wrong, so the CRS is recognised by its content: the datum
 * (by ellipsoid axis and flattening, else by name), the projection method and its parameters (central meridian
 * 120°E, scale 1, false easting 500 000 m or 40 500 000 m with the zone prefix). Anything else is reported
 * with its name and key parameters so the loader can say which CRS the file uses that this app does not read.
 */
import type { DeclaredCrs } from '../io/source';
import type { CrsCode } from './projection';

type WktValue = string | number | WktNode;
interface WktNode {
  keyword: string;
  args: WktValue[];
}

/** Parses WKT into nodes; null when it is not WKT. Quoted strings keep their text, bare words stay strings. */
function parseWkt(text: string): WktNode | null {
  const tokens = text.match(/"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_]*|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[[\](),]/g);
  if (!tokens) return null;
  let at = 0;
  const node = (): WktNode | null => {
    const keyword = tokens[at];
    if (keyword === undefined || !/^[A-Za-z_]/.test(keyword) || !/^[[(]$/.test(tokens[at + 1] ?? '')) return null;
    at += 2;
    const args: WktValue[] = [];
    while (at < tokens.length) {
      const t = tokens[at]!;
      if (t === ']' || t === ')') { at++; return { keyword: keyword.toUpperCase(), args }; }
      if (t === ',') { at++; continue; }
      if (t.startsWith('"')) { args.push(t.slice(1, -1).replace(/""/g, '"')); at++; continue; }
      if (/^[-+.\d]/.test(t)) { args.push(Number(t)); at++; continue; }
      if (/^[[(]$/.test(tokens[at + 1] ?? '')) {
        const child = node();
        if (!child) return null;
        args.push(child);
        continue;
      }
      args.push(t);
      at++;
    }
    return null; // unbalanced brackets
  };
  return node();
}

const children = (n: WktNode, ...keywords: string[]): WktNode[] =>
  n.args.filter((a): a is WktNode => typeof a === 'object' && keywords.includes(a.keyword));
const child = (n: WktNode | undefined, ...keywords: string[]): WktNode | undefined => (n ? children(n, ...keywords)[0] : undefined);
const nameOf = (n: WktNode | undefined): string => (n && typeof n.args[0] === 'string' ? n.args[0] : '');
const numberArg = (n: WktNode | undefined, i: number): number | undefined => (n && typeof n.args[i] === 'number' ? n.args[i] : undefined);
/** `Central_Meridian`, `central meridian`, `Longitude of natural origin` → `centralmeridian`, … */
const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const PROJECTED = ['PROJCS', 'PROJCRS', 'PROJECTEDCRS'];
const GEOGRAPHIC = ['GEOGCS', 'GEOGCRS', 'GEOGRAPHICCRS', 'GEODCRS', 'GEODETICCRS'];
const BASE_GEOGRAPHIC = [...GEOGRAPHIC, 'BASEGEOGCRS', 'BASEGEODCRS'];

/** The horizontal CRS of a WKT, looking inside COMPD_CS / COMPOUNDCRS / BOUNDCRS. */
function horizontalCrs(n: WktNode): WktNode | undefined {
  if (PROJECTED.includes(n.keyword) || GEOGRAPHIC.includes(n.keyword)) return n;
  for (const a of n.args) {
    if (typeof a !== 'object') continue;
    const found = horizontalCrs(a);
    if (found) return found;
  }
  return undefined;
}

type Datum = 'CGCS2000' | 'WGS84' | 'Xian80' | 'Beijing54';

const DATUM_LABEL: Record<Datum, string> = { CGCS2000: 'CGCS2000', WGS84: 'WGS 84', Xian80: 'Xian 1980', Beijing54: 'Beijing 1954' };

/** The datum family, by ellipsoid numbers when present (they do not depend on naming habits), else by name. */
function datumOf(datumName: string, ellipsoidName: string, a: number | undefined, rf: number | undefined): Datum | null {
  const names = squash(`${datumName} ${ellipsoidName}`);
  if (names.includes('newbeijing')) return null; // Krasovsky ellipsoid, but a different datum (EPSG:4555)
  if (a !== undefined && rf !== undefined) {
    if (a === 6378137 && Math.abs(rf - 298.257222101) < 1e-6) return 'CGCS2000'; // GRS80 / CGCS2000 ellipsoid
    if (a === 6378137 && Math.abs(rf - 298.257223563) < 1e-6) return 'WGS84';
    if (a === 6378140 && Math.abs(rf - 298.257) < 1e-3) return 'Xian80'; // IAG 1975
    if (a === 6378245 && Math.abs(rf - 298.3) < 1e-3) return 'Beijing54'; // Krasovsky 1940
    return null;
  }
  if (/china2000|cgcs2000|chinageodeticcoordinatesystem2000/.test(names)) return 'CGCS2000';
  if (/wgs1984|wgs84/.test(names)) return 'WGS84';
  if (/xian1980|xian80|iag1975|iau1976/.test(names)) return 'Xian80';
  if (/beijing1954|beijing54|krasovsk|krassowsk/.test(names)) return 'Beijing54';
  return null;
}

const GRIDS: Record<Datum, { plain: CrsCode; prefixed: CrsCode } | null> = {
  CGCS2000: { plain: 'EPSG:4549', prefixed: 'EPSG:4528' },
  Xian80: { plain: 'EPSG:2385', prefixed: 'EPSG:2364' },
  Beijing54: { plain: 'EPSG:2437', prefixed: 'EPSG:2416' },
  WGS84: null,
};

const KNOWN_CODES = new Set<string>(['4549', '4528', '4490', '4326', '2385', '2364', '2437', '2416']);

/** What the CRS says about itself, in one shape for WKT1, WKT2 and PROJ strings. */
interface CrsContent {
  name: string;
  projected: boolean;
  datumName: string;
  datum: Datum | null;
  /** Projection method name, as written. */
  method: string;
  /** Parameters by squashed name: `centralmeridian`, `falseeasting`, … */
  parameters: Map<string, number>;
  /** Metres per unit of the projected coordinates (1 when not stated). */
  linearUnit: number;
  primeMeridian: number;
  /** The EPSG code the text states for the whole CRS, if any. */
  authorityCode?: string;
}

const PARAMETER_ALIASES: Record<string, string> = {
  longitudeofnaturalorigin: 'centralmeridian', longitudeoforigin: 'centralmeridian', lon0: 'centralmeridian',
  latitudeofnaturalorigin: 'latitudeoforigin', lat0: 'latitudeoforigin',
  scalefactoratnaturalorigin: 'scalefactor', k: 'scalefactor', k0: 'scalefactor',
  x0: 'falseeasting', y0: 'falsenorthing',
};
const parameterKey = (name: string): string => PARAMETER_ALIASES[squash(name)] ?? squash(name);

function authorityCode(n: WktNode): string | undefined {
  const id = child(n, 'AUTHORITY', 'ID');
  if (!id || squash(String(id.args[0] ?? '')) !== 'epsg') return undefined;
  const code = id.args[1];
  return typeof code === 'number' || typeof code === 'string' ? String(code) : undefined;
}

function wktContent(root: WktNode): CrsContent {
  const projected = PROJECTED.includes(root.keyword);
  const geog = projected ? child(root, ...BASE_GEOGRAPHIC) : root;
  const datumNode = child(geog, 'DATUM', 'GEODETICDATUM', 'TRF', 'ENSEMBLE');
  const ellipsoid = child(datumNode, 'SPHEROID', 'ELLIPSOID');
  const conversion = child(root, 'CONVERSION') ?? root;
  const parameters = new Map<string, number>();
  for (const p of children(conversion, 'PARAMETER')) {
    const value = numberArg(p, 1);
    if (value !== undefined) parameters.set(parameterKey(nameOf(p)), value);
  }
  const unitNode = child(root, 'UNIT', 'LENGTHUNIT') ?? child(child(root, 'AXIS'), 'LENGTHUNIT', 'UNIT');
  return {
    name: nameOf(root),
    projected,
    datumName: nameOf(datumNode),
    datum: datumOf(nameOf(datumNode), nameOf(ellipsoid), numberArg(ellipsoid, 1), numberArg(ellipsoid, 2)),
    method: nameOf(child(root, 'PROJECTION') ?? child(conversion, 'METHOD')),
    parameters,
    linearUnit: projected ? numberArg(unitNode, 1) ?? 1 : 1,
    primeMeridian: numberArg(child(geog, 'PRIMEM'), 1) ?? 0,
    authorityCode: authorityCode(root),
  };
}

const ELLIPSOIDS: Record<string, [number, number]> = {
  GRS80: [6378137, 298.257222101], WGS84: [6378137, 298.257223563], krass: [6378245, 298.3], IAU76: [6378140, 298.257],
};

/** `+proj=tmerc +lon_0=120 +k=1 +x_0=500000 +ellps=GRS80 +units=m`: the same content from a PROJ string. */
function projContent(text: string): CrsContent {
  const args = new Map<string, string>();
  for (const m of text.matchAll(/\+(\w+)(?:=(\S+))?/g)) args.set(m[1]!, m[2] ?? '');
  const proj = args.get('proj') ?? '';
  const ellipsoid = ELLIPSOIDS[args.get('ellps') ?? (args.get('datum') === 'WGS84' ? 'WGS84' : '')];
  const a = args.has('a') ? Number(args.get('a')) : ellipsoid?.[0];
  const rf = args.has('rf') ? Number(args.get('rf')) : ellipsoid?.[1];
  const parameters = new Map<string, number>();
  for (const key of ['lon_0', 'lat_0', 'k', 'k_0', 'x_0', 'y_0']) {
    if (args.has(key)) parameters.set(parameterKey(key), Number(args.get(key)));
  }
  const projected = proj !== 'longlat' && proj !== 'latlong';
  return {
    name: text.trim(), projected, datumName: args.get('datum') ?? args.get('ellps') ?? '', datum: datumOf('', args.get('ellps') ?? '', a, rf),
    method: proj === 'tmerc' ? 'Transverse_Mercator' : proj, parameters,
    linearUnit: (args.get('units') ?? 'm') === 'm' ? 1 : NaN, primeMeridian: 0,
  };
}

const near = (v: number | undefined, want: number, fallback?: number): boolean => Math.abs((v ?? fallback ?? NaN) - want) < 1e-9;

/** The supported CRS the content describes, or null. */
function recognise(c: CrsContent): CrsCode | null {
  if (c.datum === null || c.primeMeridian !== 0) return null;
  if (!c.projected) return c.datum === 'CGCS2000' ? 'EPSG:4490' : c.datum === 'WGS84' ? 'EPSG:4326' : null;
  const grid = GRIDS[c.datum];
  if (!grid || !/gausskruger|transversemercator|gaussschreibertransversemercator/.test(squash(c.method))) return null;
  const p = c.parameters;
  const fits = near(c.linearUnit, 1) && near(p.get('centralmeridian'), 120) && near(p.get('scalefactor'), 1, 1) &&
    near(p.get('latitudeoforigin'), 0, 0) && near(p.get('falsenorthing'), 0, 0);
  if (!fits) return null;
  if (near(p.get('falseeasting'), 500_000)) return grid.plain;
  if (near(p.get('falseeasting'), 40_500_000)) return grid.prefixed;
  return null;
}

/** `CGCS2000_GK_CM_123E (Gauss_Kruger, central meridian 123°, false easting 500000 m, scale 1, datum CGCS2000)` */
function describe(c: CrsContent): string {
  const p = c.parameters;
  const datum = c.datum ? DATUM_LABEL[c.datum] : c.datumName || 'unknown datum';
  if (!c.projected) return `${c.name || 'a geographic CRS'} (longitude/latitude, datum ${datum})`;
  const parts = [c.method || 'unknown projection'];
  const cm = p.get('centralmeridian');
  if (cm !== undefined) parts.push(`central meridian ${cm}°`);
  const fe = p.get('falseeasting');
  if (fe !== undefined) parts.push(`false easting ${fe} m`);
  const k = p.get('scalefactor');
  if (k !== undefined) parts.push(`scale ${k}`);
  if (!near(c.linearUnit, 1)) parts.push(`unit ${c.linearUnit} m`);
  parts.push(`datum ${datum}`);
  return `${c.name || 'a projected CRS'} (${parts.join(', ')})`;
}

const EPSG_TEXT = /^\s*(?:EPSG:|urn:ogc:def:crs:EPSG:[\d.]*:)?(\d{4,5})\s*$/i;

/** The CRS a .prj declares: a supported CrsCode with the CRS's name, or null with what it declares instead. */
export function parsePrj(text: string): DeclaredCrs {
  const wkt = text.replace(/^\uFEFF/, '').trim();
  const epsg = EPSG_TEXT.exec(wkt);
  if (epsg) return { crs: KNOWN_CODES.has(epsg[1]!) ? (`EPSG:${epsg[1]}` as CrsCode) : null, text: `EPSG:${epsg[1]}`, source: 'prj' };
  let content: CrsContent;
  if (wkt.startsWith('+')) content = projContent(wkt);
  else {
    const root = parseWkt(wkt);
    const horizontal = root ? horizontalCrs(root) : undefined;
    if (!horizontal) return { crs: null, text: `an unreadable .prj ("${wkt.slice(0, 60)}${wkt.length > 60 ? '…' : ''}")`, source: 'prj' };
    content = wktContent(horizontal);
  }
  const byContent = recognise(content);
  // An EPSG code for the whole CRS is trusted only when the content does not say otherwise.
  const byAuthority = content.authorityCode && KNOWN_CODES.has(content.authorityCode) ? (`EPSG:${content.authorityCode}` as CrsCode) : null;
  const crs = byContent ?? (content.datum === null && content.parameters.size === 0 ? byAuthority : null);
  return { crs, text: crs ? content.name || crs : describe(content), source: 'prj' };
}
