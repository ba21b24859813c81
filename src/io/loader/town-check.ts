/**
 * The 镇街 values of a parcel layer that name none of Ouhai's 13 towns (after field-mapping.ts read 娄桥,
 * 娄桥街道 and 330304005 as one): kept as given, each then a dashboard row of its own, so the user is told.
 */
import type { Bilingual } from './report';
import { isOuhaiTown } from '../ouhai-towns';

/** Distinct values named in the note; the rest are counted. */
const SHOWN = 5;

/** The note for the values of column `column` (null, empty: no town), or null when every one is an Ouhai town. */
export function unknownTownNote(values: Iterable<string | null | undefined>, column: string): Bilingual | null {
  let parcels = 0;
  const distinct = new Set<string>();
  for (const v of values) {
    if (!v || isOuhaiTown(v)) continue;
    parcels++;
    distinct.add(v);
  }
  if (parcels === 0) return null;
  const shown = [...distinct].slice(0, SHOWN).map((v) => (v.length > 20 ? `${v.slice(0, 20)}…` : v));
  const more = distinct.size > SHOWN;
  return {
    zh: `字段「${column}」中 ${parcels} 个地块的镇街不是瓯海区 13 个镇街之一，按原样保留：${shown.join('、')}${more ? ' 等' : ''}（共 ${distinct.size} 种）。`
      + '请改为镇街名称（如 娄桥街道、娄桥）或统计代码（如 330304005），否则各自单独统计',
    en: `column "${column}": ${parcels} parcel${parcels === 1 ? ' has a town' : 's have towns'} that name none of Ouhai's 13 towns, kept as given: `
      + `${shown.join(', ')}${more ? ', …' : ''} (${distinct.size} distinct). `
      + 'Write a town name (e.g. 娄桥街道 or 娄桥) or its code (e.g. 330304005), or each is counted on its own',
  };
}
