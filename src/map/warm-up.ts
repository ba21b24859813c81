/**
 * The filter veil's and the parcel picture's shader programs, linked while the page waits for its data.
 *
 * MapLibre links a layer type's program the first time a frame draws that type, and checks the link with
 * a synchronous GL call. On software WebGL (SwiftShader, headless) that call waits for the GPU process,
 * which is mostly busy compositing and reading back the page's frames (0.1-0.5 s each). The raster program
 * (veil) was linked so in the first filter change, the color-relief program (picture) in an import's first
 * picture: 100-250 ms main-thread tasks where the user waits. The district's start-up draws neither.
 *
 * So the style starts with two invisible layers of those types, over a transparent 4×4 raster and DEM tile
 * of their own at the map's centre. MapLibre links their programs in its first frames, while the worker
 * still reads the data and the canvas is hidden; they are removed after the first frame that drew them.
 * Tried and left: warm-up layers for the fill, line and label programs too (the first parcel frames wait
 * on their links): the main thread's long tasks fell, but start-up took ~0.2 s longer in paired runs (the
 * GPU process, the bottleneck there, did more work); these two cost ~0.1 s, within the noise.
 */
import type { Map as MapLibreMap, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { lastFrameHeld } from './paint-hold';
import { LAYERS, PICTURE_DEM_ENCODING } from './style';

/** The dataset key of the warm-up tiles (map/data-source.ts answers them with warmUpTile). */
export const WARM_UP_KEY = 'warm-up';
const PREFIX = 'warm-up-';
const RASTER = `${PREFIX}raster`;
const DEM = `${PREFIX}dem`;

/** A 4×4 transparent tile (all-zero key for the DEM: no parcel); a new one each time (MapLibre may transfer it). */
export const warmUpTile = (): Promise<ImageBitmap> => createImageBitmap(new ImageData(4, 4));

/**
 * `style` with the warm-up sources and layers added at the top, one tile each at `center` ([lon, lat]).
 * Each layer is invisible by its pixels (an all-zero tile: transparent, and key 0 in the picture's ramp).
 */
export function withWarmUp(style: StyleSpecification, center: [number, number], tileUrl: string): StyleSpecification {
  const [x, y] = center;
  const bounds: [number, number, number, number] = [x - 0.001, y - 0.001, x + 0.001, y + 0.001];
  const sources: StyleSpecification['sources'] = {
    ...style.sources,
    [RASTER]: { type: 'raster', tiles: [tileUrl], tileSize: 512, bounds },
    [DEM]: { type: 'raster-dem', tiles: [tileUrl], tileSize: 512, bounds, ...PICTURE_DEM_ENCODING },
  };
  // The style's own veil and picture layers (the same shader variants), drawing from these sources, shown.
  const copy = (id: string, as: string, source: string, paint: Record<string, unknown>): LayerSpecification => {
    const layer = style.layers.find((l) => l.id === id);
    if (!layer || !('paint' in layer)) throw new Error(`the style has no layer ${id} to warm up`);
    return { ...layer, id: `${PREFIX}${as}`, source, layout: { visibility: 'visible' }, paint: { ...layer.paint, ...paint } } as LayerSpecification;
  };
  // The veil's own paint: it has no tiles to draw until a filter, so its program is linked here.
  const layers = [copy(LAYERS.parcelsDim, 'veil', RASTER, {}), copy(LAYERS.parcelsPicture, 'picture', DEM, {})];
  return { ...style, sources, layers: [...style.layers, ...layers] };
}

const LAYER_IDS = ['veil', 'picture'].map((k) => `${PREFIX}${k}`);

/**
 * Removes the warm-up layers and sources after the first frame that drew them (a 'render' with both
 * sources loaded): early, while the canvas is still hidden, not at the first 'idle', which is the
 * user's first moment with the parcels (the removal's frame would delay their first action).
 */
export function endWarmUpWhenDrawn(map: MapLibreMap): void {
  const end = (): void => {
    // A failed tile counts as loaded; a source gone (the style replaced) ends the check too. A held frame drew nothing (paint-hold.ts).
    if (lastFrameHeld(map) || [RASTER, DEM].some((id) => map.getSource(id) && !map.isSourceLoaded(id))) return;
    map.off('render', end);
    for (const id of LAYER_IDS) if (map.getLayer(id)) map.removeLayer(id);
    for (const id of [RASTER, DEM]) if (map.getSource(id)) map.removeSource(id);
  };
  map.on('render', end);
}
