/** The parcels of each enterprise (the engine's grouping key, domain/enterprise), built once per loaded dataset. */
import { enterpriseKey } from '../domain/enterprise';
import type { ParcelRecord } from '../worker/protocol';

const cache = new WeakMap<readonly ParcelRecord[], Map<string, number[]>>();

/** The fids of the enterprise of parcel `fid`, without `fid` itself, in layer order. */
export function otherParcelsOf(parcels: readonly ParcelRecord[], fid: number): number[] {
  let index = cache.get(parcels);
  if (!index) {
    index = new Map();
    for (const p of parcels) {
      const key = enterpriseKey(p.attributes);
      const list = index.get(key);
      if (list) list.push(p.fid);
      else index.set(key, [p.fid]);
    }
    cache.set(parcels, index);
  }
  const p = parcels[fid];
  return p ? (index.get(enterpriseKey(p.attributes)) ?? []).filter((f) => f !== fid) : [];
}
