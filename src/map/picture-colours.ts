/**
 * The parcel picture's colours (map/picture.ts): the worker draws each parcel as a KEY, not a colour — the
 * index of its packed colouring code (parcel-codes.ts packedCodes, the tiles' `c`) in a palette kept here —
 * and MapLibre's color-relief layer looks the key up on the GPU in a colour ramp built for the colouring
 * shown. A 100k set has ~700 distinct codes; switching the colouring is then a new ramp (a paint property),
 * not a redraw of every picture tile. Each code's colour is the choice the style's fill expressions make
 * from the tile's code (style.ts MODE_COLOURS); picture-colours.test.ts checks both agree.
 */
import type { ExpressionSpecification } from 'maplibre-gl';
import {
  CLASS_COLOURS, CLASS_COMPUTED_COLOURS, DISPOSAL_CATEGORIES, NO_DATA_COLOUR, POLICY_CATEGORIES, POLICY_STATUS_CATEGORIES,
  RECLAIM_CATEGORIES, TAX_PER_MU_COLOURS, VALUE_PER_MU_COLOURS, type Category, type ColourMode,
} from './bands';
import { MODE_FIELD, unpackCode } from './parcel-codes';

const pick = (colours: readonly string[], i: number): string => colours[i] ?? NO_DATA_COLOUR;
const byCode = (categories: readonly Category[]): ((code: number) => string) => {
  const m = new Map(categories.map((c) => [c.code, c.colour]));
  return (code) => m.get(code) ?? NO_DATA_COLOUR;
};
const reclaimColour = byCode(RECLAIM_CATEGORIES);
const policiesColour = byCode(POLICY_CATEGORIES);
const statusColour = byCode(POLICY_STATUS_CATEGORIES);
const disposalColour = byCode(DISPOSAL_CATEGORIES);

/** The colour (CSS hex) of a parcel whose packed code is `code` in colouring `mode`, as style.ts MODE_COLOURS draws it. */
export function codeColour(mode: ColourMode, code: number): string {
  const v = unpackCode(code, MODE_FIELD[mode]);
  switch (mode) {
    case 'tax':
      return pick(TAX_PER_MU_COLOURS, v);
    case 'value':
      return pick(VALUE_PER_MU_COLOURS, v);
    case 'class':
      return pick(unpackCode(code, 'computed') === 1 ? CLASS_COMPUTED_COLOURS : CLASS_COLOURS, v);
    case 'reclaim':
      return reclaimColour(v);
    case 'policies':
      return policiesColour(v);
    case 'land-price':
    case 'floor-area':
    case 'dormitory':
      return statusColour(v);
    case 'disposal':
      return disposalColour(v);
  }
}

/**
 * Keys a ramp may hold: WebGL 2 guarantees textures this wide (MapLibre puts the ramp in one texture row and
 * thins out a longer one, which would mix up colours).
 */
export const RAMP_MAX_KEYS = 2047;
/** A DEM pixel (RGBA in memory order, as veil-raster.ts rgbaPixel) holding `key` as R·65536 + G·256 + B (style.ts PICTURE_DEM_ENCODING). */
export const keyPixel = (key: number): number => ((255 << 24) | ((key & 255) << 16) | (((key >> 8) & 255) << 8) | ((key >> 16) & 255)) >>> 0;
/** No parcel under a pixel: key 0 (the worker leaves such pixels 0), transparent in every ramp. */
const NONE = 'rgba(0, 0, 0, 0)';

/** Every colour `mode` can draw, in a fixed order (perMode: the key of colour i is i + 1). */
function modeColours(mode: ColourMode): string[] {
  const categories = (cs: readonly Category[]) => cs.map((c) => c.colour);
  const all: Record<ColourMode, readonly string[]> = {
    tax: TAX_PER_MU_COLOURS, value: VALUE_PER_MU_COLOURS, class: [...CLASS_COLOURS, ...CLASS_COMPUTED_COLOURS],
    reclaim: categories(RECLAIM_CATEGORIES), policies: categories(POLICY_CATEGORIES), 'land-price': categories(POLICY_STATUS_CATEGORIES),
    'floor-area': categories(POLICY_STATUS_CATEGORIES), dormitory: categories(POLICY_STATUS_CATEGORIES), disposal: categories(DISPOSAL_CATEGORIES),
  };
  return [...new Set([NO_DATA_COLOUR, ...all[mode]])];
}

/**
 * The picture's palette for one dataset: packed code → key (1, 2, …; 0 = no parcel). Keys are only ever
 * added, so the tiles still drawn with an older analysis' keys keep their colours under a newer ramp while
 * the new tiles load. When the codes no longer fit one ramp the palette starts again from the current
 * codes; when even those do not fit (thousands of distinct codes), each colouring gets its own keys
 * (`perMode`): a switch then redraws the tiles, as before the ramp.
 */
export class PicturePalette {
  private keyOf = new Map<number, number>();
  private codeOfKey: number[] = [];
  /** Keys per colouring instead of per code (the codes do not fit one ramp). */
  perMode = false;
  /** The last `add` gave the keys out again: tiles drawn before hold keys the new ramp means otherwise. */
  restarted = false;

  /** Registers every code of `codes`; false when they do not fit one ramp (perMode from then on). */
  add(codes: Float64Array): boolean {
    this.restarted = false;
    if (!this.fill(codes)) {
      this.keyOf = new Map();
      this.codeOfKey = [];
      this.restarted = true;
      this.perMode = !this.fill(codes);
    } else this.perMode = false;
    return !this.perMode;
  }

  private fill(codes: Float64Array): boolean {
    for (let fid = 0; fid < codes.length; fid++) {
      const code = codes[fid]!;
      if (this.keyOf.has(code)) continue;
      if (this.codeOfKey.length >= RAMP_MAX_KEYS) return false;
      this.codeOfKey.push(code);
      this.keyOf.set(code, this.codeOfKey.length);
    }
    return true;
  }

  /** The DEM pixel of each of `codes`: its key (after `add`; perMode: its colour's key in `mode`, see rampOf). */
  pixels(codes: Float64Array, mode: ColourMode): Uint32Array {
    const out = new Uint32Array(codes.length);
    if (!this.perMode) {
      for (let i = 0; i < codes.length; i++) out[i] = keyPixel(this.keyOf.get(codes[i]!) ?? 0);
      return out;
    }
    const colours = modeColours(mode);
    for (let i = 0; i < codes.length; i++) out[i] = keyPixel(colours.indexOf(codeColour(mode, codes[i]!)) + 1);
    return out;
  }

  /** Colouring `mode`'s ramp: key → colour, key 0 transparent (the `color-relief-color` of the picture layer). */
  rampOf(mode: ColourMode): ExpressionSpecification {
    const colours = this.perMode ? modeColours(mode) : this.codeOfKey.map((code) => codeColour(mode, code));
    const stops: (number | string)[] = [0, NONE];
    colours.forEach((c, i) => stops.push(i + 1, c));
    // A ramp needs two stops: with no parcel yet, a second transparent one.
    if (stops.length === 2) stops.push(1, NONE);
    return ['interpolate', ['linear'], ['elevation'], ...stops] as ExpressionSpecification;
  }
}
