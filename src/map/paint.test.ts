import { describe, expect, it } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { COLOUR_MODES, ALL_LAYERS_ON } from './bands';
import { ParcelPainter, parcelCentre, showColourMode, showLayers, selectionPoints, showSelection } from './paint';
import { generationOf, isVeilAsked, noteTileAnswered, noteTilesSettled } from './tile-generation';
import { askTiles, watchTilesSettled } from './tiled-sources';
import { PARCEL_TARGET } from './parcel-target';
import { DIM_COLOUR, LAYERS, modeLayerId, PARCEL_OPACITY, SELECTION_SOURCE, TOGGLE_LAYERS, VEIL_SOURCE } from './style';
import type { VeilMaskRequest } from '../worker/protocol';

interface Call { fn: string; args: unknown[] }
/** A map that records the calls paint.ts makes. */
function fakeMap() {
  const calls: Call[] = [];
  const states = new Map<number, Record<string, unknown>>();
  const layouts = new Map<string, Record<string, unknown>>();
  const sourceTiles: Record<string, string[] | undefined> = {};
  const record = (fn: string) => (...args: unknown[]) => void calls.push({ fn, args });
  const map = {
    setFeatureState: (target: { id: number; source: string; sourceLayer?: string }, state: Record<string, unknown>) => {
      calls.push({ fn: 'setFeatureState', args: [{ ...target }, state] }); // as MapLibre, which copies them
      states.set(target.id, { ...states.get(target.id), ...state });
    },
    setPaintProperty: record('setPaintProperty'),
    setLayoutProperty: (id: string, name: string, value: unknown) => {
      calls.push({ fn: 'setLayoutProperty', args: [id, name, value] });
      layouts.set(id, { ...layouts.get(id), [name]: value });
    },
    // A layer's layout as the style left it (nothing said) until set.
    getLayoutProperty: (id: string, name: string) => layouts.get(id)?.[name],
    getLayer: () => ({}),
    getSource: (id: string) => ({
      tiles: sourceTiles[id],
      setData: (data: unknown) => calls.push({ fn: 'setData', args: [id, data] }),
      setTiles: (tiles: string[]) => {
        sourceTiles[id] = tiles;
        calls.push({ fn: 'setTiles', args: [id, tiles] });
      },
    }),
    removeFeatureState: record('removeFeatureState'),
    on: (type: string, fn: (e: unknown) => void) => void (handlers[type] ??= new Set()).add(fn),
    off: (type: string, fn: (e: unknown) => void) => void handlers[type]?.delete(fn),
    isSourceLoaded: () => sourceLoaded.value,
    isMoving: () => false,
    loaded: () => false,
    triggerRepaint: () => undefined,
  };
  const handlers: Record<string, Set<(e: unknown) => void>> = {};
  const sourceLoaded = { value: true };
  const fire = (type: string, e: unknown = {}) => [...(handlers[type] ?? [])].forEach((fn) => fn(e));
  return { map: map as unknown as MapLibreMap, calls, states, fire, sourceLoaded, handlers };
}

