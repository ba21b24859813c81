import { describe, expect, it } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { ParcelPicture } from './picture';
import { PicturePalette, RAMP_MAX_KEYS } from './picture-colours';
import { LAYERS, PICTURE_SOURCE } from './style';
import type { PictureColoursRequest } from '../worker/protocol';

/** A map recording what picture.ts asks of it; `tilesIn` fires the event of the new tiles all in. */
function fakeMap() {
  const ramps: unknown[] = [];
  const urls: string[] = [];
  const handlers: Record<string, Set<(e: unknown) => void>> = {};
  const map = {
    setPaintProperty: (layer: string, name: string, value: unknown) => void (layer === LAYERS.parcelsPicture && name === 'color-relief-color' && ramps.push(value)),
    getSource: (id: string) => ({ setTiles: (tiles: string[]) => void (id === PICTURE_SOURCE && urls.push(tiles[0]!)) }),
    on: (type: string, fn: (e: unknown) => void) => void (handlers[type] ??= new Set()).add(fn),
    off: (type: string, fn: (e: unknown) => void) => void handlers[type]?.delete(fn),
    isSourceLoaded: () => true,
  };
  const tilesIn = () => [...(handlers['sourcedata'] ?? [])].forEach((fn) => fn({ sourceId: PICTURE_SOURCE, tile: {} }));
  return { map: map as unknown as MapLibreMap, ramps, urls, tilesIn };
}

describe('the parcel picture on the map', () => {
  it('sends the distinct codes with their pixels (none before an analysis: every parcel grey) and sets the ramp at once', () => {
    const m = fakeMap();
    const sent: PictureColoursRequest[] = [];
    const picture = new ParcelPicture(m.map, 5, 'k', (r) => void sent.push(r));
    picture.show(null, 'class');
    expect(sent[0]!.codes).toBeNull();
    expect(sent[0]!.pixels).toHaveLength(1);
    expect(m.ramps).toHaveLength(1);
    expect(m.urls[0]).toMatch(/^tenglong:\/\/k~picture@1\//);
    picture.show(Float64Array.of(12, 40), 'class');
    expect([...sent[1]!.codes!]).toEqual([12, 40]);
    expect(sent[1]!.pixels).toHaveLength(2);
    expect(m.ramps).toHaveLength(2); // keys only added: the old tiles keep their colours under it
    picture.setMode('tax');
    expect(m.ramps).toHaveLength(3);
  });

  it('when the keys are given out again, no ramp before the new tiles are in, even across a second show or a colouring change', () => {
    const m = fakeMap();
    const palette = new PicturePalette();
    const sent: PictureColoursRequest[] = [];
    const picture = new ParcelPicture(m.map, 5, 'k', (r) => void sent.push(r), palette);
    picture.show(Float64Array.from({ length: 10 }, (_, i) => i), 'class');
    expect(sent.at(-1)!.keepUnlisted).toBe(true);
    m.tilesIn();
    const before = m.ramps.length;
    // Codes that no longer fit one ramp with the old ones: the palette starts again.
    picture.show(Float64Array.from({ length: RAMP_MAX_KEYS - 5 }, (_, i) => 1000 + i), 'class');
    expect(palette.restarted).toBe(true);
    expect(sent.at(-1)!.keepUnlisted).toBe(false); // the old tiles' keys mean other colours now
    picture.show(Float64Array.from({ length: RAMP_MAX_KEYS - 5 }, (_, i) => 1000 + i), 'class');
    picture.setMode('tax');
    expect(m.ramps).toHaveLength(before);
    m.tilesIn();
    expect(m.ramps).toHaveLength(before + 1);
    picture.setMode('class');
    expect(m.ramps).toHaveLength(before + 2);
  });
});
