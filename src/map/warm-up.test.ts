import { describe, expect, it } from 'vitest';
import type { LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { buildStyle, LAYERS } from './style';
import { endWarmUpWhenDrawn, withWarmUp } from './warm-up';

const base = buildStyle();
const warmed = withWarmUp(base, [120.62, 27.98], 'tenglong://warm-up@0/veil/{z}/{x}/{y}{ratio}');
const added = warmed.layers.slice(base.layers.length);
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

  it('has a layer of the raster program a first filter and a first picture would link, the veil\'s own', () => {
    expect(added.map((l) => l.type)).toEqual(['raster']);
    const real = (id: string) => base.layers.find((l) => l.id === id)!;
    // The veil's paint, at an opacity over 0 (MapLibre skips a layer at opacity 0 and links nothing).
    expect(paintOf(added[0]!)).toEqual(paintOf(real(LAYERS.parcelsDim)));
    expect(paintOf(added[0]!)['raster-opacity']).toBeGreaterThan(0);
    // The picture is a raster layer too: the same program.
    expect(real(LAYERS.parcelsPicture).type).toBe('raster');
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

  it('removes the layer and source after the first frame with the source loaded, and stops looking', () => {
    const loaded = new Set<string>();
    const m = fakeMap(loaded);
    endWarmUpWhenDrawn(m.map);
    m.render();
    expect(m.layers.size).toBe(1);
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
