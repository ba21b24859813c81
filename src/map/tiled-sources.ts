/**
 * Pointing a tiled source (parcels, buildings) at a dataset's tiles in the analysis worker, under a new
 * generation of its URL (`tenglong://<key>@<n>/…`) so that MapLibre fetches every tile again, and once more,
 * as soon as every tile is in (or at the next idle), if a tile may have kept an older URL's bytes
 * (tile-generation.ts). `done` may come a little early when a tile is in twice (old bytes re-parsed, then a
 * fetch of the new URL still on its way: MapLibre counts it as loaded); the last bytes in are still the new ones.
 */
import type { Map as MapLibreMap, MapSourceDataEvent, VectorTileSource } from 'maplibre-gl';
import { noteTilesShown } from './data-source';
import { holdPaint } from './paint-hold';
import { nextTileGeneration, noteTilesSettled, staleTileDelivered } from './tile-generation';
import { NO_DATASET_KEY, TILED_SOURCES, tileUrl, type SourceId } from './style';

/** The asking under way per source: a newer one replaces it (its URL would otherwise come back at the next idle). */
const asking = new Map<SourceId, () => void>();

/**
 * Asks every tile of tiled `source` under a new URL of the dataset whose tiles are `key` (null: none, no
 * tiles). `done` runs once all of them are in. `hold`: the map paints nothing new meanwhile (paint-hold.ts).
 * Returns a function that stops waiting.
 */
export function askTiles(map: MapLibreMap, source: SourceId, key: string | null, done?: () => void, hold = false): () => void {
  asking.get(source)?.();
  noteTilesShown(source, key);
  const request = () => void map.getSource<VectorTileSource>(source)?.setTiles([tileUrl(`${key ?? NO_DATASET_KEY}@${nextTileGeneration(source, !map.isSourceLoaded(source))}`, source)]);
  const release = hold ? holdPaint(map) : () => undefined;
  const stop = () => {
    release();
    map.off('sourcedata', loaded);
    map.off('idle', finish);
    if (asking.get(source) === stop) asking.delete(source);
  };
  const finish = () => {
    // A newer asking started while this event was being dispatched (MapLibre calls the listeners it had).
    if (asking.get(source) !== stop) return;
    if (staleTileDelivered(source)) {
      performance.mark(`tenglong:${source}-tiles-again`);
      return request();
    }
    stop();
    done?.();
  };
  // A tile of the new URL came in and none is missing (the source's own 'metadata' event comes first,
  // while the old tiles still count as loaded: it carries no tile). An idle map has every tile, too.
  const loaded = (e: MapSourceDataEvent) => void (e.sourceId === source && e.tile && map.isSourceLoaded(source) && finish());
  asking.set(source, stop);
  request();
  map.on('sourcedata', loaded);
  map.on('idle', finish);
  return stop;
}

/** Notes, for the whole life of `map`, each time a tiled source has every tile in (tile-generation.ts). */
export function watchTilesSettled(map: MapLibreMap): void {
  map.on('sourcedata', (e: MapSourceDataEvent) => {
    if (e.tile && TILED_SOURCES.has(e.sourceId as SourceId) && map.isSourceLoaded(e.sourceId)) noteTilesSettled(e.sourceId);
  });
}
