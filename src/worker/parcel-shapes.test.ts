/**
 * Pictures and veils drawn from the parcels' own rings (parcel-shapes.ts, veil-raster.ts rasteriseShapes)
 * against the same tiles drawn from geojson-vt's cut (rasteriseFids), on the embedded dataset.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Feature, Geometry, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { toDisplay } from '../geo/projection';
import { loadSession, type Fetcher } from './load';
import { parcelsInBox, shapesOfFeatures, shapesOfFlat, type ParcelShapes } from './parcel-shapes';
import { TileSet } from './tiles';
import { tileAt } from './tiles.test-helper';
import { latOfWorldY, lonOfWorldX, worldX, worldY } from '../map/veil-ahead';
import { sourceTile } from './veil';
import { rasteriseFids, rasteriseShapes, type FidRaster } from './veil-raster';

const dir = new URL('../../data/ouhai/', import.meta.url);
const fileFetcher: Fetcher = async (url) => new Response(readFileSync(fileURLToPath(url)) as unknown as BodyInit);

const lonOf = (x: number, z: number) => lonOfWorldX(x, 2 ** z);
const latOf = (y: number, z: number) => latOfWorldY(y, 2 ** z);

/** The fid drawn at each pixel (-1: none). */
const fidsAt = (r: FidRaster): Int32Array => Int32Array.from(r.pixels, (p) => (p === 0 ? -1 : r.fids[p - 1]!));
const drawn = (r: FidRaster): Set<number> => new Set([...fidsAt(r)].filter((f) => f >= 0));
const side = 512;

/** Tile (z, x, y) drawn from geojson-vt's cut of `set` and from `shapes`. */
function both(set: TileSet, shapes: ParcelShapes, z: number, x: number, y: number): { cut: FidRaster; own: FidRaster } {
  const at = sourceTile(z, x, y);
  const cut = rasteriseFids(set.rawTile('parcels', at.z, at.x, at.y)!, side, at.scale, at.dx, at.dy);
  const own = rasteriseShapes(shapes, parcelsInBox(shapes, lonOf(x, z), latOf(y + 1, z), lonOf(x + 1, z), latOf(y, z)), z, x, y, side);
  return { cut, own };
}

/** Pixels some parcel fills in either raster, and those the two give to different parcels. */
function compare(a: FidRaster, b: FidRaster): { filled: number; differ: number } {
  const fa = fidsAt(a), fb = fidsAt(b);
  let filled = 0, differ = 0;
  for (let p = 0; p < fa.length; p++) {
    if (fa[p]! >= 0 || fb[p]! >= 0) filled++;
    if (fa[p] !== fb[p]) differ++;
  }
  return { filled, differ };
}

/** The parcel `shapes` draws (of `fids`) at the pixel holding (lon, lat) at zoom z; -1: none. */
function fidAt(shapes: ParcelShapes, fids: number[], lon: number, lat: number, z: number): number {
  const [x, y] = tileAt(lon, lat, z);
  const px = Math.floor((worldX(lon, 2 ** z) - x) * side);
  const py = Math.floor((worldY(lat, 2 ** z) - y) * side);
  return fidsAt(rasteriseShapes(shapes, fids, z, x, y, side))[py * side + px]!;
}

