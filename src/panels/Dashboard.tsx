/**
 * The targets dashboard (§二 主要目标), the side panel's overview tab — all read from the engine's
 * district summary: land freed (achieved / pipeline against 200 and 600 亩), 规上 亩均税收 / 亩均增加值 /
 * 劳动生产率 at 基期, 现状 and 全部腾出后 against the 2021 and 2023 targets with a colour key, results
 * to date, charts and a table by 镇街 with the district in its foot (a row filters to its town). Land freed, energy,
 * carbon and enterprises are counted toward the targets (from 2021 on) everywhere on it, by town and overall.
 */
import { validateRuleSet } from '../domain/rule-set';
import { townsByLand } from '../domain/summary';
import { useT } from '../state/selectors';
import { useAppStore } from '../state/store';
import { CumulativeTable } from './dashboard/CumulativeTable';
import { GradeKey } from './dashboard/grade';
import { LandBar } from './dashboard/LandBar';
import { StageTable } from './dashboard/StageTable';
import { TownLandChart, TownTaxChart } from './dashboard/TownCharts';
import { TownTable } from './dashboard/TownTable';
import { localToday, saveFile } from './save-file';
import './dashboard/dashboard.css';

/** 导出看板: the dashboard's figures as an Excel workbook (io/export/dashboard-xlsx.ts, loaded on first use). */
async function exportDashboard(): Promise<void> {
  const s = useAppStore.getState();
  const analysis = s.analysis;
  const info = s.dataset?.info;
  if (!analysis || !info) return;
  const { writeDashboardXlsx } = await import('../io/export/dashboard-xlsx');
  const rules = validateRuleSet(analysis.request.rules ?? {});
  const bytes = writeDashboardXlsx(analysis.summary, {
    evaluationDate: analysis.summary.evaluationDate, asOf: info.asOf ?? null, ruleSetName: rules.ok ? rules.value.name : '—',
    datasetName: info.label || info.name, synthetic: info.synthetic, exportedOn: localToday(),
  });
  saveFile(bytes, `目标看板_${analysis.summary.evaluationDate}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
}

export function Dashboard() {
  const t = useT();
  const analysis = useAppStore((s) => s.analysis);
  const asOf = useAppStore((s) => s.dataset?.info.asOf ?? null);
  if (!analysis) return <p className="dash-note">{t('dashNoAnalysis')}</p>;
  const summary = analysis.summary;
  const t2021 = summary.progress.find((p) => p.year === '2021')?.target;
  const t2023 = summary.progress.find((p) => p.year === '2023')?.target;
  if (!t2021 || !t2023) return null;
  const towns = townsByLand(summary);
  return (
    <section className="dash" data-testid="dashboard" data-evaluation-date={summary.evaluationDate} aria-label={t('dashboardTitle')}>
      <div className="dash-head">
        <h2 className="dash-title">{t('dashboardTitle')}</h2>
        <span className="dash-dates">
          {asOf && <span>{t('dashAsOf', { date: asOf })}</span>}
          <span>{t('dashEvaluated', { date: summary.evaluationDate })}</span>
        </span>
        <button type="button" className="dash-export" data-testid="dashboard-export" onClick={() => void exportDashboard()}>{t('dashExport')}</button>
      </div>
      <LandBar achieved={summary.achievedInPlanMu} pipeline={summary.pipelineMu} t2021={t2021.landFreedMu} t2023={t2023.landFreedMu} t={t} />
      <h3 className="dash-subtitle">{t('dashStagesTitle')}</h3>
      <StageTable summary={summary} t2021={t2021} t2023={t2023} t={t} />
      <GradeKey t={t} />
      <p className="dash-note">{t('dashStagesNote', { asOf: asOf ?? summary.evaluationDate })}</p>
      <h3 className="dash-subtitle">{t('dashCumulativeTitle')}</h3>
      <CumulativeTable summary={summary} t2021={t2021} t2023={t2023} t={t} />
      <h3 className="dash-subtitle">{t('dashByTown')}</h3>
      <TownLandChart towns={towns} t={t} />
      <TownTaxChart towns={towns} t2021={t2021.taxPerMu} t2023={t2023.taxPerMu} t={t} />
      <p className="dash-note">{t('dashTownHint')}</p>
      <TownTable towns={towns} district={summary} t2021={t2021} t2023={t2023} t={t} />
    </section>
  );
}
