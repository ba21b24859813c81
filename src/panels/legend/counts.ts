/** How many parcels each legend entry covers, from the analysis' distinct codes. */
import type { ColourMode } from '../../map/bands';
import { unpackCode, MODE_FIELD } from '../../map/parcel-codes';

/** Colourings whose legend index is the code field's value + 1 (index 0: no data, no class). */
const SHIFTED: ReadonlySet<ColourMode> = new Set(['tax', 'value', 'class']);

/**
 * How many parcels each legend entry of colouring `mode` covers (index: band or class + 1, 0 = no data;
 * else the category code), from the analysis' distinct colouring codes and how many parcels carry each
 * (AnalysisView colourCodes, colourCodeCounts): ~700 codes instead of a pass over every parcel.
 */
export function codeModeCounts(mode: ColourMode, codes: Float64Array, counts: Uint32Array): Uint32Array {
  const field = MODE_FIELD[mode];
  const offset = SHIFTED.has(mode) ? 1 : 0;
  const out = new Uint32Array(16);
  for (let i = 0; i < codes.length; i++) {
    const at = unpackCode(codes[i]!, field) + offset;
    if (at >= 0 && at < out.length) out[at]! += counts[i]!;
  }
  return out;
}
