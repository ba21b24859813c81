/**
 * How many parcels each legend entry covers: from the analysis' distinct codes (codeModeCounts, what the
 * legend shows), and from the engine's columns (modeCounts, the reference the tests hold them to).
 */
import { bandOf, TAX_PER_MU_BREAKS, VALUE_PER_MU_BREAKS, type ColourMode } from '../../map/bands';
import { countCodes, policyCode, reclaimCode, ruleStatusOf, unpackCode, MODE_FIELD } from '../../map/parcel-codes';
import type { ParcelColumns } from '../../worker/protocol';

/**
 * Counts per code of `mode`: for the band modes index = band + 1 (0 = no data); for class index = class
 * + 1 (0 = none); for the coded modes index = the category code.
 */
export function modeCounts(mode: ColourMode, c: ParcelColumns, disposal: Int8Array | null): Uint32Array {
  const n = c.taxPerMu.length;
  switch (mode) {
    case 'tax':
      return countCodes(n, (fid) => bandOf(c.taxPerMu[fid]!, TAX_PER_MU_BREAKS) + 1);
    case 'value':
      return countCodes(n, (fid) => bandOf(c.valuePerMu[fid]!, VALUE_PER_MU_BREAKS) + 1);
    case 'class':
      return countCodes(n, (fid) => c.classIndex[fid]! + 1);
    case 'reclaim':
      return countCodes(n, (fid) => reclaimCode(c, fid));
    case 'policies':
      return countCodes(n, (fid) => policyCode(c, fid));
    case 'land-price':
    case 'floor-area':
    case 'dormitory':
      return countCodes(n, (fid) => ruleStatusOf(c, fid, mode));
    case 'disposal':
      return countCodes(disposal?.length ?? 0, (fid) => disposal![fid]!);
  }
}

/** Counts of each colouring kept per analysis' codes: switching back to a colouring counts nothing again. */
const countsOf = new WeakMap<object, Map<ColourMode, Uint32Array>>();

/** The counts of colouring `mode` kept for `key` (made by `make` the first time). */
function once(key: object, mode: ColourMode, make: () => Uint32Array): Uint32Array {
  let byMode = countsOf.get(key);
  if (!byMode) countsOf.set(key, (byMode = new Map()));
  let counts = byMode.get(mode);
  if (!counts) byMode.set(mode, (counts = make()));
  return counts;
}

/** Colourings whose legend index is the code field's value + 1 (index 0: no data, no class). */
const SHIFTED: ReadonlySet<ColourMode> = new Set(['tax', 'value', 'class']);

/**
 * modeCounts from the analysis' distinct colouring codes and how many parcels carry each (AnalysisView
 * colourCodes, colourCodeCounts): the same counts, from ~700 codes instead of a pass over every parcel
 * (the disposal colouring's pass over 100k parcel ids was ~35 ms of a colouring change).
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

/** codeModeCounts, counted once per analysis' codes and colouring. */
export function codeModeCountsOnce(mode: ColourMode, codes: Float64Array, counts: Uint32Array): Uint32Array {
  return once(codes, mode, () => codeModeCounts(mode, codes, counts));
}
