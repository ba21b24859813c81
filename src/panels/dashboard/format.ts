/** Number formats of the dashboard: one precision per figure, the same one used to grade it against its target. */
import { formatNumber } from '../../i18n/format';

export const fmt = (v: number | null, decimals: number): string => (v === null || !Number.isFinite(v) ? '—' : formatNumber(v, decimals, decimals));

/** Ratios (万元/亩, 万元/人) are shown, and graded, to 2 decimals; 亩 to 1; 万吨 to 3; 家 whole. */
export const RATIO_DECIMALS = 2;
export const MU_DECIMALS = 1;
export const WAN_T_DECIMALS = 3;
