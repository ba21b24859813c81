/**
 * The parcels' colour in each colouring, per parcel, for the parcel picture the worker draws at district
 * zoom (map/picture.ts, worker/veil-picture.ts). The same choice the style's fill expressions make from the
 * tile's packed code (style.ts MODE_COLOURS reading parcel-codes.ts parcelTileProps), made here from the
 * analysis' columns directly; picture-colours.test.ts checks both agree for every colouring.
 */
import type { LedgerEntry } from '../domain/ledger';
import type { ParcelColumns } from '../worker/protocol';
import { rgbaPixel } from '../worker/veil-raster';
import {
  bandOf, CLASS_COLOURS, CLASS_COMPUTED_COLOURS, DISPOSAL_CATEGORIES, NO_DATA_COLOUR, POLICY_CATEGORIES, POLICY_STATUS_CATEGORIES,
  RECLAIM_CATEGORIES, TAX_PER_MU_BREAKS, TAX_PER_MU_COLOURS, VALUE_PER_MU_BREAKS, VALUE_PER_MU_COLOURS, type Category, type ColourMode,
} from './bands';
import { disposalCodes, policyCode, reclaimCode, ruleStatusOf } from './parcel-codes';

const num = (v: number): number | null => (Number.isNaN(v) ? null : v);
const pick = (colours: readonly string[], i: number): string => colours[i] ?? NO_DATA_COLOUR;
const byCode = (categories: readonly Category[]): ((code: number) => string) => {
  const m = new Map(categories.map((c) => [c.code, c.colour]));
  return (code) => m.get(code) ?? NO_DATA_COLOUR;
};
const reclaimColour = byCode(RECLAIM_CATEGORIES);
const policiesColour = byCode(POLICY_CATEGORIES);
const statusColour = byCode(POLICY_STATUS_CATEGORIES);
const disposalColour = byCode(DISPOSAL_CATEGORIES);

/** Parcel `fid`'s colour (CSS hex) in colouring `mode`; `ds` = the ledger's disposal codes (parcel-codes.ts). */
export function parcelColour(mode: ColourMode, c: ParcelColumns, fid: number, ds: Int8Array): string {
  switch (mode) {
    case 'tax':
      return pick(TAX_PER_MU_COLOURS, bandOf(num(c.taxPerMu[fid]!), TAX_PER_MU_BREAKS));
    case 'value':
      return pick(VALUE_PER_MU_COLOURS, bandOf(num(c.valuePerMu[fid]!), VALUE_PER_MU_BREAKS));
    case 'class':
      return pick(c.classComputed[fid] === 1 ? CLASS_COMPUTED_COLOURS : CLASS_COLOURS, c.classIndex[fid]!);
    case 'reclaim':
      return reclaimColour(reclaimCode(c, fid));
    case 'policies':
      return policiesColour(policyCode(c, fid));
    case 'land-price':
    case 'floor-area':
    case 'dormitory':
      return statusColour(ruleStatusOf(c, fid, mode));
    case 'disposal':
      return disposalColour(ds[fid] ?? 0);
  }
}

/**
 * Every parcel's colour in `mode` as an opaque RGBA pixel (veil-raster.ts rgbaPixel); null columns (no
 * analysis yet) = every parcel grey, as the style draws them before the analysis. `parcelIds` (read for
 * the disposal colouring only) and `ledger` give the disposal codes, as the worker's parcelTileProps.
 */
export function parcelColours(mode: ColourMode, n: number, c: ParcelColumns | null, parcelIds: () => readonly string[], ledger: readonly LedgerEntry[] | null): Uint32Array {
  const out = new Uint32Array(n);
  const pixels = new Map<string, number>();
  const pixel = (css: string): number => {
    let p = pixels.get(css);
    if (p === undefined) pixels.set(css, (p = rgbaPixel(css) ?? rgbaPixel(NO_DATA_COLOUR)!));
    return p;
  };
  if (!c || c.taxPerMu.length !== n) return out.fill(pixel(NO_DATA_COLOUR));
  const ids = mode === 'disposal' ? parcelIds() : [];
  const ds = mode === 'disposal' ? disposalCodes(ids.length === n ? ids : [], ledger) : new Int8Array(0);
  for (let fid = 0; fid < n; fid++) out[fid] = pixel(parcelColour(mode, c, fid, ds));
  return out;
}
