import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AnalysisClient } from '../worker/client';

type Handler = (params: { url: string }, abort: AbortController) => Promise<{ data: unknown }>;
const handlers: Handler[] = [];
vi.mock('maplibre-gl', () => ({ addProtocol: (_: string, fn: Handler) => void handlers.push(fn) }));

const { NoVeilTile, parseVeilUrl, registerTileProtocol, reportMapError } = await import('./data-source');
const { NO_DATASET_KEY, NO_VEIL_URL, pictureUrl, veilUrl } = await import('./style');
const { askVeilTiles } = await import('./tile-generation');

const asked: string[] = [];
const worker = { request: async (type: string) => (asked.push(type), { ok: true, value: null }) } as unknown as AnalysisClient;
registerTileProtocol(() => worker);
const serve = (template: string) => handlers[0]!({ url: template.replace('{z}/{x}/{y}{ratio}', '11/1706/850') }, new AbortController());

describe('the tile protocol', () => {
  afterEach(() => {
    asked.length = 0;
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
