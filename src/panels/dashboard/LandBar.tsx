/**
 * Land freed toward the targets: achieved and pipeline stacked on one bar, with the 2021 (200 亩) and
 * 2023 (600 亩) targets both marked (`data-mark=2021|2023`) and labelled under it. `progress-reclaim`
 * keeps its text `achieved / pipeline / 600 亩`.
 */
import type { Translate } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { fmt, MU_DECIMALS } from './format';

interface Props {
  achieved: number;
  pipeline: number;
  t2021: number;
  t2023: number;
  t: Translate;
}

export function LandBar({ achieved, pipeline, t2021, t2023, t }: Props) {
  const scale = Math.max(t2023, t2021, achieved + pipeline) || 1;
  const pct = (v: number) => `${Math.min(100, (100 * v) / scale)}%`;
  const a = fmt(achieved, MU_DECIMALS);
  const p = fmt(pipeline, MU_DECIMALS);
  const marks = [
    { year: 2021, mu: t2021 },
    { year: 2023, mu: t2023 },
  ];
  return (
    <div className="dash-land">
      <div className="dash-subtitle">{t('dashLandTitle')}</div>
      <div className="reclaim-figures" data-testid="progress-reclaim" data-achieved={achieved.toFixed(MU_DECIMALS)} data-pipeline={pipeline.toFixed(MU_DECIMALS)} data-target={t2023}>
        {t('progressReclaim', { achieved: a, pipeline: p, target: formatNumber(t2023, 1) })}
      </div>
      <div
        className="dash-land-bar" role="img"
        aria-label={t('dashLandAria', { achieved: a, pipeline: p, t2021: formatNumber(t2021, 1), t2023: formatNumber(t2023, 1) })}
      >
        <span className="dash-bar-achieved" style={{ width: pct(achieved) }} />
        <span className="dash-bar-pipeline" style={{ width: pct(pipeline) }} />
        {marks.map((m) => (
          <span key={m.year} className="dash-land-mark" data-mark={m.year} data-mu={m.mu} style={{ left: pct(m.mu) }} />
        ))}
      </div>
      <div className="dash-land-marks" aria-hidden="true">
        {marks.map((m) => (
          <span key={m.year} className="dash-land-mark-label" style={{ left: pct(m.mu) }}>
            {formatNumber(m.mu, 1)}
          </span>
        ))}
      </div>
      <div className="dash-land-legend">
        <span><i className="dash-swatch dash-bar-achieved" /> {t('dashLandAchieved', { mu: a })}</span>
        <span><i className="dash-swatch dash-bar-pipeline" /> {t('dashLandPipeline', { mu: p })}</span>
        {marks.map((m) => (
          <span key={m.year}><i className="dash-swatch dash-swatch-mark" /> {t('dashLandMark', { mu: formatNumber(m.mu, 1), year: m.year })}</span>
        ))}
      </div>
    </div>
  );
}
