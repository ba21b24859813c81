/** A figure coloured by where it stands against the 2021 and 2023 targets, with a glyph so colour is not the only cue. */
import { gradeAgainstTargets, type TargetGrade } from '../../domain/targets';
import type { Translate } from '../../i18n';
import { fmt, RATIO_DECIMALS } from './format';

export const GRADE_GLYPH: Record<TargetGrade, string> = { 'met-2023': '▲', 'met-2021': '△', below: '▽', none: '' };

export const gradeLabel = (g: TargetGrade, t: Translate): string =>
  g === 'met-2023' ? t('dashKeyMet2023') : g === 'met-2021' ? t('dashKeyMet2021') : g === 'below' ? t('dashKeyBelow') : t('dashKeyNone');

/**
 * A ratio's cell graded against the 2021 and 2023 targets as shown (rounded to `decimals`, gradeAgainstTargets):
 * `data-value` (full precision), `data-grade` and the grade's colour and glyph (dashboard.css). The stage table
 * and the 镇街 table both draw their 亩均 figures with it.
 */
export function GradedCell({ value, t2021, t2023, decimals = RATIO_DECIMALS, block, col }: {
  value: number | null; t2021: number; t2023: number; decimals?: number; block?: string; col?: string;
}) {
  const grade = gradeAgainstTargets(value, t2021, t2023, decimals);
  return (
    <td data-block={block} data-col={col} data-value={value ?? ''} data-grade={grade} className={`dash-grade grade-${grade}`}>
      {fmt(value, decimals)}
    </td>
  );
}

/** The colour key shown under the tables. */
export function GradeKey({ t }: { t: Translate }) {
  const grades: TargetGrade[] = ['met-2023', 'met-2021', 'below'];
  return (
    <p className="dash-key">
      <span>{t('dashKeyTitle')}</span>
      {grades.map((g) => (
        <span key={g} className={`dash-grade grade-${g}`}>
          <span aria-hidden="true">{GRADE_GLYPH[g]}</span> {gradeLabel(g, t)}
        </span>
      ))}
    </p>
  );
}
