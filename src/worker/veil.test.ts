import { afterEach, describe, expect, it, vi } from 'vitest';
import { toDisplay } from '../geo/projection';
import { emptySession } from './session';
import { TileSet } from './tiles';
import { rect, shown, tileAt } from './tiles.test-helper';
import { setVeilMask, sourceTile, traceVeiled, veilTile, type PathSink } from './veil';


/** Records a traced path: one list of points per ring. */
function recorder(): PathSink & { rings: [number, number][][] } {
  const rings: [number, number][][] = [];
  return {
    rings,
    moveTo: (x, y) => void rings.push([[x, y]]),
    lineTo: (x, y) => void rings.at(-1)!.push([x, y]),
    closePath: () => {},
  };
}

const COLOUR = '#f2f3ef';

describe('the filter veil drawn in the worker', () => {
  // Three parcels west to east; fid 1 is the wide one in the middle.
  const parcels = [rect(560000, 3095000, 100, 100), rect(560200, 3095000, 200, 100), rect(560500, 3095050, 50, 50)];
  const set = new TileSet('k', { parcels: () => parcels.map(shown) });
  const index = (set as unknown as { prepare(l: string): void; indexes: Map<string, { getTileRaw(z: number, x: number, y: number): never }> });
  index.prepare('parcels');
  const [lon, lat] = toDisplay(parcels[1]!).coordinates[0]![0]! as [number, number];
  const [x, y] = tileAt(lon, lat, 14);
  const raw = index.indexes.get('parcels')!.getTileRaw(14, x, y);

  it('draws a tile from itself up to the deepest cut zoom, and from its ancestor there beyond it', () => {
    expect(sourceTile(14, 100, 200)).toEqual({ z: 14, x: 100, y: 200, scale: 1 / 4096, dx: -0, dy: -0 });
    // z18 under the z16 cut: x 403 = 100·4 + 3 → the ancestor's x 100, this tile 3 quarters right.
    expect(sourceTile(18, 403, 801)).toEqual({ z: 16, x: 100, y: 200, scale: 4 / 4096, dx: -3, dy: -1 });
  });

  it('traces exactly the parcels the mask veils (mask 0), each ring once, where the parcel lies', () => {
    const all = recorder();
    expect(traceVeiled(raw, new Uint8Array(3), all, 1 / 4096, 0, 0)).toBe(3);
    expect(all.rings).toHaveLength(3);
    const one = recorder();
    expect(traceVeiled(raw, Uint8Array.of(1, 0, 1), one, 1 / 4096, 0, 0)).toBe(1);
    expect(one.rings).toHaveLength(1);
    const xs = (rings: [number, number][][]) => rings.flat().map((p) => p[0]);
    // fid 1 lies between fid 0 and fid 2: its ring is inside the span of the three, away from both ends.
    expect(Math.min(...xs(one.rings))).toBeGreaterThan(Math.min(...xs(all.rings)));
    expect(Math.max(...xs(one.rings))).toBeLessThan(Math.max(...xs(all.rings)));
    expect(traceVeiled(raw, Uint8Array.of(1, 1, 1), recorder(), 1 / 4096, 0, 0)).toBe(0);
  });

  it('a deeper tile is its ancestor scaled and shifted', () => {
    const parent = recorder();
    traceVeiled(raw, Uint8Array.of(1, 0, 1), parent, 1 / 4096, 0, 0);
    const child = recorder();
    traceVeiled(raw, Uint8Array.of(1, 0, 1), child, 2 / 4096, -1, 0);
    expect(child.rings[0]).toEqual(parent.rings[0]!.map(([px, py]) => [2 * px - 1, 2 * py]));
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

    it('fill the veiled parcels once, in the veil colour, at the tile pixel ratio', () => {
      const fills: { style: unknown; size: number }[] = [];
      class FakeCanvas {
        constructor(readonly width: number, readonly height: number) {}
        getContext() {
          const size = this.width;
          return {
            fillStyle: '' as unknown,
            setTransform() {}, beginPath() {}, moveTo() {}, lineTo() {}, closePath() {},
            fill() {
              fills.push({ style: this.fillStyle, size });
            },
          };
        }
        transferToImageBitmap() {
          return { bitmap: this.width };
        }
      }
      vi.stubGlobal('OffscreenCanvas', FakeCanvas);
      const session = { ...emptySession(), tiles: set };
      setVeilMask({ key: 'k', mask: Uint8Array.of(1, 0, 1), colour: COLOUR });
      expect(veilTile(session, { key: 'k', z: 14, x, y, ratio: 2 })).toEqual({ ok: true, value: { bitmap: 1024 } });
      expect(veilTile(session, { key: 'k', z: 14, x, y })).toEqual({ ok: true, value: { bitmap: 512 } });
      expect(fills).toEqual([{ style: COLOUR, size: 1024 }, { style: COLOUR, size: 512 }]);
      expect(veilTile(session, { key: 'k', z: 1.5, x, y }).ok).toBe(false);
    });
  });
});
