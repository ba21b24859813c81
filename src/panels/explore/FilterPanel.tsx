/**
 * The filter controls of the explore tab: 镇街, industry, 规上/规下, class, any rule's outcome (in the
 * words of outcome-meaning, coloured by meaning), reclaim kind, ranges (area, 亩均税收, FAR, coverage),
 * inside a block line, inside a park. Every change goes to store.setFilter, which computes the mask.
 */
import { useMemo, useState } from 'react';
import { parcelCodes } from '../../domain/filter-mask';
import type { FilterSpec, NumberRange } from '../../domain/filter';
import { MEANING_COLOURS, outcomeWords } from '../../domain/outcome-meaning';
import { RULE_IDS, STATUS_CODES, type RuleId, type RuleStatus } from '../../domain/rules/outcome';
import type { MessageKey } from '../../i18n';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { disposalLabel, reclaimLabelKey } from './FilterChips';
import { DISPOSAL_FILTER_VALUES } from '../../domain/ledger';

type ReclaimValue = NonNullable<FilterSpec['reclaim']>[number];
type ClassValue = NonNullable<FilterSpec['classes']>[number];
const RECLAIM_VALUES: ReclaimValue[] = ['idle', 'low-efficiency', 'd-class', 'under-used', 'achieved', 'none', 'unknown'];
const CLASS_VALUES: ClassValue[] = ['A', 'B', 'C', 'D', 'none'];

function toggled<T>(list: readonly T[] | undefined, value: T, on: boolean): T[] {
  const rest = (list ?? []).filter((v) => v !== value);
  return on ? [...rest, value] : rest;
}

function withPart<K extends keyof FilterSpec>(spec: FilterSpec, key: K, value: FilterSpec[K] | undefined): FilterSpec {
  const { [key]: _old, ...rest } = spec;
  const empty = value === undefined || (Array.isArray(value) && value.length === 0);
  return empty ? rest : { ...rest, [key]: value };
}

function CheckList<T extends string>({ name, values, selected, label, onChange }: {
  name: string;
  values: readonly T[];
  selected: readonly T[] | undefined;
  label: (v: T) => string;
  onChange: (v: T, on: boolean) => void;
}) {
  return (
    <div className="filter-options">
      {values.map((v) => (
        <label key={v} className="filter-option">
          <input type="checkbox" name={name} value={v} checked={selected?.includes(v) ?? false} onChange={(e) => onChange(v, e.target.checked)} />
          {label(v)}
        </label>
      ))}
    </div>
  );
}

/**
 * A number input that commits on change; empty = no bound. `scale` converts shown → stored (% → share).
 * Its text follows the filter when the bound changes elsewhere (a chip removed, a link opened).
 */
function Bound({ value, onChange, label, placeholder, scale }: { value: number | undefined; onChange: (v: number | undefined) => void; label: string; placeholder: string; scale: number }) {
  const shown = (v: number | undefined) => (v === undefined ? '' : String(Number((v * scale).toPrecision(12))));
  const [text, setText] = useState(() => shown(value));
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    const typed = text.trim() === '' ? undefined : Number(text) / scale;
    if (typed !== value) setText(shown(value));
  }
  return (
    <input
      type="number"
      inputMode="decimal"
      className="filter-bound"
      aria-label={label}
      placeholder={placeholder}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const raw = e.target.value.trim();
        const v = raw === '' ? undefined : Number(raw) / scale;
        if (v === undefined || Number.isFinite(v)) onChange(v);
      }}
    />
  );
}

const RANGES: { key: 'areaMu' | 'taxPerMu' | 'far' | 'coverage'; label: MessageKey; scale: number }[] = [
  { key: 'areaMu', label: 'exploreAreaMu', scale: 1 },
  { key: 'taxPerMu', label: 'exploreTaxPerMu', scale: 1 },
  { key: 'far', label: 'exploreFar', scale: 1 },
  { key: 'coverage', label: 'exploreCoveragePct', scale: 100 },
];

