/**
 * 规上 亩均税收 / 亩均增加值 / 劳动生产率 at 基期, 现状 and 全部腾出后 (the engine's summary stages),
 * each graded against the 2021 and 2023 targets as shown (rounded). Stable hooks: `tr[data-kpi]`,
 * `td[data-block=baseline|current|afterPipeline]` with `data-value` (full precision) and `data-grade`;
 * the first td of a row is 基期 (summary.taxPerMu …).
 */
import { KPI_STAGES, type DistrictSummary, type KpiStage } from '../../domain/summary';
import type { TargetYear } from '../../domain/targets';
import type { MessageKey, Translate } from '../../i18n';
import { fmt, RATIO_DECIMALS } from './format';
import { GradedCell } from './grade';

export type RatioKey = 'taxPerMu' | 'valuePerMu' | 'productivity';

/** The three 规上 亩均 ratios graded against the targets, with their labels and units (also the 镇街 table's). */
export const RATIO_ROWS: readonly { key: RatioKey; label: MessageKey; unit: MessageKey }[] = [
  { key: 'taxPerMu', label: 'dashTaxPerMu', unit: 'dashUnitWanPerMu' },
  { key: 'valuePerMu', label: 'dashValuePerMu', unit: 'dashUnitWanPerMu' },
  { key: 'productivity', label: 'dashProductivity', unit: 'dashUnitWanPerPerson' },
];

const STAGE_LABEL: Record<KpiStage, MessageKey> = {
  baseline: 'dashStageBaseline',
  current: 'dashStageCurrent',
  afterPipeline: 'dashStageAfterPipeline',
};

interface Props {
  summary: DistrictSummary;
  t2021: TargetYear;
  t2023: TargetYear;
  t: Translate;
}

export function StageTable({ summary, t2021, t2023, t }: Props) {
  return (
    <table className="dash-table dash-stages">
      <thead>
        <tr>
          <th scope="col">{t('dashIndicator')}</th>
          {KPI_STAGES.map((s) => (
            <th key={s} scope="col" data-block={s}>{t(STAGE_LABEL[s])}</th>
          ))}
          <th scope="col" className="dash-target">{t('dashTarget2021')}</th>
          <th scope="col" className="dash-target">{t('dashTarget2023')}</th>
        </tr>
      </thead>
      <tbody>
        {RATIO_ROWS.map((r) => (
          <tr key={r.key} data-kpi={r.key}>
            <th scope="row">
              {t(r.label)}
              <span className="dash-unit">{t(r.unit)}</span>
            </th>
            {KPI_STAGES.map((s) => (
              <GradedCell key={s} block={s} value={summary.stages[s][r.key].value} t2021={t2021[r.key]} t2023={t2023[r.key]} />
            ))}
            <td className="dash-target">{fmt(t2021[r.key], RATIO_DECIMALS)}</td>
            <td className="dash-target">{fmt(t2023[r.key], RATIO_DECIMALS)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
