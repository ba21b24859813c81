import type { Translate } from '../../i18n';
import type { SavedZone } from '../../io/zones-file';

/** A zone's name, or 片区 N by its position when unnamed. */
export const zoneLabel = (z: SavedZone, index: number, t: Translate): string => z.name || t('zoneDefaultName', { n: index + 1 });
