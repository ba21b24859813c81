/**
 * The offline map style, as data: no glyph server (labels are drawn from local fonts), no tiles, only
 * GeoJSON sources filled from the worker's display layers. Layer order = drawing order.
 */
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { BLOCKLINE_COLOURS, CLASS_COLOURS, CLASS_COMPUTED_COLOURS, NO_DATA_COLOUR, PARK_COLOUR, TAX_PER_MU_BREAKS, TAX_PER_MU_COLOURS } from './bands';

/** CJK labels are rasterised locally in this font stack (Windows intranet PCs first). */
export const LOCAL_IDEOGRAPH_FONTS = '"Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif';
/** Without `glyphs`, `text-font` is a local font fallback list. */
const LABEL_FONTS = ['Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'sans-serif'];

export const SOURCES = ['boundary', 'towns', 'parks', 'blocklines', 'parcels', 'buildings', 'town-labels'] as const;
export type SourceId = (typeof SOURCES)[number];

export const LAYERS = {
  parcelsFill: 'parcels-fill',
  parcelsLine: 'parcels-line',
  parcelsSelected: 'parcels-selected',
  parcelsComputed: 'parcels-computed-class',
  townLabels: 'towns-label',
} as const;

/** Buildings appear from this zoom (they are tiny at district scale). */
export const BUILDINGS_MIN_ZOOM = 15;

/**
 * Parcel colours read the ENGINE's results from feature-state (set per fid by createMap.showAnalysis):
 * `taxPerMu` (enterprise-level, 万元/亩, null = no data), `cls` (0 = A … 3 = D, -1 = none), `computed`.
 * Feature-state, not source properties: a new analysis or a colouring switch never re-tiles geometry.
 */
export type ColourMode = 'tax' | 'class';

/** Fill colour by 亩均税收 band; grey when the engine has no taxPerMu (or has not run yet). */
export const taxPerMuColour: ExpressionSpecification = [
  'case',
  ['==', ['typeof', ['feature-state', 'taxPerMu']], 'number'],
  ['step', ['feature-state', 'taxPerMu'], TAX_PER_MU_COLOURS[0], ...TAX_PER_MU_BREAKS.flatMap((b, i) => [b, TAX_PER_MU_COLOURS[i + 1]!])],
  NO_DATA_COLOUR,
] as ExpressionSpecification;

const classMatch = (colours: readonly string[]): ExpressionSpecification =>
  ['match', ['to-number', ['coalesce', ['feature-state', 'cls'], -1]], 0, colours[0]!, 1, colours[1]!, 2, colours[2]!, 3, colours[3]!, NO_DATA_COLOUR] as ExpressionSpecification;
const computedClass: ExpressionSpecification = ['boolean', ['feature-state', 'computed'], false];

/** Fill colour by 亩均效益 class A/B/C/D; computed classes in a lighter tint; grey without a class. */
export const classColour: ExpressionSpecification = ['case', computedClass, classMatch(CLASS_COMPUTED_COLOURS), classMatch(CLASS_COLOURS)];

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
export const SELECTED_COLOUR = '#00e5ff';
/** From this zoom the selected parcel gets an outline; below it, where parcels are a few pixels wide
 *  and outlining all of them would cost a line bucket per parcel, its fill turns SELECTED_COLOUR. */
export const SELECTED_OUTLINE_MIN_ZOOM = 12;
/** The parcels' fill colour in `mode`, with the low-zoom selection highlight. */
export function parcelFillColour(mode: ColourMode): ExpressionSpecification {
  const colour = mode === 'class' ? classColour : taxPerMuColour;
  return ['step', ['zoom'], ['case', selected, SELECTED_COLOUR, colour], SELECTED_OUTLINE_MIN_ZOOM, colour];
}
/** The dashed outline of computed classes shows only in class mode. */
export const computedOutlineVisibility = (mode: ColourMode): 'visible' | 'none' => (mode === 'class' ? 'visible' : 'none');
const tier = (level: '一级' | '二级' | '未分级'): ExpressionSpecification => ['==', ['get', 'level'], level];

const layers: LayerSpecification[] = [
  { id: 'background', type: 'background', paint: { 'background-color': '#eef0ea' } },
  { id: 'boundary-fill', type: 'fill', source: 'boundary', paint: { 'fill-color': '#fbfbf7' } },
  { id: 'parks-fill', type: 'fill', source: 'parks', paint: { 'fill-color': PARK_COLOUR, 'fill-opacity': 0.1 } },
  { id: 'blocklines-fill', type: 'fill', source: 'blocklines', paint: { 'fill-color': ['match', ['get', 'level'], '一级', BLOCKLINE_COLOURS.一级, BLOCKLINE_COLOURS.二级], 'fill-opacity': 0.06 } },
  { id: 'towns-line', type: 'line', source: 'towns', paint: { 'line-color': '#8d8d80', 'line-width': 1, 'line-dasharray': [4, 2] } },
  { id: 'parks-line', type: 'line', source: 'parks', paint: { 'line-color': PARK_COLOUR, 'line-width': 1.2 } },
  { id: LAYERS.parcelsFill, type: 'fill', source: 'parcels', paint: { 'fill-color': parcelFillColour('tax'), 'fill-opacity': 0.85 } },
  { id: LAYERS.parcelsLine, type: 'line', source: 'parcels', minzoom: 13, paint: { 'line-color': '#5f5f5f', 'line-width': 0.4 } },
  {
    id: LAYERS.parcelsComputed, type: 'line', source: 'parcels', minzoom: 13, layout: { visibility: 'none' },
    paint: { 'line-color': '#37474f', 'line-width': 1.2, 'line-dasharray': [2, 2], 'line-opacity': ['case', computedClass, 1, 0] },
  },
  { id: 'buildings-fill', type: 'fill', source: 'buildings', minzoom: BUILDINGS_MIN_ZOOM, paint: { 'fill-color': '#6d6358', 'fill-opacity': 0.55 } },
  { id: 'blocklines-1-line', type: 'line', source: 'blocklines', filter: tier('一级'), paint: { 'line-color': BLOCKLINE_COLOURS.一级, 'line-width': 2.2 } },
  { id: 'blocklines-2-line', type: 'line', source: 'blocklines', filter: tier('二级'), paint: { 'line-color': BLOCKLINE_COLOURS.二级, 'line-width': 1.4, 'line-dasharray': [3, 2] } },
  // A block line whose data gives no tier: still a block line (industrial use must be kept), drawn dotted.
  { id: 'blocklines-u-line', type: 'line', source: 'blocklines', filter: tier('未分级'), paint: { 'line-color': BLOCKLINE_COLOURS.未分级, 'line-width': 1.4, 'line-dasharray': [1, 2] } },
  { id: 'boundary-line', type: 'line', source: 'boundary', paint: { 'line-color': '#37474f', 'line-width': 2.5 } },
  { id: LAYERS.parcelsSelected, type: 'line', source: 'parcels', minzoom: SELECTED_OUTLINE_MIN_ZOOM, paint: { 'line-color': SELECTED_COLOUR, 'line-width': ['case', selected, 3.5, 0], 'line-opacity': ['case', selected, 1, 0] } },
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
];

const empty = { type: 'FeatureCollection', features: [] } as const;

/**
 * Sources cut into vector tiles by the analysis worker (map/data-source.ts): each has one source layer
 * of the same name; a tile feature's id is its fid. The tile URLs name the dataset (`setTiles` on load).
 */
export const TILED_SOURCES: ReadonlySet<SourceId> = new Set<SourceId>(['parcels', 'buildings']);
/** The tile URL of `source` for the dataset whose tiles are named `key` (`none` = no dataset: empty tiles). */
export const tileUrl = (key: string, source: SourceId): string => `tenglong://${key}/${source}/{z}/{x}/{y}`;
/** Deepest zoom the worker cuts (worker/tiles.ts TILE_MAX_ZOOM); MapLibre over-zooms beyond it. */
export const TILE_MAX_ZOOM = 16;

/** The whole style; GeoJSON sources start empty and are filled with `setData`, tiled ones get `setTiles`. */
export function buildStyle(): StyleSpecification {
  const sources: StyleSpecification['sources'] = {};
  for (const id of SOURCES) {
    sources[id] = TILED_SOURCES.has(id)
      ? { type: 'vector', tiles: [tileUrl('none', id)], maxzoom: TILE_MAX_ZOOM, ...(id === 'buildings' ? { minzoom: BUILDINGS_MIN_ZOOM - 1 } : {}) }
      : { type: 'geojson', data: { ...empty, features: [] } };
  }
  const styleLayers = structuredClone(layers);
  // Every layer drawing a tiled source reads its one source layer (layers added later included).
  for (const l of styleLayers) if ('source' in l && TILED_SOURCES.has(l.source as SourceId)) (l as { 'source-layer'?: string })['source-layer'] = l.source as string;
  // No paint transitions: a colouring change should show at once, not animate over 300 ms.
  return { version: 8, name: 'tenglong-offline', transition: { duration: 0, delay: 0 }, sources, layers: styleLayers };
}
