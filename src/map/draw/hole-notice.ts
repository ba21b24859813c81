/**
 * When to say "zones with holes or several parts cannot be edited on the map": once, when such a zone
 * first comes (added, imported, loaded, brought back by undo), and never over another message (a
 * refused outline, `dropped-saved` on reload): a dismissed notice does not come back on the next rename.
 */
import type { SavedZone } from '../../io/zones-file';
import { zoneDrawable, type ZoneMessage } from '../../state/zonesSlice';

/** True when the notice should be shown now; marks the zones it is (or would have been) shown for in `warned`. */
export function holeNotice(zones: readonly SavedZone[], warned: Set<string>, current: ZoneMessage | null): boolean {
  let fresh = false;
  for (const z of zones) {
    if (zoneDrawable(z) || warned.has(z.id)) continue;
    warned.add(z.id);
    fresh = true;
  }
  return fresh && current === null;
}
