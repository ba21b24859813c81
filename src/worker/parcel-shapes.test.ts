/**
 * Pictures and veils drawn from the parcels' own rings (parcel-shapes.ts, veil-raster.ts rasteriseShapes)
 * against the same tiles drawn from geojson-vt's cut (rasteriseFids), on the embedded dataset.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSession, type Fetcher } from './load';
import { parcelsInBox } from './parcel-shapes';
import { sourceTile } from './veil';
import { rasteriseFids, rasteriseShapes, type FidRaster } from './veil-raster';

const dir = new URL('../../data/ouhai/', import.meta.url);
const fileFetcher: Fetcher = async (url) => new Response(readFileSync(fileURLToPath(url)) as unknown as BodyInit);

const tileOf = (lon: number, lat: number, z: number): [number, number] => {
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * 2 ** z), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z)];
};
const lonOf = (x: number, z: number) => (x / 2 ** z) * 360 - 180;
const latOf = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

/** The fid drawn at each pixel (-1: none). */
const fidsAt = (r: FidRaster): Int32Array => Int32Array.from(r.pixels, (p) => (p === 0 ? -1 : r.fids[p - 1]!));
const drawn = (r: FidRaster): Set<number> => new Set([...fidsAt(r)].filter((f) => f >= 0));

describe('parcel shapes', async () => {
  const loaded = await loadSession({ manifestUrl: new URL('manifest.json', dir).href }, fileFetcher);
  if (!loaded.ok) throw new Error(loaded.error.message);
  const { tiles, dataset } = loaded.value;
  const shapes = tiles.parcelShapes!;
  const [w, s, e, n] = dataset.bounds;
  const side = 512;
  const both = (z: number, x: number, y: number) => {
    const at = sourceTile(z, x, y);
    const cut = rasteriseFids(tiles.rawTile('parcels', at.z, at.x, at.y)!, side, at.scale, at.dx, at.dy);
    const own = rasteriseShapes(shapes, parcelsInBox(shapes, lonOf(x, z), latOf(y + 1, z), lonOf(x + 1, z), latOf(y, z)), z, x, y, side);
    return { cut, own };
  };

  it('are every parcel, with its box; parcelsInBox finds those whose box meets a box, in fid order', () => {
    expect(shapes.count).toBe(dataset.parcels.length);
    const box: [number, number, number, number] = [(w + e) / 2 - 0.01, (s + n) / 2 - 0.01, (w + e) / 2 + 0.01, (s + n) / 2 + 0.01];
    const found = parcelsInBox(shapes, ...box);
    const want: number[] = [];
    for (let f = 0; f < shapes.count; f++) {
      const b = shapes.boxes.subarray(4 * f, 4 * f + 4);
      if (b[0]! <= box[2] && b[2]! >= box[0] && b[1]! <= box[3] && b[3]! >= box[1]) want.push(f);
    }
    expect(want.length).toBeGreaterThan(10);
    expect(found).toEqual(want);
    expect(dataset.parcelBounds).toEqual(shapes.boxes);
  });

  it('draw a tile where parcels are whole as geojson-vt\'s cut does, to the pixel but for edges', () => {
    for (const z of [13, 14, 15]) {
      const [x, y] = tileOf((w + e) / 2, (s + n) / 2, z);
      const { cut, own } = both(z, x, y);
      const a = fidsAt(cut), b = fidsAt(own);
      let filled = 0, differ = 0;
      for (let p = 0; p < a.length; p++) {
        if (a[p]! >= 0 || b[p]! >= 0) filled++;
        if (a[p] !== b[p]) differ++;
      }
      expect(filled, `z${z}`).toBeGreaterThan(1000);
      // The cut's vertices are rounded to 1/8 px (extent 4096 over 512 px); the shapes' are not.
      expect(differ / filled, `z${z}`).toBeLessThan(0.01);
      expect(drawn(own), `z${z}`).toEqual(drawn(cut));
    }
  });

  it('draw at district zoom the parcels the cut draws (where a pixel is contested, either may win it)', () => {
    const [x, y] = tileOf((w + e) / 2, (s + n) / 2, 10);
    const { cut, own } = both(10, x, y);
    const mine = drawn(own), theirs = drawn(cut);
    const lost = [...theirs].filter((f) => !mine.has(f)).length;
    expect(theirs.size).toBeGreaterThan(300);
    expect(lost).toBeLessThanOrEqual(theirs.size * 0.03);
    expect(mine.size).toBeGreaterThanOrEqual(theirs.size * 0.97);
    // Every parcel whose box lies inside the tile has at least its outline's pixel.
    const inside = parcelsInBox(shapes, lonOf(x, 10) + 1e-3, latOf(y + 1, 10) + 1e-3, lonOf(x + 1, 10) - 1e-3, latOf(y, 10) - 1e-3)
      .filter((f) => shapes.boxes[4 * f]! > lonOf(x, 10) && shapes.boxes[4 * f + 2]! < lonOf(x + 1, 10));
    expect(inside.length).toBeGreaterThan(100);
    expect(inside.filter((f) => !mine.has(f)).length).toBeLessThanOrEqual(inside.length * 0.2);
  });
});
