/**
 * Painting the parcels. The engine's colouring codes are PROPERTIES of the parcel tiles: the worker bakes
 * the latest analysis into every parcel tile it encodes (parcel-codes.ts parcelTileProps, worker/tiles.ts),
 * and after each analysis the page asks for the tiles again under a new URL (`showAnalysisTiles`; MapLibre
 * keeps drawing the old tiles until the new ones are in). Each colouring is its own fill layer with a
 * FIXED data-driven expression (style.ts), all built and switched by a constant `fill-opacity`: a
 * constant paint change is a repaint, while changing an expression, a layout property or visibility
 * makes MapLibre re-parse every tile of the source (style.ts _updateLayer → reload).
 *
 * Feature-state is kept for what changes per parcel without an analysis: the filter veil `out` (written
 * only for the parcels whose membership changed) and `selected`. MapLibre re-evaluates every
 * feature-state-dependent layer of a bucket for each changed feature and re-uploads every paint array of
 * that bucket, so the veil is ONE layer in a bucket of its own (style.ts), drawn only while something is
 * veiled. Measured at 100k parcels (headless Chromium, SwiftShader, 2 cores at load 7–11, same conditions
 * before and after): with the colourings as feature-state a change among the six not always built took
 * 5–13 s to idle (a reload re-applying all state, long tasks up to 5 s) and a 50 % filter 2.3 s; baked
 * into the tiles every colouring change is one repaint with no long task (0.1–1.6 s at district zoom, as
 * long as a repaint with no change at that load: 0.3–0.9 s) and a 50 % filter 0.5–0.7 s.
 * Always `{ ...PARCEL_TARGET, id: fid }`: the data path decides where parcel state lives.
 */
import type { GeoJSONSource, Map as MapLibreMap, MapSourceDataEvent, VectorTileSource } from 'maplibre-gl';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { COLOUR_MODES, type ColourMode, type MapLayerToggle, type MapLayerVisibility } from './bands';
import { nextTileGeneration, staleTileDelivered } from './tile-generation';
import { PARCEL_TARGET } from './parcel-target';
import { BUILDINGS_OPACITY, LAYERS, modeLayerId, PARCEL_OPACITY, SELECTION_SOURCE, tileUrl, TOGGLE_LAYERS } from './style';

/**
 * Parcels per chunk of feature-state writes (one chunk per frame). Each frame that applies feature-state
 * pays a cost that barely depends on the chunk (measured at 100k: 100k in one task, next frame 1.1 s;
 * in 20k chunks, 6.2 s over five frames of up to 1.9 s), so a write is one chunk up to this size.
 */
export const CHUNK = 200_000;

/**
 * Points the parcel source at new tiles of the dataset whose tiles are `key`: the worker encodes them
 * with its latest analysis' codes; a new generation in the URL makes MapLibre fetch every parcel tile
 * again, drawing the old ones meanwhile. `done` runs once all of them are in — asked for once more when
 * a tile of an older URL was still loading (MapLibre would keep its old bytes). Returns a function that
 * stops waiting (a newer analysis replaces this one).
 */
export function showAnalysisTiles(map: MapLibreMap, key: string, done?: () => void): () => void {
  const request = () => void map.getSource<VectorTileSource>('parcels')?.setTiles([tileUrl(`${key}@${nextTileGeneration()}`, 'parcels')]);
  const stop = () => {
    map.off('sourcedata', loaded);
    map.off('idle', finish);
  };
  const finish = () => {
    if (staleTileDelivered()) {
      performance.mark('tenglong:paint-tiles-again');
      return request();
    }
    stop();
    done?.();
  };
  // A tile of the new URL came in and none is missing (the source's own 'metadata' event comes first,
  // while the old tiles still count as loaded: it carries no tile). An idle map has every tile, too.
  const loaded = (e: MapSourceDataEvent) => void (e.sourceId === 'parcels' && e.tile && map.isSourceLoaded('parcels') && finish());
  request();
  map.on('sourcedata', loaded);
  map.on('idle', finish);
  return stop;
}

/** Schedules `fn` for the next frame; returns a function that cancels it. */
export type Schedule = (fn: () => void) => () => void;
export const nextFrame: Schedule = (fn) => {
  const id = requestAnimationFrame(fn);
  return () => cancelAnimationFrame(id);
};

/**
 * Runs `step(from, to)` over [0, n) in chunks of `chunk`, the first at once and then one per frame; calls
 * `done` after the last. Returns a function that stops it (the steps already run stay done).
 */
export function inChunks(n: number, step: (from: number, to: number) => void, done?: () => void, schedule: Schedule = nextFrame, chunk = CHUNK): () => void {
  let cancelled = false;
  let cancelNext: (() => void) | null = null;
  const run = (from: number) => {
    cancelNext = null;
    if (cancelled) return;
    const to = Math.min(n, from + chunk);
    step(from, to);
    if (to < n) cancelNext = schedule(() => run(to));
    else done?.();
  };
  run(0);
  return () => {
    cancelled = true;
    cancelNext?.();
  };
}

const OUT = { out: true } as const;
const IN = { out: false } as const;

/**
 * The filter veil of one dataset on one map, written in chunks; a newer write replaces one in progress.
 * `shownOut` is what the map holds, so a diff is always against the map.
 */
export class ParcelPainter {
  private readonly shownOut: Uint8Array;
  private cancel: (() => void) | null = null;

  private veilShown = false;

  constructor(readonly map: MapLibreMap, readonly count: number, private readonly schedule: Schedule = nextFrame, private readonly chunk = CHUNK) {
    this.shownOut = new Uint8Array(count);
  }

