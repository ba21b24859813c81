/**
 * Threshold comparisons that honour the spec's edges despite floating point: a figure within
 * 1e-9 (relative) of its threshold counts as equal to it. E.g. 80 万元 over 10 亩 computed from
 * 6666.67 m² is 8.000000000000002 in floating point; it is "8.0 exactly", so not below 8.
 */
const RELATIVE_EPSILON = 1e-9;

function tolerance(threshold: number): number {
  return RELATIVE_EPSILON * Math.max(1, Math.abs(threshold));
}

/** value < threshold, beyond rounding noise. */
export const isBelow = (value: number, threshold: number): boolean => value < threshold - tolerance(threshold);
/** value > threshold, beyond rounding noise. */
export const isAbove = (value: number, threshold: number): boolean => value > threshold + tolerance(threshold);
/** value ≥ threshold ("以上(含)"), rounding noise counted as equal. */
export const isAtLeast = (value: number, threshold: number): boolean => !isBelow(value, threshold);
