import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { planarArea } from '../../../geo/area';
import { buildShp, multiPointRecord, nullRecord, pointRecord, polyRecord, square, zBytes } from './build.test-helper';
import { parseShp, ShpReader } from './shp';

const geometries = (bytes: Uint8Array) => {
  const r = parseShp(bytes);
  if (!r.ok) throw new Error(r.error.problem);
  return r.records.map((x) => x.geometry);
};

describe('parseShp: polygons', () => {
  it('reads one clockwise ring as a Polygon, coordinates and ring as stored (not closed, not reoriented)', () => {
    const open = [[0, 0], [0, 10], [10, 10], [10, 0]] as const;
    expect(geometries(buildShp([polyRecord([open])]))).toEqual([{ type: 'Polygon', coordinates: [open] }]);
  });

  it('gives each counter-clockwise ring to the smallest outer ring around it, even when it comes first', () => {
    const outer = square(0, 0, 100);
    const hole = square(10, 10, 50, true);
    const island = square(20, 20, 30); // inside the hole
    const islandHole = square(30, 30, 10, true); // inside the island and, by bbox, inside the outer too
    const rec = polyRecord([islandHole, outer, hole, island]);
    const r = parseShp(buildShp([rec]));
    expect(r.ok && r.records[0]!.misWound).toBe(0);
    expect(geometries(buildShp([rec]))).toEqual([{ type: 'MultiPolygon', coordinates: [[outer, hole], [island, islandHole]] }]);
  });

  it('reads two outer rings as a MultiPolygon in file order', () => {
    const a = square(0, 0, 10);
    const b = square(20, 0, 10);
    expect(geometries(buildShp([polyRecord([a, b])]))).toEqual([{ type: 'MultiPolygon', coordinates: [[a], [b]] }]);
  });

  it('reads a hole outside every outer ring as a polygon of its own and counts it as mis-wound', () => {
    const outer = square(0, 0, 10);
    const stray = square(50, 50, 5, true);
    const r = parseShp(buildShp([polyRecord([outer, stray])]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.records[0]).toEqual({ geometry: { type: 'MultiPolygon', coordinates: [[outer], [stray]] }, misWound: 1 });
  });

  it('does not flag a single counter-clockwise ring (orientation means nothing without other rings)', () => {
    const r = parseShp(buildShp([polyRecord([square(0, 0, 10, true)])]));
    expect(r.ok && r.records[0]!.misWound).toBe(0);
  });

  it('keeps a hole touching its outer ring at a vertex with that ring', () => {
    const outer = square(0, 0, 10);
    const hole: [number, number][] = [[0, 0], [5, 2], [2, 5], [0, 0]]; // counter-clockwise, first vertex on the outer ring
    expect(geometries(buildShp([polyRecord([outer, hole])]))).toEqual([{ type: 'Polygon', coordinates: [outer, hole] }]);
  });

  it('ignores Z and M values of PolygonZ / PolygonM', () => {
    const ring = square(560000, 3100000, 10);
    const z = polyRecord([ring], 15, zBytes(5, true));
    const m = polyRecord([ring], 25, zBytes(5, false));
    expect(geometries(buildShp([z, m], 15))).toEqual([{ type: 'Polygon', coordinates: [ring] }, { type: 'Polygon', coordinates: [ring] }]);
  });

  it('reads null shapes and polygons without points as null geometry', () => {
    expect(geometries(buildShp([nullRecord(), polyRecord([])]))).toEqual([null, null]);
  });
});

/** The one record of a one-record .shp. */
const only = (rings: Parameters<typeof polyRecord>[0]) => {
  const r = parseShp(buildShp([polyRecord(rings)]));
  if (!r.ok) throw new Error(r.error.problem);
  const record = r.records[0]!;
  return { ...record, area: planarArea(record.geometry as Polygon | MultiPolygon) };
};

describe('parseShp: rings wound against the rule are nested by containment (GDAL organizePolygons)', () => {
  const outer = square(0, 0, 100);
  const hole = square(10, 10, 50, true);
  const island = square(20, 20, 30);
  const islandHole = square(30, 30, 10, true);
  const rev = <T,>(ring: readonly T[]): T[] => [...ring].reverse();

  it('an outer ring counter-clockwise with its hole clockwise: one polygon, outer − hole (not outer + hole)', () => {
    const r = only([rev(outer), rev(hole)]);
    expect(r.geometry).toEqual({ type: 'Polygon', coordinates: [rev(outer), rev(hole)] });
    expect(r.area).toBe(10_000 - 2_500);
    expect(r.misWound).toBe(2);
  });

  it('the hole before its outer ring, both reversed', () => {
    const r = only([rev(hole), rev(outer)]);
    expect(r.geometry).toEqual({ type: 'Polygon', coordinates: [rev(outer), rev(hole)] });
    expect(r.area).toBe(7_500);
  });

  it('a hole wound like its outer ring (both clockwise)', () => {
    const r = only([outer, rev(hole)]);
    expect(r.geometry).toEqual({ type: 'Polygon', coordinates: [outer, rev(hole)] });
    expect(r.area).toBe(7_500);
    expect(r.misWound).toBe(1);
  });

  it('an island in a hole, all four rings reversed: depth 0 and 2 are outer rings, 1 and 3 holes', () => {
    const r = only([rev(islandHole), rev(outer), rev(hole), rev(island)]);
    expect(r.geometry).toEqual({ type: 'MultiPolygon', coordinates: [[rev(outer), rev(hole)], [rev(island), rev(islandHole)]] });
    expect(r.area).toBe(10_000 - 2_500 + 900 - 100);
    expect(r.misWound).toBe(4);
  });

  it('an island wound like a hole, inside a hole', () => {
    const r = only([outer, hole, rev(island)]);
    expect(r.geometry).toEqual({ type: 'MultiPolygon', coordinates: [[outer, hole], [rev(island)]] });
    expect(r.area).toBe(10_000 - 2_500 + 900);
    expect(r.misWound).toBe(1);
  });

  it('a reversed hole touching its outer ring: judged by a vertex off the outer ring', () => {
    const pentagon: [number, number][] = [[0, 0], [120, 0], [120, 80], [60, 120], [0, 80], [0, 0]]; // counter-clockwise
    const triangle: [number, number][] = [[60, 0], [40, 40], [80, 40], [60, 0]]; // clockwise, first vertex on the pentagon's edge
    const r = only([pentagon, triangle]);
    expect(r.geometry).toEqual({ type: 'Polygon', coordinates: [pentagon, triangle] });
    expect(r.area).toBe(12_000 - 800);
  });

  it('two separate counter-clockwise parts: two outer rings', () => {
    const r = only([rev(outer), square(200, 0, 10, true)]);
    expect(r.geometry).toEqual({ type: 'MultiPolygon', coordinates: [[rev(outer)], [square(200, 0, 10, true)]] });
    expect(r.area).toBe(10_100);
    expect(r.misWound).toBe(2);
  });

  it('keeps the rule-abiding reading (and no flag) when a part lies in the box of another but outside it', () => {
    const u: [number, number][] = [[0, 0], [0, 100], [30, 100], [30, 30], [70, 30], [70, 100], [100, 100], [100, 0], [0, 0]];
    const inNotch = square(40, 50, 20);
    const r = only([u, inNotch]);
    expect(r.geometry).toEqual({ type: 'MultiPolygon', coordinates: [[u], [inNotch]] });
    expect(r.area).toBe(7_200 + 400);
    expect(r.misWound).toBe(0);
  });

  it('reads random nested rings the same whatever their winding: by the rule, all reversed, or at random', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    /** Squares nested up to depth 3 (each child inside its parent, siblings apart), clockwise at even depth. */
    const tree = (x: number, y: number, s: number, depth: number, out: { ring: [number, number][]; depth: number }[]) => {
      out.push({ ring: square(x, y, s, depth % 2 === 1) as [number, number][], depth });
      if (depth === 3) return;
      const kids = Math.floor(random() * 3);
      for (let k = 0; k < kids; k++) tree(x + s / 8 + (k * s) / 2.5, y + s / 8, s / 4, depth + 1, out);
    };
    for (let trial = 0; trial < 200; trial++) {
      const rings: { ring: [number, number][]; depth: number }[] = [];
      const roots = 1 + Math.floor(random() * 3);
      for (let k = 0; k < roots; k++) tree(k * 1000, 0, 800, 0, rings);
      const shuffled = rings.map((r) => ({ r, key: random() })).sort((a, b) => a.key - b.key).map((x) => x.r);
      const byRule = only(shuffled.map((r) => r.ring));
      expect(byRule.misWound).toBe(0);
      const flips = shuffled.map(() => random() < 0.5);
      const mixed = only(shuffled.map((r, i) => (flips[i] ? rev(r.ring) : r.ring)));
      expect(mixed.area).toBe(byRule.area);
      expect(mixed.misWound).toBe(shuffled.length === 1 ? 0 : flips.filter(Boolean).length); // one ring: never flagged
      const parts = (g: typeof byRule.geometry) => (g?.type === 'Polygon' ? [g.coordinates] : (g as MultiPolygon).coordinates).map((p) => p.length);
      expect(parts(mixed.geometry)).toEqual(parts(byRule.geometry));
    }
  });
});

