import type { RawTile } from 'geojson-vt';
import { describe, expect, it } from 'vitest';
import { paintVeil, rasteriseFids, rgbaPixel } from './veil-raster';

type Ring = number[];

/** A cut tile of polygons (geojson-vt's raw form: flat closed rings in tile units, fid as id). */
const tileOf = (polygons: { id: number; rings: Ring[] }[]): RawTile =>
  ({ features: polygons.map((p) => ({ type: 3, id: p.id, geometry: p.rings, tags: null })) }) as unknown as RawTile;

/** Closes a ring given as [x0, y0, x1, y1, …]. */
const closed = (xy: number[]): Ring => [...xy, xy[0]!, xy[1]!];

/** Nonzero winding number of (x, y) around flat rings: the exact answer a pixel centre is checked against. */
function winding(rings: Ring[], x: number, y: number): number {
  let w = 0;
  for (const r of rings) {
    for (let i = 0; i + 3 < r.length; i += 2) {
      const [x0, y0, x1, y1] = [r[i]!, r[i + 1]!, r[i + 2]!, r[i + 3]!];
      if (y0 <= y !== y1 <= y) {
        const xc = x0 + ((y - y0) * (x1 - x0)) / (y1 - y0);
        if (xc > x) w += y1 > y0 ? 1 : -1;
      }
    }
  }
  return w;
}

describe('the veil raster: parcel ids per pixel', () => {
  const side = 64;
  // In tile units (extent 4096): 64 units per pixel at this side.
  const polygons = [
    // A square with a square hole.
    { id: 7, rings: [closed([256, 256, 1792, 256, 1792, 1792, 256, 1792]), closed([768, 768, 768, 1280, 1280, 1280, 1280, 768])] },
    // A concave L, its corners off the pixel grid.
    { id: 3, rings: [closed([2100, 300, 3900, 333, 3890, 1000, 2800, 1010, 2790, 2500, 2111, 2480])] },
    // A thin sliver (narrower than a pixel, so it may own no pixel at all) and a triangle partly outside the tile.
    { id: 11, rings: [closed([300, 3000, 330, 3000, 330, 3900, 300, 3900])] },
    { id: 12, rings: [closed([3000, 3000, 4500, 3600, 3200, 4400])] },
  ];
  const tile = tileOf(polygons);

  it('gives each pixel the parcel its centre lies in, exactly (no antialiasing blends)', () => {
    const r = rasteriseFids(tile, side, 1 / 4096, 0, 0);
    expect(Array.from(r.fids)).toEqual([7, 3, 11, 12]);
    let owned = 0;
    for (let py = 0; py < side; py++) {
      for (let px = 0; px < side; px++) {
        const [x, y] = [((px + 0.5) * 4096) / side, ((py + 0.5) * 4096) / side];
        const inside = polygons.findIndex((p) => winding(p.rings, x, y) !== 0);
        expect(r.pixels[py * side + px], `pixel ${px},${py}`).toBe(inside + 1);
        if (inside >= 0) owned++;
      }
    }
    expect(owned).toBeGreaterThan(500);
  });

  it('maps a deeper tile as its ancestor scaled and shifted', () => {
    // The lower-right quarter of the tile, drawn at the same side: twice the scale, shifted one tile up-left.
    const whole = rasteriseFids(tile, 2 * side, 1 / 4096, 0, 0);
    const quarter = rasteriseFids(tile, side, 2 / 4096, -1, -1);
    for (let py = 0; py < side; py++) {
      for (let px = 0; px < side; px++) {
        const fid = (r: typeof whole, i: number) => (r.pixels[i]! === 0 ? -1 : r.fids[r.pixels[i]! - 1]);
        expect(fid(quarter, py * side + px)).toBe(fid(whole, (py + side) * 2 * side + px + side));
      }
    }
  });

  it('paints the veiled parcels opaque and leaves the rest transparent', () => {
    const r = rasteriseFids(tile, side, 1 / 4096, 0, 0);
    const out = new Uint32Array(side * side).fill(123);
    const mask = new Uint8Array(13).fill(1);
    expect(paintVeil(r, mask, 0xff0000ff, out)).toBe(0);
    mask[3] = 0;
    const n = paintVeil(r, mask, 0xff0000ff, out);
    expect(n).toBe(r.pixels.filter((v) => v === 2).length);
    expect(out.every((c, p) => c === (r.pixels[p] === 2 ? 0xff0000ff : 0))).toBe(true);
  });

  it('reads the veil colour as an opaque RGBA pixel in memory order', () => {
    const px = rgbaPixel('#f2f3ef')!;
    expect(Array.from(new Uint8Array(Uint32Array.of(px).buffer))).toEqual([0xf2, 0xf3, 0xef, 255]);
    expect(rgbaPixel('#abc')).toBe(rgbaPixel('#aabbcc'));
    expect(rgbaPixel('rgb(1, 2, 3)')).toBeNull();
  });
});