export function FilterPanel() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const filter = useAppStore((s) => s.filter);
  const parcels = useAppStore((s) => s.dataset?.parcels);
  const townNames = useAppStore((s) => s.analysis?.townNames);
  const [rule, setRule] = useState<RuleId>('low-efficiency');
  const industries = useMemo(() => (parcels ? parcelCodes(parcels).industries : []), [parcels]);
  const towns = useMemo(() => [...(townNames ?? [])].sort((a, b) => a.localeCompare(b, 'zh-CN')), [townNames]);
  const set = (next: FilterSpec) => useAppStore.getState().setFilter(next);
  const words = (r: RuleId, s: RuleStatus) => outcomeWords(r, s);

  const setRange = (key: (typeof RANGES)[number]['key'], bound: 'min' | 'max', v: number | undefined) => {
    const r: NumberRange = { ...(filter[key] ?? {}) };
    if (v === undefined) delete r[bound];
    else r[bound] = v;
    set(withPart(filter, key, Object.keys(r).length ? r : undefined));
  };
  const setRuleStatuses = (statuses: RuleStatus[]) => {
    const { [rule]: _old, ...others } = filter.rules ?? {};
    const rules = statuses.length ? { ...others, [rule]: statuses } : others;
    set(withPart(filter, 'rules', Object.keys(rules).length ? rules : undefined));
  };
  const triState = (v: boolean | undefined) => (v === undefined ? 'any' : v ? 'in' : 'out');
  const fromTriState = (v: string) => (v === 'any' ? undefined : v === 'in');

  return (
    <div className="filter-panel" data-testid="filter-panel" aria-label={t('exploreFilters')} role="group">
      <details className="filter-section" open>
        <summary>{t('exploreTowns')}</summary>
        <CheckList name="town" values={towns} selected={filter.towns} label={(v) => v} onChange={(v, on) => set(withPart(filter, 'towns', toggled(filter.towns, v, on)))} />
      </details>
      <details className="filter-section">
        <summary>{t('exploreIndustries')}</summary>
        <CheckList name="industry" values={industries} selected={filter.industries} label={(v) => v} onChange={(v, on) => set(withPart(filter, 'industries', toggled(filter.industries, v, on)))} />
      </details>
      <details className="filter-section">
        <summary>{t('exploreScale')} · {t('exploreClasses')}</summary>
        <CheckList name="scale" values={['above', 'below'] as const} selected={filter.scale} label={(v) => t(v === 'above' ? 'exploreScaleAbove' : 'exploreScaleBelow')} onChange={(v, on) => set(withPart(filter, 'scale', toggled(filter.scale, v, on)))} />
        <CheckList name="class" values={CLASS_VALUES} selected={filter.classes} label={(v) => (v === 'none' ? t('exploreClassNone') : t('exploreClassLetter', { letter: v }))} onChange={(v, on) => set(withPart(filter, 'classes', toggled(filter.classes, v, on)))} />
      </details>
      <details className="filter-section">
        <summary>{t('exploreReclaim')}</summary>
        <CheckList name="reclaim" values={RECLAIM_VALUES} selected={filter.reclaim} label={(v) => t(reclaimLabelKey(v))} onChange={(v, on) => set(withPart(filter, 'reclaim', toggled(filter.reclaim, v, on)))} />
      </details>
      <details className="filter-section">
        <summary>{t('exploreDisposal')}</summary>
        <CheckList name="disposal" values={DISPOSAL_FILTER_VALUES} selected={filter.disposal} label={(v) => disposalLabel(v, t)} onChange={(v, on) => set(withPart(filter, 'disposal', toggled(filter.disposal, v, on)))} />
      </details>
      <details className="filter-section">
        <summary>{t('exploreRules')}</summary>
        <label className="filter-row">
          <span>{t('exploreRuleLabel')}</span>
          <select value={rule} onChange={(e) => setRule(e.target.value as RuleId)} data-testid="filter-rule">
            {RULE_IDS.map((r) => (
              <option key={r} value={r}>{t(`rule_${r}` as MessageKey)}{filter.rules?.[r]?.length ? ' •' : ''}</option>
            ))}
          </select>
        </label>
        <CheckList
          name={`rule-${rule}`}
          values={STATUS_CODES}
          selected={filter.rules?.[rule]}
          label={(s) => `${words(rule, s)[lang === 'en' ? 'en' : 'zh']}`}
          onChange={(s, on) => setRuleStatuses(toggled(filter.rules?.[rule], s, on))}
        />
        <p className="filter-legend">
          {STATUS_CODES.map((s) => (
            <span key={s} className="meaning-dot" style={{ background: MEANING_COLOURS[words(rule, s).meaning] }} title={words(rule, s)[lang === 'en' ? 'en' : 'zh']} />
          ))}
        </p>
      </details>
      <details className="filter-section">
        <summary>{t('exploreRanges')}</summary>
        {RANGES.map((r) => (
          <div className="filter-row" key={r.key}>
            <span>{t(r.label)}</span>
            <Bound label={`${t(r.label)} ${t('exploreMin')}`} placeholder={t('exploreMin')} scale={r.scale} value={filter[r.key]?.min} onChange={(v) => setRange(r.key, 'min', v)} />
            <span aria-hidden="true">～</span>
            <Bound label={`${t(r.label)} ${t('exploreMax')}`} placeholder={t('exploreMax')} scale={r.scale} value={filter[r.key]?.max} onChange={(v) => setRange(r.key, 'max', v)} />
          </div>
        ))}
      </details>
      <details className="filter-section">
        <summary>{t('exploreLocation')}</summary>
        <label className="filter-row">
          <span>{t('exploreBlockline')}</span>
          <select value={triState(filter.inBlockline)} onChange={(e) => set(withPart(filter, 'inBlockline', fromTriState(e.target.value)))}>
            <option value="any">{t('exploreAny')}</option>
            <option value="in">{t('exploreInside')}</option>
            <option value="out">{t('exploreOutside')}</option>
          </select>
        </label>
        <label className="filter-row">
          <span>{t('explorePark')}</span>
          <select value={triState(filter.inPark)} onChange={(e) => set(withPart(filter, 'inPark', fromTriState(e.target.value)))}>
            <option value="any">{t('exploreAny')}</option>
            <option value="in">{t('exploreInside')}</option>
            <option value="out">{t('exploreOutside')}</option>
          </select>
        </label>
      </details>
    </div>
  );
}
