/**
 * The rule settings as a file (导出规则 / 导入规则): the parameters changed from the district's defaults as JSON,
 * the same file `npm run analyze -- --rules` takes; an imported file is checked by the engine's validator and
 * applied whole, or refused with each problem named (nothing half-applied).
 */
import { useRef, useState } from 'react';
import { validateRuleSet } from '../../domain/rule-set';
import type { Translate } from '../../i18n';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { localToday, saveFile } from '../save-file';
import { scheduleReanalyse } from './apply';
import { bareMessage } from './doc';

/** What the last import (or its undo) came to; `seq` tells the same words said again apart (said again). */
export interface FileNote {
  text: string;
  /** A file refused: said at once (role="alert"), in the error style. */
  refused: boolean;
  seq: number;
}

/**
 * The messages of 导入规则, in two regions mounted empty so that a screen reader says what comes into them:
 * a refused file in the assertive one, the rest (imported; undone) in the polite one; 撤销导入 beside either while
 * the imported rules are in force.
 */
export function FileNotes({ note, onUndo, t }: { note: FileNote | null; onUndo: (() => void) | null; t: Translate }) {
  const message = note && (
    <p key={note.seq} className={note.refused ? 'set-error' : 'set-note'} data-testid="settings-file-message">
      {note.text}
      {onUndo && (
        <>
          {' '}
          <button type="button" className="link-button" data-testid="settings-import-undo" onClick={onUndo}>{t('setImportUndo')}</button>
        </>
      )}
    </p>
  );
  return (
    <>
      <div role="status" aria-live="polite" className="set-live">{note && !note.refused && message}</div>
      <div role="alert" className="set-live">{note?.refused && message}</div>
    </>
  );
}

export function RuleFiles() {
  const t = useT();
  const lang = useAppStore((s) => (s.lang === 'en' ? 'en' : 'zh'));
  const rules = useAppStore((s) => s.rules);
  const [note, setNote] = useState<FileNote | null>(null);
  const setMessage = (m: { text: string; bad: boolean }) => setNote((n) => ({ text: m.text, refused: m.bad, seq: (n?.seq ?? 0) + 1 }));
  // Where focus goes when 撤销导入 (which then goes) is pressed: the import control.
  const importInput = useRef<HTMLInputElement>(null);
  // The rules an import replaced, offered back (撤销导入) while the imported ones are in force.
  const [replaced, setReplaced] = useState<{ before: typeof rules; imported: Record<string, unknown> } | null>(null);

  const save = () => {
    const name = useAppStore.getState().dataset?.info.name ?? 'rules';
    saveFile(`${JSON.stringify(rules ?? {}, null, 2)}\n`, `${name}-规则-${localToday()}.json`, 'application/json');
  };
  const read = async (file: File) => {
    let doc: unknown;
    try {
      doc = JSON.parse((await file.text()).replace(/^\uFEFF/, ''));
    } catch (e) {
      setMessage({ text: t('setRulesNotJson', { file: file.name, detail: e instanceof Error ? e.message : String(e) }), bad: true });
      return;
    }
    const r = validateRuleSet(doc);
    if (!r.ok) {
      setMessage({ text: t('setRulesBad', { file: file.name, problems: r.errors.slice(0, 5).map((e) => bareMessage(e, lang)).join(lang === 'en' ? '; ' : '；') }), bad: true });
      return;
    }
    const store = useAppStore.getState();
    const imported = doc as Record<string, unknown>;
    setReplaced({ before: store.rules, imported });
    store.setRules(imported);
    scheduleReanalyse();
    setMessage({ text: t('setRulesImported', { file: file.name }), bad: false });
  };
  const undoImport = () => {
    if (!replaced) return;
    useAppStore.getState().setRules(replaced.before);
    setReplaced(null);
    setMessage({ text: t('setImportUndone'), bad: false });
    importInput.current?.focus();
    scheduleReanalyse();
  };
  return (
    <>
      <div className="set-files">
        <button type="button" className="set-button" data-testid="settings-export" onClick={save}>{t('setRulesExport')}</button>
        <label className="set-button set-file-import">
          {t('setRulesImport')}
          <input ref={importInput} type="file" accept=".json,application/json" className="visually-hidden" data-testid="settings-import"
            onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void read(f); }} />
        </label>
      </div>
      <FileNotes note={note} onUndo={replaced && rules === replaced.imported ? undoImport : null} t={t} />
    </>
  );
}
