import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toDisplay } from '../geo/projection';
import { emptySession } from './session';
import type { AnalysisRun } from '../analysis/run';
import { shapesOfFeatures } from './parcel-shapes';
import { dispatch } from './handlers';
import type { Handlers } from './protocol';
import { TileSet } from './tiles';
import { rect, shown, tileAt } from './tiles.test-helper';
import { rasteriseShapes } from './veil-raster';
import { rasteriseViewAhead, setVeilMask, veilRaster, veilTile } from './veil';

vi.mock('./veil-raster', async (importOriginal) => {
  const real = await importOriginal<typeof import('./veil-raster')>();
  return { ...real, rasteriseShapes: vi.fn(real.rasteriseShapes) };
});

describe('the view\'s veil rasters made ahead (veil-ahead)', () => {
  const parcels = [rect(560000, 3095000, 100, 100), rect(560200, 3095000, 200, 100)];
  const [lon, lat] = toDisplay(parcels[1]!).coordinates[0]![0]! as [number, number];
  const [x, y] = tileAt(lon, lat, 11);
  beforeEach(() => {
    vi.useFakeTimers();
    vi.mocked(rasteriseShapes).mockClear();
  });
  afterEach(() => vi.useRealTimers());

  it('rasterises the tiles in view once the worker has been idle a moment, so a filter then finds them made', () => {
    const set = new TileSet('ahead', { parcels: () => parcels.map(shown) });
    const session = { ...emptySession(), tiles: set };
    expect(rasteriseViewAhead(session, { key: 'ahead', tiles: [[11, x, y], [11, x + 1, y]], ratio: 1 })).toEqual({ ok: true, value: null });
    expect(rasteriseShapes).not.toHaveBeenCalled(); // not in the request's own task
    vi.runAllTimers();
    // The tile with parcels was rasterised; the empty one has nothing to rasterise.
    expect(rasteriseShapes).toHaveBeenCalledTimes(1);
    const made = veilRaster(set, 11, x, y, 1);
    expect(made).not.toBeNull();
    expect(rasteriseShapes).toHaveBeenCalledTimes(1); // kept, not made again
  });

  it('then cuts the parcels\' tile index down to the view\'s tiles, one per task, so the first zoom-in does not wait for every level', () => {
    const set = new TileSet('warm', { parcels: () => parcels.map(shown) });
    const cut = vi.spyOn(set, 'rawTile');
    const session = { ...emptySession(), tiles: set };
    const [x12, y12] = tileAt(lon, lat, 12);
    rasteriseViewAhead(session, { key: 'warm', tiles: [[12, x12, y12], [12, x12 + 1, y12]], ratio: 1 });
    vi.advanceTimersToNextTimer();
    vi.advanceTimersToNextTimer();
    // The view's rasters are made (one tile holds parcels), from the parcels' own rings: the index is not cut yet.
    expect(rasteriseShapes).toHaveBeenCalledTimes(1);
    expect(cut).not.toHaveBeenCalled();
    vi.advanceTimersToNextTimer();
    expect(cut).toHaveBeenCalledTimes(1);
    vi.advanceTimersToNextTimer();
    expect(cut).toHaveBeenCalledTimes(2);
    expect(cut.mock.calls.map((c) => c.slice(1))).toEqual([[12, x12 + 1, y12], [12, x12, y12]]);
    expect(cut.mock.results[1]!.value?.features.length).toBe(2);
    // The district's view (raster tiles at 11, map zoom ~10.7) is not cut: that waits for a view nearer the parcel tiles.
    rasteriseViewAhead(session, { key: 'warm', tiles: [[11, x, y]], ratio: 1 });
    vi.runAllTimers();
    expect(cut).toHaveBeenCalledTimes(2);
  });

  it('draws from the shapes the tile set came with, and indexes the parcels for tiles only once the view\'s rasters are made and the worker is quiet', async () => {
    const source = vi.fn(() => parcels.map(shown));
    const set = new TileSet('lazy', { parcels: source }, shapesOfFeatures(parcels.map(shown)));
    const session = { ...emptySession(), tiles: set, run: {} as AnalysisRun };
    expect(veilRaster(set, 11, x, y, 1)).not.toBeNull();
    expect(source).not.toHaveBeenCalled(); // the load and the first pictures leave the index alone
    rasteriseViewAhead(session, { key: 'lazy', tiles: [[11, x, y + 1]], ratio: 1 });
    vi.advanceTimersToNextTimer();
    vi.advanceTimersByTime(1900);
    expect(source).not.toHaveBeenCalled();
    // Any request meanwhile (here a colouring, through the worker's dispatch) puts it off.
    await dispatch({ id: 1, kind: 'picture-colours', payload: {} as never }, { 'picture-colours': async () => ({ ok: true, value: null }) } as unknown as Handlers);
    vi.advanceTimersByTime(1900);
    expect(source).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(source).toHaveBeenCalledTimes(1);
    vi.runAllTimers();
    expect(set.rawTile('parcels', 11, x, y)?.features.length).toBe(2);
    expect(source).toHaveBeenCalledTimes(1);
  });

  it('leaves the index alone before the first analysis, and for a dataset the view was not of', () => {
    const source = vi.fn(() => parcels.map(shown));
    const set = new TileSet('now', { parcels: source }, shapesOfFeatures(parcels.map(shown)));
    const session = { ...emptySession(), tiles: set };
    rasteriseViewAhead(session, { key: 'now', tiles: [[11, x, y]], ratio: 1 });
    vi.runAllTimers();
    expect(source).not.toHaveBeenCalled(); // no analysis yet
    const old = new TileSet('old', { parcels: vi.fn(() => parcels.map(shown)) }, shapesOfFeatures(parcels.map(shown)));
    const swapped = { ...emptySession(), tiles: old, run: {} as AnalysisRun };
    rasteriseViewAhead(swapped, { key: 'old', tiles: [[11, x, y]], ratio: 1 });
    vi.advanceTimersToNextTimer(); // the old view's raster
    swapped.tiles = set; // a new dataset comes in before the quiet time is over
    vi.runAllTimers();
    expect(source).not.toHaveBeenCalled();
  });

  it('ignores another dataset\'s tiles and coordinates that are no tile', () => {
    const set = new TileSet('mine', { parcels: () => parcels.map(shown) });
    const session = { ...emptySession(), tiles: set };
    rasteriseViewAhead(session, { key: 'theirs', tiles: [[11, x, y]], ratio: 1 });
    rasteriseViewAhead(session, { key: 'mine', tiles: [[11.5, x, y], [-1, 0, 0], [30, 0, 0]], ratio: 1 });
    vi.runAllTimers();
    expect(rasteriseShapes).not.toHaveBeenCalled();
  });

  it('draws the view\'s veil tiles when a mask comes, and hands each out once when MapLibre asks', () => {
    const drawn: number[] = [];
    class FakeCanvas {
      constructor(readonly width: number, readonly height: number) {}
      getContext() {
        return { putImageData: () => void drawn.push(this.width) };
      }
      transferToImageBitmap() {
        return { bitmap: drawn.length, close() {} };
      }
    }
    class FakeImageData {
      constructor(readonly data: Uint8ClampedArray, readonly width: number, readonly height: number) {}
    }
    vi.stubGlobal('OffscreenCanvas', FakeCanvas);
    vi.stubGlobal('ImageData', FakeImageData);
    try {
      const set = new TileSet('drawn', { parcels: () => parcels.map(shown) });
      const session = { ...emptySession(), tiles: set };
      rasteriseViewAhead(session, { key: 'drawn', tiles: [[11, x, y]], ratio: 1 });
      setVeilMask({ key: 'drawn', mask: Uint8Array.of(0, 1), colour: '#f2f3ef' }, session);
      expect(drawn).toEqual([512]); // drawn with the mask, before any tile request
      expect(veilTile(session, { key: 'drawn', z: 11, x, y })).toEqual({ ok: true, value: expect.objectContaining({ bitmap: 1 }) });
      expect(drawn).toEqual([512]); // the one drawn ahead, not a second drawing
      expect(veilTile(session, { key: 'drawn', z: 11, x, y })).toEqual({ ok: true, value: expect.objectContaining({ bitmap: 2 }) });
      // Another mask: nothing left from the first one is handed out.
      setVeilMask({ key: 'drawn', mask: null, colour: '#f2f3ef' }, session);
      expect(veilTile(session, { key: 'drawn', z: 11, x, y })).toEqual({ ok: true, value: null });
    } finally {
      vi.unstubAllGlobals();
      vi.runAllTimers();
    }
  });
});
