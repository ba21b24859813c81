import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AnalysisClient } from '../worker/client';

type Handler = (params: { url: string }, abort: AbortController) => Promise<{ data: unknown }>;
const handlers: Handler[] = [];
vi.mock('maplibre-gl', () => ({ addProtocol: (_: string, fn: Handler) => void handlers.push(fn) }));

const { NoVeilTile, noteTilesShown, parseVeilUrl, registerTileProtocol, reportMapError } = await import('./data-source');
const { NO_DATASET_KEY, NO_VEIL_URL, pictureUrl, veilUrl } = await import('./style');
const { askVeilTiles, nextTileGeneration, noteTilesSettled, staleTileDelivered } = await import('./tile-generation');

const asked: string[] = [];
const payloads: unknown[] = [];
const worker = { request: async (type: string, payload: unknown) => (asked.push(type), payloads.push(payload), { ok: true, value: null }) } as unknown as AnalysisClient;
registerTileProtocol(() => worker);
const serve = (template: string) => handlers[0]!({ url: template.replace('{z}/{x}/{y}{ratio}', '11/1706/850') }, new AbortController());

describe('the tile protocol', () => {
  afterEach(() => {
    asked.length = 0;
    payloads.length = 0;
    vi.restoreAllMocks();
  });

  it('has no tile for the hidden veil (MapLibre draws none), without the worker', async () => {
    await expect(serve(veilUrl(NO_DATASET_KEY, 0))).rejects.toBeInstanceOf(NoVeilTile);
    expect(asked).toEqual([]);
  });

  it('answers the picture of no dataset and the parcel tiles of none with empty tiles, without the worker', async () => {
    const picture = await serve(pictureUrl(NO_DATASET_KEY, 0));
    expect((picture.data as ArrayBuffer).byteLength).toBe(0);
    const parcels = await handlers[0]!({ url: `tenglong://${NO_DATASET_KEY}/parcels/11/1706/850` }, new AbortController());
    expect((parcels.data as ArrayBuffer).byteLength).toBe(0);
    expect(asked).toEqual([]);
    // A dataset's picture goes to the worker.
    await serve(pictureUrl('abc', 1));
    expect(asked).toEqual(['veil-tile']);
  });

  it('answers a tile asked under the no-dataset URL after a dataset\'s was set from that dataset, and only for its layers', async () => {
    const none = (layer: string) => handlers[0]!({ url: `tenglong://${NO_DATASET_KEY}/${layer}/9/427/214` }, new AbortController());
    noteTilesShown('parcels', 'abc-1');
    noteTilesShown('buildings', null);
    await none('parcels');
    expect(asked).toEqual(['tile']);
    expect(payloads.at(-1)).toEqual({ key: 'abc-1', layer: 'parcels', z: 9, x: 427, y: 214 });
    // A dataset without buildings: its building source names none, and none has no tiles.
    expect(((await none('buildings')).data as ArrayBuffer).byteLength).toBe(0);
    expect(asked).toEqual(['tile']);
    // No dataset shown: empty again.
    noteTilesShown('parcels', null);
    expect(((await none('parcels')).data as ArrayBuffer).byteLength).toBe(0);
    expect(asked).toEqual(['tile']);
  });

  it('notes every parcel tile it answers: one still on its way as the URL changes makes the new generation stale, unless it was redirected to the tiles shown now', async () => {
    const none = () => handlers[0]!({ url: `tenglong://${NO_DATASET_KEY}/parcels/9/427/214` }, new AbortController());
    noteTilesShown('parcels', null);
    noteTilesSettled('parcels');
    await none(); // empty, before any dataset
    nextTileGeneration('parcels', true); // the dataset's URL, that tile not in yet
    expect(staleTileDelivered('parcels')).toBe(true);
    noteTilesSettled('parcels');
    nextTileGeneration('parcels', true);
    expect(staleTileDelivered('parcels')).toBe(false);
    // Asked under no dataset's URL and answered from the dataset shown now: of the generation asked for now.
    noteTilesShown('parcels', 'abc-1');
    await none();
    expect(asked).toEqual(['tile']);
    expect(staleTileDelivered('parcels')).toBe(false);
    // A tile of the generation before, answered after: stale.
    await handlers[0]!({ url: 'tenglong://abc-1@1/parcels/9/427/214' }, new AbortController());
    expect(staleTileDelivered('parcels')).toBe(true);
    noteTilesShown('parcels', null);
  });

  it('answers a tile of a filter the map no longer asks for: no tile once hidden, blank under another filter', async () => {
    askVeilTiles(veilUrl('abc', 2));
    expect(((await serve(veilUrl('abc', 1))).data as ArrayBuffer).byteLength).toBe(0);
    expect(asked).toEqual([]);
    askVeilTiles(NO_VEIL_URL);
    await expect(serve(veilUrl('abc', 2))).rejects.toBeInstanceOf(NoVeilTile);
    expect(asked).toEqual([]);
  });

  it('reads veil URLs only', () => {
    expect(parseVeilUrl('tenglong://abc@3/veil/12/3400/1700@2x')).toEqual({ key: 'abc', z: 12, x: 3400, y: 1700, ratio: 2 });
    expect(parseVeilUrl('tenglong://abc@3/parcels/12/3400/1700')).toBeNull();
  });

  it('passes the hidden veil\'s failures over and logs any other map error, as MapLibre does with no handler', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    reportMapError({ error: new NoVeilTile() });
    expect(log).not.toHaveBeenCalled();
    const other = new Error('a style error');
    reportMapError({ error: other });
    expect(log).toHaveBeenCalledWith(other);
  });
});
