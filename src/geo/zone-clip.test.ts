/**
 * Zone statistics against GDAL/GEOS `ST_Intersection` areas (tests/fixtures/zones, made by its
 * make-oracle.sh): a parcel cut by the zone edge, one wholly inside, one inside but sharing the zone's
 * edge, one touching it from outside, a multipolygon parcel, a parcel with a hole, a zone with a hole
 * (a parcel in the hole, one cut by it), a multipolygon zone, a zone crossing block lines of every tier
 * (two overlapping 一级 lines counted once) and a park. Everything within 0.01 m².
 */
import { readFileSync } from 'node:fs';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { analysisRequest } from '../analysis/request';
import { runAnalysis, type AnalysisLayers } from '../analysis/run';
import type { BlocklineLevel } from '../domain/facts';
import { muFromM2, squareMetres } from '../domain/units';
import { computeZoneStats } from './zone-clip-stats';
import { clipParcelsToZone, prepareZone, prepareZoneParcels } from './zone-clip';

type Polygonal = Polygon | MultiPolygon;
const dir = new URL('../../tests/fixtures/zones/', import.meta.url);
const layer = (name: string) => JSON.parse(readFileSync(new URL(`${name}.geojson`, dir), 'utf8')) as FeatureCollection<Polygonal, Record<string, string>>;

interface Table<R> { command: string; rows: R[] }
const oracle = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as {
  zones: Table<{ zoneId: string; area: number }>;
  parcels: Table<{ parcelId: string; area: number }>;
  clipped: Table<{ zoneId: string; parcelId: string; clipped: number; covers: number }>;
  blockline: Table<{ zoneId: string; level: BlocklineLevel; overlap: number }>;
  parks: Table<{ zoneId: string; name: string; overlap: number }>;
};

const parcels = layer('parcels').features;
const ids = parcels.map((f) => f.properties.parcelId!);
const zones = layer('zones').features;
const zoneNamed = (id: string): Polygonal => zones.find((z) => z.properties.zoneId === id)!.geometry;
const TOL = 0.01;

/** GDAL's clipped areas of one zone as parcelId → m². */
const gdalClipped = (zoneId: string): Map<string, number> =>
  new Map(oracle.clipped.rows.filter((r) => r.zoneId === zoneId).map((r) => [r.parcelId, r.clipped]));

const layers: AnalysisLayers = {
  // A few figures so that clipped shares show in the sums: tax 100 万元 and 10 employees per parcel.
  parcels: parcels.map((f) => ({ geometry: f.geometry, attributes: { parcelId: f.properties.parcelId!, tax: 100, employees: 10, energyTce: 50, addedValue: 400 } })),
  blocklines: layer('blocklines').features.map((f) => ({ geometry: f.geometry, level: f.properties.level as BlocklineLevel })),
  parks: layer('parks').features.map((f) => ({ geometry: f.geometry, name: f.properties.name! })),
};
const out = runAnalysis(layers, analysisRequest({ evaluationDate: '2022-12-31' }));
if (!out.ok) throw new Error('fixture analysis failed');
const run = out.run;

describe('zone clipping against GDAL/GEOS ST_Intersection (tests/fixtures/zones)', () => {
  const prep = prepareZoneParcels(parcels.map((f) => f.geometry));

  it('has the oracle rows the cases need (a failed make-oracle.sh cannot pass silently)', () => {
    expect(oracle.zones.rows.map((z) => z.zoneId).sort()).toEqual(['Z-BLOCKLINE', 'Z-CONCAVE', 'Z-HOLE', 'Z-MULTI']);
    expect(oracle.clipped.rows.length).toBeGreaterThanOrEqual(12);
  });

  for (const { zoneId, area } of oracle.zones.rows) {
    it(`${zoneId}: every parcel's clipped area, and the zone's own area, equal GDAL's within 0.01 m²`, () => {
      const z = prepareZone(zoneNamed(zoneId));
      expect(z.area).toBeCloseTo(area, 2);
      const clip = clipParcelsToZone(prep, z);
      const ours = new Map<string, number>();
      for (let i = 0; i < clip.count; i++) ours.set(ids[clip.fids[i]!]!, clip.clippedM2[i]!);
      const gdal = gdalClipped(zoneId);
      // GEOS reports a shared edge's float noise as area (P-TOUCH: 0 here); both agree on every real overlap.
      for (const [id, a] of gdal) if (a > 1e-3) expect(Math.abs((ours.get(id) ?? 0) - a), `${zoneId} ${id}`).toBeLessThanOrEqual(TOL);
      for (const [id, a] of ours) expect(Math.abs(a - (gdal.get(id) ?? 0)), `${zoneId} ${id}`).toBeLessThanOrEqual(TOL);
    });
  }

  it('a parcel in the zone\'s hole counts for nothing; one cut by the hole counts by the part outside it', () => {
    const clip = clipParcelsToZone(prep, prepareZone(zoneNamed('Z-HOLE')));
    const got = [...clip.fids].map((f) => ids[f]);
    expect(got).not.toContain('P-INHOLE');
    expect(got).toContain('P-HOLECUT');
    expect(got).not.toContain('P-OUT');
  });

  it('wholly inside = GDAL ST_Covers, and a parcel sharing the zone\'s edge from inside (float noise for GEOS) is whole too', () => {
    for (const zoneId of ['Z-CONCAVE', 'Z-HOLE', 'Z-BLOCKLINE', 'Z-MULTI']) {
      const clip = clipParcelsToZone(prep, prepareZone(zoneNamed(zoneId)));
      const whole = [...clip.fids.subarray(0, clip.whole)].map((f) => ids[f]).sort();
      const covered = oracle.clipped.rows.filter((r) => r.zoneId === zoneId && (r.covers === 1 || r.parcelId === 'P-EDGE')).map((r) => r.parcelId).sort();
      expect(whole, zoneId).toEqual(covered);
    }
  });

  it('a parcel touching the zone from outside along an edge is not in it', () => {
    const clip = clipParcelsToZone(prep, prepareZone(zoneNamed('Z-CONCAVE')));
    expect([...clip.fids].map((f) => ids[f])).not.toContain('P-TOUCH');
  });
});

