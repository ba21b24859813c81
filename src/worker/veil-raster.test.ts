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

/** Whether a ring's edges meet the box [x0, x1] × [y0, y1] (Liang–Barsky clipping of each edge). */
function crosses(ring: Ring, x0: number, y0: number, x1: number, y1: number): boolean {
  for (let i = 0; i + 3 < ring.length; i += 2) {
    const [ax, ay, bx, by] = [ring[i]!, ring[i + 1]!, ring[i + 2]!, ring[i + 3]!];
    let t0 = 0, t1 = 1;
    const dx = bx - ax, dy = by - ay;
    const clip = (p: number, q: number) => {
      if (p === 0) return q >= 0;
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      return t0 <= t1;
    };
    if (clip(-dx, ax - x0) && clip(dx, x1 - ax) && clip(-dy, ay - y0) && clip(dy, y1 - ay)) return true;
  }
  return false;
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

  /** Checks raster `r` of `polys` pixel by pixel against the exact winding and edge-crossing answers; returns the counts. */
  function checkPixels(r: ReturnType<typeof rasteriseFids>, polys: typeof polygons): { inside: number; outline: number } {
    const u = 4096 / side;
    let inside = 0, outline = 0;
    for (let py = 0; py < side; py++) {
      for (let px = 0; px < side; px++) {
        const got = r.pixels[py * side + px]!;
        const at = polys.findIndex((p) => winding(p.rings, (px + 0.5) * u, (py + 0.5) * u) !== 0);
        if (at >= 0) {
          expect(got, `pixel ${px},${py}`).toBe(at + 1);
          inside++;
          continue;
        }
        // Outside every parcel: an outline's pixel only if that parcel's edge touches the pixel (closed square);
        // any edge through the pixel's open square claims it.
        const touches = (i: number, e: number) => polys[i]!.rings.some((ring) => crosses(ring, px * u - e, py * u - e, (px + 1) * u + e, (py + 1) * u + e));
        if (got !== 0) {
          expect(touches(got - 1, 1e-6), `pixel ${px},${py} given to parcel ${got - 1} whose outline misses it`).toBe(true);
          outline++;
        } else {
          expect(polys.some((_, i) => touches(i, -1e-6)), `pixel ${px},${py} left free with an outline through it`).toBe(false);
        }
      }
    }
    return { inside, outline };
  }

  it('gives each pixel the parcel its centre lies in, exactly (no antialiasing blends), and free pixels to the outline crossing them', () => {
    const r = rasteriseFids(tile, side, 1 / 4096, 0, 0);
    expect(Array.from(r.fids)).toEqual([7, 3, 11, 12]);
    const { inside, outline } = checkPixels(r, polygons);
    expect(inside).toBeGreaterThan(500);
    expect(outline).toBeGreaterThan(50);
    // The sliver (narrower than a pixel: no pixel centre inside) is still drawn, by its outline.
    expect(r.pixels.includes(3)).toBe(true);
  });

  it('marks the pixels of an edge that starts and ends far outside the tile (only the part inside is walked)', () => {
    // A sliver thousands of tiles long, crossing the tile diagonally: its outline is all that shows.
    const long = [{ id: 5, rings: [closed([-4e6, -4e6 + 300, 4e6, 4e6 + 300, 4e6 + 40, 4e6 + 300])] }];
    const r = rasteriseFids(tileOf(long), side, 1 / 4096, 0, 0);
    const { outline } = checkPixels(r, long);
    expect(outline).toBeGreaterThan(side);
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
