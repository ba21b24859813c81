import { describe, expect, it } from 'vitest';
import { validateStyleMin, expression } from '@maplibre/maplibre-gl-style-spec';
import { buildStyle, classColour, parcelFillColour, taxPerMuColour, LAYERS, SELECTED_COLOUR, SELECTED_OUTLINE_MIN_ZOOM, SOURCES } from './style';
import { CLASS_COLOURS, CLASS_COMPUTED_COLOURS, NO_DATA_COLOUR, TAX_PER_MU_COLOURS, TAX_PER_MU_LEGEND, taxPerMuBand } from './bands';

describe('offline style', () => {
  const style = buildStyle();

  it('is a valid MapLibre style with no glyphs, sprite or remote source', () => {
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(JSON.stringify(style)).not.toMatch(/https?:\/\//);
    for (const s of Object.values(style.sources)) expect(s.type).toBe('geojson');
  });

  it('draws every source, with the picking layers present', () => {
    const used = new Set(style.layers.map((l) => ('source' in l ? l.source : null)));
    for (const id of SOURCES) expect(used.has(id)).toBe(true);
    const ids = style.layers.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of Object.values(LAYERS)) expect(ids).toContain(id);
  });

  /** Evaluates a colour expression on a feature with the given feature-state. */
  const evaluator = (expr: unknown) => {
    const compiled = expression.createExpression(expr, 'layers[6].paint.fill-color');
    if (compiled.result !== 'success') throw new Error('expression does not compile');
    return (state: Record<string, unknown>, zoom = 12) => String(compiled.value.evaluate({ zoom }, { type: 'Polygon', properties: {} } as never, state));
  };

  it('colours parcels by the engine taxPerMu in feature-state, in the same bands as the legend', () => {
    const colourOf = evaluator(taxPerMuColour);
    for (const v of [0, 7.99, 8, 19.9, 20, 47.9, 48, 79, 80, 500]) {
      expect(colourOf({ taxPerMu: v })).toBe(TAX_PER_MU_COLOURS[taxPerMuBand(v)]!);
    }
    expect(colourOf({ taxPerMu: null })).toBe(NO_DATA_COLOUR);
    expect(colourOf({})).toBe(NO_DATA_COLOUR); // before the analysis has run
  });

  it('colours by class with computed classes in a distinct tint, grey without a class', () => {
    const colourOf = evaluator(classColour);
    for (let c = 0; c < 4; c++) {
      expect(colourOf({ cls: c, computed: false })).toBe(CLASS_COLOURS[c]!);
      expect(colourOf({ cls: c, computed: true })).toBe(CLASS_COMPUTED_COLOURS[c]!);
      expect(CLASS_COMPUTED_COLOURS[c]).not.toBe(CLASS_COLOURS[c]);
    }
    expect(colourOf({ cls: -1, computed: false })).toBe(NO_DATA_COLOUR);
    expect(colourOf({})).toBe(NO_DATA_COLOUR);
  });

  it('gives the two colouring modes different fill expressions', () => {
    expect(parcelFillColour('class')).not.toEqual(parcelFillColour('tax'));
    const classFill = evaluator(parcelFillColour('class'));
    expect(classFill({ cls: 3, computed: false, taxPerMu: 100 }, 14)).toBe(CLASS_COLOURS[3]);
    expect(evaluator(parcelFillColour('tax'))({ cls: 3, computed: false, taxPerMu: 100 }, 14)).toBe(TAX_PER_MU_COLOURS[4]);
  });

  it('highlights the selected parcel by fill at low zoom and leaves the band colour above it', () => {
    const fill = style.layers.find((l) => l.id === LAYERS.parcelsFill)!;
    const paint = (fill as { paint: Record<string, unknown> }).paint['fill-color'];
    const compiled = expression.createExpression(paint, 'layers[6].paint.fill-color');
    if (compiled.result !== 'success') throw new Error('expression does not compile');
    const at = (zoom: number, selected: boolean) =>
      String(compiled.value.evaluate({ zoom }, { type: 'Polygon', properties: {} } as never, { selected, taxPerMu: 5 }));
    expect(at(SELECTED_OUTLINE_MIN_ZOOM - 1, true)).toBe(SELECTED_COLOUR);
    expect(at(SELECTED_OUTLINE_MIN_ZOOM - 1, false)).toBe(TAX_PER_MU_COLOURS[0]);
    expect(at(SELECTED_OUTLINE_MIN_ZOOM + 2, true)).toBe(TAX_PER_MU_COLOURS[0]);
    const outline = style.layers.find((l) => l.id === LAYERS.parcelsSelected)!;
    expect(outline.minzoom).toBe(SELECTED_OUTLINE_MIN_ZOOM);
  });

  it('has legend bands that tile the number line', () => {
    expect(TAX_PER_MU_LEGEND[0]!.from).toBeNull();
    expect(TAX_PER_MU_LEGEND.at(-1)!.to).toBeNull();
    for (let i = 1; i < TAX_PER_MU_LEGEND.length; i++) expect(TAX_PER_MU_LEGEND[i]!.from).toBe(TAX_PER_MU_LEGEND[i - 1]!.to);
    expect(taxPerMuBand(7.99)).toBe(0);
    expect(taxPerMuBand(80)).toBe(4);
    expect(taxPerMuBand(null)).toBe(-1);
  });
});
