/** One chip per part of the filter that is set, each with a button that removes that part. */
import { useEffect, useRef } from 'react';
import type { FilterSpec, NumberRange } from '../../domain/filter';
import { outcomeWords } from '../../domain/outcome-meaning';
import { RULE_IDS } from '../../domain/rules/outcome';
import type { Lang, MessageKey, Translate } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { statusWords } from '../card/disposal-words';
import { neighbourAfterRemoval } from '../focus';

export interface Chip {
  key: string;
  label: string;
  /** The spec without this part. */
  without: FilterSpec;
}

const RECLAIM_KEYS = {
  none: 'exploreReclaimNone', unknown: 'exploreReclaimUnknown', achieved: 'reclaim_achieved', idle: 'reclaim_idle',
  'low-efficiency': 'reclaim_low-efficiency', 'd-class': 'reclaim_d-class', 'under-used': 'reclaim_under-used',
} as const satisfies Record<string, MessageKey>;

export const reclaimLabelKey = (k: keyof typeof RECLAIM_KEYS): MessageKey => RECLAIM_KEYS[k];
/** A disposal status of the filter in words ('none': no ledger entry). */
export const disposalLabel = (v: NonNullable<FilterSpec['disposal']>[number], t: Translate): string => (v === 'none' ? t('legendDisposalNone') : statusWords(v, t));

const omit = (spec: FilterSpec, key: keyof FilterSpec): FilterSpec => {
  const { [key]: _gone, ...rest } = spec;
  return rest;
};

function rangeText(r: NumberRange, scale = 1): [string, string] {
  const f = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : formatNumber(v * scale, 2));
  return [f(r.min), f(r.max)];
}

/** The chips of `spec` in the user's words (rule outcomes through outcomeWords, never 符合). */
export function chipsOf(spec: FilterSpec, t: Translate, lang: Lang): Chip[] {
  const chips: Chip[] = [];
  const sep = lang === 'en' ? ', ' : '、';
  const list = (key: keyof FilterSpec, title: MessageKey, values: string[] | undefined) => {
    if (values?.length) chips.push({ key, label: `${t(title)}${lang === 'en' ? ': ' : '：'}${values.join(sep)}`, without: omit(spec, key) });
  };
  list('towns', 'exploreTowns', spec.towns);
  list('industries', 'exploreIndustries', spec.industries);
  list('scale', 'exploreScale', spec.scale?.map((s) => t(s === 'above' ? 'exploreScaleAbove' : 'exploreScaleBelow')));
  list('classes', 'exploreClasses', spec.classes?.map((c) => (c === 'none' ? t('exploreClassNone') : c)));
  for (const rule of RULE_IDS) {
    const statuses = spec.rules?.[rule];
    if (!statuses?.length) continue;
    const words = statuses.map((s) => outcomeWords(rule, s)[lang === 'en' ? 'en' : 'zh']);
    const { [rule]: _gone, ...rest } = spec.rules!;
    const without = Object.keys(rest).length ? { ...spec, rules: rest } : omit(spec, 'rules');
    chips.push({ key: `rule:${rule}`, label: t('exploreRuleChip', { rule: t(`rule_${rule}` as MessageKey), outcome: words.join(sep) }), without });
  }
  list('reclaim', 'exploreReclaim', spec.reclaim?.map((k) => t(reclaimLabelKey(k))));
  list('disposal', 'exploreDisposal', spec.disposal?.map((v) => disposalLabel(v, t)));
  const ranges: [keyof FilterSpec, MessageKey, number][] = [['areaMu', 'exploreAreaMu', 1], ['taxPerMu', 'exploreTaxPerMu', 1], ['far', 'exploreFar', 1], ['coverage', 'exploreCoveragePct', 100]];
  for (const [key, label, scale] of ranges) {
    const r = spec[key] as NumberRange | undefined;
    if (!r || (!Number.isFinite(r.min) && !Number.isFinite(r.max))) continue;
    const [min, max] = rangeText(r, scale);
    chips.push({ key, label: t('exploreRangeChip', { label: t(label), min, max }), without: omit(spec, key) });
  }
  if (spec.inBlockline !== undefined) chips.push({ key: 'inBlockline', label: t(spec.inBlockline ? 'exploreInBlockline' : 'exploreOutBlockline'), without: omit(spec, 'inBlockline') });
  if (spec.inPark !== undefined) chips.push({ key: 'inPark', label: t(spec.inPark ? 'exploreInPark' : 'exploreOutPark'), without: omit(spec, 'inPark') });
  if (spec.fids) chips.push({ key: 'fids', label: t('exploreFids', { count: spec.fids.length }), without: omit(omit(spec, 'fids'), 'fidIds') });
  return chips;
}

/**
 * After a chip's × : the next chip's ×, else the previous one's (by key), else 'summary' — the filter is empty,
 * the chips are gone, and the summary's label takes focus.
 */
export const focusAfterChipRemoved = (keys: readonly string[], removed: string): string | 'summary' => neighbourAfterRemoval(keys, removed) ?? 'summary';

/** `onEmptied`: the last chip was removed (the caller moves focus to an element that stays). */
export function FilterChips({ onEmptied }: { onEmptied?: () => void }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const filter = useAppStore((s) => s.filterShown);
  const chips = chipsOf(filter, t, lang);
  const keys = chips.map((c) => c.key).join('\n');
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  /** The chip whose × takes focus once the shown chips follow the filter. */
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    const key = focusNext.current;
    const el = key === null ? undefined : buttons.current.get(key);
    if (!el) return;
    focusNext.current = null;
    el.focus();
  }, [keys]);
  // From the filter as it is now: the chips shown may be a moment behind it (state/filterSlice.ts).
  const removeChip = (key: string) => {
    const s = useAppStore.getState();
    const now = chipsOf(s.filter, t, lang).find((c) => c.key === key);
    if (!now) return;
    const next = focusAfterChipRemoved(chips.map((c) => c.key), key);
    if (next === 'summary') onEmptied?.();
    else focusNext.current = next;
    s.setFilter(now.without);
  };
  return (
    <ul className="filter-chips" data-testid="filter-chips">
      {chips.map((c) => (
        <li key={c.key} className="filter-chip">
          <span>{c.label}</span>
          <button type="button" className="filter-chip-remove" aria-label={t('exploreChipRemove', { label: c.label })} title={t('exploreChipRemove', { label: c.label })} onClick={() => removeChip(c.key)}
            ref={(el) => { if (el) buttons.current.set(c.key, el); else buttons.current.delete(c.key); }}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
