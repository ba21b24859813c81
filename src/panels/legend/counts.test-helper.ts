/** The legend counts from the engine's columns, a pass over every parcel: the reference counts.ts is held to. */
import { bandOf, TAX_PER_MU_BREAKS, VALUE_PER_MU_BREAKS, type ColourMode } from '../../map/bands';
import { countCodes, policyCode, reclaimCode, ruleStatusOf } from '../../map/parcel-codes';
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
