import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { planarArea } from './area';
import { flatFeatureArea, type FlatPolygons } from './flat-polygons';

/** Features as a reader fills the flat arrays (closed rings), from GeoJSON. */
function flatOf(features: readonly (Polygon | MultiPolygon)[]): FlatPolygons {
  const xy: number[] = [], ringEnd: number[] = [], partEnd: number[] = [], featureEnd: number[] = [];
  for (const g of features) {
    for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) {
      for (const ring of poly) {
        for (const p of ring) xy.push(p[0]!, p[1]!);
        ringEnd.push(xy.length / 2);
      }
      partEnd.push(ringEnd.length);
    }
    featureEnd.push(partEnd.length);
  }
  return { count: features.length, xy: Float64Array.from(xy), ringEnd: Uint32Array.from(ringEnd), partEnd: Uint32Array.from(partEnd), featureEnd: Uint32Array.from(featureEnd) };
}

/** A seeded closed ring of `n` vertices around (cx, cy) in Gauss-Krüger metres, either orientation. */
function ring(seed: number, cx: number, cy: number, r: number, n: number, cw: boolean): Position[] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pts: Position[] = [];
  for (let i = 0; i < n; i++) {
    const a = ((cw ? -1 : 1) * 2 * Math.PI * i) / n;
    const rr = r * (0.6 + 0.4 * rand());
    pts.push([cx + rr * Math.cos(a) + rand() * 1e-3, cy + rr * Math.sin(a)]);
  }
  return [...pts, pts[0]!];
}

describe('flatFeatureArea', () => {
  it('is planarArea of the same feature to the last bit (polygons, holes, multipolygons, short rings)', () => {
    const features: (Polygon | MultiPolygon)[] = [];
    for (let k = 0; k < 200; k++) {
      const cx = 560_000 + k * 37.3, cy = 3_100_000 + k * 11.7;
      features.push({ type: 'Polygon', coordinates: [ring(k, cx, cy, 40, 4 + (k % 9), k % 2 === 0)] });
      features.push({ type: 'Polygon', coordinates: [ring(k + 1, cx, cy, 40, 12, false), ring(k + 2, cx, cy, 10, 5, k % 3 === 0)] });
      features.push({ type: 'MultiPolygon', coordinates: [[ring(k + 3, cx, cy, 30, 6, false)], [ring(k + 4, cx + 100, cy, 20, 7, true), ring(k + 5, cx + 100, cy, 5, 4, false)]] });
    }
    features.push({ type: 'Polygon', coordinates: [[[560_000, 3_100_000], [560_001, 3_100_000]]] });
    const flat = flatOf(features);
    features.forEach((g, f) => expect(flatFeatureArea(flat, f), `feature ${f}`).toBe(planarArea(g)));
  });
});
