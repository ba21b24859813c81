/**
 * Work the browser would not keep (private mode, full storage, IndexedDB turned off): said in the status bar,
 * with what holds (the page keeps the changes until it is closed) and the fix (export each kind to a file).
 */
import type { SavedWorkKind } from '../state/uiSlice';
import { useT } from '../state/selectors';
import { useAppStore } from '../state/store';
import type { MessageKey } from '../i18n';

const WHAT: Record<SavedWorkKind, MessageKey> = { settings: 'saveWhatSettings', zones: 'saveWhatZones', shortlists: 'saveWhatShortlists' };

export function SaveProblems() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const problems = useAppStore((s) => s.saveProblems);
  const kinds = (Object.keys(problems) as SavedWorkKind[]).filter((k) => problems[k] !== undefined);
  if (kinds.length === 0) return null;
  const words = kinds.map((k) => t(WHAT[k]));
  const what = lang === 'en' && words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words.join('、');
  const why = [...new Set(kinds.map((k) => problems[k]!))].join('; ');
  return (
    <span className="status-error save-problems" role="alert" data-testid="save-problems" title={why}>
      {t('saveFailed', { what, why })}
    </span>
  );
}
