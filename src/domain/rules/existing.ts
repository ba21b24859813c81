/** "存量工业项目": an existing, built industrial project (built year recorded, or floor area on the land). */
import type { ParcelAttributes } from '../parcel';
import { developmentState } from './input';

/** true = existing; false = not built yet; null = no way to tell (no dates, no floor area). */
export function isExistingProject(p: ParcelAttributes): boolean | null {
  if (p.builtYear != null || (p.floorArea ?? 0) > 0) return true;
  const state = developmentState(p);
  if (state === 'not-started' || state === 'under-construction' || state === 'unreadable') return false;
  return p.floorArea === 0 ? false : null;
}