  /**
   * Veils the parcels outside `mask` (1 = in; null = no filter: none veiled), writing only the changes.
   * With none veiled the veil layer is not drawn at all (a constant `fill-layer-opacity` 0: its per-parcel
   * opacity is data-driven, so MapLibre would otherwise rasterise every parcel a second time each frame).
   */
  writeFilter(mask: Uint8Array | null, done?: () => void): void {
    const changed = diffFids(this.count, (fid) => this.shownOut[fid]!, (fid) => (mask !== null && mask[fid] === 0 ? 1 : 0));
    const veil = mask !== null && mask.includes(0);
    if (veil !== this.veilShown) {
      this.veilShown = veil;
      this.map.setPaintProperty(LAYERS.parcelsDim, 'fill-layer-opacity', veil ? 1 : 0);
    }
    this.cancel?.();
    this.cancel = null;
    let finished = false;
    // One target and two states for every call (MapLibre copies them): 100k calls make no garbage.
    const target = { ...PARCEL_TARGET, id: 0 };
    const cancel: () => void = inChunks(changed.length, (from, to) => {
      for (let i = from; i < to; i++) {
        const fid = changed[i]!;
        const out = this.shownOut[fid] === 0;
        this.shownOut[fid] = out ? 1 : 0;
        target.id = fid;
        this.map.setFeatureState(target, out ? OUT : IN);
      }
    }, () => {
      finished = true;
      this.cancel = null;
      done?.();
    }, this.schedule, this.chunk);
    // A write done in its first chunk has finished already.
    this.cancel = finished ? null : cancel;
  }

  /** Whether a chunked write is still in progress. */
  get busy(): boolean {
    return this.cancel !== null;
  }

  /** Stops the write in progress. */
  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }
}

/** The fids whose value differs between `shown` and `wanted`, ascending. */
export function diffFids(n: number, shown: (fid: number) => number, wanted: (fid: number) => number): Int32Array {
  const out = new Int32Array(n);
  let k = 0;
  for (let fid = 0; fid < n; fid++) if (shown(fid) !== wanted(fid)) out[k++] = fid;
  return out.subarray(0, k);
}

/** Shows colouring `mode` without changing any expression: a constant opacity per layer (a repaint). */
export function showColourMode(map: MapLibreMap, mode: ColourMode): void {
  for (const m of COLOUR_MODES) map.setPaintProperty(modeLayerId(m), 'fill-opacity', m === mode ? PARCEL_OPACITY : 0);
  map.setPaintProperty(LAYERS.parcelsComputed, 'line-layer-opacity', mode === 'class' ? 1 : 0);
}

/**
 * Switches the reference layers. Small sources (block lines, parks, 镇街) by visibility — a reload of a
 * few hundred features; buildings (hundreds of thousands) by constant opacity, which never re-tiles.
 */
export function showLayers(map: MapLibreMap, visible: MapLayerVisibility): void {
  for (const [toggle, ids] of Object.entries(TOGGLE_LAYERS) as [MapLayerToggle, readonly string[]][]) {
    const on = visible[toggle];
    for (const id of ids) {
      if (!map.getLayer(id)) continue;
      if (toggle === 'buildings') map.setPaintProperty(id, 'fill-opacity', on ? BUILDINGS_OPACITY : 0);
      else map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
    }
  }
}

/** The centre of parcel `fid`'s box, or null when it has none. */
export function parcelCentre(parcelBounds: Float64Array, fid: number): [number, number] | null {
  const o = fid * 4;
  if (fid < 0 || o + 3 >= parcelBounds.length) return null;
  const [w, s, e, n] = [parcelBounds[o]!, parcelBounds[o + 1]!, parcelBounds[o + 2]!, parcelBounds[o + 3]!];
  if (![w, s, e, n].every(Number.isFinite)) return null;
  return [(w + e) / 2, (s + n) / 2];
}

/** The selection's marker points: the parcel itself, then its enterprise's other parcels (`kind: 'sibling'`). */
export function selectionPoints(parcelBounds: Float64Array, selected: number | null, siblings: readonly number[]): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  const add = (fid: number, kind: 'selected' | 'sibling') => {
    const centre = parcelCentre(parcelBounds, fid);
    if (centre) features.push({ type: 'Feature', id: fid, properties: { fid, kind }, geometry: { type: 'Point', coordinates: centre } });
  };
  if (selected !== null) {
    add(selected, 'selected');
    for (const fid of siblings) add(fid, 'sibling');
  }
  return { type: 'FeatureCollection', features };
}

/**
 * Moves the selection: feature-state `selected` (the outline), the marker at the parcel's centre and a
 * smaller ring on each other parcel of the same enterprise (the card lists them). Points in a tiny
 * GeoJSON source: no per-parcel state, no tile reload.
 */
export function showSelection(map: MapLibreMap, previous: number | null, next: number | null, parcelBounds: Float64Array, siblings: readonly number[] = []): void {
  if (previous !== null) map.setFeatureState({ ...PARCEL_TARGET, id: previous }, { selected: false });
  if (next !== null) map.setFeatureState({ ...PARCEL_TARGET, id: next }, { selected: true });
  map.getSource<GeoJSONSource>(SELECTION_SOURCE)?.setData(selectionPoints(parcelBounds, next, siblings));
}

/** Forgets every parcel's feature-state (a new dataset: its fids mean other parcels). */
export function clearParcelState(map: MapLibreMap): void {
  map.removeFeatureState({ ...PARCEL_TARGET });
}
