/**
 * Colours of every parcel colouring, as plain data shared by the map style and the legend. Colours follow
 * MEANING (domain/outcome-meaning.ts): problems red/orange, opportunities blue, fine green, unknown grey —
 * an idle parcel never looks fine, an opportunity never looks like a problem.
 */
import { MEANING_COLOURS } from '../domain/outcome-meaning';

/** The colourings, in the order of the legend's select. Option values are stable (URL, tests). */
export const COLOUR_MODES = ['tax', 'value', 'class', 'reclaim', 'policies', 'land-price', 'floor-area', 'dormitory', 'disposal'] as const;
export type ColourMode = (typeof COLOUR_MODES)[number];
export const isColourMode = (v: unknown): v is ColourMode => typeof v === 'string' && (COLOUR_MODES as readonly string[]).includes(v);

/**
 * 亩均税收 colour bands (万元/亩). Breaks follow the plan: < 8 is 低效 (§三(一)2), 48 is near the 2021
 * district target of 48.19 (§二), 80 marks the leaders.
 */
export const TAX_PER_MU_BREAKS = [8, 20, 48, 80] as const;
/** One colour per band, lowest first (red = low efficiency … blue = high). */
export const TAX_PER_MU_COLOURS = ['#d7301f', '#fc8d59', '#fdcc8a', '#91bfdb', '#4575b4'] as const;

/** 亩均增加值 bands (万元/亩): 267 ≈ the 2021 district figure (266.82), 291 ≈ the 2023 target (291.36). */
export const VALUE_PER_MU_BREAKS = [100, 200, 267, 400] as const;
export const VALUE_PER_MU_COLOURS = ['#d7301f', '#fc8d59', '#fdcc8a', '#91bfdb', '#4575b4'] as const;

/** Parcels without the figure (or before the analysis has run). */
export const NO_DATA_COLOUR = '#b8b8b8';

export interface LegendBand {
  colour: string;
  /** Lower bound inclusive, upper exclusive; null = open. */
  from: number | null;
  to: number | null;
}

const legendOf = (breaks: readonly number[], colours: readonly string[]): readonly LegendBand[] =>
  colours.map((colour, i) => ({ colour, from: i === 0 ? null : breaks[i - 1]!, to: i === breaks.length ? null : breaks[i]! }));

export const TAX_PER_MU_LEGEND = legendOf(TAX_PER_MU_BREAKS, TAX_PER_MU_COLOURS);
export const VALUE_PER_MU_LEGEND = legendOf(VALUE_PER_MU_BREAKS, VALUE_PER_MU_COLOURS);

/** The band of a value in `breaks`, as the map's step expression picks it; -1 for no data. */
export function bandOf(value: number | null, breaks: readonly number[] = TAX_PER_MU_BREAKS): number {
  if (value === null || !Number.isFinite(value)) return -1;
  let band = 0;
  for (const b of breaks) if (value >= b) band++;
  return band;
}
/** The 亩均税收 band of a value; -1 for no data. */
export const taxPerMuBand = (value: number | null): number => bandOf(value, TAX_PER_MU_BREAKS);

/**
 * 亩均效益 class colours, A (best) … D, as given in the data; a class the engine computed (no class in
 * the data) is drawn in the lighter tint of the same hue and, from zoom 13, with a dashed outline.
 */
export const CLASS_COLOURS = ['#1a9850', '#91cf60', '#fdae61', '#d73027'] as const;
export const CLASS_COMPUTED_COLOURS = ['#9fd8b0', '#d2ebb6', '#fed7ae', '#f1a7a0'] as const;

/** A category of a coded colouring: its code (tile property value), colour and legend key. */
export interface Category<K extends string = string> {
  code: number;
  colour: string;
  key: K;
}

/** Nothing to act on: a pale tint, so that the parcels that matter stand out. */
export const NOTHING_COLOUR = '#c5cfbb';
/** Not applicable to the parcel. */
export const NOT_APPLICABLE_COLOUR = MEANING_COLOURS['not-applicable'];

/**
 * 可腾出 / 闲置 / 已腾出 (tile property `rc`), legend order. Idle land is a problem in reds by stage,
 * the other pipeline kinds in oranges, land already freed in the "fine" green, nothing to free pale, and a
 * parcel whose reclaim rules lack data grey (never pale: it might be idle).
 */
