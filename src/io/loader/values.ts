/**
 * Plausibility checks that need more than one column: a built floor area over 20 times the parcel (FAR
 * > 20), dates after today. The value is dropped (left empty, so the rules say 数据不足) and reported,
 * never averaged into the district's figures.
 */
import type { ParcelAttributes, ParcelField } from '../../domain/parcel';

/** Above this 容积率 a floor area is not a building but a typing error (the tallest towers here are ~10). */
export const MAX_PLAUSIBLE_FAR = 20;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_FIELDS: readonly ParcelField[] = ['transferDate', 'agreedStartDate', 'actualStartDate', 'suspendedSince'];

/** Checks `attrs` (a fresh object, changed in place) and reports what it drops. */
export function checkParcelValues(
  attrs: ParcelAttributes,
  areaM2: number,
  today: string,
  report: (code: 'absurd-value' | 'future-date', field: ParcelField, detail: string) => void,
): ParcelAttributes {
  // Modified in place: `attrs` is the caller's fresh object.
  const out = attrs as unknown as Record<string, unknown>;
  const floor = attrs.floorArea;
  if (typeof floor === 'number' && areaM2 > 0 && floor / areaM2 > MAX_PLAUSIBLE_FAR) {
    report('absurd-value', 'floorArea', `floor area ${floor} m² on ${areaM2.toFixed(1)} m² is FAR ${(floor / areaM2).toFixed(1)} > ${MAX_PLAUSIBLE_FAR}; dropped`);
    out['floorArea'] = null;
  }
  for (const f of DATE_FIELDS) {
    const v = out[f];
    // Only a read date: a date kept as written (not ISO, e.g. 约2019年) is no date to compare.
    if (typeof v === 'string' && ISO_DAY.test(v) && v > today) {
      report('future-date', f, `${v} is after ${today}; dropped`);
      out[f] = null;
    }
  }
  return attrs;
}
