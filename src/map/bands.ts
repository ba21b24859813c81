/**
 * 亩均税收 colour bands (万元/亩). Breaks follow the plan: < 8 is 低效 (§三(一)2), 48 is near the 2021
 * district target of 48.19 (§二), 80 marks the leaders. Plain data, shared by the map style and the legend.
 */
export const TAX_PER_MU_BREAKS = [8, 20, 48, 80] as const;

/** One colour per band, lowest first (red = low efficiency … blue = high). */
export const TAX_PER_MU_COLOURS = ['#d7301f', '#fc8d59', '#fdcc8a', '#91bfdb', '#4575b4'] as const;

/** Parcels without tax or area. */
export const NO_DATA_COLOUR = '#b8b8b8';

export interface LegendBand {
  colour: string;
  /** Lower bound inclusive, upper exclusive; null = open. */
  from: number | null;
  to: number | null;
}

export const TAX_PER_MU_LEGEND: readonly LegendBand[] = TAX_PER_MU_COLOURS.map((colour, i) => ({
  colour,
  from: i === 0 ? null : TAX_PER_MU_BREAKS[i - 1]!,
  to: i === TAX_PER_MU_BREAKS.length ? null : TAX_PER_MU_BREAKS[i]!,
}));

/** The band of a value, as the map's step expression picks it; -1 for no data. */
export function taxPerMuBand(value: number | null): number {
  if (value === null || !Number.isFinite(value)) return -1;
  let band = 0;
  for (const b of TAX_PER_MU_BREAKS) if (value >= b) band++;
  return band;
}

/**
 * 亩均效益 class colours, A (best) … D, as given in the data; a class the engine computed (no class in
 * the data) is drawn in the lighter tint of the same hue and, from zoom 13, with a dashed outline.
 */
export const CLASS_COLOURS = ['#1a9850', '#91cf60', '#fdae61', '#d73027'] as const;
export const CLASS_COMPUTED_COLOURS = ['#9fd8b0', '#d2ebb6', '#fed7ae', '#f1a7a0'] as const;

export const BLOCKLINE_COLOURS = { 一级: '#6a1b9a', 二级: '#ab47bc', 未分级: '#7e6f86' } as const;
export const PARK_COLOUR = '#2e7d32';
