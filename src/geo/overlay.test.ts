import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { ParcelGeoFacts } from '../domain/facts';
import { casesInput, readOracle, type FullInput } from './fixtures.test-helper';
import { computeGeoFacts, overlayColumns, PARK_MIN_SHARE } from './overlay';
import { planarArea } from './area';
import { packPolygons } from './packed';
import { intersectionArea } from './clip';

const TOL_M2 = 0.01;
const oracle = readOracle();
const { ids, input } = casesInput();
const facts = computeGeoFacts(input);
const byId = new Map(ids.map((id, i) => [id, facts[i]!]));
const validIds = oracle.areas.rows.filter((r) => r.valid === 1).map((r) => r.id);

describe('computeGeoFacts vs GDAL/GEOS oracle (tests/fixtures/oracle/cases.json)', () => {
  it('has an oracle row for every parcel, and the hard cases are there', () => {
    expect(oracle.areas.rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(validIds.length).toBe(ids.length - 1); // P07, the bowtie
  });

  it('parcel areas match ST_Area within 0.01 m²', () => {
    for (const r of oracle.areas.rows.filter((x) => x.valid === 1)) {
      expect(Math.abs(byId.get(r.id)!.areaM2 - r.area), r.id).toBeLessThan(TOL_M2);
    }
  });

  it('footprints match ST_Area(ST_Intersection(parcel, ST_Union(buildings))) within 0.01 m²', () => {
    for (const id of validIds) {
      const expected = oracle.footprint.rows.find((r) => r.id === id)?.footprint ?? 0;
      expect(Math.abs(byId.get(id)!.footprintM2! - expected), id).toBeLessThan(TOL_M2);
    }
  });

  it('block-line overlap per tier matches GEOS within 0.01 m² (overlapping 一级 lines counted once)', () => {
    for (const id of validIds) {
      for (const level of ['一级', '二级'] as const) {
        const expected = oracle.blockline.rows.find((r) => r.id === id && r.level === level)?.overlap ?? 0;
        expect(Math.abs(byId.get(id)!.blocklineOverlapM2![level] - expected), `${id} ${level}`).toBeLessThan(TOL_M2);
      }
    }
  });

  it('park is the name with the largest overlap when it covers ≥ 50 %, town the largest overlap', () => {
    for (const id of validIds) {
      const area = oracle.areas.rows.find((r) => r.id === id)!.area;
      const best = (rows: { id: string; name: string; overlap: number }[]) =>
        rows.filter((r) => r.id === id).sort((a, b) => b.overlap - a.overlap)[0];
      const park = best(oracle.parks.rows);
      expect(byId.get(id)!.park, id).toBe(park && park.overlap >= PARK_MIN_SHARE * area ? park.name : null);
      expect(byId.get(id)!.townFromLayer, id).toBe(best(oracle.towns.rows)?.name ?? null);
    }
    // The cases include parcels split between two towns (P06, P08) and one outside every park (P07 is broken; P06 is 98 % in 南白象).
    expect(byId.get('P06')!.townFromLayer).toBe('娄桥街道');
    expect(byId.get('P08')!.townFromLayer).toBe('潘桥街道');
  });

  it('a broken parcel gets geometryError and unknown overlay fields; the others still compute', () => {
    const broken = byId.get('P07')!;
    expect(broken.geometryError).toMatch(/self-intersection/);
    expect(broken.footprintM2).toBeNull();
    expect(broken.blocklineOverlapM2).toBeNull();
    expect(broken.park).toBeUndefined();
    for (const id of validIds) expect(byId.get(id)!.geometryError, id).toBeUndefined();
  });

  it('absent layers give null (park: undefined), not zero', () => {
    const [f] = computeGeoFacts({ parcels: [input.parcels[0]!] });
    expect(f).toMatchObject({ footprintM2: null, blocklineOverlapM2: null, park: undefined, townFromLayer: null });
    expect(f!.areaM2).toBeCloseTo(8000, 6);
  });
});

// ---- invariants -------------------------------------------------------------------------------------
type Polygonal = Polygon | MultiPolygon;
const mapRings = (g: Polygonal, f: (r: Position[]) => Position[]): Polygonal =>
  g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(f) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(f)) };
