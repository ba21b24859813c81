import { describe, expect, it } from 'vitest';
import { veilTilesInView } from './veil-ahead';

describe('veilTilesInView', () => {
  it('covers the view with the tiles of the rounded zoom', () => {
    // Ouhai at zoom 10.6: raster zoom 11. Lon 120.45 → x = floor((300.45 / 360) · 2048) = 1709.
    const tiles = veilTilesInView([120.45, 27.85, 120.8, 28.1], 10.6);
    expect(tiles.every(([z]) => z === 11)).toBe(true);
    const xs = tiles.map((t) => t[1]), ys = tiles.map((t) => t[2]);
    expect(Math.min(...xs)).toBe(1709);
    expect(Math.max(...xs)).toBe(Math.floor((300.8 / 360) * 2048));
    // Latitude 28.1 at zoom 11: the Web Mercator row, computed independently.
    const row = (lat: number) => Math.floor(((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * 2048);
    expect(Math.min(...ys)).toBe(row(28.1));
    expect(Math.max(...ys)).toBe(row(27.85));
    expect(tiles.length).toBe((Math.max(...xs) - Math.min(...xs) + 1) * (Math.max(...ys) - Math.min(...ys) + 1));
  });

  it('rounds down below half a zoom level', () => {
    expect(veilTilesInView([120.6, 27.9, 120.7, 28], 10.4).every(([z]) => z === 10)).toBe(true);
  });

  it('stays inside the world and answers nothing for a broken view', () => {
    const world = veilTilesInView([-200, -90, 200, 90], 1);
    expect(world).toHaveLength(4);
    expect(veilTilesInView([Number.NaN, 0, 1, 1], 5)).toEqual([]);
  });
});
