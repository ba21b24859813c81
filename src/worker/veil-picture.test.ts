import { afterEach, describe, expect, it, vi } from 'vitest';
import { toDisplay } from '../geo/projection';
import { codeCounts } from '../map/parcel-codes';
import { PICTURE_KEY_SUFFIX } from './protocol';
import { emptySession } from './session';
import { TileSet } from './tiles';
import { rect, shown, tileAt } from './tiles.test-helper';
import { setPictureColours, veilRaster, veilTile } from './veil';

// A file of its own: the worker keeps its tile canvases, made here from the stub below.
describe('the parcel picture drawn in the worker', () => {
  const parcels = [rect(560000, 3095000, 100, 100), rect(560200, 3095000, 200, 100), rect(560500, 3095050, 50, 50)];
  const [lon, lat] = toDisplay(parcels[1]!).coordinates[0]![0]! as [number, number];
  const [x, y] = tileAt(lon, lat, 14);
  afterEach(() => vi.unstubAllGlobals());

it('draw the picture: each parcel in the pixel the page gives its code (the tiles\' codes; one pixel before an analysis)', () => {
    const puts: Uint32Array[] = [];
    vi.stubGlobal('OffscreenCanvas', class {
      constructor(readonly width: number, readonly height: number) {}
      getContext() {
        return { putImageData: (img: { data: Uint8ClampedArray }) => void puts.push(new Uint32Array(img.data.slice().buffer)) };
      }
      transferToImageBitmap() {
        return {};
      }
    });
    vi.stubGlobal('ImageData', class {
      constructor(readonly data: Uint8ClampedArray) {}
    });
    const tiles = new TileSet('p', { parcels: () => parcels.map(shown) });
    const session = { ...emptySession(), tiles, layers: { parcels: [{}, {}, {}] } as never };
    const picture = { key: `p${PICTURE_KEY_SUFFIX}`, z: 14, x, y };
    const r = veilRaster(tiles, 14, x, y, 1)!;
    const drawn = () => {
      puts.length = 0;
      veilTile(session, picture);
      const data = puts[0]!;
      const byFid = new Map<number, Set<number>>();
      for (let p = 0; p < data.length; p++) if (r.pixels[p]) (byFid.get(r.fids[r.pixels[p]! - 1]!) ?? byFid.set(r.fids[r.pixels[p]! - 1]!, new Set()).get(r.fids[r.pixels[p]! - 1]!)!).add(data[p]!);
      return [0, 1, 2].map((fid) => [...(byFid.get(fid) ?? [])]);
    };
    // Before an analysis: every parcel in one pixel (grey), whatever codes the worker has already.
    setPictureColours({ key: 'p', codes: null, pixels: Uint32Array.of(0xff000007), keepUnlisted: true }, session);
    expect(drawn()).toEqual([[0xff000007], [0xff000007], [0xff000007]]);
    const codes = Float64Array.of(12, 40, 12);
    tiles.setParcelCodes(codes, {});
    setPictureColours({ key: 'p', codes: null, pixels: Uint32Array.of(0xff000007), keepUnlisted: true }, session);
    expect(drawn()).toEqual([[0xff000007], [0xff000007], [0xff000007]]);
    // The tiles' codes: fids 0 and 2 share one; the page lists the distinct ones with their pixels.
    expect([...codeCounts(codes).codes]).toEqual([12, 40]);
    setPictureColours({ key: 'p', codes: Float64Array.of(12, 40), pixels: Uint32Array.of(0xff000001, 0xff000002), keepUnlisted: true }, session);
    expect(drawn()).toEqual([[0xff000001], [0xff000002], [0xff000001]]);
    // A code the page does not list (a newer run's) keeps its parcels' pixels; another dataset's colours change nothing.
    setPictureColours({ key: 'p', codes: Float64Array.of(40), pixels: Uint32Array.of(0xff000003), keepUnlisted: true }, session);
    setPictureColours({ key: 'other', codes: Float64Array.of(12), pixels: Uint32Array.of(0xff000009), keepUnlisted: true }, session);
    expect(drawn()).toEqual([[0xff000001], [0xff000003], [0xff000001]]);
    // Keys given out again (keepUnlisted false): an unlisted parcel's old pixel may mean another colour, so it is not drawn.
    setPictureColours({ key: 'p', codes: Float64Array.of(40), pixels: Uint32Array.of(0xff000004), keepUnlisted: false }, session);
    expect(drawn()).toEqual([[0], [0xff000004], [0]]); // 0: a transparent pixel
  });
});
