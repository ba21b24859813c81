/**
 * Results to date (land, energy, carbon freed; enterprises closed and upgraded) against the cumulative 2021 and 2023
 * targets. 至今 counts what the targets count, completions from 2021 on and undated ones (the summary's *InPlan*
 * figures, which the 镇街 table shows by town): a completion of 2019 is on the map as 已腾出 but not here.
 */
import type { DistrictSummary } from '../../domain/summary';
import type { TargetYear } from '../../domain/targets';
import type { MessageKey, Translate } from '../../i18n';
import { fmt, MU_DECIMALS, WAN_T_DECIMALS } from './format';

type Key = 'landFreedMu' | 'energyFreedWanTce' | 'carbonCutWanT' | 'closedEnterprises' | 'upgradedEnterprises';

const ROWS: { key: Key; label: MessageKey; unit: MessageKey; decimals: number; now: (s: DistrictSummary) => number }[] = [
  { key: 'landFreedMu', label: 'dashLandFreed', unit: 'dashUnitMu', decimals: MU_DECIMALS, now: (s) => s.achievedInPlanMu },
  { key: 'energyFreedWanTce', label: 'dashEnergyFreed', unit: 'dashUnitWanTce', decimals: WAN_T_DECIMALS, now: (s) => s.energyFreedInPlanTce / 10000 },
  { key: 'carbonCutWanT', label: 'dashCarbonCut', unit: 'dashUnitWanT', decimals: WAN_T_DECIMALS, now: (s) => s.carbonFreedInPlanT / 10000 },
  { key: 'closedEnterprises', label: 'dashClosed', unit: 'dashUnitFirms', decimals: 0, now: (s) => s.closedInPlanEnterprises },
  { key: 'upgradedEnterprises', label: 'dashUpgraded', unit: 'dashUnitFirms', decimals: 0, now: (s) => s.upgradedInPlanEnterprises },
];

/**
 * Each target column grades what was freed by the end of that year (summary.progress, completions counted in
 * their year) against that year's target, not the total to date: 258.7 亩 to date is not the 2021 target met
 * when only 104.8 亩 were freed by the end of 2021. A year not yet over shows its progress ungraded.
 */
export function CumulativeTable({ summary, t2021, t2023, t }: { summary: DistrictSummary; t2021: TargetYear; t2023: TargetYear; t: Translate }) {
  const byYear = (year: '2021' | '2023') => summary.progress.find((p) => p.year === year);
  const years = [
    { year: '2021' as const, target: t2021, progress: byYear('2021'), grade: 'met-2021' },
    { year: '2023' as const, target: t2023, progress: byYear('2023'), grade: 'met-2023' },
  ];
  return (
    <table className="dash-table dash-cumulative">
      <thead>
        <tr>
          <th scope="col">{t('dashIndicator')}</th>
          <th scope="col">{t('dashToDate')}</th>
          <th scope="col" className="dash-target">{t('dashByEndOf2021')}</th>
          <th scope="col" className="dash-target">{t('dashByEndOf2023')}</th>
        </tr>
      </thead>
      <tbody>
        {ROWS.map((r) => {
          const v = r.now(summary);
          return (
            <tr key={r.key} data-kpi={r.key}>
              <th scope="row">
                {t(r.label)}
                <span className="dash-unit">{t(r.unit)}</span>
              </th>
              <td data-block="current" data-value={v}>{fmt(v, r.decimals)}</td>
              {years.map(({ year, target, progress, grade }) => {
                const done = progress?.actual[r.key] ?? null;
                const over = summary.evaluationDate >= `${year}-12-31`;
                const scale = 10 ** r.decimals;
                const g = done === null || !over ? 'none' : Math.round(done * scale) >= Math.round(target[r.key] * scale) ? grade : 'below';
                return (
                  <td key={year} data-block={`by-${year}`} data-value={done ?? undefined} data-grade={g} className={`dash-target dash-grade grade-${g}`}>
                    {fmt(done, r.decimals)} / {fmt(target[r.key], r.decimals)}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