describe('parseShp: points and lines (so the loader can name the layer kind)', () => {
  it('reads Point / PointZ / PointM, MultiPoint, and PolyLine as LineString or MultiLineString', () => {
    const line = [[0, 0], [1, 1], [2, 0]] as const;
    const other = [[5, 5], [6, 6]] as const;
    const shp = buildShp([
      pointRecord(1, 2), pointRecord(3, 4, 11), pointRecord(5, 6, 21),
      multiPointRecord([[1, 1], [2, 2]]),
      polyRecord([line], 3), polyRecord([line, other], 13, zBytes(5, true)),
    ], 1);
    expect(geometries(shp)).toEqual([
      { type: 'Point', coordinates: [1, 2] }, { type: 'Point', coordinates: [3, 4] }, { type: 'Point', coordinates: [5, 6] },
      { type: 'MultiPoint', coordinates: [[1, 1], [2, 2]] },
      { type: 'LineString', coordinates: line }, { type: 'MultiLineString', coordinates: [line, other] },
    ]);
  });
});

describe('parseShp: damaged files are problems naming the record, never exceptions', () => {
  const good = polyRecord([square(0, 0, 10)]);
  const problem = (bytes: Uint8Array) => {
    const r = parseShp(bytes);
    expect(r.ok).toBe(false);
    return r.ok ? null : r.error;
  };

  it('refuses a file that is not a .shp or is shorter than its header', () => {
    expect(problem(new Uint8Array(50))?.problem).toMatch(/50 bytes long/);
    expect(problem(new Uint8Array(100))?.problem).toMatch(/not a \.shp/);
  });

  it('names the record cut by the end of the file', () => {
    const whole = buildShp([good, good, good]);
    const cut = whole.subarray(0, whole.length - 30);
    expect(problem(cut)).toMatchObject({ record: 2, problem: expect.stringMatching(/^Record 3 of the \.shp claims 128 bytes of content but the file ends after 98 \(the header says the file is 508 bytes, it has 478: it was cut short\)\.$/) });
  });

  it('says a file cut exactly between records was cut short', () => {
    const whole = buildShp([good, good]);
    expect(problem(whole.subarray(0, 100 + 136))?.problem).toMatch(/ends after record 1 but its header says it is 372 bytes/);
  });

  it('names a record claiming more points than its bytes hold (by the remaining bytes, no huge allocation)', () => {
    const rec = polyRecord([square(0, 0, 10)]);
    new DataView(rec.buffer).setInt32(40, 2_000_000, true);
    const e = problem(buildShp([good, good, good, rec]));
    expect(e?.record).toBe(3);
    expect(e?.problem).toBe('Record 4 of the .shp claims 2,000,000 points but holds only 128 bytes (room for 5).');
  });

  it('names a record with a negative or absurd content length, and one with an absurd part count', () => {
    const shp = buildShp([good, good]);
    new DataView(shp.buffer).setInt32(100 + 136 + 4, -5, false);
    expect(problem(shp)?.problem).toBe('Record 2 of the .shp claims -10 bytes of content, too few even for its shape type: the file is damaged.');
    const parts = polyRecord([square(0, 0, 10)]);
    new DataView(parts.buffer).setInt32(36, 1e9, true);
    expect(problem(buildShp([parts]))?.problem).toMatch(/^Record 1 of the \.shp claims 1,000,000,000 parts/);
  });

  it('names a part starting outside the record, an unknown shape type and a MultiPatch', () => {
    const rec = polyRecord([square(0, 0, 10), square(1, 1, 2, true)]);
    new DataView(rec.buffer).setInt32(48, 99, true);
    expect(problem(buildShp([rec]))?.problem).toMatch(/part 2 starting at point 99/);
    const odd = nullRecord();
    new DataView(odd.buffer).setInt32(0, 77, true);
    expect(problem(buildShp([odd]))?.problem).toMatch(/shape type 77/);
    new DataView(odd.buffer).setInt32(0, 31, true);
    expect(problem(buildShp([odd]))?.problem).toMatch(/MultiPatch/);
  });

  it('never loops: zero-length records still advance, and after a problem the reader is done', () => {
    const shp = buildShp([nullRecord(), nullRecord()]);
    new DataView(shp.buffer).setInt32(104, 0, false); // content length 0 (< the 4-byte shape type)
    const opened = ShpReader.open(shp);
    if (!opened.ok) throw new Error('open');
    const r = opened.reader.next();
    expect(r.ok).toBe(false);
    expect(opened.reader.done).toBe(true);
  });

  it('survives random garbage after a valid header without throwing', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 200; trial++) {
      const shp = buildShp([good, good, good]);
      for (let k = 0; k < 8; k++) shp[100 + Math.floor(random() * (shp.length - 100))] = Math.floor(random() * 256);
      expect(() => parseShp(shp)).not.toThrow();
    }
  });
});

describe('ShpReader', () => {
  it('states the header and its progress through the file', () => {
    const opened = ShpReader.open(buildShp([nullRecord(), nullRecord()], 5));
    if (!opened.ok) throw new Error('open');
    const { reader } = opened;
    expect(reader.header.shapeType).toBe(5);
    expect(reader.progress).toBeCloseTo(100 / 124);
    reader.next();
    reader.next();
    expect(reader.done).toBe(true);
    expect(reader.progress).toBe(1);
    expect(reader.cutShort()).toBeNull();
  });
});