/** Starts the ring at its k-th vertex (k modulo the vertex count), keeping it closed. */
const rotateStart = (k: number) => (r: Position[]): Position[] => {
  const open = r.slice(0, -1);
  const s = k % open.length;
  const rot = [...open.slice(s), ...open.slice(0, s)];
  return [...rot, rot[0]!];
};
const reverse = (r: Position[]): Position[] => [...r].reverse();

function transformAll(inp: FullInput, f: (r: Position[]) => Position[]): FullInput {
  return {
    parcels: inp.parcels.map((g) => mapRings(g, f)),
    buildings: inp.buildings.map((g) => mapRings(g, f)),
    blocklines: inp.blocklines.map((b) => ({ ...b, geometry: mapRings(b.geometry, f) })),
    parks: inp.parks.map((b) => ({ ...b, geometry: mapRings(b.geometry, f) })),
    towns: inp.towns.map((b) => ({ ...b, geometry: mapRings(b.geometry, f) })),
  };
}

function expectSameFacts(a: ParcelGeoFacts[], b: ParcelGeoFacts[]): void {
  a.forEach((x, i) => {
    const y = b[i]!;
    const id = ids[i];
    expect(Math.abs(x.areaM2 - y.areaM2), id).toBeLessThan(1e-6);
    if (x.geometryError) { expect(y.geometryError, id).toBeDefined(); return; }
    expect(Math.abs(x.footprintM2! - y.footprintM2!), id).toBeLessThan(1e-3);
    expect(Math.abs(x.blocklineOverlapM2!['一级'] - y.blocklineOverlapM2!['一级']), id).toBeLessThan(1e-3);
    expect(Math.abs(x.blocklineOverlapM2!['二级'] - y.blocklineOverlapM2!['二级']), id).toBeLessThan(1e-3);
    expect(y.park, id).toBe(x.park);
    expect(y.townFromLayer, id).toBe(x.townFromLayer);
  });
}

