import { afterEach, describe, expect, it, vi } from 'vitest';
import { toDisplay } from '../geo/projection';
import { emptySession } from './session';
import { TileSet } from './tiles';
import { rect, shown, tileAt } from './tiles.test-helper';
import { rgbaPixel } from './veil-raster';
import { setVeilMask, sourceTile, veilRaster, veilTile } from './veil';

const COLOUR = '#f2f3ef';

describe('the filter veil drawn in the worker', () => {
  // Three parcels west to east; fid 1 is the wide one in the middle.
  const parcels = [rect(560000, 3095000, 100, 100), rect(560200, 3095000, 200, 100), rect(560500, 3095050, 50, 50)];
  const set = new TileSet('k', { parcels: () => parcels.map(shown) });
  const [lon, lat] = toDisplay(parcels[1]!).coordinates[0]![0]! as [number, number];
  const [x, y] = tileAt(lon, lat, 14);

  it('draws a tile from itself up to the deepest cut zoom, and from its ancestor there beyond it', () => {
    expect(sourceTile(14, 100, 200)).toEqual({ z: 14, x: 100, y: 200, scale: 1 / 4096, dx: -0, dy: -0 });
    // z18 under the z16 cut: x 403 = 100·4 + 3 → the ancestor's x 100, this tile 3 quarters right.
    expect(sourceTile(18, 403, 801)).toEqual({ z: 16, x: 100, y: 200, scale: 4 / 4096, dx: -3, dy: -1 });
  });

  it('rasterises a tile once into parcel ids per pixel, and keeps it', () => {
    const r = veilRaster(set, 14, x, y, 1)!;
    expect(r.side).toBe(512);
    expect(Array.from(r.fids).sort()).toEqual([0, 1, 2]);
    // Every parcel owns pixels; fid 1 (the wide one) the most.
    const owned = [0, 1, 2].map((fid) => r.pixels.filter((v) => v !== 0 && r.fids[v - 1] === fid).length);
    expect(owned.every((n) => n > 0)).toBe(true);
    expect(owned[1]).toBeGreaterThan(Math.max(owned[0]!, owned[2]!));
    expect(veilRaster(set, 14, x, y, 1)).toBe(r);
    expect(veilRaster(set, 14, x, y, 2)!.side).toBe(1024);
  });

  describe('veil tiles', () => {
    afterEach(() => {
      vi.unstubAllGlobals();
      setVeilMask({ key: 'k', mask: null, colour: COLOUR });
    });

    it('are empty with no mask, for another dataset, or where no parcel is veiled', () => {
      const session = { ...emptySession(), tiles: set };
      expect(veilTile(session, { key: 'k', z: 14, x, y })).toEqual({ ok: true, value: null });
      setVeilMask({ key: 'k', mask: Uint8Array.of(1, 1, 1), colour: COLOUR });
      expect(veilTile(session, { key: 'k', z: 14, x, y })).toEqual({ ok: true, value: null });
      setVeilMask({ key: 'other', mask: new Uint8Array(3), colour: COLOUR });
      expect(veilTile(session, { key: 'k', z: 14, x, y })).toEqual({ ok: true, value: null });
      expect(veilTile({ ...emptySession() }, { key: 'k', z: 14, x, y })).toEqual({ ok: true, value: null });
    });

    it('are the veiled parcels\' pixels in the veil colour, opaque, at the tile pixel ratio', () => {
      const puts: { data: Uint32Array; size: number }[] = [];
      class FakeCanvas {
        constructor(readonly width: number, readonly height: number) {}
        getContext() {
          const size = this.width;
          return { putImageData: (img: { data: Uint8ClampedArray }) => void puts.push({ data: new Uint32Array(img.data.slice().buffer), size }) };
        }
        transferToImageBitmap() {
          return { bitmap: this.width };
        }
      }
      class FakeImageData {
        constructor(readonly data: Uint8ClampedArray, readonly width: number, readonly height: number) {}
      }
      vi.stubGlobal('OffscreenCanvas', FakeCanvas);
      vi.stubGlobal('ImageData', FakeImageData);
      const session = { ...emptySession(), tiles: set };
      setVeilMask({ key: 'k', mask: Uint8Array.of(1, 0, 1), colour: COLOUR });
      expect(veilTile(session, { key: 'k', z: 14, x, y, ratio: 2 })).toEqual({ ok: true, value: { bitmap: 1024 } });
      expect(veilTile(session, { key: 'k', z: 14, x, y })).toEqual({ ok: true, value: { bitmap: 512 } });
      expect(puts.map((p) => p.size)).toEqual([1024, 512]);
      // Exactly fid 1's pixels are veiled, in the colour; the rest are transparent.
      const r = veilRaster(set, 14, x, y, 1)!;
      const veil = rgbaPixel(COLOUR)!;
      const data = puts[1]!.data;
      let wrong = 0, veiled = 0;
      for (let p = 0; p < data.length; p++) {
        const want = r.pixels[p] !== 0 && r.fids[r.pixels[p]! - 1] === 1 ? veil : 0;
        if (data[p] !== want) wrong++;
        if (want) veiled++;
      }
      expect(wrong).toBe(0);
      expect(veiled).toBeGreaterThan(0);
      expect(veilTile(session, { key: 'k', z: 1.5, x, y }).ok).toBe(false);
    });
  });
});
