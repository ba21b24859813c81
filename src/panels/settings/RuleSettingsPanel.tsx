/**
 * The rule settings tab (`rule-settings`): the evaluation date and every parameter of the rule set,
 * grouped by rule with its clause. Edits are checked by the engine's validator (domain/rule-set.ts,
 * bilingual errors shown beside the field); a valid set is applied to the store at once and the
 * analysis re-runs once typing pauses, so the map, list, card and dashboard update together. An
 * invalid edit stays in the field with its error and is not applied. Kept across reloads by
 * state/settings-persist.ts.
 */
import { useState } from 'react';
import { validateRuleSet, type RuleSetError } from '../../domain/rule-set';
import type { MessageKey } from '../../i18n';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { scheduleReanalyse } from './apply';
import { bareMessage, changesAny, effectiveAt, errorsByKey, formatValue, parseInput, withoutPrefixes, withValue, type Doc } from './doc';
import { EvaluationDate } from './EvaluationDate';
import { FieldRow } from './FieldRow';
import { RuleFiles } from './RuleFiles';
import { ALL_FIELDS, GROUPS, type FieldSpec } from './fields';
import './settings.css';

const FIELD_BY_PATH = new Map(ALL_FIELDS.map((f) => [f.path, f]));

interface Drafts {
  /** Text typed per field path, kept while the field is being edited or is invalid. */
  text: Record<string, string>;
  errors: RuleSetError[];
}

const NO_DRAFTS: Drafts = { text: {}, errors: [] };

/** Applies the drafts on top of the store's rules when they all parse and validate; returns what is left to show. */
function apply(text: Record<string, string>): Drafts {
  const store = useAppStore.getState();
  let doc: Doc | null = store.rules;
  for (const [path, t] of Object.entries(text)) {
    const parsed = parseInput(FIELD_BY_PATH.get(path)!, t);
    if (!parsed.ok) return { text, errors: [] };
    doc = withValue(doc, path, parsed.value);
  }
  const result = validateRuleSet(doc ?? {});
  if (!result.ok) return { text, errors: result.errors };
  if (JSON.stringify(doc) !== JSON.stringify(store.rules)) {
    store.setRules(doc);
    scheduleReanalyse();
  }
  return { text, errors: [] };
}

