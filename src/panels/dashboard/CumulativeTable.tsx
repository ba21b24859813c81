/** Results to date (land, energy, carbon freed; enterprises closed and upgraded) against the cumulative 2021 and 2023 targets. */
import type { DistrictSummary } from '../../domain/summary';
import { gradeAgainstTargets, type TargetYear } from '../../domain/targets';
import type { MessageKey, Translate } from '../../i18n';
import { fmt, MU_DECIMALS } from './format';

type Key = 'landFreedMu' | 'energyFreedWanTce' | 'carbonCutWanT' | 'closedEnterprises' | 'upgradedEnterprises';

const ROWS: { key: Key; label: MessageKey; unit: MessageKey; decimals: number; now: (s: DistrictSummary) => number }[] = [
  { key: 'landFreedMu', label: 'dashLandFreed', unit: 'dashUnitMu', decimals: MU_DECIMALS, now: (s) => s.achievedMu },
  { key: 'energyFreedWanTce', label: 'dashEnergyFreed', unit: 'dashUnitWanTce', decimals: 3, now: (s) => s.energyFreedTce / 10000 },
  { key: 'carbonCutWanT', label: 'dashCarbonCut', unit: 'dashUnitWanT', decimals: 3, now: (s) => s.carbonFreedT / 10000 },
  { key: 'closedEnterprises', label: 'dashClosed', unit: 'dashUnitFirms', decimals: 0, now: (s) => s.closedEnterprises },
  { key: 'upgradedEnterprises', label: 'dashUpgraded', unit: 'dashUnitFirms', decimals: 0, now: (s) => s.upgradedEnterprises },
];

export function CumulativeTable({ summary, t2021, t2023, t }: { summary: DistrictSummary; t2021: TargetYear; t2023: TargetYear; t: Translate }) {
  return (
    <table className="dash-table dash-cumulative">
      <thead>
        <tr>
          <th scope="col">{t('dashIndicator')}</th>
          <th scope="col">{t('dashToDate')}</th>
          <th scope="col" className="dash-target">{t('dashTarget2021')}</th>
          <th scope="col" className="dash-target">{t('dashTarget2023')}</th>
        </tr>
      </thead>
      <tbody>
        {ROWS.map((r) => {
          const v = r.now(summary);
          const grade = gradeAgainstTargets(v, t2021[r.key], t2023[r.key], r.decimals);
          return (
            <tr key={r.key} data-kpi={r.key}>
              <th scope="row">
                {t(r.label)}
                <span className="dash-unit">{t(r.unit)}</span>
              </th>
              <td data-block="current" data-value={v} data-grade={grade} className={`dash-grade grade-${grade}`}>{fmt(v, r.decimals)}</td>
              <td className="dash-target">{fmt(t2021[r.key], r.decimals)}</td>
              <td className="dash-target">{fmt(t2023[r.key], r.decimals)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
