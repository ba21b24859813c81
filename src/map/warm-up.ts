/**
 * Shader programs linked while the page waits for its data, not in the frames that first draw the parcels.
 *
 * MapLibre links a layer type's program the first time a frame draws that type, and checks the link with
 * a synchronous GL call. On software WebGL (SwiftShader, headless) that call waits for the GPU process,
 * which is mostly busy compositing and reading back the page's frames (0.1-0.5 s each): measured at the
 * district's start-up, five such waits (90-270 ms) in the first frames with parcels, on the path to
 * interactive. The raster program (filter veil) and the color-relief program (parcel picture) had the
 * same wait at the first filter change and at an import's first picture.
 *
 * So the style starts with a few invisible layers, one per program those frames use, drawn from tiny
 * sources of their own (a transparent fill, line, dashed line and label; a transparent raster and DEM
 * tile). MapLibre links their programs in its first frames, while the worker still reads the data and the
 * canvas is hidden; the layers are removed after the first frame that drew them. A program is keyed
 * by its shader variant (which paint properties are data-driven, not their values), so each warm-up layer
 * copies the paint kinds of a real layer.
 */
import type { Map as MapLibreMap, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { DIM_OPACITY, LABEL_FONTS, PARCEL_OPACITY, PICTURE_DEM_ENCODING } from './style';

/** The dataset key of the warm-up raster tiles (map/data-source.ts answers them with WARM_UP_TILE). */
export const WARM_UP_KEY = 'warm-up';
const PREFIX = 'warm-up-';
const VECTOR = `${PREFIX}shapes`;
const RASTER = `${PREFIX}raster`;
const DEM = `${PREFIX}dem`;
const TRANSPARENT = 'rgba(0, 0, 0, 0)';

/** A 4×4 transparent tile (all-zero key for the DEM: no parcel); a new one each time (MapLibre may transfer it). */
export const warmUpTile = (): Promise<ImageBitmap> => createImageBitmap(new ImageData(4, 4));

/**
 * `style` with the warm-up sources and layers added at the top, around `center` ([lon, lat]). Each layer
 * is invisible by its colours, not by opacity: MapLibre skips a layer at opacity 0 and links nothing.
 */
export function withWarmUp(style: StyleSpecification, center: [number, number], tileUrl: string): StyleSpecification {
  const [x, y] = center;
  const d = 0.05; // ~5 km: a shape geojson-vt keeps at any start-up zoom
  const ring = [[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]];
  const bounds: [number, number, number, number] = [x - 0.001, y - 0.001, x + 0.001, y + 0.001];
  const sources: StyleSpecification['sources'] = {
    ...style.sources,
    [VECTOR]: {
      type: 'geojson',
      data: {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } },
          { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: ring } },
          { type: 'Feature', properties: { name: '瓯' }, geometry: { type: 'Point', coordinates: center } },
        ],
      },
    },
    [RASTER]: { type: 'raster', tiles: [tileUrl], tileSize: 512, bounds },
    [DEM]: { type: 'raster-dem', tiles: [tileUrl], tileSize: 512, bounds, ...PICTURE_DEM_ENCODING },
  };
  const layers: LayerSpecification[] = [
    // The parcels' colourings: a data-driven fill colour, a constant opacity under 1 (translucent pass),
    // with the anti-aliasing edge pass (fill, fillOutline and the tile clipping mask).
    { id: `${PREFIX}fill`, type: 'fill', source: VECTOR, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': ['to-color', ['coalesce', ['get', '~colour'], TRANSPARENT]], 'fill-opacity': PARCEL_OPACITY } },
    // The outline and 镇街 lines: solid and dashed.
    { id: `${PREFIX}line`, type: 'line', source: VECTOR, filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': TRANSPARENT, 'line-width': 1 } },
    { id: `${PREFIX}dash`, type: 'line', source: VECTOR, filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': TRANSPARENT, 'line-width': 1, 'line-dasharray': [4, 2] } },
    // The 镇街 labels (local glyphs, with a halo).
    {
      id: `${PREFIX}label`, type: 'symbol', source: VECTOR, filter: ['==', ['geometry-type'], 'Point'],
      layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONTS, 'text-size': 15 },
      paint: { 'text-color': TRANSPARENT, 'text-halo-color': TRANSPARENT, 'text-halo-width': 1.6 },
    },
    // The filter veil and the parcel picture.
    { id: `${PREFIX}veil`, type: 'raster', source: RASTER, paint: { 'raster-opacity': DIM_OPACITY, 'raster-fade-duration': 0 } },
    {
      id: `${PREFIX}picture`, type: 'color-relief', source: DEM,
      paint: { 'color-relief-color': ['interpolate', ['linear'], ['elevation'], 0, TRANSPARENT, 1, TRANSPARENT], 'color-relief-opacity': PARCEL_OPACITY, resampling: 'nearest' },
    },
  ];
  return { ...style, sources, layers: [...style.layers, ...layers] };
}

const LAYER_IDS = ['fill', 'line', 'dash', 'label', 'veil', 'picture'].map((k) => `${PREFIX}${k}`);

/**
 * Removes the warm-up layers and sources after the first frame that drew them all (a 'render' with the
 * three sources loaded): early, while the canvas is still hidden, not at the first 'idle', which is the
 * user's first moment with the parcels (the removal's frame would delay their first action).
 */
export function endWarmUpWhenDrawn(map: MapLibreMap): void {
  const end = (): void => {
    if (![VECTOR, RASTER, DEM].every((id) => map.getSource(id) && map.isSourceLoaded(id))) return;
    map.off('render', end);
    for (const id of LAYER_IDS) if (map.getLayer(id)) map.removeLayer(id);
    for (const id of [VECTOR, RASTER, DEM]) map.removeSource(id);
  };
  map.on('render', end);
}