export function RuleSettingsPanel() {
  const t = useT();
  const lang = useAppStore((s) => (s.lang === 'en' ? 'en' : 'zh'));
  const rules = useAppStore((s) => s.rules);
  const evaluationDate = useAppStore((s) => s.evaluationDate);
  const [drafts, setDrafts] = useState<Drafts>(NO_DRAFTS);
  // Bumped by 全部恢复默认: the date field starts afresh too (a date being typed, even an invalid one, is its own state).
  const [resets, setResets] = useState(0);
  // A date being typed that is not a date yet (EvaluationDate's own draft).
  const [dateInvalid, setDateInvalid] = useState(false);
  const errors = errorsByKey(drafts.errors, ALL_FIELDS);
  const invalidCount = Object.entries(drafts.text).filter(([p, x]) => !parseInput(FIELD_BY_PATH.get(p)!, x).ok).length + drafts.errors.length + (dateInvalid ? 1 : 0);

  const onText = (path: string, text: string) => setDrafts(apply({ ...drafts.text, [path]: text }));
  const onBlur = (path: string) => {
    // A field that parses and validates shows the value in effect again once left.
    if (invalidCount > 0) return;
    const { [path]: _left, ...rest } = drafts.text;
    setDrafts({ text: rest, errors: [] });
  };
  const onValue = (path: string, value: unknown) => {
    const store = useAppStore.getState();
    const doc = withValue(store.rules, path, value);
    const result = validateRuleSet(doc ?? {});
    if (!result.ok) {
      setDrafts({ ...drafts, errors: result.errors });
      return;
    }
    store.setRules(doc);
    setDrafts(apply(drafts.text));
    scheduleReanalyse();
  };
  const resetGroup = (prefixes: readonly string[]) => {
    const store = useAppStore.getState();
    store.setRules(withoutPrefixes(store.rules, prefixes));
    const text = Object.fromEntries(Object.entries(drafts.text).filter(([p]) => !prefixes.includes(p.split('.')[0]!)));
    setDrafts(apply(text));
    scheduleReanalyse();
  };
  // What 全部恢复默认 replaced, offered back (撤销) until the next change.
  const [beforeReset, setBeforeReset] = useState<{ rules: typeof rules; date: typeof evaluationDate } | null>(null);
  const undoReset = () => {
    if (!beforeReset) return;
    const store = useAppStore.getState();
    store.setRules(beforeReset.rules);
    store.setEvaluationDate(beforeReset.date);
    setBeforeReset(null);
    setResets((n) => n + 1);
    scheduleReanalyse();
  };
  const resetAll = () => {
    const store = useAppStore.getState();
    if (store.rules !== null || store.evaluationDate !== null) setBeforeReset({ rules: store.rules, date: store.evaluationDate });
    store.setRules(null);
    store.setEvaluationDate(null);
    setDrafts(NO_DRAFTS);
    setDateInvalid(false);
    setResets((n) => n + 1);
    scheduleReanalyse();
  };

  const row = (f: FieldSpec) => {
    const value = effectiveAt(rules, f.path);
    const draft = drafts.text[f.path];
    return (
      <FieldRow
        key={f.path} field={f} value={value} text={draft ?? formatValue(f, value)} lang={lang} t={t}
        notNumber={draft !== undefined && !parseInput(f, draft).ok} errors={errors.get(f.path)}
        onText={(x) => onText(f.path, x)} onBlur={() => onBlur(f.path)} onClasses={(c) => onValue(f.path, c)}
      />
    );
  };

  return (
    <section className="set" data-testid="rule-settings" aria-label={t('setTitle')}>
      <div className="set-head">
        <h2 className="set-title">{t('setTitle')}</h2>
        <button type="button" className="set-button" data-testid="settings-reset-all" onClick={resetAll} disabled={rules === null && evaluationDate === null && invalidCount === 0}>
          {t('setResetAll')}
        </button>
      </div>
      <p className="set-note">{t('setIntro')}</p>
      <RuleFiles />
      {beforeReset && (rules === null && evaluationDate === null) && (
        <p className="set-note" role="status" data-testid="settings-reset-done">
          {t('setResetDone')}{' '}
          <button type="button" className="link-button" data-testid="settings-reset-undo" onClick={undoReset}>{t('setResetUndo')}</button>
        </p>
      )}
      {invalidCount > 0 && <p className="set-error" data-testid="settings-invalid" role="status">{t('setInvalid', { count: invalidCount })}</p>}
      <EvaluationDate key={resets} onInvalid={setDateInvalid} />
      {GROUPS.map((g) => {
        const changed = changesAny(rules, g.prefixes) || Object.keys(drafts.text).some((p) => g.prefixes.includes(p.split('.')[0]!));
        const groupErrors = [...errors.entries()].filter(([k]) => k.startsWith('group:') && g.prefixes.includes(k.slice(6).split('.')[0]!)).flatMap(([, e]) => e);
        return (
          <details key={g.id} className="set-group" open data-group={g.id}>
            <summary className="set-legend">
              {t(`setGroup_${g.id}` as MessageKey)}
              {changed && <span className="set-badge">{t('setChanged')}</span>}
            </summary>
            <p className="set-note">{t('setClause', { clause: g.clause ?? t(g.clauseKey as MessageKey) })}</p>
            {g.sections.map((s, i) => (
              <div key={i} className="set-section">
                {s.title && <h4 className="set-section-title">{t(s.title as MessageKey, s.titleParams)}</h4>}
                {s.fields.map(row)}
              </div>
            ))}
            {groupErrors.length > 0 && (
              <p className="set-error" role="alert">{groupErrors.map((e) => bareMessage(e, lang)).join(lang === 'en' ? '; ' : '；')}</p>
            )}
            <button type="button" className="set-button set-reset" data-reset={g.id} disabled={!changed} onClick={() => resetGroup(g.prefixes)}>
              {t('setResetGroup')}
            </button>
          </details>
        );
      })}
    </section>
  );
}
