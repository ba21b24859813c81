/**
 * The parcel picture's colours (map/picture.ts): the worker draws each parcel in the RGBA pixel the page
 * gives its packed colouring code (parcel-codes.ts packedCodes, the tiles' `c`) in the colouring shown, so
 * the map draws plain raster tiles. (It drew keys read by a color-relief layer through a colour ramp; a
 * colouring change asked for no tile, but the ramp's binary search per pixel cost ~65 ms of every frame on
 * software WebGL at 100k parcels, where a raster layer costs ~27 ms.) Each code's colour is the choice the
 * style's fill expressions make from the tile's code (style.ts MODE_COLOURS); picture-colours.test.ts checks
 * both agree.
 */
import {
  CLASS_COLOURS, CLASS_COMPUTED_COLOURS, DISPOSAL_CATEGORIES, NO_DATA_COLOUR, POLICY_CATEGORIES, POLICY_STATUS_CATEGORIES,
  RECLAIM_CATEGORIES, TAX_PER_MU_COLOURS, VALUE_PER_MU_COLOURS, type Category, type ColourMode,
} from './bands';
import { MODE_FIELD, unpackCode } from './parcel-codes';
import { rgbaPixel } from '../worker/veil-raster';

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

/** The colour of no data (every parcel before an analysis: the one code 0). */
const NO_DATA_PIXEL = rgbaPixel(NO_DATA_COLOUR)!;

/** Each of `codes` as the opaque RGBA pixel (veil-raster.ts rgbaPixel) of its colour in colouring `mode`. */
export function codePixels(codes: Float64Array, mode: ColourMode): Uint32Array {
  const out = new Uint32Array(codes.length);
  // A few dozen colours for ~700 codes at 100k parcels: each parsed once.
  const pixelOf = new Map<string, number>();
  for (let i = 0; i < codes.length; i++) {
    const colour = codeColour(mode, codes[i]!);
    let pixel = pixelOf.get(colour);
    if (pixel === undefined) pixelOf.set(colour, (pixel = rgbaPixel(colour) ?? NO_DATA_PIXEL));
    out[i] = pixel;
  }
  return out;
}
