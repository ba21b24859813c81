/**
 * The .shp part of a Shapefile: geometry records to GeoJSON geometry, coordinates exactly as stored (no
 * reprojection, rings not closed or reoriented; the loader checks them). Polygon records are a flat list of
 * rings. The format says outer rings are clockwise and holes counter-clockwise, and most files keep to it:
 * then each hole goes to the smallest outer ring around it. Some writers ignore orientation, so whenever the
 * winding does not fit how the rings lie inside each other, the rings are nested by containment as GDAL's
 * organizePolygons does (a ring inside an even number of others is an outer ring, inside an odd number a
 * hole) and the record says how many rings were wound against the rule. Points and lines are read so the
 * loader can say what kind of layer it got. A damaged file gives a problem naming the record, never an
 * exception or a runaway loop: every length in the file is checked against the bytes that are really there.
 */
import type { Geometry, Position } from 'geojson';
import { count } from '../count';

const HEADER_BYTES = 100;
const RECORD_HEADER_BYTES = 8;
const FILE_CODE = 9994;

const SHAPE_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'Null', 1: 'Point', 3: 'PolyLine', 5: 'Polygon', 8: 'MultiPoint',
  11: 'PointZ', 13: 'PolyLineZ', 15: 'PolygonZ', 18: 'MultiPointZ',
  21: 'PointM', 23: 'PolyLineM', 25: 'PolygonM', 28: 'MultiPointM', 31: 'MultiPatch',
};

/** `Polygon (5)`, `unknown (77)`. */
export const shapeTypeName = (type: number): string => `${SHAPE_TYPE_NAMES[type] ?? 'unknown'} (${type})`;


export interface ShpHeader {
  shapeType: number;
  /** [minX, minY, maxX, maxY] as the header states it. */
  bbox: [number, number, number, number];
  /** The file length the header states, in bytes. */
  declaredBytes: number;
}

/** Why a .shp cannot be read; `record` is the 0-based record it concerns. */
export interface ShpProblem {
  problem: string;
  fix: string;
  record?: number;
}

export interface ShpRecord {
  geometry: Geometry | null;
  /**
   * Rings whose winding contradicts their place (a counter-clockwise ring inside no ring or inside an outer
   * ring's hole, a clockwise ring inside an outer ring): they were read by nesting, not by winding.
   */
  misWound: number;
}

const REEXPORT = 'Export the layer again from the GIS (or repair it with QGIS / ogr2ogr), then load the new .shp.';

/** Reads the records of one .shp one at a time, so the caller can report progress between them. */
export class ShpReader {
  private index = 0;
  private offset = HEADER_BYTES;

  private constructor(
    readonly header: ShpHeader,
    private readonly view: DataView,
    private readonly end: number,
  ) {}

