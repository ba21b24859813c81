/** One parameter: label, input (or A–D checkboxes), unit, default, and its inline error. */
import type { RuleSetError } from '../../domain/rule-set';
import type { MessageKey, Translate } from '../../i18n';
import { bareMessage, defaultAt, formatValue, parseInput } from './doc';
import type { FieldSpec } from './fields';

export const fieldLabel = (f: FieldSpec, t: Translate): string =>
  f.label ? t(f.label.key as MessageKey, f.label.params) : t(`set_${f.path}` as MessageKey);

interface Props {
  field: FieldSpec;
  /** The text shown: the user's draft, else the value in effect. */
  text: string;
  value: unknown;
  notNumber: boolean;
  errors: RuleSetError[] | undefined;
  lang: 'zh' | 'en';
  t: Translate;
  onText(text: string): void;
  onBlur(): void;
  onClasses(classes: string[]): void;
}

const CLASSES = ['A', 'B', 'C', 'D'];

/**
 * A percentage typed as a share (0.3 for 30 %): the number typed when it is above 0 and below 1 in a field
 * whose default is at least 1 %, else null. Taken as typed (0.3 %), with a word and a one-click fix.
 */
export function shareTypedAsPercent(field: FieldSpec, text: string, defaultShare: unknown): number | null {
  if (field.kind !== 'percent' || typeof defaultShare !== 'number' || defaultShare < 0.01) return null;
  const parsed = parseInput(field, text); // the typed number as a share (÷ 100), full-width forms read
  const typed = parsed.ok && typeof parsed.value === 'number' ? Math.round(parsed.value * 100 * 1e9) / 1e9 : NaN;
  return typed > 0 && typed < 1 ? typed : null;
}

export function FieldRow({ field, text, value, notNumber, errors, lang, t, onText, onBlur, onClasses }: Props) {
  const id = `set-${field.path.replace(/\./g, '-')}`;
  const errorId = `${id}-error`;
  const bad = notNumber || (errors?.length ?? 0) > 0;
  const def = defaultAt(field.path);
  const changed = JSON.stringify(value) !== JSON.stringify(def);
  const label = fieldLabel(field, t);
  const share = bad ? null : shareTypedAsPercent(field, text, def);
  const asPercent = share === null ? '' : String(Math.round(share * 100 * 1e6) / 1e6);
  return (
    <div className={changed ? 'set-row set-row-changed' : 'set-row'} data-path={field.path}>
      {field.kind === 'classes' ? (
        <span className="set-label" id={`${id}-label`}>{label}</span>
      ) : (
        <label className="set-label" htmlFor={id}>{label}</label>
      )}
      <span className="set-input">
        {field.kind === 'classes' ? (
          <span role="group" aria-labelledby={`${id}-label`} className="set-classes">
            {CLASSES.map((c) => (
              <label key={c} className="set-class">
                <input
                  type="checkbox" data-field={`${field.path}.${c}`} checked={Array.isArray(value) && value.includes(c)}
                  onChange={(e) => onClasses(CLASSES.filter((x) => (x === c ? e.target.checked : Array.isArray(value) && value.includes(x))))}
                />
                {c}
              </label>
            ))}
          </span>
        ) : (
          <input
            id={id} type="text" inputMode={field.kind === 'list' ? 'text' : 'decimal'} data-field={field.path}
            className={field.kind === 'list' ? 'set-text set-list' : 'set-text'} value={text}
            aria-invalid={bad} aria-describedby={bad ? errorId : undefined}
            onChange={(e) => onText(e.target.value)} onBlur={onBlur}
          />
        )}
        {field.unit && <span className="set-unit">{t(`setUnit_${field.unit}` as MessageKey)}</span>}
      </span>
      <span className="set-default">
        {changed ? `${t('setChanged')} · ` : ''}
        {t('setDefault', { value: `${formatValue(field, def)}${field.unit === 'percent' ? '%' : ''}` })}
        {field.kind === 'list' ? ` · ${t('setListHint')}` : ''}
      </span>
      {share !== null && (
        <p className="set-hint" data-testid="percent-hint">
          {t('setPercentSmall', { typed: String(share), as: asPercent })}{' '}
          <button type="button" className="link-button" onClick={() => onText(asPercent)}>{t('setPercentUse', { as: asPercent })}</button>
        </p>
      )}
      {bad && (
        <p className="set-error" id={errorId} role="alert">
          {notNumber ? t('setNotNumber') : errors!.map((e) => (field.kind === 'percent' && e.problem === 'out-of-range' ? t('setPercentRange') : bareMessage(e, lang))).join(lang === 'en' ? '; ' : '；')}
        </p>
      )}
    </div>
  );
}
