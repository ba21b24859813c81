/**
 * The rule settings as a file (导出规则 / 导入规则): the parameters changed from the district's defaults as JSON,
 * the same file `npm run analyze -- --rules` takes; an imported file is checked by the engine's validator and
 * applied whole, or refused with each problem named (nothing half-applied).
 */
import { useState } from 'react';
import { validateRuleSet } from '../../domain/rule-set';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { localToday, saveFile } from '../save-file';
import { scheduleReanalyse } from './apply';
import { bareMessage } from './doc';

export function RuleFiles() {
  const t = useT();
  const lang = useAppStore((s) => (s.lang === 'en' ? 'en' : 'zh'));
  const rules = useAppStore((s) => s.rules);
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
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
    setMessage(null);
    scheduleReanalyse();
  };
  return (
    <div className="set-files">
      <button type="button" className="set-button" data-testid="settings-export" onClick={save}>{t('setRulesExport')}</button>
      <label className="set-button">
        {t('setRulesImport')}
        <input type="file" accept=".json,application/json" className="visually-hidden" data-testid="settings-import"
          onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void read(f); }} />
      </label>
      {message && (
        <p className={message.bad ? 'set-error' : 'set-note'} role="status" data-testid="settings-file-message">
          {message.text}
          {replaced && rules === replaced.imported && (
            <>
              {' '}
              <button type="button" className="link-button" data-testid="settings-import-undo" onClick={undoImport}>{t('setImportUndo')}</button>
            </>
          )}
        </p>
      )}
    </div>
  );
}
