import { describe, expect, it } from 'vitest';
import { toDisplay } from '../geo/projection';
import { picturePoint } from '../map/picture-pick';
import { emptySession } from './session';
import { TileSet } from './tiles';
import { rect, shown, tileAt } from './tiles.test-helper';
import { picturePick } from './veil';
import { nearestFid, type FidRaster } from './veil-raster';

const fidNear = (r: FidRaster, px: number, py: number, radius: number) => nearestFid(r, px, py, radius)?.fid ?? null;

describe('picking a parcel in the picture (no parcel tile loaded below its zoom)', () => {
  it('fidNear: the parcel at the pixel, else the nearest within the radius, else none', () => {
    // 8×8: fid 30 on (1..2, 1..2), fid 40 on pixel (6, 6).
    const pixels = new Uint16Array(64);
    for (const [x, y] of [[1, 1], [2, 1], [1, 2], [2, 2]]) pixels[y! * 8 + x!] = 1;
    pixels[6 * 8 + 6] = 2;
    const raster: FidRaster = { side: 8, pixels, fids: Int32Array.of(30, 40) };
    expect(fidNear(raster, 1.5, 2.9, 0)).toBe(30);
    expect(fidNear(raster, 3.5, 3.5, 0)).toBeNull();
    expect(fidNear(raster, 3.5, 3.5, 2)).toBe(30); // pixel (2, 2) at √2, (6, 6) farther
    expect(fidNear(raster, 5.5, 5.5, 2)).toBe(40); // (6, 6) at √2, (2, 2) farther
    expect(fidNear(raster, 3.5, 3.5, 1)).toBeNull(); // (2, 2) is in the square of side 3, not in the circle
    expect(fidNear(raster, 7.9, 0.1, 3)).toBeNull();
    expect(fidNear(raster, 0, 0, 2)).toBe(30); // at the raster's edge: (1, 1) at √2
  });

  it('picturePoint: the tile MapLibre draws at the zoom (rounded, at most the picture\'s), the pixel in it and the tolerance in its pixels', () => {
    const [lon, lat] = [120.6, 27.95];
    const p = picturePoint(lon, lat, 10.6, 1, 4);
    expect(p.z).toBe(11);
    expect([p.x, p.y]).toEqual(tileAt(lon, lat, 11));
    expect(p.px).toBeGreaterThanOrEqual(0);
    expect(p.px).toBeLessThan(512);
    expect(p.radius).toBeCloseTo(4 * 2 ** 0.4, 9);
    const hi = picturePoint(lon, lat, 12.6, 2, 4);
    expect(hi.z).toBe(13);
    expect(hi.radius).toBeCloseTo(8 * 2 ** 0.4, 9);
    expect(picturePoint(lon, lat, 16, 1, 4).z).toBe(13);
    // One tile to the east at the same zoom: the same pixel row, the column 512 further on in the world.
    const east = picturePoint(lon + 360 / 2 ** 11, lat, 10.6, 1, 4);
    expect(east.x).toBe(p.x + 1);
    expect(east.px).toBeCloseTo(p.px, 6);
    expect(east.py).toBeCloseTo(p.py, 6);
    // The next world copy east (the map repeats the world) is the same tile and pixel.
    const copy = picturePoint(lon + 360, lat, 10.6, 1, 4);
    expect([copy.x, copy.y]).toEqual([p.x, p.y]);
    expect(copy.px).toBeCloseTo(p.px, 6);
  });

  it('picturePick: a point inside a parcel picks it, one between parcels the nearest within the tolerance, another dataset none', () => {
    const parcels = [rect(560000, 3095000, 100, 100), rect(560200, 3095000, 200, 100), rect(560500, 3095050, 50, 50)];
    const tiles = new TileSet('p', { parcels: () => parcels.map(shown) });
    const session = { ...emptySession(), tiles };
    const at = (x: number, y: number) => toDisplay({ type: 'Point', coordinates: [x, y] }).coordinates as [number, number];
    const pick = (x: number, y: number, zoom: number, key = 'p') => {
      const [lon, lat] = at(x, y);
      const r = picturePick(session, { key, ...picturePoint(lon, lat, zoom, 1, 4) });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    expect(pick(560050, 3095050, 12.6)).toBe(0);
    expect(pick(560300, 3095050, 12.6)).toBe(1);
    expect(pick(560525, 3095075, 12.6)).toBe(2);
    // 20 m east of parcel 0 at zoom 12.6 (~11 m a CSS pixel here): within 4 px; 300 m north of all, none.
    expect(pick(560120, 3095050, 12.6)).toBe(0);
    expect(pick(560050, 3095400, 12.6)).toBeNull();
    expect(pick(560050, 3095050, 12.6, 'other')).toBeNull();
    const bad = picturePick(session, { key: 'p', z: 13, x: 0, y: 0, ratio: 1, px: NaN, py: 0, radius: 4 });
    expect(bad.ok).toBe(false);
  });

  it('picturePick: within the tolerance of a tile\'s edge, a parcel in the next tile is found', () => {
    // A small parcel just east of a zoom-13 tile's east edge, in lon/lat.
    const z = 13;
    const [tx] = tileAt(120.6, 27.95, z);
    const edge = ((tx + 1) / 2 ** z) * 360 - 180;
    const pixel = 360 / 2 ** z / 512;
    const [w, e, s, n] = [edge + 1.5 * pixel, edge + 10 * pixel, 27.95 - 4 * pixel, 27.95 + 4 * pixel];
    const parcel = { type: 'Feature' as const, properties: null, geometry: { type: 'Polygon' as const, coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] } };
    const session = { ...emptySession(), tiles: new TileSet('edge', { parcels: () => [parcel] }) };
    const pick = (lon: number) => {
      const point = picturePoint(lon, 27.95, 12.6, 1, 4);
      expect(point.x).toBe(tx); // the point is in the tile west of the parcel's
      const r = picturePick(session, { key: 'edge', ...point });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    // Tolerance 4 CSS px at zoom 12.6 is ~5.3 of the zoom-13 tile's pixels.
    expect(pick(edge - 1.5 * pixel)).toBe(0);
    expect(pick(edge - 6 * pixel)).toBeNull();
  });
});
