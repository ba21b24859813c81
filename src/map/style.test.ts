import { describe, expect, it } from 'vitest';
import { expression, groupByLayout, validateStyleMin, type LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { MEANING_COLOURS } from '../domain/outcome-meaning';
import {
  buildStyle, classColour, FAST_MODES, isFastMode, DIM_OPACITY, dimOpacity, LAYERS, MODE_COLOURS, modeLayerId, PARCEL_OPACITY, SELECTED_OUTLINE_MIN_ZOOM, SELECTION_SOURCE,
  SOURCES, taxPerMuColour, TOGGLE_LAYERS, valuePerMuColour,
} from './style';
import {
  bandOf, CLASS_COLOURS, CLASS_COMPUTED_COLOURS, COLOUR_MODES, DISPOSAL_CATEGORIES, NO_DATA_COLOUR, NOTHING_COLOUR, POLICY_CATEGORIES,
  POLICY_STATUS_CATEGORIES, RECLAIM_CATEGORIES, TAX_PER_MU_COLOURS, TAX_PER_MU_LEGEND, taxPerMuBand, VALUE_PER_MU_BREAKS, VALUE_PER_MU_COLOURS,
} from './bands';

/** Evaluates a paint expression on a feature with the given feature-state. */
const evaluator = (expr: unknown, property = 'layers[6].paint.fill-color') => {
  const compiled = expression.createExpression(expr, property);
  if (compiled.result !== 'success') throw new Error(`expression does not compile: ${JSON.stringify(compiled.value)}`);
  return (state: Record<string, unknown>, zoom = 12) => compiled.value.evaluate({ zoom }, { type: 'Polygon', properties: {} } as never, state);
};
const colourOf = (expr: unknown) => {
  const ev = evaluator(expr);
  return (state: Record<string, unknown>) => String(ev(state));
};
/** The expression hands the colour strings through as written. */
const rgba = (hex: string) => hex;

describe('offline style', () => {
  const style = buildStyle();
  const layer = (id: string) => style.layers.find((l) => l.id === id) as LayerSpecification & { paint: Record<string, unknown>; layout?: Record<string, unknown> };

  it('is a valid MapLibre style with no glyphs, sprite or remote source', () => {
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(JSON.stringify(style)).not.toMatch(/https?:\/\//);
    for (const s of Object.values(style.sources)) {
      expect(['geojson', 'vector']).toContain(s.type);
      // Tiled sources are cut in the page's own worker (a custom protocol), never fetched from a server.
      if (s.type === 'vector') for (const url of s.tiles ?? []) expect(url).toMatch(/^tenglong:\/\//);
    }
  });

  it('draws every source, with the picking layers present', () => {
    const used = new Set(style.layers.map((l) => ('source' in l ? l.source : null)));
    for (const id of [...SOURCES, SELECTION_SOURCE]) expect(used.has(id)).toBe(true);
    const ids = style.layers.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of Object.values(LAYERS)) expect(ids).toContain(id);
    for (const list of Object.values(TOGGLE_LAYERS)) for (const id of list) expect(ids).toContain(id);
  });

  it('has one fill layer per colouring, only 亩均税收 shown (built) at first, in ONE MapLibre bucket with the picking layer', () => {
    for (const mode of COLOUR_MODES) {
      const l = layer(modeLayerId(mode));
      expect(l.type).toBe('fill');
      expect(l.paint['fill-color']).toEqual(MODE_COLOURS[mode]);
      // The main colourings are always built and shown by opacity; the others built only while shown.
      const shown = mode === 'tax';
      expect(l.paint['fill-opacity']).toBe(isFastMode(mode) && !shown ? 0 : PARCEL_OPACITY);
      expect(l.layout?.['visibility']).toBe(isFastMode(mode) || shown ? 'visible' : 'none');
    }
    expect(FAST_MODES).toEqual(['tax', 'class', 'reclaim']);
    // The shown ones share type, source, filter, zooms and layout: MapLibre builds the geometry once
    // and keeps one paint array per layer (style-spec groupByLayout is what its worker uses).
    const shown = style.layers.filter((l) => l.type === 'fill' && 'source' in l && l.source === 'parcels' && l.layout?.visibility !== 'none');
    const groups = groupByLayout(shown);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.map((l) => l.id).sort()).toEqual([LAYERS.parcelsFill, LAYERS.parcelsDim, ...FAST_MODES.map(modeLayerId)].sort());
    // The picking layer is never drawn and has no data-driven paint.
    expect(layer(LAYERS.parcelsFill).paint['fill-opacity']).toBe(0);
    expect(typeof layer(LAYERS.parcelsFill).paint['fill-color']).toBe('string');
  });

  it('colours parcels by the engine taxPerMu in feature-state, in the same bands as the legend', () => {
    const c = colourOf(taxPerMuColour);
    for (const v of [0, 7.99, 8, 19.9, 20, 47.9, 48, 79, 80, 500]) expect(c({ taxPerMu: v })).toBe(rgba(TAX_PER_MU_COLOURS[taxPerMuBand(v)]!));
    expect(c({ taxPerMu: null })).toBe(rgba(NO_DATA_COLOUR));
    expect(c({})).toBe(rgba(NO_DATA_COLOUR)); // before the analysis has run
  });

  it('colours by 亩均增加值 bands', () => {
    const c = colourOf(valuePerMuColour);
    for (const v of [0, 99, 100, 266.8, 267, 399, 400, 1000]) expect(c({ valuePerMu: v })).toBe(rgba(VALUE_PER_MU_COLOURS[bandOf(v, VALUE_PER_MU_BREAKS)]!));
    expect(c({ valuePerMu: null, taxPerMu: 10 })).toBe(rgba(NO_DATA_COLOUR));
  });

  it('colours by class with computed classes in a distinct tint, grey without a class', () => {
    const c = colourOf(classColour);
    for (let k = 0; k < 4; k++) {
      expect(c({ cls: k, computed: false })).toBe(rgba(CLASS_COLOURS[k]!));
      expect(c({ cls: k, computed: true })).toBe(rgba(CLASS_COMPUTED_COLOURS[k]!));
      expect(CLASS_COMPUTED_COLOURS[k]).not.toBe(CLASS_COLOURS[k]);
    }
    expect(c({ cls: -1, computed: false })).toBe(rgba(NO_DATA_COLOUR));
    expect(c({})).toBe(rgba(NO_DATA_COLOUR));
  });

  it('colours the coded modes by their category, each category distinct, grey before the analysis', () => {
    const cases = [['reclaim', 'rc', RECLAIM_CATEGORIES], ['policies', 'pol', POLICY_CATEGORIES], ['land-price', 'lp', POLICY_STATUS_CATEGORIES],
      ['floor-area', 'fa', POLICY_STATUS_CATEGORIES], ['dormitory', 'dm', POLICY_STATUS_CATEGORIES], ['disposal', 'ds', DISPOSAL_CATEGORIES]] as const;
    for (const [mode, key, cats] of cases) {
      const c = colourOf(MODE_COLOURS[mode]);
      for (const cat of cats) expect(c({ [key]: cat.code })).toBe(rgba(cat.colour));
      expect(new Set(cats.map((x) => x.colour)).size).toBe(cats.length);
      expect(c({})).toBe(rgba(NO_DATA_COLOUR));
    }
  });

  it('never draws idle land, or land whose idleness is unknown, in a "fine" or "nothing to do" colour', () => {
    const calm = new Set<string>([MEANING_COLOURS.fine, NOTHING_COLOUR, MEANING_COLOURS['not-applicable']]);
    for (const key of ['idle-1', 'idle-2', 'idle-negotiated', 'low-efficiency', 'd-class', 'under-used', 'unknown'] as const) {
      expect(calm.has(RECLAIM_CATEGORIES.find((c) => c.key === key)!.colour)).toBe(false);
    }
    // An opportunity is drawn in the opportunity colour, never a problem's.
    expect(POLICY_STATUS_CATEGORIES.find((c) => c.key === 'met')!.colour).toBe(MEANING_COLOURS.opportunity);
  });

  it('veils parcels outside the filter (feature-state out) and leaves the others clear', () => {
    const opacity = evaluator(dimOpacity, 'layers[1].paint.fill-opacity');
    expect(opacity({ out: true })).toBe(DIM_OPACITY);
    expect(opacity({ out: false })).toBe(0);
    expect(opacity({})).toBe(0);
    expect(layer(LAYERS.parcelsDim).paint['fill-opacity']).toEqual(dimOpacity);
  });

  it('outlines the selected parcel from zoom 12 and marks its centre below zoom 15', () => {
    expect(layer(LAYERS.parcelsSelected).minzoom).toBe(SELECTED_OUTLINE_MIN_ZOOM);
    const marker = layer(LAYERS.selectionMarker);
    expect(marker.type).toBe('circle');
    expect('source' in marker && marker.source).toBe(SELECTION_SOURCE);
    expect(marker.maxzoom).toBeGreaterThan(SELECTED_OUTLINE_MIN_ZOOM);
    expect(marker.minzoom ?? 0).toBe(0);
  });

  it('has legend bands that tile the number line', () => {
    expect(TAX_PER_MU_LEGEND[0]!.from).toBeNull();
    expect(TAX_PER_MU_LEGEND.at(-1)!.to).toBeNull();
    for (let i = 1; i < TAX_PER_MU_LEGEND.length; i++) expect(TAX_PER_MU_LEGEND[i]!.from).toBe(TAX_PER_MU_LEGEND[i - 1]!.to);
    expect(TAX_PER_MU_LEGEND[1]!.from).toBe(8); // the 低效 line
    expect(taxPerMuBand(7.99)).toBe(0);
    expect(taxPerMuBand(80)).toBe(4);
    expect(taxPerMuBand(null)).toBe(-1);
  });
});
