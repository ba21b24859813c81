/** How many parcels each legend entry covers, from the engine's columns (the same codes the map shows). */
import { bandOf, TAX_PER_MU_BREAKS, VALUE_PER_MU_BREAKS, type ColourMode } from '../../map/bands';
import { countCodes, disposalCodes, policyCode, reclaimCode, ruleStatusOf } from '../../map/parcel-codes';
import type { LedgerEntry } from '../../domain/ledger';
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

/**
 * modeCounts, counted once per analysis and colouring (per disposal codes for the disposal colouring): a
 * colouring change at 100k parcels then costs no pass over the parcels when it comes back to a colouring.
 */
const countsOf = new WeakMap<object, Map<ColourMode, Uint32Array>>();
export function modeCountsOnce(mode: ColourMode, c: ParcelColumns, disposal: Int8Array | null): Uint32Array {
  const key = mode === 'disposal' ? (disposal ?? c) : c;
  let byMode = countsOf.get(key);
  if (!byMode) countsOf.set(key, (byMode = new Map()));
  let counts = byMode.get(mode);
  if (!counts) byMode.set(mode, (counts = modeCounts(mode, c, disposal)));
  return counts;
}

/** disposalCodes of these parcels under `ledger`, made once per parcel list and ledger. */
const disposalOf = new WeakMap<readonly { attributes: { parcelId: string } }[], { ledger: readonly LedgerEntry[] | null; codes: Int8Array }>();
export function disposalCodesOnce(parcels: readonly { attributes: { parcelId: string } }[], ledger: readonly LedgerEntry[] | null): Int8Array {
  const kept = disposalOf.get(parcels);
  if (kept && kept.ledger === ledger) return kept.codes;
  const codes = disposalCodes(parcels.map((p) => p.attributes.parcelId), ledger);
  disposalOf.set(parcels, { ledger, codes });
  return codes;
}
