/**
 * A small WKT reader for geometry columns in CSV tables (what `ogr2ogr -f CSV -lco GEOMETRY=AS_WKT`, QGIS
 * "Save as CSV" and Excel-edited exports hold): POINT, LINESTRING, POLYGON, their MULTI forms and
 * GEOMETRYCOLLECTION, with Z, M and ZM tolerated (Z kept as a third ordinate, M dropped), EMPTY read as no
 * geometry, and an EWKT `SRID=n;` prefix skipped. It returns GeoJSON geometry in the file's coordinates,
 * or a problem saying where the text stops making sense, for the reader to report on that row.
 */
import type { Geometry, Position } from 'geojson';

export type WktResult = { ok: true; geometry: Geometry | null } | { ok: false; problem: string };

const TYPES = ['POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON', 'GEOMETRYCOLLECTION'] as const;
type WktType = (typeof TYPES)[number];
const GEOJSON_TYPE: Record<WktType, Geometry['type']> = {
  POINT: 'Point', LINESTRING: 'LineString', POLYGON: 'Polygon', MULTIPOINT: 'MultiPoint',
  MULTILINESTRING: 'MultiLineString', MULTIPOLYGON: 'MultiPolygon', GEOMETRYCOLLECTION: 'GeometryCollection',
};

/** Does this text start like WKT (used to spot a geometry column by its values)? */
export const looksLikeWkt = (text: string): boolean =>
  /^\s*(SRID=\d+;\s*)?(MULTI)?(POINT|LINESTRING|POLYGON)|^\s*(SRID=\d+;\s*)?GEOMETRYCOLLECTION/i.test(text);

class WktError extends Error {}

// Sticky patterns: they match at `lastIndex` only, so the scanner never copies the text.
const SPACE = /\s+/y;
const WORD = /[A-Za-z]+/y;
const NUMBER = /[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/y;

/** A cursor over the text with the handful of token kinds WKT has. */
class Scanner {
  pos = 0;
  /** The geometry being read is XYM: a third number is M, not Z. */
  hasM = false;
  constructor(private readonly text: string) {}

  private skipSpace(): void {
    SPACE.lastIndex = this.pos;
    if (SPACE.exec(this.text)) this.pos = SPACE.lastIndex;
  }
  fail(expected: string): never {
    this.skipSpace();
    const found = this.pos >= this.text.length ? 'the end of the text' : `"${this.text.slice(this.pos, this.pos + 12)}"`;
    throw new WktError(`expected ${expected} at character ${this.pos + 1} but found ${found}`);
  }
  /** Consumes `c` if it comes next. */
  take(c: string): boolean {
    this.skipSpace();
    if (this.text[this.pos] !== c) return false;
    this.pos++;
    return true;
  }
  expect(c: string): void {
    if (!this.take(c)) this.fail(`"${c}"`);
  }
  /** The next word (letters only), upper-cased, or '' when none. */
  word(): string {
    this.skipSpace();
    WORD.lastIndex = this.pos;
    const m = WORD.exec(this.text);
    if (!m) return '';
    this.pos += m[0].length;
    return m[0].toUpperCase();
  }
  peekWord(): string {
    const at = this.pos;
    const w = this.word();
    this.pos = at;
    return w;
  }
  number(): number | null {
    this.skipSpace();
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) return null;
    this.pos += m[0].length;
    return Number(m[0]);
  }
  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }
}

/** Reads `x y [z [m]]`; when the geometry is XYM a third number is the M and is dropped. */
function position(s: Scanner): Position {
  const x = s.number();
  if (x === null) s.fail('a number');
  const y = s.number();
  if (y === null) s.fail('a second number (y)');
  const third = s.number();
  const fourth = third === null ? null : s.number();
  if (fourth !== null && s.number() !== null) s.fail('at most 4 numbers per position');
  if (third === null || (s.hasM && fourth === null)) return [x, y];
  return [x, y, third];
}

/** `EMPTY` or `( item, item, … )`; EMPTY parts inside lists are left out. */
function list<T>(s: Scanner, item: (s: Scanner) => T | null): T[] | null {
  if (s.peekWord() === 'EMPTY') {
    s.word();
    return null;
  }
  s.expect('(');
  const out: T[] = [];
  do {
    const v = item(s);
    if (v !== null) out.push(v);
  } while (s.take(','));
  s.expect(')');
  return out;
}

const lineString = (s: Scanner): Position[] | null => list(s, position);
const rings = (s: Scanner): Position[][] | null => list(s, lineString);

/** A MULTIPOINT member: `(1 2)`, bare `1 2`, or EMPTY. */
function multiPointItem(s: Scanner): Position | null {
  if (s.peekWord() === 'EMPTY') {
    s.word();
    return null;
  }
  if (!s.take('(')) return position(s);
  const p = position(s);
  s.expect(')');
  return p;
}

function geometry(s: Scanner): Geometry | null {
  let word = s.word();
  // Dimension glued to the type (POINTZ, POLYGONZM, LINESTRINGM) or as a separate word (POINT Z).
  const glued = /^(.*?)(ZM|Z|M)$/.exec(word);
  let dims = '';
  if (glued && !(TYPES as readonly string[]).includes(word) && (TYPES as readonly string[]).includes(glued[1]!)) {
    word = glued[1]!;
    dims = glued[2]!;
  }
  if (!(TYPES as readonly string[]).includes(word)) s.fail('a geometry type (POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON, GEOMETRYCOLLECTION)');
  const type = word as WktType;
  if (!dims && ['Z', 'M', 'ZM'].includes(s.peekWord())) dims = s.word();
  s.hasM = dims === 'M';
  let coordinates: unknown;
  switch (type) {
    case 'POINT': {
      const points = list(s, position);
      if (points && points.length !== 1) s.fail('one position in a POINT');
      coordinates = points?.[0] ?? null;
      break;
    }
    // MULTIPOINT ((1 2), (3 4)) and MULTIPOINT (1 2, 3 4) are both in use.
    case 'MULTIPOINT':
      coordinates = list(s, multiPointItem);
      break;
    case 'LINESTRING':
      coordinates = lineString(s);
      break;
    case 'POLYGON':
    case 'MULTILINESTRING':
      coordinates = rings(s);
      break;
    case 'MULTIPOLYGON':
      coordinates = list(s, rings);
      break;
    case 'GEOMETRYCOLLECTION': {
      const geometries = list(s, geometry);
      return geometries === null ? null : { type: 'GeometryCollection', geometries };
    }
  }
  return coordinates === null ? null : ({ type: GEOJSON_TYPE[type], coordinates } as Geometry);
}

/** Parses one WKT (or EWKT) text. Empty text and EMPTY geometries are `geometry: null`. */
export function parseWkt(text: string): WktResult {
  const s = new Scanner(text.replace(/^\s*SRID=\d+;/i, ''));
  if (s.atEnd()) return { ok: true, geometry: null };
  try {
    const g = geometry(s);
    if (!s.atEnd()) s.fail('the end of the geometry');
    return { ok: true, geometry: g };
  } catch (e) {
    if (e instanceof WktError) return { ok: false, problem: e.message };
    throw e;
  }
}
