import type { Translate } from '../../i18n';
import type { SavedZone } from '../../io/zones-file';
import { defaultZoneNumber } from '../../state/zone-names';

/**
 * A zone's name as shown: its saved name, a default one (saved as 片区 N) in the user's language, or — for a
 * zone saved unnamed — 片区 N by its position.
 */
export const zoneLabel = (z: SavedZone, index: number, t: Translate): string => {
  const n = defaultZoneNumber(z.name);
  return n !== null ? t('zoneDefaultName', { n }) : z.name || t('zoneDefaultName', { n: index + 1 });
};
