import { createExpression, latest, type StylePropertySpecification } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../domain/ledger';
import { RULE_IDS } from '../domain/rules/outcome';
import type { ParcelColumns } from '../worker/protocol';
import { COLOUR_MODES, NO_DATA_COLOUR } from './bands';
import { CODE_PROPERTY, packedCodes, parcelTileProps } from './parcel-codes';
import { codeColour, codePixels } from './picture-colours';
import { rgbaPixel } from '../worker/veil-raster';
import { MODE_COLOURS } from './style';

/** A seeded generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the parcel picture\'s colours', () => {
  const n = 3000;
  const r = random(7);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const money = () => (r() < 0.1 ? NaN : r() * 120);
  const c = {
    taxPerMu: Float64Array.from({ length: n }, money),
    valuePerMu: Float64Array.from({ length: n }, () => (r() < 0.1 ? NaN : r() * 500)),
    classIndex: Int8Array.from({ length: n }, () => int(-1, 3)),
    classComputed: Uint8Array.from({ length: n }, () => int(0, 1)),
    reclaimKind: Int8Array.from({ length: n }, () => int(-1, 4)),
    idleStage: Int8Array.from({ length: n }, () => (r() < 0.7 ? 0 : int(1, 3))),
    ruleStatus: Uint8Array.from({ length: n * RULE_IDS.length }, () => int(0, 3)),
  } as unknown as ParcelColumns;
  const ids = Array.from({ length: n }, (_, i) => `P${i}`);
  const statuses = ['待处置', '处置中', '已完成'] as const;
  const ledger = ids.filter(() => r() < 0.2).map((parcelId, i) => ({ parcelId, action: '关停退出', status: statuses[i % 3]! }) as LedgerEntry);
  const codes = packedCodes(c, ids, ledger);
  const props = parcelTileProps(codes);
  const css = (rgba: number) => {
    const [R, G, B] = [rgba & 255, (rgba >>> 8) & 255, (rgba >>> 16) & 255];
    return `rgb(${R},${G},${B})`;
  };

  it.each(COLOUR_MODES)('in %s are what the style draws from the tiles\' codes, parcel by parcel', (mode) => {
    const e = createExpression(MODE_COLOURS[mode], `layers.${mode}.paint.fill-color`, latest.paint_fill['fill-color'] as StylePropertySpecification);
    if (e.result !== 'success') throw new Error(`bad expression for ${mode}`);
    const seen = new Set<string>();
    for (let fid = 0; fid < n; fid++) {
      const col = e.value.evaluate({ zoom: 11 }, { type: 'Polygon', properties: props(fid)!, geometry: [] } as never) as { r: number; g: number; b: number };
      const want = `rgb(${Math.round(col.r * 255)},${Math.round(col.g * 255)},${Math.round(col.b * 255)})`;
      expect(css(rgbaPixel(codeColour(mode, codes[fid]!))!), `${mode} fid ${fid}`).toBe(want);
      seen.add(want);
    }
    // Each colouring shows several of its colours here, so the check compares more than one case.
    expect(seen.size).toBeGreaterThan(2);
  });

  it('are the codes the tiles carry', () => {
    for (let fid = 0; fid < n; fid++) expect(codes[fid]).toBe(props(fid)![CODE_PROPERTY]);
  });

  it.each(COLOUR_MODES)('as the pixels the worker draws in %s: every parcel in its colour, opaque', (mode) => {
    const pixels = codePixels(codes, mode);
    expect(pixels).toHaveLength(codes.length);
    for (let fid = 0; fid < n; fid += 3) {
      expect(pixels[fid]! >>> 24).toBe(255);
      expect(css(pixels[fid]!), `${mode} fid ${fid}`).toBe(css(rgbaPixel(codeColour(mode, codes[fid]!))!));
    }
  });

  it('draws every parcel grey before the analysis (all codes none)', () => {
    for (const mode of COLOUR_MODES) expect(codePixels(new Float64Array(1), mode)[0]).toBe(rgbaPixel(NO_DATA_COLOUR));
    expect(NO_DATA_COLOUR).toBe('#b8b8b8');
  });
});
