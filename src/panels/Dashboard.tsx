/**
 * The targets dashboard (§二 主要目标): 规上 亩均税收 / 亩均增加值 / 劳动生产率 against the 2021 and 2023
 * targets, land freed (achieved / pipeline / target), energy and carbon freed, enterprises closed and
 * upgraded, and a table by 镇街 — all read from the engine's district summary.
 */
import { useState } from 'react';
import type { DistrictSummary, KpiBlock, TargetProgress } from '../domain/summary';
import type { TargetYear } from '../domain/targets';
import { formatNumber } from '../i18n/format';
import type { MessageKey, Translate } from '../i18n';
import { useT } from '../state/selectors';
import { useAppStore } from '../state/store';

const fmt1 = (v: number | null): string => (v === null ? '—' : formatNumber(v, 1, 1));
const fmt2 = (v: number | null): string => (v === null ? '—' : formatNumber(v, 2, 2));
const fmt3 = (v: number | null): string => (v === null ? '—' : formatNumber(v, 3, 3));
const fmt0 = (v: number): string => formatNumber(v, 0);

/** `ok` at or above the 2023 target, `mid` at or above the 2021 one, else `low`. */
function grade(actual: number | null, t2021: number, t2023: number): string {
  if (actual === null) return 'kpi-none';
  return actual >= t2023 ? 'kpi-ok' : actual >= t2021 ? 'kpi-mid' : 'kpi-low';
}

function ReclaimBar({ achieved, pipeline, target, t }: { achieved: number; pipeline: number; target: number; t: Translate }) {
  const scale = Math.max(target, achieved + pipeline) || 1;
  const pct = (v: number) => `${(100 * v) / scale}%`;
  return (
    <div className="reclaim-bar" role="img" aria-label={t('landFreed')}>
      <span className="bar-achieved" style={{ width: pct(achieved) }} title={`${t('legendAchieved')} ${fmt1(achieved)}`} />
      <span className="bar-pipeline" style={{ width: pct(pipeline) }} title={`${t('legendPipeline')} ${fmt1(pipeline)}`} />
      <span className="bar-target" style={{ left: pct(target) }} />
    </div>
  );
}

const RATIO_ROWS: { key: 'taxPerMu' | 'valuePerMu' | 'productivity'; label: MessageKey; unit: MessageKey }[] = [
  { key: 'taxPerMu', label: 'kpiTaxPerMu', unit: 'unitWanPerMu' },
  { key: 'valuePerMu', label: 'kpiValuePerMu', unit: 'unitWanPerMu' },
  { key: 'productivity', label: 'kpiProductivity', unit: 'unitWanPerPerson' },
];

type Cumulative = 'landFreedMu' | 'energyFreedWanTce' | 'carbonCutWanT' | 'closedEnterprises' | 'upgradedEnterprises';
/** Achievements: the total to date ("now"), and the 2021 column as cumulative-to-2021 / target. */
const CUMULATIVE_ROWS: { key: Cumulative & keyof TargetYear; label: MessageKey; format: (v: number) => string; now: (s: DistrictSummary) => number }[] = [
  { key: 'energyFreedWanTce', label: 'energyFreed', format: fmt3, now: (s) => s.energyFreedTce / 10000 },
  { key: 'carbonCutWanT', label: 'carbonCut', format: fmt3, now: (s) => s.carbonFreedT / 10000 },
  { key: 'closedEnterprises', label: 'closedEnterprises', format: fmt0, now: (s) => s.closedEnterprises },
  { key: 'upgradedEnterprises', label: 'upgradedEnterprises', format: fmt0, now: (s) => s.upgradedEnterprises },
];