export const RECLAIM_CATEGORIES = [
  { code: 1, colour: '#7f0000', key: 'idle-2' },
  { code: 2, colour: '#d32f2f', key: 'idle-1' },
  { code: 3, colour: '#f06292', key: 'idle-negotiated' },
  { code: 4, colour: '#ef6c00', key: 'low-efficiency' },
  { code: 5, colour: '#a1660a', key: 'd-class' },
  { code: 6, colour: '#fbc02d', key: 'under-used' },
  { code: 7, colour: MEANING_COLOURS.fine, key: 'achieved' },
  { code: 8, colour: MEANING_COLOURS.unknown, key: 'unknown' },
  { code: 0, colour: NOTHING_COLOUR, key: 'none' },
] as const satisfies readonly Category[];
export type ReclaimCategory = (typeof RECLAIM_CATEGORIES)[number]['key'];

/** One policy's outcome (tile property `lp` / `fa` / `dm` = the STATUS_CODES index). */
export const POLICY_STATUS_CATEGORIES = [
  { code: 0, colour: MEANING_COLOURS.opportunity, key: 'met' },
  { code: 1, colour: NOTHING_COLOUR, key: 'not-met' },
  { code: 3, colour: MEANING_COLOURS.unknown, key: 'unknown' },
  { code: 2, colour: NOT_APPLICABLE_COLOUR, key: 'not-applicable' },
] as const satisfies readonly Category[];

/** The three policies, in bit order of the `pol` code (差别化地价 1, 提容增效 2, 宿舍型保障房 4). */
export const POLICY_RULES = ['land-price', 'floor-area', 'dormitory'] as const;
export type PolicyRule = (typeof POLICY_RULES)[number];
/** `pol` for a parcel eligible for none whose policies lack data. */
export const POLICY_UNKNOWN_CODE = 8;
/**
 * All policies (tile property `pol`): the bit set of the policies the parcel may use, each combination
 * its own blue-family colour; 0 = none, 8 = none known but some lack data.
 */
export const POLICY_CATEGORIES = [
  { code: 1, colour: '#64b5f6', key: 'p1' },
  { code: 2, colour: '#1565c0', key: 'p2' },
  { code: 4, colour: '#26a69a', key: 'p4' },
  { code: 3, colour: '#3949ab', key: 'p3' },
  { code: 5, colour: '#00838f', key: 'p5' },
  { code: 6, colour: '#4dd0e1', key: 'p6' },
  { code: 7, colour: '#0d1b5e', key: 'p7' },
  { code: POLICY_UNKNOWN_CODE, colour: MEANING_COLOURS.unknown, key: 'unknown' },
  { code: 0, colour: NOTHING_COLOUR, key: 'none' },
] as const satisfies readonly Category[];

/** Disposal status from the ledger (tile property `ds`): to do orange, under way amber, done green. */
export const DISPOSAL_CATEGORIES = [
  { code: 1, colour: '#e65100', key: '待处置' },
  { code: 2, colour: '#f9a825', key: '处置中' },
  { code: 3, colour: MEANING_COLOURS.fine, key: '已完成' },
  { code: 0, colour: NOTHING_COLOUR, key: 'none' },
] as const satisfies readonly Category[];

/** Parcels outside the filter are veiled in this colour (map and legend). */
export const DIM_COLOUR = '#f2f3ef';
/** The selected parcel's outline and marker. */
export const SELECTED_COLOUR = '#00e5ff';

export const BLOCKLINE_COLOURS = { 一级: '#6a1b9a', 二级: '#ab47bc', 未分级: '#7e6f86' } as const;
export const PARK_COLOUR = '#2e7d32';
export const TOWN_LINE_COLOUR = '#8d8d80';
export const BUILDING_COLOUR = '#6d6358';

/** Layers the user switches on and off (the legend's layer control). */
export const MAP_LAYER_TOGGLES = ['blocklines-1', 'blocklines-2', 'blocklines-u', 'parks', 'buildings', 'towns'] as const;
export type MapLayerToggle = (typeof MAP_LAYER_TOGGLES)[number];
export type MapLayerVisibility = Record<MapLayerToggle, boolean>;
export const ALL_LAYERS_ON: MapLayerVisibility = { 'blocklines-1': true, 'blocklines-2': true, 'blocklines-u': true, parks: true, buildings: true, towns: true };
