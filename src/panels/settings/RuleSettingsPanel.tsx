/**
 * The rule settings tab (`rule-settings`): the evaluation date and every parameter of the rule set,
 * grouped by rule with its clause. Edits are checked by the engine's validator (domain/rule-set.ts,
 * bilingual errors shown beside the field); a valid set is applied to the store at once and the
 * analysis re-runs once typing pauses, so the map, list, card and dashboard update together. An
 * invalid edit stays in the field with its error and is not applied. Kept across reloads by
 * state/settings-persist.ts.
 */
import { useEffect, useRef, useState } from 'react';
import { validateRuleSet, type RuleSetError } from '../../domain/rule-set';
import type { MessageKey, Translate } from '../../i18n';
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

/** What the last reset came to: everything reset (with 撤销 while it can be), that undone, or one rule reset. */
export type ResetNote = { kind: 'all'; canUndo: boolean } | { kind: 'undone' } | { kind: 'group'; group: string };

/**
 * The reset's result, in a region mounted empty (a screen reader says what comes into it; the buttons that
 * were pressed may be gone or disabled by then, focus having moved to a control that stays).
 */
export function ResetNotes({ note, onUndo, t }: { note: ResetNote | null; onUndo(): void; t: Translate }) {
  return (
    <div role="status" aria-live="polite" className="set-live">
      {note?.kind === 'all' && (
        <p className="set-note" data-testid="settings-reset-done">
          {t('setResetDone')}
          {note.canUndo && (
            <>
              {' '}
              <button type="button" className="link-button" data-testid="settings-reset-undo" onClick={onUndo}>{t('setResetUndo')}</button>
            </>
          )}
        </p>
      )}
      {note?.kind === 'undone' && <p className="set-note" data-testid="settings-reset-undone">{t('setResetUndone')}</p>}
      {note?.kind === 'group' && <p className="set-note">{t('setGroupResetDone', { group: note.group })}</p>}
    </div>
  );
}

/** Where focus goes after a reset whose button goes or turns disabled: the title, 全部恢复默认, or a rule's summary. */
export type FocusNext = { to: 'title' } | { to: 'reset-all' } | { to: 'group'; id: string };

/** The element focus goes to (`FocusNext`), never a disabled one: 全部恢复默认 disabled, the title (tabIndex −1). */
export function focusAfterReset(
  next: FocusNext,
  at: { title: HTMLElement | null; resetAll: HTMLButtonElement | null; section: HTMLElement | null },
): HTMLElement | null {
  if (next.to === 'group') return at.section?.querySelector<HTMLElement>(`[data-group="${next.id}"] > summary`) ?? at.title;
  if (next.to === 'reset-all' && at.resetAll && !at.resetAll.disabled) return at.resetAll;
  return at.title;
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
  // The result of the last reset (said in ResetNotes), kept while the settings it speaks of are in force; and
  // where focus goes once the panel has re-rendered (a reset button disables itself, 撤销 goes: focus would fall
  // to the page).
  const [resetNote, setResetNote] = useState<{ note: ResetNote; rules: typeof rules; date: typeof evaluationDate } | null>(null);
  const focusNext = useRef<FocusNext | null>(null);
  const title = useRef<HTMLHeadingElement>(null);
  const resetAllButton = useRef<HTMLButtonElement>(null);
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    const next = focusNext.current;
    if (!next) return;
    focusNext.current = null;
    focusAfterReset(next, { title: title.current, resetAll: resetAllButton.current, section: section.current })?.focus();
  });
  const noted = (note: ResetNote, to: FocusNext) => {
    const { rules: now, evaluationDate: date } = useAppStore.getState();
    setResetNote({ note, rules: now, date });
    focusNext.current = to;
  };
  const resetGroup = (id: string, prefixes: readonly string[]) => {
    const store = useAppStore.getState();
    store.setRules(withoutPrefixes(store.rules, prefixes));
    const text = Object.fromEntries(Object.entries(drafts.text).filter(([p]) => !prefixes.includes(p.split('.')[0]!)));
    setDrafts(apply(text));
    noted({ kind: 'group', group: t(`setGroup_${id}` as MessageKey) }, { to: 'group', id });
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
    noted({ kind: 'undone' }, { to: 'reset-all' });
    scheduleReanalyse();
  };
  const resetAll = () => {
    const store = useAppStore.getState();
    // (Nothing but drafts to reset: nothing to offer back, not an older reset's settings either.)
    setBeforeReset(store.rules !== null || store.evaluationDate !== null ? { rules: store.rules, date: store.evaluationDate } : null);
    store.setRules(null);
    store.setEvaluationDate(null);
    setDrafts(NO_DRAFTS);
    setDateInvalid(false);
    setResets((n) => n + 1);
    noted({ kind: 'all', canUndo: false }, { to: 'title' });
    scheduleReanalyse();
  };
  const shownNote = resetNote && resetNote.rules === rules && resetNote.date === evaluationDate ? resetNote.note : null;
  const note: ResetNote | null = shownNote?.kind === 'all' ? { kind: 'all', canUndo: beforeReset !== null } : shownNote;

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
    <section ref={section} className="set" data-testid="rule-settings" aria-label={t('setTitle')}>
      <div className="set-head">
        <h2 ref={title} className="set-title" tabIndex={-1}>{t('setTitle')}</h2>
        <button ref={resetAllButton} type="button" className="set-button" data-testid="settings-reset-all" onClick={resetAll} disabled={rules === null && evaluationDate === null && invalidCount === 0}>
          {t('setResetAll')}
        </button>
      </div>
      <p className="set-note">{t('setIntro')}</p>
      <RuleFiles />
      <ResetNotes note={note} onUndo={undoReset} t={t} />
      {/* Mounted empty, so the count is said when it comes. */}
      <div role="status" aria-live="polite" className="set-live">
        {invalidCount > 0 && <p className="set-error" data-testid="settings-invalid">{t('setInvalid', { count: invalidCount })}</p>}
      </div>
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
            <button type="button" className="set-button set-reset" data-reset={g.id} disabled={!changed} onClick={() => resetGroup(g.id, g.prefixes)}>
              {t('setResetGroup')}
            </button>
          </details>
        );
      })}
    </section>
  );
}