  static open(bytes: Uint8Array): { ok: true; reader: ShpReader } | { ok: false; error: ShpProblem } {
    if (bytes.length < HEADER_BYTES) {
      return { ok: false, error: { problem: `The .shp is ${count(bytes.length)} bytes long; even an empty one has a 100-byte header.`, fix: REEXPORT } };
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const fileCode = view.getInt32(0, false);
    if (fileCode !== FILE_CODE) {
      return { ok: false, error: { problem: `This is not a .shp file (it does not start with the Shapefile code 9994 but with ${fileCode}).`, fix: 'Pick the .shp of the layer (with its .shx, .dbf, .prj and .cpg), or the .zip that holds them.' } };
    }
    const declaredBytes = view.getInt32(24, false) * 2;
    const header: ShpHeader = {
      shapeType: view.getInt32(32, true),
      bbox: [view.getFloat64(36, true), view.getFloat64(44, true), view.getFloat64(52, true), view.getFloat64(60, true)],
      declaredBytes,
    };
    // Bytes past the stated length are not records; a stated length past the end means the file was cut.
    const end = declaredBytes >= HEADER_BYTES && declaredBytes < bytes.length ? declaredBytes : bytes.length;
    return { ok: true, reader: new ShpReader(header, view, end) };
  }

  /** 0-based number of the next record. */
  get recordIndex(): number {
    return this.index;
  }

  get done(): boolean {
    return this.offset >= this.end;
  }

  /** After the last record: a problem when the header states more bytes than the file has (cut at a record boundary). */
  cutShort(): ShpProblem | null {
    const { declaredBytes } = this.header;
    const actual = this.view.byteLength;
    if (declaredBytes <= actual) return null;
    return {
      problem: `The .shp ends after record ${count(this.index)} but its header says it is ${count(declaredBytes)} bytes long; it has ${count(actual)}: it was cut short.`,
      fix: REEXPORT,
      record: this.index,
    };
  }

  /** How far through the file the reader is (0–1). */
  get progress(): number {
    return this.end === 0 ? 1 : this.offset / this.end;
  }

  /** The next record; a problem when it does not fit in the file or contradicts itself. */
  next(): { ok: true; record: ShpRecord } | { ok: false; error: ShpProblem } {
    const index = this.index;
    const start = this.offset;
    const left = this.end - start;
    // Message parts are built only on the error paths (a message per record cost seconds on 100k records).
    const who = (): string => `Record ${count(index + 1)} of the .shp`;
    const cut = (): string => (this.header.declaredBytes > this.view.byteLength
      ? ` (the header says the file is ${count(this.header.declaredBytes)} bytes, it has ${count(this.view.byteLength)}: it was cut short)`
      : '');
    if (left < RECORD_HEADER_BYTES) {
      return this.fail(`${who()} starts ${count(left)} bytes before the end of the file, too few for its 8-byte header${cut()}.`);
    }
    const contentBytes = this.view.getInt32(start + 4, false) * 2;
    const contentStart = start + RECORD_HEADER_BYTES;
    if (contentBytes < 4) return this.fail(`${who()} claims ${count(contentBytes)} bytes of content, too few even for its shape type: the file is damaged.`);
    if (contentBytes > left - RECORD_HEADER_BYTES) {
      return this.fail(`${who()} claims ${count(contentBytes)} bytes of content but the file ends after ${count(left - RECORD_HEADER_BYTES)}${cut()}.`);
    }
    const parsed = parseContent(this.view, contentStart, contentBytes);
    if (typeof parsed === 'string') return this.fail(`${who()} ${parsed}`);
    this.offset = contentStart + contentBytes;
    this.index++;
    return { ok: true, record: parsed };
  }

  /** After an error the reader stays at the end so a loop around `next()` cannot spin. */
  private fail(problem: string): { ok: false; error: ShpProblem } {
    const record = this.index;
    this.offset = this.end;
    return { ok: false, error: { problem, fix: REEXPORT, record } };
  }
}

/** A whole .shp at once (tests and small files; the loader steps through `ShpReader`). */
export function parseShp(bytes: Uint8Array): { ok: true; header: ShpHeader; records: ShpRecord[] } | { ok: false; error: ShpProblem } {
  const opened = ShpReader.open(bytes);
  if (!opened.ok) return opened;
  const { reader } = opened;
  const records: ShpRecord[] = [];
  while (!reader.done) {
    const r = reader.next();
    if (!r.ok) return r;
    records.push(r.record);
  }
  const cut = reader.cutShort();
  return cut ? { ok: false, error: cut } : { ok: true, header: reader.header, records };
}

/** Parses one record's content; a string is the end of a sentence about what is wrong with it. */
function parseContent(view: DataView, at: number, bytes: number): ShpRecord | string {
  const type = view.getInt32(at, true);
  switch (type) {
    case 0:
      return { geometry: null, misWound: 0 };
    case 1: case 11: case 21:
      if (bytes < 20) return `is a point record of only ${bytes} bytes (a point needs 20).`;
      return { geometry: { type: 'Point', coordinates: [view.getFloat64(at + 4, true), view.getFloat64(at + 12, true)] }, misWound: 0 };
    case 8: case 18: case 28:
      return parseMultiPoint(view, at, bytes);
    case 3: case 13: case 23: case 5: case 15: case 25:
      return parseParts(view, at, bytes, type % 10 === 5);
    case 31:
      return 'is a MultiPatch (3-D surface), which this app does not read.';
    default:
      return `has shape type ${type}, which is not a Shapefile shape type: the file is damaged.`;
  }
}

function parseMultiPoint(view: DataView, at: number, bytes: number): ShpRecord | string {
  if (bytes < 40) return `is a multipoint record of only ${bytes} bytes (its header alone needs 40).`;
  const numPoints = view.getInt32(at + 36, true);
  const room = Math.floor((bytes - 40) / 16);
  if (numPoints < 0 || numPoints > room) return `claims ${count(numPoints)} points but holds only ${count(bytes)} bytes (room for ${count(room)}).`;
  if (numPoints === 0) return { geometry: null, misWound: 0 };
  const points = readPositions(view, at + 40, 0, numPoints);
  return { geometry: { type: 'MultiPoint', coordinates: points }, misWound: 0 };
}

/** PolyLine and Polygon records: box, part count, point count, part starts, points. */
function parseParts(view: DataView, at: number, bytes: number, isPolygon: boolean): ShpRecord | string {
  if (bytes < 44) return `is a ${isPolygon ? 'polygon' : 'polyline'} record of only ${bytes} bytes (its header alone needs 44).`;
  const numParts = view.getInt32(at + 36, true);
  const numPoints = view.getInt32(at + 40, true);
  if (numParts < 0 || 4 * numParts > bytes - 44) {
    return `claims ${count(numParts)} parts but holds only ${count(bytes)} bytes (room for ${count(Math.floor((bytes - 44) / 4))} part starts).`;
  }
  const pointsAt = at + 44 + 4 * numParts;
  const room = Math.floor((bytes - 44 - 4 * numParts) / 16);
  if (numPoints < 0 || numPoints > room) return `claims ${count(numPoints)} points but holds only ${count(bytes)} bytes (room for ${count(room)}).`;
  const starts = new Int32Array(numParts + 1);
  for (let i = 0; i < numParts; i++) {
    const s = view.getInt32(at + 44 + 4 * i, true);
    const previous = i === 0 ? 0 : starts[i]!;
    if (s < previous || s > numPoints || (i === 0 && s !== 0)) {
      return `has part ${i + 1} starting at point ${count(s)}, outside 0–${count(numPoints)} or before the previous part: the file is damaged.`;
    }
    starts[i] = s;
  }
  starts[numParts] = numPoints;
  const parts: Position[][] = [];
  for (let i = 0; i < numParts; i++) {
    const from = starts[i]!;
    const to = starts[i + 1]!;
    if (to > from) parts.push(readPositions(view, pointsAt, from, to));
  }
  if (parts.length === 0) return { geometry: null, misWound: 0 };
  if (!isPolygon) {
    return { geometry: parts.length === 1 ? { type: 'LineString', coordinates: parts[0]! } : { type: 'MultiLineString', coordinates: parts }, misWound: 0 };
  }
  return organiseRings(parts);
}

function readPositions(view: DataView, pointsAt: number, from: number, to: number): Position[] {
  const out: Position[] = [];
  for (let p = pointsAt + 16 * from, stop = pointsAt + 16 * to; p < stop; p += 16) out.push([view.getFloat64(p, true), view.getFloat64(p + 8, true)]);
  return out;
}

interface RingInfo {
  ring: Position[];
  /** Shoelace area, positive counter-clockwise (x east, y north). */
  signedArea: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function ringInfo(ring: Position[]): RingInfo {
  const first = ring[0]!;
  const x0 = first[0]!;
  const y0 = first[1]!;
  let minX = x0, minY = y0, maxX = x0, maxY = y0;
  let sum = 0;
  let px = 0, py = 0;
  for (let i = 1; i < ring.length; i++) {
    const p = ring[i]!;
    const x = p[0]!, y = p[1]!;
    if (x < minX) minX = x; else if (x > maxX) maxX = x;
    if (y < minY) minY = y; else if (y > maxY) maxY = y;
    // Shifted by the first vertex so that products of Gauss-Kruger northings (~3e6) keep their precision.
    const dx = x - x0, dy = y - y0;
    sum += px * dy - dx * py;
    px = dx;
    py = dy;
  }
  return { ring, signedArea: sum / 2, minX, minY, maxX, maxY };
}

/** Rings → Polygon / MultiPolygon: by winding when it fits the nesting (most files), else by nesting. */
function organiseRings(rings: Position[][]): ShpRecord {
  if (rings.length === 1) return { geometry: { type: 'Polygon', coordinates: [rings[0]!] }, misWound: 0 };
  const infos = rings.map(ringInfo);
  const byWinding = windingParents(infos);
  if (byWinding) return assemble(rings, byWinding, 0);
  const { parent, misWound } = nestingParents(infos);
  return assemble(rings, parent, misWound);
}

const isCounterClockwise = (r: RingInfo): boolean => r.signedArea > 0;

/**
 * Each ring's outer ring (-1 for outer rings) as the winding says: each counter-clockwise ring belongs to
 * the smallest clockwise ring around it. Null whenever the nesting could disagree with it: a counter-clockwise
 * ring inside no clockwise one, or a ring whose box lies inside the box of another ring of the same winding
 * (rings wound the other way round, but also islands in holes, or a part in the notch of another, which
 * the nesting then reads as the winding does). Without those every clockwise ring lies inside no ring
 * (depth 0) and every counter-clockwise ring inside exactly one, its outer ring (depth 1): both agree.
 */
function windingParents(infos: readonly RingInfo[]): Int32Array | null {
  const n = infos.length;
  for (let a = 0; a < n; a++) {
    const ra = infos[a]!;
    const ccw = isCounterClockwise(ra);
    for (let b = a + 1; b < n; b++) {
      const rb = infos[b]!;
      if (isCounterClockwise(rb) === ccw && (boxInside(ra, rb) || boxInside(rb, ra))) return null;
    }
  }
  const parent = new Int32Array(n).fill(-1);
  for (let h = 0; h < n; h++) {
    const hole = infos[h]!;
    if (!isCounterClockwise(hole)) continue;
    let best = -1;
    let bestArea = Infinity;
    for (let o = 0; o < n; o++) {
      const outer = infos[o]!;
      if (isCounterClockwise(outer)) continue;
      const area = -outer.signedArea;
      if (area >= bestArea || !boxInside(hole, outer) || !ringInsideRing(hole.ring, outer.ring)) continue;
      best = o;
      bestArea = area;
    }
    if (best < 0) return null;
    parent[h] = best;
  }
  return parent;
}

/**
 * Each ring's outer ring (-1 for outer rings) by containment alone, as GDAL's organizePolygons (its default
 * method): rings from the largest to the smallest, each placed in the smallest larger ring that contains it;
 * a ring is a hole when that ring is an outer ring, an outer ring (an island) when it is a hole or there is
 * none. `misWound` counts the rings whose winding says otherwise (zero-area rings have none).
 */
function nestingParents(infos: readonly RingInfo[]): { parent: Int32Array; misWound: number } {
  const n = infos.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => Math.abs(infos[b]!.signedArea) - Math.abs(infos[a]!.signedArea) || a - b);
  const depth = new Int32Array(n);
  const parent = new Int32Array(n).fill(-1);
  let misWound = 0;
  for (let a = 0; a < n; a++) {
    const i = order[a]!;
    const ring = infos[i]!;
    for (let b = a - 1; b >= 0; b--) {
      const j = order[b]!;
      const around = infos[j]!;
      if (!boxInside(ring, around) || !ringInsideRing(ring.ring, around.ring)) continue;
      depth[i] = depth[j]! + 1;
      if (depth[i]! % 2 === 1) parent[i] = j;
      break;
    }
    if (ring.signedArea !== 0 && isCounterClockwise(ring) !== (depth[i]! % 2 === 1)) misWound++;
  }
  return { parent, misWound };
}

/** Outer rings in file order, each with its holes in file order. */
function assemble(rings: Position[][], parent: Int32Array, misWound: number): ShpRecord {
  const holesOf = new Map<number, Position[][]>();
  const outers: number[] = [];
  for (let i = 0; i < rings.length; i++) {
    const p = parent[i]!;
    if (p < 0) {
      outers.push(i);
      continue;
    }
    const list = holesOf.get(p);
    if (list) list.push(rings[i]!);
    else holesOf.set(p, [rings[i]!]);
  }
  const polygons = outers.map((o): Position[][] => [rings[o]!, ...(holesOf.get(o) ?? [])]);
  const geometry: Geometry = polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
  return { geometry, misWound };
}

const boxInside = (inner: RingInfo, outer: RingInfo): boolean =>
  inner.minX >= outer.minX && inner.maxX <= outer.maxX && inner.minY >= outer.minY && inner.maxY <= outer.maxY;

/** Whether `inner` lies inside `outer`, judged by its first vertex not on `outer`'s boundary. */
function ringInsideRing(inner: Position[], outer: Position[]): boolean {
  for (const p of inner) {
    const where = pointInRing(p[0]!, p[1]!, outer);
    if (where !== 0) return where > 0;
  }
  return true; // every vertex on the boundary: a degenerate hole, keep it with this ring
}

/** 1 inside, -1 outside, 0 on the boundary (crossing number; exact for the stored doubles). */
function pointInRing(x: number, y: number, ring: Position[]): number {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[j]!, b = ring[i]!;
    const ax = a[0]!, ay = a[1]!, bx = b[0]!, by = b[1]!;
    if ((ay > y) !== (by > y)) {
      const cross = (bx - ax) * (y - ay) - (x - ax) * (by - ay);
      if (cross === 0) return 0;
      if ((cross > 0) === (by > ay)) inside = !inside;
    } else if (ay === y && by === y && x >= Math.min(ax, bx) && x <= Math.max(ax, bx)) {
      return 0;
    } else if (ax === x && ay === y) {
      return 0;
    }
  }
  return inside ? 1 : -1;
}
