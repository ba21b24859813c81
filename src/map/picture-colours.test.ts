import { createExpression, latest, type StylePropertySpecification } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../domain/ledger';
import { RULE_IDS } from '../domain/rules/outcome';
import type { ParcelColumns } from '../worker/protocol';
import { COLOUR_MODES, NO_DATA_COLOUR } from './bands';
import { CODE_PROPERTY, packedCodes, parcelTileProps } from './parcel-codes';
import { codeColour, keyPixel, PicturePalette, RAMP_MAX_KEYS } from './picture-colours';
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

  /** What the color-relief layer draws for DEM pixel `p` under ramp `e`: the stop whose key the pixel holds. */
  const rampColour = (ramp: unknown[], p: number): string => {
    const key = (p & 255) * 65536 + ((p >>> 8) & 255) * 256 + ((p >>> 16) & 255);
    const stops = ramp.slice(3);
    const i = stops.findIndex((v, j) => j % 2 === 0 && v === key);
    expect(i, `key ${key} has a stop`).toBeGreaterThanOrEqual(0);
    return stops[i + 1] as string;
  };

  // Random columns make almost every parcel's code distinct: fewer parcels than a ramp holds.
  const few = codes.subarray(0, 1500);

  it.each(COLOUR_MODES)('through the palette\'s keys and the ramp of %s: every parcel in its colour', (mode) => {
    const palette = new PicturePalette();
    expect(palette.add(few)).toBe(true);
    const pixels = palette.pixels(few, 'tax');
    const ramp = palette.rampOf(mode) as unknown[];
    const keys = ramp.slice(3).filter((_, j) => j % 2 === 0) as number[];
    // Ascending keys from 0 (no parcel, transparent), one per distinct code.
    expect(keys).toEqual(keys.map((_, i) => i));
    expect(ramp[4]).toBe('rgba(0, 0, 0, 0)');
    expect(keys.length - 1).toBe(new Set(few).size);
    for (let fid = 0; fid < few.length; fid++) {
      expect(pixels[fid]! >>> 24).toBe(255);
      expect(rampColour(ramp, pixels[fid]!), `${mode} fid ${fid}`).toBe(codeColour(mode, few[fid]!));
    }
  });

  it('keeps its keys across analyses, so tiles of the older one keep their colours', () => {
    const palette = new PicturePalette();
    const half = few.length / 2;
    palette.add(few.subarray(0, half));
    const before = palette.pixels(few.subarray(0, half), 'tax');
    palette.add(few.subarray(half));
    expect(palette.pixels(few.subarray(0, half), 'class')).toEqual(before);
    const ramp = palette.rampOf('class') as unknown[];
    for (let fid = 0; fid < half; fid++) expect(rampColour(ramp, before[fid]!)).toBe(codeColour('class', few[fid]!));
  });

  it('starts again, then keys per colouring, when the codes do not fit one ramp', () => {
    const palette = new PicturePalette();
    const many = Float64Array.from({ length: RAMP_MAX_KEYS + 10 }, (_, i) => few[i % few.length]! + (i + 1) * 2 ** 31);
    palette.add(few);
    // Too many with the old ones, few enough alone: a fresh palette of the current codes.
    const some = many.subarray(0, RAMP_MAX_KEYS - 5);
    expect(palette.restarted).toBe(false);
    expect(palette.add(some)).toBe(true);
    expect(palette.restarted).toBe(true); // the tiles drawn before hold keys this ramp means otherwise
    expect(palette.add(some)).toBe(true);
    expect(palette.restarted).toBe(false);
    expect((palette.rampOf('tax') as unknown[]).length).toBe(3 + 2 * (1 + RAMP_MAX_KEYS - 5));
    // Too many alone: each colouring's own keys; still every parcel in its colour.
    expect(palette.add(many)).toBe(false);
    expect(palette.perMode).toBe(true);
    for (const mode of COLOUR_MODES) {
      const pixels = palette.pixels(many, mode);
      const ramp = palette.rampOf(mode) as unknown[];
      for (let i = 0; i < many.length; i += 7) expect(rampColour(ramp, pixels[i]!)).toBe(codeColour(mode, many[i]!));
    }
    expect(palette.add(few)).toBe(true);
    expect(palette.perMode).toBe(false);
  });

  it('draws every parcel grey before the analysis (all codes none)', () => {
    const palette = new PicturePalette();
    const none = new Float64Array(5);
    palette.add(none);
    for (const mode of COLOUR_MODES) expect(rampColour(palette.rampOf(mode) as unknown[], palette.pixels(none, mode)[0]!)).toBe(NO_DATA_COLOUR);
    expect(NO_DATA_COLOUR).toBe('#b8b8b8');
  });

  it('writes a key as R·65536 + G·256 + B, opaque', () => {
    for (const key of [0, 1, 255, 256, 703, 65535, 65536, 2 ** 24 - 1]) {
      const p = keyPixel(key);
      expect((p & 255) * 65536 + ((p >>> 8) & 255) * 256 + ((p >>> 16) & 255)).toBe(key);
      expect(p >>> 24).toBe(255);
    }
  });
});
