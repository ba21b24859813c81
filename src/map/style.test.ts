import { describe, expect, it } from 'vitest';
import { validateStyleMin, expression } from '@maplibre/maplibre-gl-style-spec';
import { buildStyle, taxPerMuColour, LAYERS, SELECTED_COLOUR, SELECTED_OUTLINE_MIN_ZOOM, SOURCES } from './style';
import { NO_DATA_COLOUR, TAX_PER_MU_COLOURS, TAX_PER_MU_LEGEND, taxPerMuBand } from './bands';

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

  it('colours parcels by the same bands as the legend', () => {
    const compiled = expression.createExpression(taxPerMuColour, 'layers[6].paint.fill-color');
    if (compiled.result !== 'success') throw new Error('expression does not compile');
    const colourOf = (taxPerMu: number | null) => {
      const c = compiled.value.evaluate({ zoom: 12 }, { type: 'Polygon', properties: { taxPerMu } } as never) as { toString(): string };
      return c.toString();
    };
    for (const v of [0, 7.99, 8, 19.9, 20, 47.9, 48, 79, 80, 500]) {
      expect(colourOf(v)).toBe(TAX_PER_MU_COLOURS[taxPerMuBand(v)]!);
    }
    expect(colourOf(null)).toBe(NO_DATA_COLOUR);
  });

  it('highlights the selected parcel by fill at low zoom and leaves the band colour above it', () => {
    const fill = style.layers.find((l) => l.id === LAYERS.parcelsFill)!;
    const paint = (fill as { paint: Record<string, unknown> }).paint['fill-color'];
    const compiled = expression.createExpression(paint, 'layers[6].paint.fill-color');
    if (compiled.result !== 'success') throw new Error('expression does not compile');
    const at = (zoom: number, selected: boolean) =>
      String(compiled.value.evaluate({ zoom }, { type: 'Polygon', properties: { taxPerMu: 5 } } as never, { selected }));
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
