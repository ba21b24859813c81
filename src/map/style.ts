/**
 * The offline map style, as data: no glyph server (labels are drawn from local fonts), no tiles, only
 * GeoJSON sources filled from the worker's display layers. Layer order = drawing order.
 */
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import {
  BLOCKLINE_COLOURS, BUILDING_COLOUR, DIM_COLOUR, SELECTED_COLOUR, CLASS_COLOURS, CLASS_COMPUTED_COLOURS, COLOUR_MODES, DISPOSAL_CATEGORIES, NO_DATA_COLOUR, PARK_COLOUR,
  POLICY_CATEGORIES, POLICY_STATUS_CATEGORIES, RECLAIM_CATEGORIES, TAX_PER_MU_COLOURS, TOWN_LINE_COLOUR,
  VALUE_PER_MU_COLOURS, type Category, type ColourMode,
} from './bands';
import { CODE_FIELDS, CODE_PROPERTY, type CodeField } from './parcel-codes';
import { PICTURE_KEY_SUFFIX, PICTURE_MAX_ZOOM } from '../worker/protocol';

export type { ColourMode };
export { DIM_COLOUR, SELECTED_COLOUR };

/** CJK labels are rasterised locally in this font stack (Windows intranet PCs first). */
export const LOCAL_IDEOGRAPH_FONTS = '"Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif';
/** Without `glyphs`, `text-font` is a local font fallback list. */
const LABEL_FONTS = ['Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'sans-serif'];

export const SOURCES = ['boundary', 'towns', 'parks', 'blocklines', 'parcels', 'buildings', 'town-labels'] as const;
export type SourceId = (typeof SOURCES)[number];
/** A one-point GeoJSON source: the selected parcel's centre (its marker at district zoom). */
export const SELECTION_SOURCE = 'selection';
/** The raster source of the filter veil (worker/veil.ts); a new generation `n` per filter asks every tile again. */
export const VEIL_SOURCE = 'veil';
/** The raster source of the parcel picture: every parcel in its colour, drawn by the worker, below PICTURE_MAX_ZOOM. */
export const PICTURE_SOURCE = 'parcel-picture';
/*
 * Below PICTURE_MAX_ZOOM the parcels are drawn as the worker's picture (raster tiles, map/picture.ts), from
 * it as vector fills. At district zoom a parcel is a pixel or two, and the fills' antialiased outline pass
 * over every parcel edge was most of a frame on software WebGL (100k parcels: ~0.8 s of ~1 s at load 9);
 * the picture is a dozen textured tiles, and a colouring or filter change redraws it in the worker.
 */
export { PICTURE_MAX_ZOOM };
/**
 * Datasets of fewer parcels keep the vector colour layers at every zoom (picture.ts showPicture sets their
 * zoom range to 0 when a dataset is shown): at the district's 3.5k parcels the outline pass is cheap, and
 * a colouring change is then a constant opacity with no tiles to wait for.
 */
export const PICTURE_MIN_PARCELS = 20_000;
/** The explicit zoom range ends of the parcel fills: equal on all of them, so the picking and colour layers can share one bucket. */
export const LAYER_MAX_ZOOM = 24;

export const LAYERS = {
  /** Picking layer (queryRenderedFeatures, clicks): every parcel, never drawn (constant opacity 0). */
  parcelsFill: 'parcels-fill',
  parcelsDim: 'parcels-dim',
  parcelsPicture: 'parcels-picture',
  parcelsLine: 'parcels-line',
  parcelsSelected: 'parcels-selected',
  parcelsComputed: 'parcels-computed-class',
  selectionMarker: 'selection-marker',
  siblingMarker: 'selection-siblings',
  townLabels: 'towns-label',
} as const;

/** The fill layer of colouring `mode` (one per mode; only the shown one is visible, see paint.ts). */
export const modeLayerId = (mode: ColourMode): string => `parcels-colour-${mode}`;
export const PARCEL_OPACITY = 0.85;

/** Buildings appear from this zoom (they are tiny at district scale). */
export const BUILDINGS_MIN_ZOOM = 15;

/*
 * Parcel colours read the ENGINE's results from the parcel tiles: the worker bakes the latest analysis into
 * one packed integer property per parcel (parcel-codes.ts CODE_FIELDS, parcelTileProps), decoded here field
 * by field — `tb` / `vb` (亩均税收 / 亩均增加值 band, -1 = no data), `cls` (0 = A … 3 = D, -1 = none),
 * `computed`, `rc` (RECLAIM_CATEGORIES), `lp` / `fa` / `dm` (the policy's STATUS_CODES index), `pol`
 * (POLICY_CATEGORIES), `ds` (DISPOSAL_CATEGORIES); -1 everywhere before the analysis. Only what changes per
 * parcel without an analysis is feature-state: `out` (outside the filter) and `selected`.
 * Every expression is fixed; switching the colouring is a constant opacity (paint.ts says why).
 */

/** Field `field` of the parcel's packed code (-1 = none), as parcel-codes.ts unpackCode computes it. */
export const codeField = (field: CodeField): ExpressionSpecification => {
  const { shift, bits } = CODE_FIELDS[field];
  return ['-', ['%', ['floor', ['/', ['to-number', ['coalesce', ['get', CODE_PROPERTY], 0]], 2 ** shift]], 2 ** bits], 1];
};

/** `['let', field, <decoded field>, body]`: the body reads the field as `['var', field]`. */
const withField = (field: CodeField, body: unknown): ExpressionSpecification => ['let', field, codeField(field), body] as ExpressionSpecification;

const bandColour = (field: 'tb' | 'vb', colours: readonly string[]): ExpressionSpecification =>
  withField(field, ['match', ['var', field], ...colours.flatMap((c, i) => [i, c]), NO_DATA_COLOUR]);

/** Fill colour by 亩均税收 band (bands.ts bandOf, as the legend); grey when the engine has no taxPerMu (or has not run yet). */
export const taxPerMuColour: ExpressionSpecification = bandColour('tb', TAX_PER_MU_COLOURS);
/** Fill colour by 亩均增加值 band. */
export const valuePerMuColour: ExpressionSpecification = bandColour('vb', VALUE_PER_MU_COLOURS);

const classMatch = (colours: readonly string[]): unknown[] => ['match', ['var', 'cls'], 0, colours[0]!, 1, colours[1]!, 2, colours[2]!, 3, colours[3]!, NO_DATA_COLOUR];
const computedClass: ExpressionSpecification = ['==', codeField('computed'), 1];

/** Fill colour by 亩均效益 class A/B/C/D; computed classes in a lighter tint; grey without a class. */
export const classColour: ExpressionSpecification = withField('cls', ['case', computedClass, classMatch(CLASS_COMPUTED_COLOURS), classMatch(CLASS_COLOURS)]);

/** Fill colour of a coded colouring: the category in field `field`; grey before the analysis. */
export const codedColour = (field: CodeField, categories: readonly Category[]): ExpressionSpecification =>
  withField(field, ['match', ['var', field], ...categories.flatMap((c) => [c.code, c.colour]), NO_DATA_COLOUR]);

/** The fill expression of every colouring. */
export const MODE_COLOURS: Record<ColourMode, ExpressionSpecification> = {
  tax: taxPerMuColour,
  value: valuePerMuColour,
  class: classColour,
  reclaim: codedColour('rc', RECLAIM_CATEGORIES),
  policies: codedColour('pol', POLICY_CATEGORIES),
  'land-price': codedColour('lp', POLICY_STATUS_CATEGORIES),
  'floor-area': codedColour('fa', POLICY_STATUS_CATEGORIES),
  dormitory: codedColour('dm', POLICY_STATUS_CATEGORIES),
  disposal: codedColour('ds', DISPOSAL_CATEGORIES),
};

/** The parcels' fill colour in `mode` (the expression of its layer). */
export const parcelFillColour = (mode: ColourMode): ExpressionSpecification => MODE_COLOURS[mode];

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
/**
 * From this zoom the selected parcel gets an outline (from PICTURE_MAX_ZOOM where the parcel picture is shown:
 * picture.ts showPicture); below SELECTION_MARKER_MAX_ZOOM a marker at its centre.
 */
export const SELECTED_OUTLINE_MIN_ZOOM = 12;
export const SELECTION_MARKER_MAX_ZOOM = 15;
/** The marker: a translucent disc of this radius (px) with a dark ring 3 px wide outside it. */
export const SELECTION_MARKER_RADIUS = 12;
export const SELECTION_RING_COLOUR = '#00363d';
/** The enterprise's other parcels: a smaller ring in a colour no colouring uses. */
export const SIBLING_MARKER_RADIUS = 8;
export const SIBLING_RING_COLOUR = '#ff00a8';
/** Parcels outside the filter are veiled in DIM_COLOUR (drawn opaque into the veil tiles) at this layer opacity. */
export const DIM_OPACITY = 0.82;

const tier = (level: '一级' | '二级' | '未分级'): ExpressionSpecification => ['==', ['get', 'level'], level];

/** The layers behind each switch of the legend's layer control. */
export const TOGGLE_LAYERS = {
  'blocklines-1': ['blocklines-1-fill', 'blocklines-1-line'],
  'blocklines-2': ['blocklines-2-fill', 'blocklines-2-line'],
  'blocklines-u': ['blocklines-u-fill', 'blocklines-u-line'],
  parks: ['parks-fill', 'parks-line', 'parks-label'],
  buildings: ['buildings-fill'],
  towns: ['towns-line', LAYERS.townLabels],
} as const;
/** Buildings (the largest layer) switch by constant opacity, not visibility: no reload of their tiles. */
export const BUILDINGS_OPACITY = 0.55;

/**
 * The parcel fill layers: one per colouring, all alike but for the colour, always built (one bucket in
 * MapLibre) and switched by a constant opacity; a layer at opacity 0 is not drawn.
 */
// The parcel layers' zoom ranges are those of a dataset drawn without the picture (picture.ts showPicture(map,
// false)): showing such a dataset (the district) changes no range, which would make MapLibre parse every
// parcel tile a second time (a range change reloads the source, on top of the new tiles' own load).
const modeLayers: LayerSpecification[] = COLOUR_MODES.map((mode) => ({
  id: modeLayerId(mode), type: 'fill', source: 'parcels', minzoom: 0, maxzoom: LAYER_MAX_ZOOM, layout: { visibility: 'visible' },
  paint: { 'fill-color': MODE_COLOURS[mode], 'fill-opacity': mode === 'tax' ? PARCEL_OPACITY : 0 },
}));
/** The picking layer states its visibility too, so that it shares the colour layers' bucket (same layout). */
const SHOWN = { visibility: 'visible' } as const;

/**
 * The outline, park and block-line fills skip MapLibre's anti-aliasing edge pass: a line layer of the
 * same source draws over each of their edges anyway, and that pass is one more shader program to compile
 * in the first frame (a long task on software WebGL).
 */
const NO_EDGE_PASS = { 'fill-antialias': false } as const;

/**
 * The map's ground, under every layer: the map container's CSS background (createMap.ts), not a MapLibre
 * background layer, whose shader program would be one more to compile before the first frame.
 */
export const MAP_BACKGROUND = '#eef0ea';

/**
 * `colour` for every feature, written as a per-feature expression: a fill whose colour is per feature
 * uses the same shader program as the parcels' colourings, so the small layers' fills and the parcels
 * share one program (each program is a long compile on software WebGL).
 */
const perFeature = (colour: string): ExpressionSpecification => ['to-color', ['coalesce', ['get', '~colour'], colour]];

const layers: LayerSpecification[] = [
  { id: 'boundary-fill', type: 'fill', source: 'boundary', paint: { 'fill-color': perFeature('#fbfbf7'), ...NO_EDGE_PASS } },
  { id: 'parks-fill', type: 'fill', source: 'parks', paint: { 'fill-color': perFeature(PARK_COLOUR), 'fill-opacity': 0.1, ...NO_EDGE_PASS } },
  { id: 'blocklines-1-fill', type: 'fill', source: 'blocklines', filter: tier('一级'), paint: { 'fill-color': perFeature(BLOCKLINE_COLOURS.一级), 'fill-opacity': 0.06, ...NO_EDGE_PASS } },
  { id: 'blocklines-2-fill', type: 'fill', source: 'blocklines', filter: tier('二级'), paint: { 'fill-color': perFeature(BLOCKLINE_COLOURS.二级), 'fill-opacity': 0.06, ...NO_EDGE_PASS } },
  { id: 'blocklines-u-fill', type: 'fill', source: 'blocklines', filter: tier('未分级'), paint: { 'fill-color': perFeature(BLOCKLINE_COLOURS.未分级), 'fill-opacity': 0.06, ...NO_EDGE_PASS } },
  { id: 'towns-line', type: 'line', source: 'towns', paint: { 'line-color': TOWN_LINE_COLOUR, 'line-width': 1, 'line-dasharray': [4, 2] } },
  { id: 'parks-line', type: 'line', source: 'parks', paint: { 'line-color': PARK_COLOUR, 'line-width': 1.2 } },
  { id: LAYERS.parcelsFill, type: 'fill', source: 'parcels', minzoom: 0, maxzoom: LAYER_MAX_ZOOM, layout: SHOWN, paint: { 'fill-color': NO_DATA_COLOUR, 'fill-opacity': 0 } },
  ...modeLayers,
  // Below PICTURE_MAX_ZOOM the parcels in their colouring: tiles of keys the worker draws, coloured on the GPU
  // by the colouring's ramp (map/picture.ts; nearest: a key between two parcels' keys is no colour of either).
  // Hidden until a dataset big enough for it is shown (picture.ts showPicture): a visible raster layer
  // would load empty tiles and compile the raster program in the first frames (a link on software WebGL).
  {
    id: LAYERS.parcelsPicture, type: 'color-relief', source: PICTURE_SOURCE, maxzoom: PICTURE_MAX_ZOOM, layout: { visibility: 'none' },
    paint: { 'color-relief-color': ['interpolate', ['linear'], ['elevation'], 0, 'rgba(0, 0, 0, 0)', 1, 'rgba(0, 0, 0, 0)'], 'color-relief-opacity': PARCEL_OPACITY, resampling: 'nearest' },
  },
  // The filter veil: raster tiles drawn by the analysis worker from the filter mask (worker/veil.ts), so a
  // filter change touches no parcel bucket. At one opacity always: hidden, its source has no tiles (paint.ts); no fade.
  { id: LAYERS.parcelsDim, type: 'raster', source: VEIL_SOURCE, paint: { 'raster-opacity': DIM_OPACITY, 'raster-fade-duration': 0 } },
  { id: LAYERS.parcelsLine, type: 'line', source: 'parcels', minzoom: 13, paint: { 'line-color': '#5f5f5f', 'line-width': 0.4 } },
  {
    id: LAYERS.parcelsComputed, type: 'line', source: 'parcels', minzoom: 13,
    paint: { 'line-color': '#37474f', 'line-width': 1.2, 'line-dasharray': [2, 2], 'line-opacity': ['case', computedClass, 1, 0], 'line-layer-opacity': 0 },
  },
  { id: 'buildings-fill', type: 'fill', source: 'buildings', minzoom: BUILDINGS_MIN_ZOOM, paint: { 'fill-color': BUILDING_COLOUR, 'fill-opacity': BUILDINGS_OPACITY } },
  { id: 'blocklines-1-line', type: 'line', source: 'blocklines', filter: tier('一级'), paint: { 'line-color': BLOCKLINE_COLOURS.一级, 'line-width': 2.2 } },
  { id: 'blocklines-2-line', type: 'line', source: 'blocklines', filter: tier('二级'), paint: { 'line-color': BLOCKLINE_COLOURS.二级, 'line-width': 1.4, 'line-dasharray': [3, 2] } },
  // A block line whose data gives no tier: still a block line (industrial use must be kept), drawn dotted.
  { id: 'blocklines-u-line', type: 'line', source: 'blocklines', filter: tier('未分级'), paint: { 'line-color': BLOCKLINE_COLOURS.未分级, 'line-width': 1.4, 'line-dasharray': [1, 2] } },
  { id: 'boundary-line', type: 'line', source: 'boundary', paint: { 'line-color': '#37474f', 'line-width': 2.5 } },
  { id: LAYERS.parcelsSelected, type: 'line', source: 'parcels', minzoom: SELECTED_OUTLINE_MIN_ZOOM, maxzoom: LAYER_MAX_ZOOM, paint: { 'line-color': SELECTED_COLOUR, 'line-width': ['case', selected, 3.5, 0], 'line-opacity': ['case', selected, 1, 0] } },
  {
    id: LAYERS.townLabels, type: 'symbol', source: 'town-labels',
    layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONTS, 'text-size': 15, 'text-max-width': 8 },
    paint: { 'text-color': '#263238', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
  },
  {
    id: 'parks-label', type: 'symbol', source: 'parks', minzoom: 13,
    layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONTS, 'text-size': 12 },
    paint: { 'text-color': PARK_COLOUR, 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
  },
  // The enterprise's other parcels: a smaller ring at every zoom (they have no outline of their own).
  {
    id: LAYERS.siblingMarker, type: 'circle', source: SELECTION_SOURCE, filter: ['==', ['get', 'kind'], 'sibling'],
    paint: { 'circle-radius': SIBLING_MARKER_RADIUS, 'circle-color': 'rgba(0, 0, 0, 0)', 'circle-stroke-color': SIBLING_RING_COLOUR, 'circle-stroke-width': 2.5 },
  },
  // Above everything, labels included: the selected parcel is never lost at district zoom.
  {
    id: LAYERS.selectionMarker, type: 'circle', source: SELECTION_SOURCE, maxzoom: SELECTION_MARKER_MAX_ZOOM, filter: ['!=', ['get', 'kind'], 'sibling'],
    paint: { 'circle-radius': SELECTION_MARKER_RADIUS, 'circle-color': SELECTED_COLOUR, 'circle-opacity': 0.45, 'circle-stroke-color': SELECTION_RING_COLOUR, 'circle-stroke-width': 3 },
  },
];

const empty = { type: 'FeatureCollection', features: [] } as const;

/**
 * Sources cut into vector tiles by the analysis worker (map/data-source.ts): each has one source layer
 * of the same name; a tile feature's id is its fid. The tile URLs name the dataset (`setTiles` on load).
 */
export const TILED_SOURCES: ReadonlySet<SourceId> = new Set<SourceId>(['parcels', 'buildings']);
/** The tiles' key of no dataset: empty parcel, building and picture tiles, and no veil tiles at all (data-source.ts). */
export const NO_DATASET_KEY = 'none';
/** The tile URL of `source` for the dataset whose tiles are named `key` (NO_DATASET_KEY: empty tiles). */
export const tileUrl = (key: string, source: SourceId): string => `tenglong://${key}/${source}/{z}/{x}/{y}`;
/** Deepest zoom the worker cuts (worker/tiles.ts TILE_MAX_ZOOM); MapLibre over-zooms beyond it. */
export const TILE_MAX_ZOOM = 16;

/** The veil's tile URL; `{ratio}` is `@2x` on a high-density screen (the worker draws twice the pixels). */
export const veilUrl = (key: string, generation: number): string => `tenglong://${key}@${generation}/${VEIL_SOURCE}/{z}/{x}/{y}{ratio}`;
/** The parcel picture's tile URL: veil tiles of the key with PICTURE_KEY_SUFFIX (worker/veil.ts draws either). */
export const pictureUrl = (key: string, generation: number): string => veilUrl(`${key}${PICTURE_KEY_SUFFIX}`, generation);
/** The hidden veil's URL: its tiles fail (data-source.ts NoVeilTile), so nothing is drawn. */
export const NO_VEIL_URL = veilUrl(NO_DATASET_KEY, 0);
/** The picture's key of no dataset: empty tiles. */
export const NO_PICTURE_KEY = `${NO_DATASET_KEY}${PICTURE_KEY_SUFFIX}`;
/** The picture's key per pixel as a DEM (picture-colours.ts keyPixel): R·65536 + G·256 + B, exact integers. */
export const PICTURE_DEM_ENCODING = { encoding: 'custom', redFactor: 65536, greenFactor: 256, blueFactor: 1, baseShift: 0 } as const;
/** Veil tiles are drawn at every zoom the map shows (sharp edges), from the deepest cut parcel tile beyond TILE_MAX_ZOOM. */
export const VEIL_MAX_ZOOM = 22;

/** The whole style; GeoJSON sources start empty and are filled with `setData`, tiled ones get `setTiles`. */
export function buildStyle(): StyleSpecification {
  const sources: StyleSpecification['sources'] = {};
  for (const id of SOURCES) {
    sources[id] = TILED_SOURCES.has(id)
      ? { type: 'vector', tiles: [tileUrl(NO_DATASET_KEY, id)], maxzoom: TILE_MAX_ZOOM, ...(id === 'buildings' ? { minzoom: BUILDINGS_MIN_ZOOM - 1 } : {}) }
      : { type: 'geojson', data: { ...empty, features: [] } };
  }
  const styleLayers = structuredClone(layers);
  // Every layer drawing a tiled source reads its one source layer (layers added later included).
  for (const l of styleLayers) if ('source' in l && TILED_SOURCES.has(l.source as SourceId)) (l as { 'source-layer'?: string })['source-layer'] = l.source as string;
  sources[SELECTION_SOURCE] = { type: 'geojson', data: { ...empty, features: [] } };
  sources[VEIL_SOURCE] = { type: 'raster', tiles: [NO_VEIL_URL], tileSize: 512, maxzoom: VEIL_MAX_ZOOM };
  sources[PICTURE_SOURCE] = { type: 'raster-dem', tiles: [pictureUrl(NO_DATASET_KEY, 0)], tileSize: 512, maxzoom: PICTURE_MAX_ZOOM, ...PICTURE_DEM_ENCODING };
  // No paint transitions: a colouring change should show at once, not animate over 300 ms.
  return { version: 8, name: 'tenglong-offline', transition: { duration: 0, delay: 0 }, sources, layers: styleLayers };
}
