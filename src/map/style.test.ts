import { describe, expect, it } from 'vitest';
import { expression, groupByLayout, validateStyleMin, type LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { MEANING_COLOURS } from '../domain/outcome-meaning';
import {
  buildStyle, classColour, codeField, LAYERS, MODE_COLOURS, modeLayerId, PARCEL_OPACITY, SELECTED_OUTLINE_MIN_ZOOM, SELECTION_SOURCE,
  SOURCES, taxPerMuColour, TOGGLE_LAYERS, valuePerMuColour, VEIL_SOURCE, veilUrl, PICTURE_MAX_ZOOM, PICTURE_SOURCE, pictureUrl, DIM_OPACITY,
} from './style';
import {
  bandOf, CLASS_COLOURS, CLASS_COMPUTED_COLOURS, COLOUR_MODES, DISPOSAL_CATEGORIES, NO_DATA_COLOUR, NOTHING_COLOUR, POLICY_CATEGORIES,
  POLICY_STATUS_CATEGORIES, RECLAIM_CATEGORIES, TAX_PER_MU_COLOURS, TAX_PER_MU_LEGEND, taxPerMuBand, VALUE_PER_MU_BREAKS, VALUE_PER_MU_COLOURS,
} from './bands';
import { CODE_FIELDS, CODE_PROPERTY, packCodes, unpackCode, type CodeField } from './parcel-codes';
import { showPicture } from './picture';

/** Evaluates a paint expression on a feature with the given feature-state (and tile properties). */
const evaluator = (expr: unknown, property = 'layers[6].paint.fill-color') => {
  const compiled = expression.createExpression(expr, property);
  if (compiled.result !== 'success') throw new Error(`expression does not compile: ${JSON.stringify(compiled.value)}`);
  return (state: Record<string, unknown>, zoom = 12, properties: Record<string, unknown> = {}) => compiled.value.evaluate({ zoom }, { type: 'Polygon', properties } as never, state);
};
/** The colour of a feature whose packed code has these fields (what the worker bakes in), with no feature-state. */
const colourOf = (expr: unknown) => {
  const ev = evaluator(expr);
  return (fields: Partial<Record<CodeField, number>> | null) => String(ev({}, 12, fields ? { [CODE_PROPERTY]: packCodes(fields) } : {}));
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
      expect(['geojson', 'vector', 'raster', 'raster-dem']).toContain(s.type);
      // Tiled sources (and the veil's and picture's raster tiles) come from the page's own worker (a custom protocol), never from a server.
      if (s.type === 'vector' || s.type === 'raster' || s.type === 'raster-dem') for (const url of s.tiles ?? []) expect(url).toMatch(/^tenglong:\/\//);
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

  it('has one fill layer per colouring, all built, only 亩均税收 shown at first, in ONE MapLibre bucket; the veil is not a parcel layer', () => {
    for (const mode of COLOUR_MODES) {
      const l = layer(modeLayerId(mode));
      expect(l.type).toBe('fill');
      expect(l.paint['fill-color']).toEqual(MODE_COLOURS[mode]);
      // Every colouring is always built and shown by a constant opacity.
      expect(l.paint['fill-opacity']).toBe(mode === 'tax' ? PARCEL_OPACITY : 0);
      expect(l.layout?.['visibility']).toBe('visible');
      // Colours come from the tile properties, never from feature-state.
      expect(JSON.stringify(l.paint)).not.toContain('feature-state');
    }
    // They share type, source, filter, zooms and layout: MapLibre builds the geometry once and keeps one
    // paint array per layer (style-spec groupByLayout is what its worker uses). Where a dataset's picture is
    // shown they all start at the picture's zoom (picture.ts showPicture): not built below it at all.
    // The veil is raster tiles of its own source: a filter change touches no parcel bucket.
    const fills = style.layers.filter((l) => l.type === 'fill' && 'source' in l && l.source === 'parcels');
    expect(groupByLayout(fills)).toHaveLength(1);
    for (const mode of COLOUR_MODES) expect(layer(modeLayerId(mode)).minzoom).toBe(0);
    // A dataset drawn as the picture moves them all to the picture's zoom (picture.ts showPicture): one bucket still.
    expect(groupByLayout(fills.map((l) => ({ ...l, minzoom: PICTURE_MAX_ZOOM })))).toHaveLength(1);
    // The picking layer is never drawn and has no data-driven paint.
    expect(layer(LAYERS.parcelsFill).paint['fill-opacity']).toBe(0);
    expect(typeof layer(LAYERS.parcelsFill).paint['fill-color']).toBe('string');
  });

  it('starts with the parcel layers\' zoom ranges of a dataset drawn without the picture: showing one changes none', () => {
    // A range change reloads the parcel source: every tile of a just-shown dataset would be parsed twice.
    const ranges = new Map(style.layers.map((l) => [l.id, { minzoom: l.minzoom, maxzoom: l.maxzoom }]));
    const changed: string[] = [];
    const map = {
      getLayer: (id: string) => ranges.get(id),
      // As MapLibre's: nothing happens when the range is the layer's already.
      setLayerZoomRange(id: string, minzoom: number, maxzoom: number) {
        const r = ranges.get(id)!;
        if (r.minzoom === minzoom && r.maxzoom === maxzoom) return;
        changed.push(id);
        Object.assign(r, { minzoom, maxzoom });
      },
      getLayoutProperty: (id: string, name: string) => (style.layers.find((l) => l.id === id) as { layout?: Record<string, unknown> }).layout?.[name],
      setLayoutProperty: (id: string) => void changed.push(`${id} layout`),
    };
    showPicture(map as unknown as Parameters<typeof showPicture>[0], false);
    expect(changed).toEqual([]);
    // The picture does move them (its datasets' parcel tiles are not loaded below its zoom).
    showPicture(map as unknown as Parameters<typeof showPicture>[0], true);
    expect(changed).toContain(LAYERS.parcelsFill);
    expect(changed).toContain(`${LAYERS.parcelsPicture} layout`);
  });

  it('colours parcels by the engine taxPerMu band baked into the tiles, in the same bands as the legend', () => {
    const c = colourOf(taxPerMuColour);
    for (const v of [0, 7.99, 8, 19.9, 20, 47.9, 48, 79, 80, 500]) expect(c({ tb: taxPerMuBand(v) })).toBe(rgba(TAX_PER_MU_COLOURS[taxPerMuBand(v)]!));
    expect(c({ tb: -1, vb: 2 })).toBe(rgba(NO_DATA_COLOUR));
    expect(c(null)).toBe(rgba(NO_DATA_COLOUR)); // before the analysis has run
  });

  it('colours by 亩均增加值 bands', () => {
    const c = colourOf(valuePerMuColour);
    for (const v of [0, 99, 100, 266.8, 267, 399, 400, 1000]) expect(c({ vb: bandOf(v, VALUE_PER_MU_BREAKS) })).toBe(rgba(VALUE_PER_MU_COLOURS[bandOf(v, VALUE_PER_MU_BREAKS)]!));
    expect(c({ vb: -1, tb: 2 })).toBe(rgba(NO_DATA_COLOUR));
  });

  it('decodes every field of the packed code as unpackCode does', () => {
    const fields = { tb: 4, vb: 0, cls: -1, computed: 1, rc: 8, pol: 7, lp: 3, fa: 0, dm: 2, ds: 3 } as const;
    const code = packCodes(fields);
    for (const field of Object.keys(CODE_FIELDS) as CodeField[]) {
      expect(unpackCode(code, field)).toBe(fields[field]);
      expect(evaluator(codeField(field))({}, 12, { [CODE_PROPERTY]: code })).toBe(fields[field]);
      expect(evaluator(codeField(field))({}, 12, {})).toBe(-1);
    }
  });

  it('colours by class with computed classes in a distinct tint, grey without a class', () => {
    const c = colourOf(classColour);
    for (let k = 0; k < 4; k++) {
      expect(c({ cls: k, computed: 0 })).toBe(rgba(CLASS_COLOURS[k]!));
      expect(c({ cls: k, computed: 1 })).toBe(rgba(CLASS_COMPUTED_COLOURS[k]!));
      expect(CLASS_COMPUTED_COLOURS[k]).not.toBe(CLASS_COLOURS[k]);
    }
    expect(c({ cls: -1, computed: 0 })).toBe(rgba(NO_DATA_COLOUR));
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

  it('colours every policy combination (an opportunity) in the blue family, never the block lines\' purple (a constraint)', () => {
    const hue = (hex: string): number => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
      const max = Math.max(r, g, b);
      const d = max - Math.min(r, g, b);
      const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
      return (h * 60 + 360) % 360;
    };
    for (const cat of POLICY_CATEGORIES.filter((c) => c.key.startsWith('p'))) {
      expect(hue(cat.colour), cat.key).toBeGreaterThanOrEqual(170);
      expect(hue(cat.colour), cat.key).toBeLessThanOrEqual(240);
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

  it('veils parcels outside the filter with raster tiles from the worker, over the colourings and under the outlines, hidden at first', () => {
    const veil = layer(LAYERS.parcelsDim);
    expect(veil.type).toBe('raster');
    expect((veil as unknown as { source: string }).source).toBe(VEIL_SOURCE);
    // One opacity always (no paint change, no second frame): hidden, the source has no tiles (data-source.ts).
    expect(veil.paint['raster-opacity']).toBe(DIM_OPACITY);
    expect(veil.paint['raster-fade-duration']).toBe(0);
    expect(style.sources[VEIL_SOURCE]).toMatchObject({ type: 'raster', tileSize: 512, tiles: [veilUrl('none', 0)] });
    const ids = style.layers.map((l) => l.id);
    for (const mode of COLOUR_MODES) expect(ids.indexOf(modeLayerId(mode))).toBeLessThan(ids.indexOf(LAYERS.parcelsDim));
    expect(ids.indexOf(LAYERS.parcelsDim)).toBeLessThan(ids.indexOf(LAYERS.parcelsLine));
  });

  it('draws the parcels below the picture\'s zoom as tiles of keys from the worker, coloured by a ramp, under the veil, at the fills\' opacity', () => {
    const pic = layer(LAYERS.parcelsPicture);
    expect(pic.type).toBe('color-relief');
    expect((pic as unknown as { source: string }).source).toBe(PICTURE_SOURCE);
    expect(pic.maxzoom).toBe(PICTURE_MAX_ZOOM);
    expect(pic.paint['color-relief-opacity']).toBe(PARCEL_OPACITY);
    // Keys are never blended between neighbouring pixels.
    expect(pic.paint.resampling).toBe('nearest');
    expect(style.sources[PICTURE_SOURCE]).toMatchObject({ type: 'raster-dem', tileSize: 512, maxzoom: PICTURE_MAX_ZOOM, encoding: 'custom', redFactor: 65536, greenFactor: 256, blueFactor: 1, baseShift: 0 });
    const ids = style.layers.map((l) => l.id);
    expect(ids.indexOf(LAYERS.parcelsPicture)).toBeLessThan(ids.indexOf(LAYERS.parcelsDim));
    // The picture's tiles are veil tiles of the dataset's key with the picture suffix (one protocol route).
    expect(pictureUrl('k', 3)).toBe('tenglong://k~picture@3/veil/{z}/{x}/{y}{ratio}');
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