describe('parcel shapes', async () => {
  const loaded = await loadSession({ manifestUrl: new URL('manifest.json', dir).href }, fileFetcher);
  if (!loaded.ok) throw new Error(loaded.error.message);
  const { tiles, dataset } = loaded.value;
  const shapes = tiles.parcelShapes!;
  const [w, s, e, n] = dataset.bounds;

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

  it('hold holes and several parts as the cut does, whichever way a file winds its rings; a parcel with no geometry is nowhere', () => {
    // Metre squares in EPSG:4549 (counter-clockwise as given), shown in lon/lat.
    const square = (x: number, y: number, d: number, clockwise = false): Position[] => {
      const r = [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
      return clockwise ? r.reverse() : r;
    };
    const feature = (g: Geometry | null): Feature<Geometry, null> => ({ type: 'Feature', properties: null, geometry: g ? toDisplay(g as never) : (null as never) });
    const x0 = 560000, y0 = 3095000;
    const features = [
      feature({ type: 'Polygon', coordinates: [square(x0, y0, 400), square(x0 + 100, y0 + 100, 200)] }), // a hole wound as the shell
      feature({ type: 'Polygon', coordinates: [square(x0 + 500, y0, 400, true), square(x0 + 600, y0 + 100, 200)] }), // shell clockwise, hole not
      feature({ type: 'MultiPolygon', coordinates: [[square(x0, y0 + 500, 150)], [square(x0 + 250, y0 + 500, 150)]] }),
      feature(null),
    ];
    const set = new TileSet('holes', { parcels: () => features });
    set.prepare('parcels');
    const own = set.parcelShapes!;
    const again = shapesOfFeatures(features);
    expect([own.xy, own.boxes]).toEqual([again.xy, again.boxes]);
    expect(own.count).toBe(4);
    expect(parcelsInBox(own, -180, -85, 180, 85)).toEqual([0, 1, 2]);
    const [lon, lat] = (features[0]!.geometry as { coordinates: number[][][] }).coordinates[0]![0]!;
    for (const z of [15, 16]) {
      const [x, y] = tileAt(lon!, lat!, z);
      const { cut, own: mine } = both(set, own, z, x, y);
      const { filled, differ } = compare(cut, mine);
      expect(filled, `z${z}`).toBeGreaterThan(2000);
      expect(differ / filled, `z${z}`).toBeLessThan(0.01);
      expect(drawn(mine)).toEqual(drawn(cut));
    }
    // The holes are empty: the middle of each square with a hole is no parcel's.
    const z = 16;
    const middle = (g: Position) => fidAt(own, [0, 1, 2], g[0]!, g[1]!, z);
    const centre = (x: number, y: number) => toDisplay({ type: 'Point', coordinates: [x, y] }).coordinates;
    expect(middle(centre(x0 + 200, y0 + 200))).toBe(-1);
    expect(middle(centre(x0 + 700, y0 + 200))).toBe(-1);
    expect(middle(centre(x0 + 50, y0 + 50))).toBe(0);
    expect(middle(centre(x0 + 550, y0 + 50))).toBe(1);
    expect(middle(centre(x0 + 75, y0 + 575))).toBe(2);
    expect(middle(centre(x0 + 325, y0 + 575))).toBe(2);
  });

  it('from a file\'s flat polygons, take a part\'s later rings as its holes however they are wound', () => {
    // One parcel: a 0.004° square (lon/lat, closed rings) with a hole wound the same way as its shell.
    const ring = (x: number, y: number, d: number) => [x, y, x + d, y, x + d, y + d, x, y + d, x, y];
    const xy = Float64Array.from([...ring(120.6, 27.95, 0.004), ...ring(120.601, 27.951, 0.002)]);
    const flat = { count: 1, xy, ringEnd: Uint32Array.of(5, 10), partEnd: Uint32Array.of(2), featureEnd: Uint32Array.of(1) };
    const shapes = shapesOfFlat(flat, Int32Array.of(0), Float64Array.of(120.6, 27.95, 120.604, 27.954));
    const z = 16;
    const pixel = (lon: number, lat: number) => fidAt(shapes, [0], lon, lat, z);
    expect(pixel(120.602, 27.952)).toBe(-1); // in the hole
    expect(pixel(120.6005, 27.9505)).toBe(0); // between the rings
  });

  it('draw a tile where parcels are whole as geojson-vt\'s cut does, to the pixel but for edges', () => {
    for (const z of [13, 14, 15]) {
      const [x, y] = tileAt((w + e) / 2, (s + n) / 2, z);
      const { cut, own } = both(tiles, shapes, z, x, y);
      const { filled, differ } = compare(cut, own);
      expect(filled, `z${z}`).toBeGreaterThan(1000);
      // The cut's vertices are rounded to 1/8 px (extent 4096 over 512 px); the shapes' are not.
      expect(differ / filled, `z${z}`).toBeLessThan(0.01);
      expect(drawn(own), `z${z}`).toEqual(drawn(cut));
    }
  });

  it('draw at district zoom the parcels the cut draws (where a pixel is contested, either may win it)', () => {
    const [x, y] = tileAt((w + e) / 2, (s + n) / 2, 10);
    const { cut, own } = both(tiles, shapes, 10, x, y);
    const mine = drawn(own), theirs = drawn(cut);
    const lost = [...theirs].filter((f) => !mine.has(f)).length;
    expect(theirs.size).toBeGreaterThan(300);
    expect(lost).toBeLessThanOrEqual(theirs.size * 0.03);
    expect(mine.size).toBeGreaterThanOrEqual(theirs.size * 0.97);
    // Nearly every parcel whose box lies inside the tile keeps a pixel (the rest lose theirs to neighbours).
    const inside = parcelsInBox(shapes, lonOf(x, 10) + 1e-3, latOf(y + 1, 10) + 1e-3, lonOf(x + 1, 10) - 1e-3, latOf(y, 10) - 1e-3)
      .filter((f) => shapes.boxes[4 * f]! > lonOf(x, 10) && shapes.boxes[4 * f + 2]! < lonOf(x + 1, 10));
    expect(inside.length).toBeGreaterThan(100);
    expect(inside.filter((f) => !mine.has(f)).length).toBeLessThanOrEqual(inside.length * 0.2);
  });
});
