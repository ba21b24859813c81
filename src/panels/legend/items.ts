/** The legend's entries for each colouring: colour, words people read correctly, and parcel counts. */
import type { Lang, MessageKey, Translate } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { outcomeWords } from '../../domain/outcome-meaning';
import {
  CLASS_COLOURS, CLASS_COMPUTED_COLOURS, DISPOSAL_CATEGORIES, NO_DATA_COLOUR, POLICY_CATEGORIES, POLICY_RULES, POLICY_STATUS_CATEGORIES,
  RECLAIM_CATEGORIES, TAX_PER_MU_LEGEND, VALUE_PER_MU_LEGEND, type ColourMode, type LegendBand, type PolicyRule,
} from '../../map/bands';
import { CLASS_LETTERS } from '../../worker/protocol';

export interface LegendItem {
  key: string;
  colour: string;
  label: string;
  /** Parcels with this colour; null before the analysis. */
  count: number | null;
  /** Class mode: the lighter tint of a computed class. */
  computedColour?: string;
  /** A threshold line is drawn above this entry (the 8 万元/亩 line). */
  redLine?: boolean;
}

export const MODE_LABEL: Record<ColourMode, MessageKey> = {
  tax: 'colourModeTax', value: 'colourModeValue', class: 'colourModeClass', reclaim: 'colourModeReclaim', policies: 'colourModePolicies',
  'land-price': 'colourModeLandPrice', 'floor-area': 'colourModeFloorArea', dormitory: 'colourModeDormitory', disposal: 'colourModeDisposal',
};
export const MODE_TITLE: Record<ColourMode, MessageKey> = {
  tax: 'legendTitle', value: 'legendTitleValue', class: 'legendTitleClass', reclaim: 'legendTitleReclaim', policies: 'legendTitlePolicies',
  'land-price': 'legendTitleLandPrice', 'floor-area': 'legendTitleFloorArea', dormitory: 'legendTitleDormitory', disposal: 'legendTitleDisposal',
};

const RECLAIM_LABEL: Record<(typeof RECLAIM_CATEGORIES)[number]['key'], MessageKey> = {
  'idle-2': 'legendReclaimIdle2', 'idle-1': 'legendReclaimIdle1', 'idle-negotiated': 'legendReclaimIdleNegotiated',
  'low-efficiency': 'legendReclaimLowEfficiency', 'd-class': 'legendReclaimDClass', 'under-used': 'legendReclaimUnderUsed',
  achieved: 'legendReclaimAchieved', unknown: 'legendUnknown', none: 'legendReclaimNone',
};
const DISPOSAL_LABEL: Record<(typeof DISPOSAL_CATEGORIES)[number]['key'], MessageKey> = {
  待处置: 'legendDisposalTodo', 处置中: 'legendDisposalDoing', 已完成: 'legendDisposalDone', none: 'legendDisposalNone',
};
const POLICY_SHORT: Record<PolicyRule, MessageKey> = { 'land-price': 'policyShortLandPrice', 'floor-area': 'policyShortFloorArea', dormitory: 'policyShortDormitory' };

const bandRange = (b: LegendBand): string =>
  b.from === null ? `< ${formatNumber(b.to!)}` : b.to === null ? `≥ ${formatNumber(b.from)}` : `${formatNumber(b.from)}–${formatNumber(b.to)}`;

function policyLabel(code: number, t: Translate): string {
  if (code === 7) return t('legendPolicyAll');
  const names = POLICY_RULES.filter((_, i) => code & (1 << i)).map((r) => t(POLICY_SHORT[r]));
  return t('legendPolicyCombo', { policies: names.join(t('legendPolicySeparator')) });
}

/**
 * The entries of `mode`'s legend; `counts` from counts.ts (null before the analysis). `taxRedLine`: the rule
 * set's low-efficiency line is the tax bands' first break (8), so the red line between them means it.
 */
export function legendItems(mode: ColourMode, t: Translate, lang: Lang, counts: Uint32Array | null, taxRedLine = true): LegendItem[] {
  const count = (i: number): number | null => (counts ? (counts[i] ?? 0) : null);
  const noData: LegendItem = { key: 'no-data', colour: NO_DATA_COLOUR, label: t('legendNoData'), count: count(0) };
  switch (mode) {
    case 'tax':
    case 'value': {
      const bands = mode === 'tax' ? TAX_PER_MU_LEGEND : VALUE_PER_MU_LEGEND;
      const items = bands.map((b, i): LegendItem => ({ key: b.colour, colour: b.colour, label: t('legendBand', { range: bandRange(b) }), count: count(i + 1), redLine: mode === 'tax' && i === 1 && taxRedLine }));
      return [...items, noData];
    }
    case 'class':
      return [
        ...CLASS_LETTERS.map((cls, i): LegendItem => ({ key: cls, colour: CLASS_COLOURS[i]!, computedColour: CLASS_COMPUTED_COLOURS[i]!, label: t('legendClass', { cls }), count: count(i + 1) })),
        noData,
      ];
    case 'reclaim':
      return RECLAIM_CATEGORIES.map((c) => ({ key: c.key, colour: c.colour, label: t(RECLAIM_LABEL[c.key]), count: count(c.code) }));
    case 'policies':
      return POLICY_CATEGORIES.map((c) => ({
        key: c.key, colour: c.colour, count: count(c.code),
        label: c.key === 'unknown' ? t('legendUnknown') : c.key === 'none' ? t('legendPolicyNone') : policyLabel(c.code, t),
      }));
    case 'land-price':
    case 'floor-area':
    case 'dormitory':
      return POLICY_STATUS_CATEGORIES.map((c) => {
        const words = outcomeWords(mode, c.key);
        const label = c.key === 'unknown' ? t('legendUnknown') : c.key === 'not-applicable' ? t('legendNotApplicable') : lang === 'en' ? words.en : words.zh;
        return { key: c.key, colour: c.colour, label, count: count(c.code) };
      });
    case 'disposal':
      return DISPOSAL_CATEGORIES.map((c) => ({ key: c.key, colour: c.colour, label: t(DISPOSAL_LABEL[c.key]), count: count(c.code) }));
  }
}
