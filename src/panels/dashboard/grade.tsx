/** A figure coloured by where it stands against the 2021 and 2023 targets, with a glyph so colour is not the only cue. */
import type { TargetGrade } from '../../domain/targets';
import type { Translate } from '../../i18n';

export const GRADE_GLYPH: Record<TargetGrade, string> = { 'met-2023': '▲', 'met-2021': '△', below: '▽', none: '' };

export const gradeLabel = (g: TargetGrade, t: Translate): string =>
  g === 'met-2023' ? t('dashKeyMet2023') : g === 'met-2021' ? t('dashKeyMet2021') : g === 'below' ? t('dashKeyBelow') : t('dashKeyNone');

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
