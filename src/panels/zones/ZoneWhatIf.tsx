/**
 * What-if: the active zone redeveloped at a target 亩均税收 and FAR (defaults from the engine's answer:
 * the rule set's 2023 target), tax and floor area gained, and the district KPIs and 600-亩 progress
 * today, after freeing the zone's freeable land, and after redevelopment.
 */
import type { WhatIfKpis } from '../../domain/zone-stats';
import { formatNumber, formatPercent } from '../../i18n/format';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { activeZoneStats } from '../../state/zonesSlice';

const num = (text: string): number | undefined => {
  const v = Number(text);
  return text.trim() !== '' && Number.isFinite(v) && v >= 0 ? v : undefined;
};

export function ZoneWhatIf() {
  const t = useT();
  const input = useAppStore((s) => s.zoneWhatIf);
  const w = useAppStore(activeZoneStats)?.whatIf ?? null;
  if (!w) return null;
  const set = (patch: Partial<typeof input>) => useAppStore.getState().setZoneWhatIf({ ...input, ...patch });
  const ratio = (v: number | null) => (v === null ? t('noValue') : t('zoneTaxPerMuValue', { value: formatNumber(v, 2, 2) }));
  const land = (k: WhatIfKpis) => t('zoneWhatIfLandValue', {
    freed: formatNumber(k.landFreedMu, 1, 1), target: formatNumber(k.landFreedTargetMu, 0),
    share: k.landFreedShare === null ? t('noValue') : formatPercent(k.landFreedShare),
  });
  const cols = [w.district.today, w.district.afterFreeing, w.district.afterRedevelopment];
  return (
    <section className="zone-whatif" data-testid="zone-whatif">
      <h3 className="zones-h3">{t('zoneWhatIfTitle')}</h3>
      <div className="zone-whatif-inputs">
        <label>
          {t('zoneWhatIfTarget')}
          <input type="number" min={0} step={0.01} inputMode="decimal" data-testid="zone-target-tax" value={input.targetTaxPerMu ?? ''}
            placeholder={t('zoneWhatIfDefault', { value: formatNumber(w.targetTaxPerMu, 2, 2) })}
            onChange={(e) => set({ targetTaxPerMu: num(e.target.value) })} />
        </label>
        <label>
          {t('zoneWhatIfFar')}
          <input type="number" min={0} step={0.1} inputMode="decimal" data-testid="zone-target-far" value={input.targetFar ?? ''}
            placeholder={t('zoneWhatIfDefault', { value: formatNumber(w.targetFar, 2) })}
            onChange={(e) => set({ targetFar: num(e.target.value) })} />
        </label>
      </div>
      <dl className="zone-figures">
        <div className="zone-figure"><dt>{t('zoneWhatIfTaxGained')}</dt><dd data-testid="zone-tax-gained">{t('zoneWan', { value: formatNumber(w.taxGainedWan, 1) })}</dd></div>
        <div className="zone-figure"><dt>{t('zoneWhatIfFloorGained')}</dt><dd>{t('zoneWhatIfFloorValue', { value: formatNumber(w.floorGainedM2, 0) })}</dd></div>
      </dl>
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