function Targets({ summary, p2021, p2023, t }: { summary: DistrictSummary; p2021: TargetProgress; p2023: TargetProgress; t: Translate }) {
  return (
    <table className="kpi-table">
      <thead>
        <tr>
          <th>{t('kpiIndicator')}</th>
          <th>{t('kpiActual')}</th>
          <th>{t('kpiTarget2021')}</th>
          <th>{t('kpiTarget2023')}</th>
        </tr>
      </thead>
      <tbody>
        {RATIO_ROWS.map((r) => (
          <tr key={r.key} data-kpi={r.key}>
            <th title={t(r.unit)}>{t(r.label)}</th>
            <td className={grade(summary[r.key].value, p2021.target[r.key], p2023.target[r.key])}>{fmt2(summary[r.key].value)}</td>
            <td>{fmt2(p2021.target[r.key])}</td>
            <td>{fmt2(p2023.target[r.key])}</td>
          </tr>
        ))}
        {CUMULATIVE_ROWS.map((r) => (
          <tr key={r.key} data-kpi={r.key}>
            <th>{t(r.label)}</th>
            <td className={grade(r.now(summary), p2021.target[r.key], p2023.target[r.key])}>{r.format(r.now(summary))}</td>
            <td title={t('kpiCumulative', { year: 2021 })}>
              {r.format(p2021.actual[r.key])} / {r.format(p2021.target[r.key])}
            </td>
            <td>{r.format(p2023.target[r.key])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TownTable({ byTown, t }: { byTown: Record<string, KpiBlock>; t: Translate }) {
  const towns = Object.entries(byTown).sort((a, b) => b[1].achievedMu + b[1].pipelineMu - (a[1].achievedMu + a[1].pipelineMu));
  return (
    <table className="town-table" data-testid="town-table">
      <thead>
        <tr>
          <th>{t('town')}</th>
          <th>{t('townParcels')}</th>
          <th>{t('townTaxPerMu')}</th>
          <th>{t('townAchieved')}</th>
          <th>{t('townPipeline')}</th>
          <th>{t('townClosedUpgraded')}</th>
        </tr>
      </thead>
      <tbody>
        {towns.map(([name, b]) => (
          <tr key={name} data-town={name}>
            <th>{name}</th>
            <td>{fmt0(b.parcels)}</td>
            <td>{fmt2(b.taxPerMu.value)}</td>
            <td>{fmt1(b.achievedMu)}</td>
            <td>{fmt1(b.pipelineMu)}</td>
            <td>
              {b.closedEnterprises} / {b.upgradedEnterprises}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Dashboard() {
  const t = useT();
  const [open, setOpen] = useState(true);
  const analysis = useAppStore((s) => s.analysis);
  if (!analysis) return null;
  const summary = analysis.summary;
  const p2021 = summary.progress.find((p) => p.year === '2021');
  const p2023 = summary.progress.find((p) => p.year === '2023');
  if (!p2021 || !p2023) return null;
  const target = p2023.target.landFreedMu;
  return (
    <section className={open ? 'dashboard' : 'dashboard collapsed'} data-testid="dashboard" data-evaluation-date={summary.evaluationDate} aria-label={t('dashboardTitle')}>
      <div className="dashboard-head">
        <button type="button" className="dashboard-toggle" aria-expanded={open} title={t('dashboardToggle')} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'} {t('dashboardTitle')}
        </button>
        <span className="dashboard-date">{t('dashboardDate', { date: summary.evaluationDate })}</span>
      </div>
      <div className="reclaim">
        <div className="reclaim-label">{t('landFreed')}</div>
        <div className="reclaim-figures" data-testid="progress-reclaim">
          {t('progressReclaim', { achieved: fmt1(summary.achievedMu), pipeline: fmt1(summary.pipelineMu), target: formatNumber(target, 1) })}
        </div>
        <ReclaimBar achieved={summary.achievedMu} pipeline={summary.pipelineMu} target={target} t={t} />
      </div>
      {open && (
        <>
          <Targets summary={summary} p2021={p2021} p2023={p2023} t={t} />
          <h3>{t('byTown')}</h3>
          <TownTable byTown={summary.byTown} t={t} />
        </>
      )}
    </section>
  );
}
