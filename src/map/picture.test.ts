import { describe, expect, it } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { ParcelPicture } from './picture';
import { codePixels } from './picture-colours';
import { PICTURE_SOURCE } from './style';
import type { PictureColoursRequest } from '../worker/protocol';

/** A map recording what picture.ts asks of it; `tilesIn` fires the event of the new tiles all in. */
function fakeMap() {
  const paints: unknown[] = [];
  const urls: string[] = [];
  const handlers: Record<string, Set<(e: unknown) => void>> = {};
  const map = {
    setPaintProperty: (...args: unknown[]) => void paints.push(args),
    getSource: (id: string) => ({ setTiles: (tiles: string[]) => void (id === PICTURE_SOURCE && urls.push(tiles[0]!)) }),
    on: (type: string, fn: (e: unknown) => void) => void (handlers[type] ??= new Set()).add(fn),
    off: (type: string, fn: (e: unknown) => void) => void handlers[type]?.delete(fn),
    isSourceLoaded: () => true,
  };
  const tilesIn = () => [...(handlers['sourcedata'] ?? [])].forEach((fn) => fn({ sourceId: PICTURE_SOURCE, tile: {} }));
  return { map: map as unknown as MapLibreMap, paints, urls, tilesIn };
}

describe('the parcel picture on the map', () => {
  it('sends the distinct codes with their colours (none before an analysis: every parcel grey) and asks for new tiles, no paint change', () => {
    const m = fakeMap();
    const sent: PictureColoursRequest[] = [];
    const picture = new ParcelPicture(m.map, 5, 'k', (r) => void sent.push(r));
    let done = 0;
    picture.show(null, 'class', () => done++);
    expect(sent[0]!.codes).toBeNull();
    expect([...sent[0]!.pixels]).toEqual([...codePixels(new Float64Array(1), 'class')]);
    expect(m.urls[0]).toMatch(/^tenglong:\/\/k~picture@1\//);
    m.tilesIn();
    expect(done).toBe(1);
    picture.show(Float64Array.of(12, 40), 'class');
    expect([...sent[1]!.codes!]).toEqual([12, 40]);
    expect([...sent[1]!.pixels]).toEqual([...codePixels(Float64Array.of(12, 40), 'class')]);
    // A colouring change: the same codes in its colours, under a new URL.
    picture.setMode('tax');
    expect([...sent[2]!.pixels]).toEqual([...codePixels(Float64Array.of(12, 40), 'tax')]);
    expect(m.urls.map((u) => /@(\d+)\//.exec(u)![1])).toEqual(['1', '2', '3']);
    picture.setMode('tax');
    expect(sent).toHaveLength(3); // the colouring shown: nothing to do
    expect(m.paints).toEqual([]);
  });

  it('with a worker that answers the colours, asks for the tiles only once it has drawn them; a newer change meanwhile wins', async () => {
    const m = fakeMap();
    const answers: (() => void)[] = [];
    const picture = new ParcelPicture(m.map, 5, 'k', () => new Promise<void>((resolve) => answers.push(resolve)));
    let first = 0, second = 0;
    picture.show(Float64Array.of(1, 2), 'class', () => first++);
    expect(m.urls).toHaveLength(0); // the map untouched while the worker draws
    picture.setMode('tax', () => second++);
    answers[0]!();
    await Promise.resolve();
    expect(m.urls).toHaveLength(0); // the older change's answer asks for nothing
    answers[1]!();
    await Promise.resolve();
    expect(m.urls).toHaveLength(1);
    m.tilesIn();
    expect([first, second]).toEqual([0, 1]);
  });
});