describe('computeZoneStats on the fixtures', () => {
  it('land is Σ GDAL clipped areas; tax, employees, energy count by the clipped share', () => {
    for (const { zoneId } of oracle.zones.rows) {
      const s = computeZoneStats(layers, run, zoneNamed(zoneId), { zoneId });
      const gdal = [...gdalClipped(zoneId)].filter(([, a]) => a > 1e-3);
      const land = gdal.reduce((t, [, a]) => t + a, 0);
      expect(s.landM2, zoneId).toBeCloseTo(land, 2);
      expect(s.landMu).toBeCloseTo(muFromM2(squareMetres(land)), 5);
      const shares = gdal.reduce((t, [id, a]) => t + a / oracle.parcels.rows.find((p) => p.parcelId === id)!.area, 0);
      expect(s.taxWan, zoneId).toBeCloseTo(100 * shares, 4);
      expect(s.employees).toBeCloseTo(10 * shares, 5);
      expect(s.energyTce).toBeCloseTo(50 * shares, 4);
      expect(s.valueAddedWan).toBeCloseTo(400 * shares, 3);
      expect(s.parcels.count).toBe(gdal.length);
      expect(s.taxPerMu.value).toBeCloseTo((100 * shares) / muFromM2(squareMetres(land)), 6);
    }
  });

  it('block-line overlap by tier (overlapping lines of one tier once) and park overlap equal GDAL within 0.01 m²', () => {
    const s = computeZoneStats(layers, run, zoneNamed('Z-BLOCKLINE'));
    const bl = oracle.blockline.rows.filter((r) => r.zoneId === 'Z-BLOCKLINE');
    expect(bl.length).toBe(3);
    for (const r of bl) expect(Math.abs(s.blocklineOverlapM2![r.level] - r.overlap), r.level).toBeLessThanOrEqual(TOL);
    for (const zoneId of ['Z-BLOCKLINE', 'Z-HOLE', 'Z-CONCAVE']) {
      const z = computeZoneStats(layers, run, zoneNamed(zoneId));
      const parks = oracle.parks.rows.filter((r) => r.zoneId === zoneId);
      expect(Object.keys(z.parkOverlapM2!).sort(), zoneId).toEqual(parks.map((p) => p.name).sort());
      for (const p of parks) expect(Math.abs(z.parkOverlapM2![p.name]! - p.overlap)).toBeLessThanOrEqual(TOL);
    }
    expect(s.blocklineFids.map((f) => ids[f]).sort()).toEqual(['P-BL', 'P-BL2']);
  });

  it('no block-line or park layer → null (unknown), not 0', () => {
    const bare: AnalysisLayers = { parcels: layers.parcels };
    const r = runAnalysis(bare, analysisRequest({ evaluationDate: '2022-12-31' }));
    if (!r.ok) throw new Error('run');
    const s = computeZoneStats(bare, r.run, zoneNamed('Z-BLOCKLINE'));
    expect(s.blocklineOverlapM2).toBeNull();
    expect(s.parkOverlapM2).toBeNull();
    expect(s.parcels.count).toBe(2);
  });
});

describe('zone outlines the validity check lets through', () => {
  const prep = prepareZoneParcels(parcels.map((f) => f.geometry));

  it('a MultiPolygon zone with a part drawn inside another counts that ground once', () => {
    const outer = zoneNamed('Z-HOLE') as Polygon;
    const shell = outer.coordinates[0]!;
    const inner = (zoneNamed('Z-CONCAVE') as Polygon).coordinates[0]!.map(([x, y]) => [x!, y! + 220]);
    const nested: MultiPolygon = { type: 'MultiPolygon', coordinates: [[shell], [inner]] };
    const z = prepareZone(nested);
    expect(z.area).toBeCloseTo(oracle.zones.rows.find((r) => r.zoneId === 'Z-HOLE')!.area + 10000, 2); // the hole is filled
    const clip = clipParcelsToZone(prep, z);
    const got = new Map([...clip.fids].map((f, i) => [ids[f]!, clip.clippedM2[i]!]));
    expect(got.get('P-Z2IN')).toBeCloseTo(600, 2); // inside both parts: once
    expect(got.get('P-INHOLE')).toBeCloseTo(3600, 2);
  });
});
