/**
 * The lists as a file (导出名单 / 导入名单): every list by parcel id as JSON, to keep or send and import back;
 * a CSV with a 地块编号 column (the people's CSV, an Excel sheet) imports as one list. Parcels the loaded data
 * does not hold are named, not silently dropped.
 */
import { useState } from 'react';
import { keepsImportedList, parseShortlistsFile, serialiseShortlists } from '../../io/shortlist-file';
import { useT } from '../../state/selectors';
import { resolveIds } from '../../state/parcel-ids';
import { keepUnresolvedIds, keptLists } from '../../state/shortlist-persist';
import { useAppStore } from '../../state/store';
import { localToday, saveFile } from '../save-file';

const EXAMPLES = 5;

/** A message of the import/export line; `n` counts them, so the same words again are a new one. */
export interface FileMessageState { text: string; bad: boolean; n: number }

/** The next message: numbered after the one shown (importing the same file twice says it twice). */
export function nextFileMessage(was: FileMessageState | null, text: string, bad: boolean): FileMessageState {
  return { text, bad, n: (was?.n ?? 0) + 1 };
}

/**
 * The message line: mounted empty, so a screen reader announces the message when it comes; each message in
 * its own element keyed by its number, so the same words are inserted (and said) again, not left as they were.
 */
export function FileMessage({ message }: { message: FileMessageState | null }) {
  return (
    <p className={message?.bad ? 'sl-status sl-error' : 'sl-status'} role="status" aria-live="polite" data-testid="shortlist-file-message">
      {message && <span key={message.n}>{message.text}</span>}
    </p>
  );
}

export function ListFiles() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const lists = useAppStore((s) => s.shortlists);
  const [message, setMessage] = useState<FileMessageState | null>(null);
  const say = (text: string, bad: boolean) => setMessage((was) => nextFileMessage(was, text, bad));

  const save = () => {
    const { dataset } = useAppStore.getState();
    if (!dataset) return;
    // As kept: with each list's parcels outside the loaded set (a streamed file's out of view).
    const doc = serialiseShortlists(keptLists(useAppStore), dataset.info.identity, new Date().toISOString());
    saveFile(doc, `${dataset.info.name}-名单-${localToday()}.json`, 'application/json');
  };

  const read = async (file: File) => {
    const r = parseShortlistsFile(new Uint8Array(await file.arrayBuffer()), file.name);
    if (!r.ok) {
      say(lang === 'en' ? r.message.en : r.message.zh, true);
      return;
    }
    const { dataset, importShortlists } = useAppStore.getState();
    if (!dataset) return;
    const missing = new Set<string>();
    const read = r.lists.map((l) => {
      const { fids, missing: lacking } = resolveIds(l.parcelIds, dataset.parcels);
      for (const id of lacking) missing.add(id);
      return { name: l.name, fids, lacking, named: l.parcelIds.length };
    });
    // A list none of whose parcels these data hold is not added empty (its ids are named below); one saved empty is.
    const kept = read.filter((l) => keepsImportedList(l.named, l.fids.length));
    const { added, parcels, same, ids } = importShortlists(kept);
    // Browsing a file by the view, the ids not loaded are parcels out of view: they stay with their list.
    if (useAppStore.getState().streamHref) kept.forEach((l, i) => { if (ids[i]) keepUnresolvedIds(useAppStore, ids[i], l.lacking); });
    const parts = [t('slImported', { file: file.name, lists: added, parcels })];
    if (same > 0) parts.push(t('slImportedSame', { count: same }));
    const examples = [...missing].slice(0, EXAMPLES).join(lang === 'en' ? ', ' : '、');
    if (missing.size > 0) parts.push(t(useAppStore.getState().streamHref ? 'slImportedOutOfView' : 'slImportedMissing', { count: missing.size, ids: examples }));
    say(parts.join(useAppStore.getState().lang === 'en' ? ' ' : ''), added === 0);
  };

  return (
    <div className="sl-files">
      <button type="button" className="btn" data-testid="shortlist-file-export" disabled={lists.length === 0} onClick={save}>{t('slFileExport')}</button>
      <label className="btn sl-file-import">
        {t('slFileImport')}
        <input type="file" accept=".json,.csv,application/json,text/csv" className="visually-hidden" data-testid="shortlist-file-import"
          onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void read(f); }} />
      </label>
      <FileMessage message={message} />
    </div>
  );
}