describe('the filter veil: raster tiles drawn by the worker from the mask', () => {
  const setup = (n = 10) => {
    const m = fakeMap();
    const sent: VeilMaskRequest[] = [];
    const painter = new ParcelPainter(m.map, n, 'abc', (req) => void sent.push(req));
    // What the new painter did first (hide a veil shown before: the URL with no tiles), then from a clean record.
    const made = m.calls.splice(0);
    const veilTiles = () => m.calls.filter((c) => c.fn === 'setTiles' && c.args[0] === VEIL_SOURCE).map((c) => (c.args[1] as string[])[0]!);
    const opacities = () => m.calls.filter((c) => c.fn === 'setPaintProperty').map((c) => c.args);
    return { ...m, sent, painter, veilTiles, opacities, made };
  };

  it('a new painter hides the veil a dataset shown before left (the URL with no tiles), once, and never changes its opacity', () => {
    const { made, map, calls } = setup();
    expect(made).toEqual([{ fn: 'setTiles', args: [VEIL_SOURCE, ['tenglong://none@0/veil/{z}/{x}/{y}{ratio}']] }]);
    // The next dataset's painter: the source is hidden already, not asked again.
    new ParcelPainter(map, 10, 'def', () => undefined);
    expect(calls.filter((c) => c.fn === 'setTiles')).toEqual([]);
  });

  it('sends the mask, asks every veil tile again under a new URL once the worker has drawn the view (no paint change: one frame)', () => {
    const { painter, sent, veilTiles, opacities, fire, sourceLoaded, handlers } = setup();
    const mask = new Uint8Array(10).fill(1);
    mask[2] = 0;
    let done = 0;
    painter.writeFilter(mask, () => done++);
    expect(sent).toEqual([{ key: 'abc', mask, colour: DIM_COLOUR }]);
    expect(sent[0]!.mask).not.toBe(mask); // a copy: the store keeps its own
    const [first] = veilTiles();
    expect(first).toMatch(/^tenglong:\/\/abc@1\/veil\/\{z\}\/\{x\}\/\{y\}\{ratio\}$/);
    expect(painter.busy).toBe(true);
    sourceLoaded.value = false;
    fire('sourcedata', { sourceId: 'parcels', tile: {} });
    fire('sourcedata', { sourceId: VEIL_SOURCE });
    fire('sourcedata', { sourceId: VEIL_SOURCE, tile: {} });
    fire('sourcedata', { sourceId: VEIL_SOURCE, tile: {} });
    expect(done).toBe(0);
    sourceLoaded.value = true;
    fire('sourcedata', { sourceId: VEIL_SOURCE, tile: {} });
    expect(done).toBe(1);
    expect(painter.busy).toBe(false);
    expect(opacities()).toEqual([]);
    expect((handlers['sourcedata']?.size ?? 0) + (handlers['idle']?.size ?? 0)).toBe(0);
    // The next filter: another URL, the veil stays shown meanwhile.
    painter.writeFilter(new Uint8Array(10), () => done++);
    expect(veilTiles()[1]).toMatch(/^tenglong:\/\/abc@2\//);
    fire('idle');
    expect(done).toBe(2);
    expect(opacities()).toEqual([]);
  });

  it('clears at once: the source pointed at the URL with no tiles, the worker told; a filter keeping every parcel veils nothing', () => {
    const { painter, sent, veilTiles, opacities, fire } = setup();
    const mask = new Uint8Array(10);
    painter.writeFilter(mask);
    fire('idle');
    let done = 0;
    painter.writeFilter(null, () => done++);
    expect(done).toBe(1);
    expect(opacities()).toEqual([]);
    // The cleared veil's tiles are not kept: the next filter shows the veil with its own first tile.
    expect(veilTiles()).toEqual([expect.stringMatching(/^tenglong:\/\/abc@1\//), 'tenglong://none@0/veil/{z}/{x}/{y}{ratio}']);
    expect(sent.at(-1)).toMatchObject({ key: 'abc', mask: null });
    painter.writeFilter(new Uint8Array(10).fill(1), () => done++);
    expect(done).toBe(2);
    expect(veilTiles()).toHaveLength(2);
    expect(opacities()).toEqual([]);
  });

  it('a filter cleared before its first tile came hides the source too (its tiles would show under the next filter)', () => {
    const { painter, veilTiles, opacities, fire } = setup();
    painter.writeFilter(new Uint8Array(10));
    painter.writeFilter(null);
    expect(veilTiles()).toEqual([expect.stringMatching(/^tenglong:\/\/abc@1\//), 'tenglong://none@0/veil/{z}/{x}/{y}{ratio}']);
    fire('sourcedata', { sourceId: VEIL_SOURCE, tile: {} }); // a late tile of the cleared filter
    expect(opacities()).toEqual([]);
    // The cleared filter's tiles still coming are answered blank (data-source.ts): only the hidden URL is asked for.
    expect(isVeilAsked('tenglong://abc@1/veil/12/3400/1700')).toBe(false);
    expect(isVeilAsked('tenglong://none@0/veil/12/3400/1700')).toBe(true);
    painter.writeFilter(new Uint8Array(10));
    expect(isVeilAsked('tenglong://abc@2/veil/12/3400/1700@2x')).toBe(true);
    expect(isVeilAsked('tenglong://abc@1/veil/12/3400/1700')).toBe(false);
    expect(isVeilAsked('tenglong://abc@20/veil/12/3400/1700')).toBe(false);
  });

  it('with a worker that answers the mask, asks for the tiles only once it has drawn them; a newer filter meanwhile wins', async () => {
    const m = fakeMap();
    const answers: (() => void)[] = [];
    const painter = new ParcelPainter(m.map, 10, 'abc', () => new Promise<void>((resolve) => answers.push(resolve)));
    m.calls.splice(0); // the new painter's hidden veil
    const veilTiles = () => m.calls.filter((c) => c.fn === 'setTiles' && c.args[0] === VEIL_SOURCE);
    let first = 0, second = 0;
    painter.writeFilter(new Uint8Array(10), () => first++);
    expect(veilTiles()).toHaveLength(0); // the map untouched while the worker draws
    expect(painter.busy).toBe(true);
    painter.writeFilter(new Uint8Array(10).fill(1).fill(0, 3), () => second++);
    answers[0]!();
    await Promise.resolve();
    expect(veilTiles()).toHaveLength(0); // the older filter's answer asks for nothing
    answers[1]!();
    await Promise.resolve();
    expect(veilTiles()).toHaveLength(1);
    m.fire('idle');
    expect([first, second]).toEqual([0, 1]);
    expect(painter.busy).toBe(false);
  });

  it('a newer filter replaces one whose tiles are still coming; a mask of another dataset is no filter', () => {
    const { painter, veilTiles, fire } = setup();
    let first = 0, second = 0;
    painter.writeFilter(new Uint8Array(10), () => first++);
    painter.writeFilter(new Uint8Array(10).fill(1).fill(0, 5), () => second++);
    fire('idle');
    expect([first, second]).toEqual([0, 1]);
    expect(veilTiles()).toHaveLength(2);
    let third = 0;
    painter.writeFilter(new Uint8Array(4), () => third++);
    expect(third).toBe(1);
    expect(veilTiles()).toHaveLength(3);
    expect(veilTiles()[2]).toMatch(/^tenglong:\/\/none@0\//);
  });
});

describe('a new analysis: the parcel tiles asked for again', () => {
  const tilesOf = (calls: Call[]) => calls.filter((c) => c.fn === 'setTiles').map((c) => (c.args[1] as string[])[0]!);

  it('points the parcels at a new tile URL of the dataset and is done when a new tile is in and none is missing', () => {
    const { map, calls, fire, sourceLoaded, handlers } = fakeMap();
    let done = 0;
    askTiles(map, 'parcels', 'abc', () => done++);
    const [url] = tilesOf(calls);
    expect(url).toMatch(/^tenglong:\/\/abc@\d+\/parcels\/\{z\}\/\{x\}\/\{y\}$/);
    fire('sourcedata', { sourceId: 'parcels' }); // the source's metadata: old tiles still count as loaded
    sourceLoaded.value = false;
    fire('sourcedata', { sourceId: 'parcels', tile: {} });
    expect(done).toBe(0);
    sourceLoaded.value = true;
    fire('sourcedata', { sourceId: 'buildings', tile: {} });
    expect(done).toBe(0);
    fire('sourcedata', { sourceId: 'parcels', tile: {} });
    expect(done).toBe(1);
    expect((handlers['sourcedata']?.size ?? 0) + (handlers['idle']?.size ?? 0)).toBe(0);
    // The next analysis: another URL.
    askTiles(map, 'parcels', 'abc');
    expect(new Set(tilesOf(calls)).size).toBe(2);
  });

  it('asks once more when a tile of an older URL was delivered meanwhile (MapLibre would keep its bytes)', () => {
    const { map, calls, fire } = fakeMap();
    let done = 0;
    askTiles(map, 'parcels', 'k', () => done++);
    noteTileAnswered('parcels', generationOf('tenglong://k/parcels/10/1/2')); // requested before the analysis, delivered after
    fire('idle');
    expect(done).toBe(0);
    expect(tilesOf(calls)).toHaveLength(2);
    noteTileAnswered('parcels', generationOf(tilesOf(calls)[1]!.replace('{z}/{x}/{y}', '10/1/2')));
    fire('idle');
    expect(done).toBe(1);
  });

  it('asks once more when a tile answered before the new URL may still be on its way (MapLibre re-parses it for the new URL)', () => {
    const { map, calls, fire, sourceLoaded } = fakeMap();
    watchTilesSettled(map);
    noteTilesSettled('parcels');
    // The empty tiles of no dataset were answered; one is still loading as the dataset's URL is set.
    noteTileAnswered('parcels', 0);
    sourceLoaded.value = false;
    let done = 0;
    askTiles(map, 'parcels', 'k', () => done++);
    sourceLoaded.value = true;
    fire('sourcedata', { sourceId: 'parcels', tile: {} });
    expect(done).toBe(0);
    expect(tilesOf(calls)).toHaveLength(2);
    // That source was settled when the URL changed again: the new tiles' answers are of it.
    noteTileAnswered('parcels', generationOf(tilesOf(calls)[1]!));
    fire('sourcedata', { sourceId: 'parcels', tile: {} });
    expect(done).toBe(1);
    expect(tilesOf(calls)).toHaveLength(2);
  });

  it('does not ask again for a loading tile when nothing was answered since the source had every tile (its answer will be of the new URL)', () => {
    const { map, calls, fire, sourceLoaded } = fakeMap();
    watchTilesSettled(map);
    noteTileAnswered('parcels', 0);
    fire('sourcedata', { sourceId: 'parcels', tile: {} }); // every tile in: the answer was used
    sourceLoaded.value = false;
    let done = 0;
    askTiles(map, 'parcels', 'k', () => done++);
    sourceLoaded.value = true;
    fire('idle');
    expect([done, tilesOf(calls).length]).toEqual([1, 1]);
  });

  it('a newer dataset\'s tiles replace the asking of an older one: its URL does not come back at the next idle', () => {
    const { map, calls, fire } = fakeMap();
    let older = 0;
    askTiles(map, 'parcels', 'old', () => older++);
    noteTileAnswered('parcels', 0); // stale: the older asking would ask again at the idle
    askTiles(map, 'parcels', 'new');
    askTiles(map, 'buildings', 'new');
    fire('idle');
    expect(older).toBe(0);
    const parcels = calls.filter((c) => c.fn === 'setTiles' && c.args[0] === 'parcels').map((c) => (c.args[1] as string[])[0]!);
    expect(parcels.every((u, i) => u.startsWith(i === 0 ? 'tenglong://old@' : 'tenglong://new@'))).toBe(true);
    expect(calls.filter((c) => c.fn === 'setTiles' && c.args[0] === 'buildings').map((c) => (c.args[1] as string[])[0]!)).toEqual([expect.stringMatching(/^tenglong:\/\/new@\d+\/buildings\//)]);
  });

  it('an older asking does nothing once a newer one started in the same event (MapLibre calls the listeners it had)', () => {
    const { map, calls, fire } = fakeMap();
    let older = 0;
    map.on('idle', () => void askTiles(map, 'parcels', 'new'));
    askTiles(map, 'parcels', 'old', () => older++);
    noteTileAnswered('parcels', 0); // stale: the older asking would ask for its URL again
    fire('idle');
    expect(older).toBe(0);
    expect((calls.filter((c) => c.fn === 'setTiles').at(-1)!.args[1] as string[])[0]).toMatch(/^tenglong:\/\/new@/);
  });

  it('names no dataset\'s tiles when there is none', () => {
    const { map, calls } = fakeMap();
    askTiles(map, 'buildings', null);
    expect((calls.at(-1)!.args[1] as string[])[0]).toMatch(/^tenglong:\/\/none@\d+\/buildings\//);
  });

  it('stops waiting when replaced', () => {
    const { map, fire } = fakeMap();
    let done = 0;
    const stop = askTiles(map, 'parcels', 'k', () => done++);
    stop();
    fire('idle');
    expect(done).toBe(0);
  });
});

describe('switching without reloading', () => {
  it('changes the colouring without any expression or layout change: a constant opacity per colouring layer', () => {
    for (const mode of COLOUR_MODES) {
      const { map, calls } = fakeMap();
      showColourMode(map, mode);
      expect(calls.every((c) => c.fn === 'setPaintProperty' && typeof c.args[2] === 'number')).toBe(true);
      for (const m of COLOUR_MODES) {
        expect(calls.find((c) => c.args[0] === modeLayerId(m))!.args).toEqual([modeLayerId(m), 'fill-opacity', m === mode ? PARCEL_OPACITY : 0]);
      }
      const computed = calls.find((c) => c.args[0] === LAYERS.parcelsComputed)!;
      expect(computed.args).toEqual([LAYERS.parcelsComputed, 'line-layer-opacity', mode === 'class' ? 1 : 0]);
    }
  });

  it('switches buildings by constant opacity and the small layers by visibility, only where it changes', () => {
    const { map, calls } = fakeMap();
    showLayers(map, { ...ALL_LAYERS_ON, buildings: false, 'blocklines-2': false });
    const building = calls.find((c) => c.args[0] === 'buildings-fill')!;
    expect(building.fn).toBe('setPaintProperty');
    expect(building.args).toEqual(['buildings-fill', 'fill-opacity', 0]);
    for (const id of TOGGLE_LAYERS['blocklines-2']) expect(calls.find((c) => c.args[0] === id)!.args).toEqual([id, 'visibility', 'none']);
    // A layer already shown (the style's default) is not told again: MapLibre would reload its source.
    expect(calls.filter((c) => c.fn === 'setLayoutProperty').map((c) => c.args[0])).toEqual([...TOGGLE_LAYERS['blocklines-2']]);
    calls.length = 0;
    showLayers(map, { ...ALL_LAYERS_ON, parks: false });
    expect(calls.filter((c) => c.fn === 'setLayoutProperty').map((c) => c.args)).toEqual([
      ...TOGGLE_LAYERS['blocklines-2'].map((id) => [id, 'visibility', 'visible']),
      ...TOGGLE_LAYERS.parks.map((id) => [id, 'visibility', 'none']),
    ]);
  });

  it('moves the selection outline and puts the marker at the parcel box centre', () => {
    const { map, calls } = fakeMap();
    const bounds = Float64Array.from([0, 0, 1, 1, 120.5, 27.9, 120.7, 28.1]);
    showSelection(map, 0, 1, bounds);
    expect(calls.filter((c) => c.fn === 'setFeatureState').map((c) => c.args)).toEqual([[{ ...PARCEL_TARGET, id: 0 }, { selected: false }], [{ ...PARCEL_TARGET, id: 1 }, { selected: true }]]);
    const data = calls.find((c) => c.fn === 'setData')!.args;
    expect(data[0]).toBe(SELECTION_SOURCE);
    const [lon, lat] = (data[1] as { features: { geometry: { coordinates: number[] } }[] }).features[0]!.geometry.coordinates;
    expect(lon).toBeCloseTo(120.6, 9);
    expect(lat).toBeCloseTo(28, 9);
    expect(parcelCentre(Float64Array.from([NaN, NaN, NaN, NaN]), 0)).toBeNull();
    expect(parcelCentre(bounds, 5)).toBeNull();
    calls.length = 0;
    showSelection(map, 1, null, bounds);
    expect((calls.find((c) => c.fn === 'setData')!.args[1] as { features: unknown[] }).features).toEqual([]);
  });

  it("rings the enterprise's other parcels beside the selected one, and none without a selection", () => {
    const bounds = Float64Array.from([0, 0, 2, 2, 10, 10, 12, 12, NaN, NaN, NaN, NaN]);
    const points = selectionPoints(bounds, 0, [1, 2]);
    expect(points.features.map((f) => [f.properties!['kind'], f.geometry.coordinates])).toEqual([['selected', [1, 1]], ['sibling', [11, 11]]]);
    expect(selectionPoints(bounds, null, [1]).features).toEqual([]);
  });
});
