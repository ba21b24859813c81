/**
 * Charts by 镇街, drawn with plain elements (no chart library): land freed (toward the targets: from 2021 on,
 * achievedInPlanMu, as the land bar and the table) and freeable per town (stacked bars), and each town's 现状
 * 亩均税收 with the 2021 and 2023 targets as vertical lines.
 */
import type { KpiBlock } from '../../domain/summary';
import type { Translate } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { fmt, MU_DECIMALS, RATIO_DECIMALS } from './format';

const pct = (v: number, scale: number) => `${Math.max(0, Math.min(100, (100 * v) / (scale || 1)))}%`;

export function TownLandChart({ towns, t }: { towns: [string, KpiBlock][]; t: Translate }) {
  const scale = Math.max(1, ...towns.map(([, b]) => b.achievedInPlanMu + b.pipelineMu));
  return (
    <figure className="dash-chart" data-chart="town-land">
      <figcaption className="dash-subtitle">{t('dashTownLandChart')}</figcaption>
      {towns.map(([name, b]) => (
        <div key={name} className="dash-chart-row">
          <span className="dash-chart-name">{name}</span>
          <span className="dash-chart-track">
            <span className="dash-bar-achieved" style={{ width: pct(b.achievedInPlanMu, scale) }} />
            <span className="dash-bar-pipeline" style={{ width: pct(b.pipelineMu, scale) }} />
          </span>
          <span className="dash-chart-value">
            {fmt(b.achievedInPlanMu, MU_DECIMALS)} / {fmt(b.pipelineMu, MU_DECIMALS)}
          </span>
        </div>
      ))}
    </figure>
  );
}

export function TownTaxChart({ towns, t2021, t2023, t }: { towns: [string, KpiBlock][]; t2021: number; t2023: number; t: Translate }) {
  const values = towns.map(([, b]) => b.stages.current.taxPerMu.value ?? 0);
  const scale = Math.max(t2023 * 1.1, ...values);
  return (
    <figure className="dash-chart" data-chart="town-tax">
      <figcaption className="dash-subtitle">{t('dashTownTaxChart')}</figcaption>
      {towns.map(([name, b]) => {
        const v = b.stages.current.taxPerMu.value;
        return (
          <div key={name} className="dash-chart-row">
            <span className="dash-chart-name">{name}</span>
            <span className="dash-chart-track">
              <span className="dash-bar-tax" style={{ width: pct(v ?? 0, scale) }} />
              <span className="dash-chart-mark" style={{ left: pct(t2021, scale) }} />
              <span className="dash-chart-mark dash-chart-mark-2023" style={{ left: pct(t2023, scale) }} />
            </span>
            <span className="dash-chart-value">{fmt(v, RATIO_DECIMALS)}</span>
          </div>
        );
      })}
      <p className="dash-note">{t('dashTownTaxMarks', { t2021: formatNumber(t2021, 2, 2), t2023: formatNumber(t2023, 2, 2) })}</p>
    </figure>
  );
}
