import { describe, expect, it } from 'vitest';
import type { LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { buildStyle, LAYERS } from './style';
import { endWarmUpWhenDrawn, withWarmUp } from './warm-up';

const base = buildStyle();
const warmed = withWarmUp(base, [120.62, 27.98], 'tenglong://warm-up@0/veil/{z}/{x}/{y}{ratio}');
const added = warmed.layers.slice(base.layers.length);
const byType = (type: string): LayerSpecification[] => added.filter((l) => l.type === type);
const paintOf = (l: LayerSpecification): Record<string, unknown> => ('paint' in l ? (l.paint as Record<string, unknown>) : {});

describe('withWarmUp', () => {
  it('keeps the real style as it is and adds its layers on top, from sources of their own', () => {
    expect(warmed.layers.slice(0, base.layers.length)).toEqual(base.layers);
    for (const id of Object.keys(base.sources)) expect(warmed.sources[id]).toEqual(base.sources[id]);
    expect(added.length).toBeGreaterThan(0);
    for (const l of added) {
      expect(l.id.startsWith('warm-up-')).toBe(true);
      expect('source' in l && String(l.source).startsWith('warm-up-')).toBe(true);
    }
  });

  it('has a layer of each program a first filter and a first picture would link', () => {
    expect(added.map((l) => l.type).sort()).toEqual(['color-relief', 'raster']);
    const real = (id: string) => base.layers.find((l) => l.id === id)!;
    // The veil's paint, at an opacity over 0 (MapLibre skips a layer at opacity 0 and links nothing).
    expect(paintOf(byType('raster')[0]!)).toEqual(paintOf(real(LAYERS.parcelsDim)));
    expect(paintOf(byType('raster')[0]!)['raster-opacity']).toBeGreaterThan(0);
    expect(paintOf(byType('color-relief')[0]!)['resampling']).toBe(paintOf(real(LAYERS.parcelsPicture))['resampling']);
  });

  it('is invisible by its colours, never by an opacity of 0 (MapLibre would skip the layer and link nothing)', () => {
    for (const l of added) {
      const paint = paintOf(l);
      for (const [k, v] of Object.entries(paint)) {
        if (k.endsWith('-opacity')) expect(v).toBeGreaterThan(0);
        if (k.endsWith('-color') && typeof v === 'string') expect(v).toBe('rgba(0, 0, 0, 0)');
      }
    }
    const ramp = JSON.stringify(paintOf(byType('color-relief')[0]!)['color-relief-color']);
    expect(ramp.match(/rgba\(0, 0, 0, 0\)/g)?.length).toBe(2);
    expect(base.layers.some((l) => l.id === LAYERS.parcelsPicture && l.type === 'color-relief')).toBe(true);
  });
});

describe('endWarmUpWhenDrawn', () => {
  /** A map holding the warm-up's layers and sources; `loaded` says which sources have their tiles. */
  const fakeMap = (loaded: Set<string>) => {
    const layers = new Set(added.map((l) => l.id));
    const sources = new Set(added.map((l) => String((l as { source: string }).source)));
    const renders = new Set<() => void>();
    const map = {
      getLayer: (id: string) => (layers.has(id) ? {} : undefined),
      getSource: (id: string) => (sources.has(id) ? {} : undefined),
      isSourceLoaded: (id: string) => loaded.has(id),
      removeLayer: (id: string) => void layers.delete(id),
      removeSource: (id: string) => void sources.delete(id),
      on: (_: string, fn: () => void) => void renders.add(fn),
      off: (_: string, fn: () => void) => void renders.delete(fn),
    };
    const render = () => [...renders].forEach((fn) => fn());
    return { map: map as unknown as MapLibreMap, layers, sources, renders, render };
  };

  it('removes the layers and sources after the first frame with both sources loaded, and stops looking', () => {
    const loaded = new Set<string>();
    const m = fakeMap(loaded);
    endWarmUpWhenDrawn(m.map);
    m.render();
    expect(m.layers.size).toBe(2);
    for (const id of m.sources) loaded.add(id);
    m.render();
    expect([m.layers.size, m.sources.size, m.renders.size]).toEqual([0, 0, 0]);
  });

  it('stops looking when its sources are gone (a style replaced), not on every frame after', () => {
    const m = fakeMap(new Set());
    endWarmUpWhenDrawn(m.map);
    m.sources.clear();
    m.render();
    expect(m.renders.size).toBe(0);
  });
});
