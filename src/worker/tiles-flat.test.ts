import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import { describe, expect, it } from 'vitest';
import { flatIndex, type FlatFeatureRings } from './tiles-flat';
import { packPolygons } from '../geo/packed';
import { toDisplayPoint } from '../geo/projection';
import { packedIndex, packedToDisplay, TILE_MAX_ZOOM, TILE_OPTIONS } from './tiles';
import { tileAt } from './tiles.test-helper';

/** A raw tile as text: typed arrays compared by JSON (toEqual on them is slow). */
const text = (t: unknown): string => JSON.stringify(t);

/**
 * Expects `index` to cut the tiles over each lon/lat point, from zoom `from` to the deepest cut, as
 * `expected` does; returns how many features those tiles held.
 */
function expectSameTiles(index: GeoJSONVT, expected: GeoJSONVT, points: [number, number][], from: number): number {
  let compared = 0;
  for (const [lon, lat] of points) {
    for (let z = from; z <= TILE_MAX_ZOOM; z++) {
      const [x, y] = tileAt(lon, lat, z);
      const want = expected.getTileRaw(z, x, y);
      expect(text(index.getTileRaw(z, x, y)), `${z}/${x}/${y}`).toBe(text(want));
      if (want) compared += want.features.length;
    }
  }
  return compared;
}

/** Random polygons near Ouhai, as flat closed rings and as the same GeoJSON. */
function dataset(count: number, seed: number) {
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const xy: number[] = [];
  const features: { parts: [number, number][][] }[] = [];
  const geojson: Feature<Polygon | MultiPolygon | null, null>[] = [];
  const ring = (cx: number, cy: number, r: number, n: number, clockwise: boolean): Position[] => {
    const out: Position[] = [];
    for (let k = 0; k < n; k++) {
      const a = ((clockwise ? -1 : 1) * 2 * Math.PI * k) / n;
      const rr = r * (0.6 + 0.4 * rand());
      out.push([Math.round((cx + rr * Math.cos(a)) * 1e7) / 1e7, Math.round((cy + rr * Math.sin(a)) * 1e7) / 1e7]);
    }
    out.push(out[0]!);
    return out;
  };
  for (let i = 0; i < count; i++) {
    const parts: Position[][][] = [];
    const nParts = i % 17 === 0 ? 0 : i % 7 === 0 ? 2 : 1;
    for (let p = 0; p < nParts; p++) {
      const cx = 120.5 + 0.3 * rand(), cy = 27.9 + 0.2 * rand();
      // Sizes from a few metres to a few hundred, vertices 4–40; either winding; some with a hole.
      const r = 10 ** (-4.5 + 2 * rand());
      const rings = [ring(cx, cy, r, 4 + Math.floor(rand() * 36), rand() < 0.5)];
      if (rand() < 0.2) rings.push(ring(cx, cy, r * 0.3, 4 + Math.floor(rand() * 6), rand() < 0.5));
      parts.push(rings);
    }
    const flatParts: [number, number][][] = parts.map((rings) => rings.map((rg) => {
      const start = xy.length / 2;
      for (const [x, y] of rg) xy.push(x!, y!);
      return [start, xy.length / 2] as [number, number];
    }));
    features.push({ parts: flatParts as unknown as [number, number][][] });
    const geometry = parts.length === 0 ? null : parts.length === 1 ? { type: 'Polygon' as const, coordinates: parts[0]! } : { type: 'MultiPolygon' as const, coordinates: parts };
    geojson.push({ type: 'Feature', properties: null, geometry });
  }
  const ringsOf = (i: number): FlatFeatureRings => (visit) => {
    for (const rings of features[i]!.parts as unknown as [number, number][][]) rings.forEach(([s, e], k) => visit(s, e, k === 0));
  };
  return { xy: Float64Array.from(xy), ringsOf, geojson };
}

describe('flatIndex', () => {
  it('cuts every tile exactly as geojson-vt does from the same polygons as GeoJSON', () => {
    const { xy, ringsOf, geojson } = dataset(3000, 5);
    const expected = new GeoJSONVT({ type: 'FeatureCollection', features: geojson as Feature<Polygon | MultiPolygon>[] }, TILE_OPTIONS);
    const index = flatIndex(geojson.length, { xy, closed: true }, ringsOf, TILE_OPTIONS);
    expect(index).not.toBeNull();
    let seed = 9;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    // The tiles over random points of the data, from the district's zoom to the deepest cut.
    const points = Array.from({ length: 60 }, (): [number, number] => [120.5 + 0.3 * rand(), 27.9 + 0.2 * rand()]);
    expect(expectSameTiles(index!, expected, points, 8)).toBeGreaterThan(500);
  });

  it('leaves data at the antimeridian, and a layer with no ring, to geojson-vt', () => {
    const xy = Float64Array.from([179.9999, 0, 180, 0, 180, 0.001, 179.9999, 0]);
    expect(flatIndex(1, { xy, closed: true }, () => (visit) => visit(0, 4, true), TILE_OPTIONS)).toBeNull();
    expect(flatIndex(3, { xy, closed: true }, () => () => undefined, TILE_OPTIONS)).toBeNull();
  });
});

describe('packedIndex', () => {
  it('cuts every tile as geojson-vt does from packedToDisplay (footprints in EPSG:4549, holes, parts)', () => {
    let seed = 3;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const polygons: MultiPolygon[] = [];
    for (let i = 0; i < 2000; i++) {
      const parts: Position[][][] = [];
      for (let p = 0; p < (i % 9 === 0 ? 2 : 1); p++) {
        const cx = 505_000 + 20_000 * rand(), cy = 3_095_000 + 15_000 * rand(), r = 5 + 60 * rand();
        const ring = (rr: number, n: number, cw: boolean): Position[] => {
          const out: Position[] = [];
          for (let k = 0; k < n; k++) {
            const a = ((cw ? -1 : 1) * 2 * Math.PI * k) / n;
            out.push([Math.round((cx + rr * (0.7 + 0.3 * rand()) * Math.cos(a)) * 1000) / 1000, Math.round((cy + rr * Math.sin(a)) * 1000) / 1000]);
          }
          return [...out, out[0]!];
        };
        parts.push(rand() < 0.25 ? [ring(r, 4 + Math.floor(rand() * 12), false), ring(r / 3, 4, true)] : [ring(r, 4 + Math.floor(rand() * 12), rand() < 0.5)]);
      }
      polygons.push({ type: 'MultiPolygon', coordinates: parts });
    }
    const packed = packPolygons(polygons);
    const expected = new GeoJSONVT({ type: 'FeatureCollection', features: packedToDisplay(packed) as Feature<Polygon | MultiPolygon>[] }, TILE_OPTIONS);
    const index = packedIndex(packed);
    expect(index).not.toBeNull();
    const points = Array.from({ length: 40 }, () => toDisplayPoint([505_000 + 20_000 * rand(), 3_095_000 + 15_000 * rand()]) as [number, number]);
    expect(expectSameTiles(index!, expected, points, 10)).toBeGreaterThan(200);
  });
});
