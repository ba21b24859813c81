/**
 * The overlay's shortcuts (wholly-inside tests, convex clipping, tiles) against plain clipper2 on a
 * seeded synthetic district. Speed is measured in bench/ (npm run bench), not here.
 */
import { describe, expect, it } from 'vitest';
import { intersectionArea } from './clip';
import { computeGeoFacts, OVERLAP_TIE_M2 } from './overlay';
import { packPolygons } from './packed';
import { buildSpatialIndexFromBoxes } from './spatial-index';
import { syntheticInput } from './synthetic.test-helper';

describe('overlay shortcuts vs clipper2 on every parcel of a synthetic district (2 500 parcels, 7 500 buildings)', () => {
  const input = syntheticInput(2500, 5);
  const facts = computeGeoFacts(input);
  const parcels = packPolygons(input.parcels);

  it('footprint = clipper2 (∪ buildings) ∩ parcel within 0.01 m²', () => {
    const buildings = packPolygons(input.buildings);
    const index = buildSpatialIndexFromBoxes(buildings.box);
    let crossing = 0;
    facts.forEach((f, i) => {
      const b = parcels.box;
      const cands = index.searchXY(b[4 * i]!, b[4 * i + 1]!, b[4 * i + 2]!, b[4 * i + 3]!);
      const expected = cands.length ? intersectionArea(buildings, cands, parcels, i) : 0;
      expect(Math.abs(f.footprintM2! - expected), `parcel ${i}`).toBeLessThan(0.01);
      if (cands.length > 3) crossing++;
    });
    expect(crossing).toBeGreaterThan(50);
  });

  it('block-line overlap per tier, park and town = clipper2 on the untiled layers', () => {
    const bl = packPolygons(input.blocklines.map((b) => b.geometry));
    const tier = (level: string) => input.blocklines.flatMap((b, k) => (b.level === level ? [k] : []));
    const parks = packPolygons(input.parks.map((p) => p.geometry));
    const towns = packPolygons(input.towns.map((t) => t.geometry));
    let cut = 0;
    facts.forEach((f, i) => {
      const area = parcels.area[i]!;
      for (const level of ['一级', '二级'] as const) {
        const expected = intersectionArea(bl, tier(level), parcels, i);
        expect(Math.abs(f.blocklineOverlapM2![level] - expected), `parcel ${i} ${level}`).toBeLessThan(0.01);
        if (expected > 0 && expected < area - 1) cut++;
      }
      // Ties within OVERLAP_TIE_M2 go to the first feature (nested parks both hold the whole parcel).
      const first = (areas: number[]) => areas.findIndex((a) => a >= Math.max(...areas) - OVERLAP_TIE_M2);
      const parkAreas = input.parks.map((_, k) => intersectionArea(parks, [k], parcels, i));
      const bestPark = first(parkAreas);
      expect(f.park).toBe(parkAreas[bestPark]! >= 0.5 * area ? input.parks[bestPark]!.name : null);
      const townAreas = input.towns.map((_, k) => intersectionArea(towns, [k], parcels, i));
      const bestTown = first(townAreas);
      expect(f.townFromLayer).toBe(townAreas[bestTown]! > 1e-4 ? input.towns[bestTown]!.name : null);
    });
    expect(cut).toBeGreaterThan(20);
  });
});
