/**
 * Zones' default names: 片区 N, saved with the zone when it is made (one stored form, shown as "Zone N" in
 * English), N from a counter that only goes up, so deleting zone 1 never renames zone 2.
 */
import type { SavedZone } from '../io/zones-file';

/** The default name of zone N. */
export const defaultZoneName = (n: number): string => `片区 ${n}`;
const DEFAULT_NAME = /^片区 (\d+)$/;
/** N of a default name 片区 N, else null. */
export const defaultZoneNumber = (name: string): number | null => {
  const m = DEFAULT_NAME.exec(name);
  return m ? Number(m[1]) : null;
};
/** The highest N of the default names in `lists`. */
export const highestNumber = (lists: readonly (readonly SavedZone[])[]): number => {
  let n = 0;
  for (const l of lists) for (const z of l) n = Math.max(n, defaultZoneNumber(z.name) ?? 0);
  return n;
};

/**
 * Unnamed zones (saved by earlier versions, which showed them as 片区 N by position) get the name they were
 * shown with, or the next free number when another zone holds it.
 */
export function nameUnnamedZones(zones: readonly SavedZone[]): SavedZone[] {
  if (zones.every((z) => z.name !== '')) return [...zones];
  const taken = new Set(zones.map((z) => z.name));
  let next = highestNumber([zones]);
  return zones.map((z, i) => {
    if (z.name !== '') return z;
    let name = defaultZoneName(i + 1);
    if (taken.has(name)) name = defaultZoneName(++next); // next is past every name given so far: free
    next = Math.max(next, defaultZoneNumber(name)!);
    taken.add(name);
    return { ...z, name };
  });
}