describe('overlay invariants', () => {
  it('rotating every ring\'s start vertex keeps areas and overlay results', () => {
    for (const k of [1, 2, 3]) expectSameFacts(facts, computeGeoFacts(transformAll(input, rotateStart(k))));
  });

  it('reversing every ring\'s orientation keeps them', () => {
    expectSameFacts(facts, computeGeoFacts(transformAll(input, reverse)));
  });

  it('clusters of 2 and 3 overlapping convex buildings across a concave parcel\'s edge, or one inside and one across (inclusion–exclusion), and of 4 (clipper2) = clipper2\'s union ∩ parcel', () => {
    const [x0, y0] = (input.parcels[0] as Polygon).coordinates[0]![0]! as [number, number];
    const at = (pts: [number, number][]): Polygon => ({ type: 'Polygon', coordinates: [[...pts, pts[0]!].map(([x, y]) => [x0 + x, y0 + y])] });
    const rect = (cx: number, cy: number, w: number, h: number, a: number): Polygon =>
      at([[-w, -h], [w, -h], [w, h], [-w, h]].map(([u, v]) => [cx + u! * Math.cos(a) - v! * Math.sin(a), cy + u! * Math.sin(a) + v! * Math.cos(a)]));
    // An L-shaped parcel; clusters far enough apart not to meet each other.
    const parcel = at([[0, 0], [200, 0], [200, 100], [100, 100], [100, 200], [0, 200]]);
    const buildings = [
      rect(200, 30, 12, 6, 0.3), rect(205, 36, 10, 8, 1.1), // two across the east edge
      rect(100, 150, 10, 5, 0.2), rect(96, 155, 8, 8, 0.9), rect(104, 146, 9, 4, 1.4), // three across the inner corner's edge
      rect(40, 40, 10, 6, 0.5), rect(46, 44, 8, 8, 0.1), // two inside
      rect(150, 12, 6, 4, 0.2), rect(150, 4, 8, 5, 0.5), // one inside, one across the south edge
      rect(0, 100, 10, 5, 0), rect(4, 104, 8, 6, 0.7), rect(-4, 96, 6, 6, 0.4), rect(2, 92, 9, 3, 1.2), // four across the west edge
    ];
    const [f] = computeGeoFacts({ parcels: [parcel], buildings });
    const p = packPolygons([parcel, ...buildings]);
    const expected = intersectionArea(p, buildings.map((_, i) => i + 1), p, 0);
    expect(Math.abs(f!.footprintM2! - expected)).toBeLessThan(TOL_M2);
    expect(expected).toBeGreaterThan(500);
  });

  it('splitting a parcel in two keeps footprint and block-line totals', () => {
    // P01 is x 0–100, y 0–80 (local metres); cut at x = 37.5, through buildings B03/B04 and block line L2.
    const p01 = input.parcels[ids.indexOf('P01')]! as Polygon;
    const ring = p01.coordinates[0]!;
    const [x0, y0] = ring[0]! as [number, number];
    const half = (a: number, b: number): Polygon => ({
      type: 'Polygon',
      coordinates: [[[x0 + a, y0], [x0 + b, y0], [x0 + b, y0 + 80], [x0 + a, y0 + 80], [x0 + a, y0]]],
    });
    const [whole, left, right] = computeGeoFacts({ ...input, parcels: [p01, half(0, 37.5), half(37.5, 100)] });
    expect(left!.footprintM2! + right!.footprintM2!).toBeCloseTo(whole!.footprintM2!, 3);
    expect(left!.footprintM2! * right!.footprintM2!).toBeGreaterThan(0);
    for (const level of ['一级', '二级'] as const) {
      expect(left!.blocklineOverlapM2![level] + right!.blocklineOverlapM2![level]).toBeCloseTo(whole!.blocklineOverlapM2![level], 3);
    }
    expect(left!.areaM2 + right!.areaM2).toBeCloseTo(whole!.areaM2, 6);
  });

  it('a parcel with a NaN coordinate is reported, not thrown, and the next parcel computes', () => {
    const nanParcel: Polygon = { type: 'Polygon', coordinates: [[[553_000, 3_096_000], [553_010, NaN], [553_010, 3_096_010], [553_000, 3_096_000]]] };
    const out = computeGeoFacts({ ...input, parcels: [nanParcel, input.parcels[0]!] });
    expect(out[0]!.geometryError).toMatch(/finite/);
    expect(out[0]!.areaM2).toBe(0);
    expect(out[1]!.footprintM2).toBeCloseTo(byId.get('P01')!.footprintM2!, 6);
  });

  it('re-running on the same layer objects (prepared once, cached) gives the same facts; a new layer array is re-prepared', () => {
    expect(computeGeoFacts(input)).toEqual(facts); // `input` was prepared by the first run above
    // A new buildings array without the footprints under P01 must not reuse the cached buildings.
    const p01 = ids.indexOf('P01');
    const fewer = (input.buildings as Polygon[]).filter((_, i) => i % 2 === 0);
    const again = computeGeoFacts({ ...input, buildings: fewer });
    expect(again[p01]!.footprintM2!).toBeLessThan(facts[p01]!.footprintM2!);
    expect(computeGeoFacts({ ...input, buildings: [] })[p01]!.footprintM2).toBe(0);
  });

  it('the overlay worked out beforehand (overlayColumns, as the CLI\'s building thread does) gives the same facts; parcels not done are worked out here', () => {
    const packed = packPolygons(input.parcels);
    const area = Float64Array.from(input.parcels, (g) => planarArea(g));
    const { parcels: _, ...others } = input;
    const given = overlayColumns(others, packed, area);
    expect(given.done.some((d) => d === 1)).toBe(true);
    expect(computeGeoFacts({ ...input, parcels: [...input.parcels] }, undefined, given)).toEqual(facts);
    const half = { ...given, done: given.done.map((d, i) => (i % 2 === 0 ? 0 : d)) };
    expect(computeGeoFacts({ ...input, parcels: [...input.parcels] }, undefined, half)).toEqual(facts);
    // Given values are used as they are (no layer is prepared here when every valid parcel is done).
    const marked = { ...given, done: given.done.map(() => 1), footprint: given.footprint.map(() => 7) };
    const valid = computeGeoFacts({ ...input, parcels: [...input.parcels] }, undefined, marked).filter((f) => !f.geometryError);
    expect(valid.every((f) => f.footprintM2 === 7)).toBe(true);
  });
});
