/** The evaluation date: a YYYY-MM-DD date input (`evaluation-date`), default the data's as-of date, 2021-12-31 and 2023-12-31 one click away. */
import { useState } from 'react';
import { isPlausibleDate } from '../../domain/dates';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { effectiveEvaluationDate } from '../../state/analysisInputs';
import { scheduleReanalyse } from './apply';
import { todayIso } from '../../analysis/request';

const TARGET_DATES = ['2021-12-31', '2023-12-31'];

/** `onInvalid`: whether a date being typed is not one yet (counted in the panel's 有 N 处设置无效). */
export function EvaluationDate({ onInvalid }: { onInvalid(invalid: boolean): void }) {
  const t = useT();
  const asOf = useAppStore((s) => s.dataset?.info.asOf ?? null);
  const date = useAppStore((s) => effectiveEvaluationDate(s));
  const [draft, setDraft] = useState<string | null>(null);
  const set = (value: string) => {
    // A year still being typed (0202-…) is a draft too: not applied, so not analysed at each digit.
    if (!isPlausibleDate(value)) {
      setDraft(value);
      onInvalid(true);
      return;
    }
    setDraft(null);
    onInvalid(false);
    useAppStore.getState().setEvaluationDate(value === asOf ? null : value);
    scheduleReanalyse();
  };
  const choices = [...(asOf ? [{ value: asOf, label: t('setDateAsOf', { date: asOf }) }] : []), ...TARGET_DATES.map((d) => ({ value: d, label: d }))];
  const bad = draft !== null;
  return (
    <fieldset className="set-group set-date">
      <legend className="set-legend">{t('setDateTitle')}</legend>
      <p className="set-note">{t('setDateHint', { asOf: asOf ?? '—' })}</p>
      <label className="set-row">
        <span className="set-label">{t('setDateLabel')}</span>
        <input
          type="date" data-testid="evaluation-date" value={draft ?? date} min="1990-01-01" max="2100-12-31"
          aria-invalid={bad} aria-describedby={bad ? 'set-date-error' : undefined}
          onChange={(e) => set(e.target.value)}
        />
      </label>
      {bad && <p className="set-error" id="set-date-error" role="alert">{t('setDateBad')}</p>}
      {!bad && date > todayIso() && <p className="set-note" data-testid="evaluation-date-future">{t('setDateFuture')}</p>}
      <div className="set-chips">
        {choices.map((c) => (
          <button key={c.value} type="button" className="set-chip" aria-pressed={date === c.value} data-date={c.value} onClick={() => set(c.value)}>
            {c.label}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
