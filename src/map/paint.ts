/**
 * Painting the parcels. The engine's colouring codes are PROPERTIES of the parcel tiles: the worker bakes
 * the latest analysis into every parcel tile it encodes (parcel-codes.ts parcelTileProps, worker/tiles.ts),
 * and after each analysis the page asks for the tiles again under a new URL (tiled-sources.ts `askTiles`; MapLibre
 * keeps drawing the old tiles until the new ones are in). Each colouring is its own fill layer with a
 * FIXED data-driven expression (style.ts), all built and switched by a constant `fill-opacity`: a
 * constant paint change is a repaint, while changing an expression, a layout property or visibility
 * makes MapLibre re-parse every tile of the source (style.ts _updateLayer → reload).
 *
 * Feature-state is kept for the selection only. The filter veil used to be feature-state `out` on a veil
 * layer of its own (MapLibre re-evaluates and re-uploads a bucket's paint arrays for every changed feature):
 * at 100k parcels a 50 % filter took 0.5–0.7 s at load ~5 and 5.2 s to idle in bench:browser at load ~16–25.
 * It is now raster tiles the analysis worker draws from the mask (worker/veil.ts, ParcelPainter below):
 * no per-parcel state in MapLibre at all, a filter change is the visible veil tiles drawn in the worker
 * and their textures uploaded. Same machine and build otherwise, 5 class filters in a row, load 5–11:
 * filter → new veil on the map, median 0.88 s at district zoom (10.7), 0.19 s at zoom 14; to idle 1.6 s /
 * 0.63 s (feature-state: 1.4 s / 0.56 s to idle, with main-thread long tasks up to 1.1 s / 0.6 s; now none
 * after the first filter); clearing hides the veil in 20–50 ms.
 * Each veil tile is now a lookup in per-pixel parcel ids the worker keeps per tile (worker/veil-raster.ts),
 * not a path drawn per filter; and below zoom 13 the parcels themselves are such a picture (picture.ts).
 * Always `{ ...PARCEL_TARGET, id: fid }`: the data path decides where parcel state lives.
 */
import type { GeoJSONSource, Map as MapLibreMap, MapSourceDataEvent, RasterTileSource } from 'maplibre-gl';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { COLOUR_MODES, type ColourMode, type MapLayerToggle, type MapLayerVisibility } from './bands';
import { askVeilTiles } from './tile-generation';
import { PARCEL_TARGET } from './parcel-target';
import { BUILDINGS_OPACITY, DIM_COLOUR, LAYERS, modeLayerId, NO_VEIL_URL, PARCEL_OPACITY, SELECTION_SOURCE, TOGGLE_LAYERS, VEIL_SOURCE, veilUrl } from './style';
import type { VeilMaskRequest } from '../worker/protocol';

/** Asks every tile of raster `source` again under `url`; `done` runs once the new ones are all in. Returns a stop. */
export function askTilesAgain(map: MapLibreMap, source: string, url: string, done: () => void): () => void {
  const stop = () => {
    map.off('sourcedata', loaded);
    map.off('idle', finish);
  };
  const finish = () => {
    stop();
    done();
  };
  // As in tiled-sources.ts askTiles: a tile of the source came in and none is missing, or the map is idle.
  const loaded = (e: MapSourceDataEvent) => {
    if (e.sourceId === source && e.tile && map.isSourceLoaded(source)) finish();
  };
  map.getSource<RasterTileSource>(source)?.setTiles([url]);
  map.on('sourcedata', loaded);
  map.on('idle', finish);
  return stop;
}

/**
 * Sends the worker the veil's mask (worker/veil.ts); the veil tiles asked for after it are drawn from it.
 * A promise settles once the worker has drawn the view's veil tiles (they are then asked for).
 */
export type SendVeilMask = (req: VeilMaskRequest) => Promise<unknown> | void;


/**
 * The filter veil of one dataset on one map: raster tiles the analysis worker draws from the filter mask
 * (worker/veil.ts), so MapLibre holds no per-parcel state for it. A filter sends the mask, and once the worker
 * has drawn the view's tiles from it, points the veil source at a new URL (a new generation: every tile
 * asked again, the view's answered at once). The veil's opacity never changes: MapLibre draws a paint
 * change in two frames (its style update marks the style changed again), a first filter took a frame more.
 * While hidden, the source's URL (`none`) has no tiles (data-source.ts), so nothing is drawn: a filter shows
 * the veil with its first new tile, in the frame that draws it. A veil already shown keeps its old tiles
 * until the new ones are in. Clearing points the source at `none` again: the shown tiles go when their
 * reloads fail, a moment later (answered in the page, no worker), not in the same task as an opacity did.
 * The mask goes before the tiles are asked for, and the worker answers in order, so every new tile is drawn
 * from it.
 */
export class ParcelPainter {
  private cancel: (() => void) | null = null;
  private generation = 0;

  /** `tilesKey` names the dataset's tiles (null: the dataset has none, nothing is veiled). */
  constructor(readonly map: MapLibreMap, readonly count: number, private readonly tilesKey: string | null, private readonly sendMask: SendVeilMask) {
    // The veil of a dataset shown before is not this one's.
    this.hide();
  }

  /** Veils the parcels outside `mask` (1 = in; null = no filter: none veiled); `done` once the map has the new veil. */
  writeFilter(mask: Uint8Array | null, done?: () => void): void {
    this.stop();
    const key = this.tilesKey;
    if (key === null || mask === null || mask.length !== this.count || !mask.includes(0)) {
      // Hidden even when not shown yet: a filter cleared before its first tile leaves its tiles coming.
      this.hide();
      if (key !== null) this.sendMask({ key, mask: null, colour: DIM_COLOUR });
      done?.();
      return;
    }
    // A copy: the store's mask stays the page's.
    const sent = this.sendMask({ key, mask: mask.slice(), colour: DIM_COLOUR });
    const ask = () => {
      performance.mark('tenglong:paint-filter-answered');
      // Shown with its first tile, in the frame that draws it.
      const url = veilUrl(key, ++this.generation);
      askVeilTiles(url);
      this.cancel = askTilesAgain(this.map, VEIL_SOURCE, url, () => {
        this.cancel = null;
        done?.();
      });
    };
    if (!sent) return ask();
    // The map is not touched until the worker has the view's tiles: no frame of the old veil meanwhile.
    let waiting = true;
    this.cancel = () => void (waiting = false);
    void sent.then(() => waiting && ask());
  }

  /** Hidden: the source's URL has no tiles. */
  private hide(): void {
    askVeilTiles(NO_VEIL_URL);
    const source = this.map.getSource<RasterTileSource>(VEIL_SOURCE);
    if (source && source.tiles?.[0] !== NO_VEIL_URL) source.setTiles([NO_VEIL_URL]);
  }

  /** Whether a filter's veil tiles are still coming. */
  get busy(): boolean {
    return this.cancel !== null;
  }

  /** Stops waiting for the veil in progress. */
  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }
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
      // Only a change: MapLibre reloads the layer's source on any visibility it is given, the one it has
      // too when the style left it unsaid (every small source was parsed twice at start-up).
      else if ((map.getLayoutProperty(id, 'visibility') ?? 'visible') !== (on ? 'visible' : 'none')) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
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
