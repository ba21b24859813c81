/**
 * What-if: the active zone redeveloped at a target 亩均税收 and FAR (defaults from the engine's answer:
 * the rule set's 2023 target), tax and floor area gained, and the district KPIs and 600-亩 progress
 * today, after freeing the zone's freeable land, and after redevelopment.
 */
import { useState } from 'react';
import type { WhatIfKpis } from '../../domain/zone-stats';
import { formatNumber, formatPercent, formatWan } from '../../i18n/format';
import { PLAN_TARGETS } from '../../domain/targets';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { activeZoneStats } from '../../state/zonesSlice';

/** What the what-if takes: a target FAR of 0.1–15, a 亩均税收 above 0 and at most 10 × the 2023 target. */
export const FAR_RANGE: [number, number] = [0.1, 15];
export const taxRange = (target2023: number): [number, number] => [0.01, Math.round(10 * target2023)];

/** A typed target: empty (the default), a number in range, or out of range / not a number (kept as typed, not applied). */
export function readTarget(text: string, [min, max]: [number, number]): { value: number | undefined } | { error: true } {
  if (text.trim() === '') return { value: undefined };
  const v = Number(text);
  return Number.isFinite(v) && v >= min && v <= max ? { value: v } : { error: true };
}

/** An input of a target, with the range named when what is typed is out of it. */
function TargetInput({ label, testid, value, range, step, placeholder, apply }: {
  label: string; testid: string; value: number | undefined; range: [number, number]; step: number; placeholder: string; apply(v: number | undefined): void;
}) {
  const t = useT();
  const [text, setText] = useState(value === undefined ? '' : String(value));
  const bad = 'error' in readTarget(text, range);
  return (
    <label>
      {label}
      <input type="number" min={range[0]} max={range[1]} step={step} inputMode="decimal" data-testid={testid} value={text} placeholder={placeholder}
        aria-invalid={bad || undefined}
        onChange={(e) => {
          setText(e.target.value);
          const r = readTarget(e.target.value, range);
          if ('value' in r) apply(r.value);
        }} />
      {bad && <span className="zone-input-error" role="alert">{t('zoneWhatIfRange', { min: formatNumber(range[0], 2), max: formatNumber(range[1], 0) })}</span>}
    </label>
  );
}

export function ZoneWhatIf() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const input = useAppStore((s) => s.zoneWhatIf);
  const w = useAppStore(activeZoneStats)?.whatIf ?? null;
  // The rule set's 2023 target: the default when the tax target is the rule set's, else what it was.
  const target2023 = useAppStore((s) => s.analysis?.summary.progress.find((p) => p.year === '2023')?.target.taxPerMu ?? PLAN_TARGETS['2023'].taxPerMu);
  if (!w) return null;
  const set = (patch: Partial<typeof input>) => useAppStore.getState().setZoneWhatIf({ ...input, ...patch });
  const ratio = (v: number | null) => (v === null ? t('noValue') : formatWan(v, lang, 'mu'));
  const land = (k: WhatIfKpis) => t('zoneWhatIfLandValue', {
    freed: formatNumber(k.landFreedMu, 1, 1), target: formatNumber(k.landFreedTargetMu, 0),
    share: k.landFreedShare === null ? t('noValue') : formatPercent(k.landFreedShare),
  });
  const cols = [w.district.today, w.district.afterFreeing, w.district.afterRedevelopment];
  return (
    <section className="zone-whatif" data-testid="zone-whatif">
      <h3 className="zones-h3">{t('zoneWhatIfTitle')}</h3>
      <div className="zone-whatif-inputs">
        <TargetInput label={t('zoneWhatIfTarget')} testid="zone-target-tax" value={input.targetTaxPerMu} range={taxRange(target2023)} step={0.01}
          placeholder={t('zoneWhatIfDefault', { value: formatNumber(w.targetTaxPerMu, 2, 2) })} apply={(v) => set({ targetTaxPerMu: v })} />
        <TargetInput label={t('zoneWhatIfFar')} testid="zone-target-far" value={input.targetFar} range={FAR_RANGE} step={0.1}
          placeholder={t('zoneWhatIfDefault', { value: formatNumber(w.targetFar, 2) })} apply={(v) => set({ targetFar: v })} />
      </div>
      <dl className="zone-figures">
        <div className="zone-figure"><dt>{t('zoneWhatIfTaxGained')}</dt><dd data-testid="zone-tax-gained">{formatWan(w.taxGainedWan, lang, '', 1)}</dd></div>
        <div className="zone-figure"><dt>{t('zoneWhatIfFloorGained')}</dt><dd>{t('zoneWhatIfFloorValue', { value: formatNumber(w.floorGainedM2, 0) })}</dd></div>
      </dl>
      {(w.taxUnknownMu > 0.005 || w.floorUnknownMu > 0.005) && (
        <p className="zone-note" data-testid="zone-whatif-unknown">{t('zoneWhatIfUnknown', { tax: formatNumber(w.taxUnknownMu, 1), floor: formatNumber(w.floorUnknownMu, 1) })}</p>
      )}
      <div className="zone-table-wrap">
        <table className="zone-table">
          <thead>
            <tr><th scope="col" /><th scope="col">{t('zoneWhatIfToday')}</th><th scope="col">{t('zoneWhatIfAfterFreeing')}</th><th scope="col">{t('zoneWhatIfAfterRedevelopment')}</th></tr>
          </thead>
          <tbody>
            <tr><th scope="row">{t('zoneWhatIfKpiTax')}</th>{cols.map((k, i) => <td key={i}>{ratio(k.taxPerMu)}</td>)}</tr>
            <tr><th scope="row">{t('zoneWhatIfKpiValue')}</th>{cols.map((k, i) => <td key={i}>{ratio(k.valuePerMu)}</td>)}</tr>
            <tr><th scope="row">{t('zoneWhatIfKpiLand')}</th>{cols.map((k, i) => <td key={i}>{land(k)}</td>)}</tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
