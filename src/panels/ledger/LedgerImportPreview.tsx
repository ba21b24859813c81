/** What importing a ledger file would change, per parcel, and its unusable entries by problem; nothing is replaced before 确认导入. */
import { useMemo, useState } from 'react';
import type { LedgerEntry } from '../../domain/ledger';
import { diffLedger, importedLedger, type ParsedLedgerFile } from '../../io/ledger-file';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { Dialog } from '../import/Dialog';
import type { Translate } from '../../i18n';
import { actionWords, statusWords } from '../card/disposal-words';

const SHOWN = 50;
const line = (e: LedgerEntry, t: Translate) => [actionWords(e.action, t), statusWords(e.status, t), e.date, e.note].filter(Boolean).join(' · ');

interface Props {
  name: string;
  file: ParsedLedgerFile;
  current: LedgerEntry[];
  /** `done`: the message to show after an import; undefined when cancelled. */
  onClose(done?: string): void;
}

export function LedgerImportPreview({ name, file, current, onClose }: Props) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const identity = useAppStore((s) => s.dataset?.info.identity);
  const replace = useAppStore((s) => s.replaceLedger);
  const [keepOthers, setKeepOthers] = useState(false);
  const [busy, setBusy] = useState(false);
  const diff = useMemo(() => diffLedger(current, file.entries), [current, file.entries]);
  const removed = keepOthers ? [] : diff.removed;
  const changes = diff.added.length + diff.changed.length + removed.length;
  const bad = file.problems.reduce((n, p) => n + p.count, 0);

  const confirm = async () => {
    setBusy(true);
    const r = await replace(importedLedger(current, file.entries, keepOthers));
    const parts = [t('ledgerImported', { count: r.written })];
    if (r.notKept > 0) parts.push(t('ledgerNotKept', { count: r.notKept }));
    if (r.skipped.length > 0) parts.push(t('ledgerSkipped', { count: r.skipped.length, ids: r.skipped.slice(0, 10).join(lang === 'en' ? ', ' : '、') }));
    onClose(parts.join(useAppStore.getState().lang === 'en' ? ' ' : ''));
  };

  const list = (title: string, kind: string, rows: { id: string; text: string }[]) =>
    rows.length > 0 && (
      <section className="ledger-diff" data-kind={kind}>
        <h4>{title}</h4>
        <ul>
          {rows.slice(0, SHOWN).map((r) => <li key={r.id}><b>{r.id}</b> {r.text}</li>)}
        </ul>
        {rows.length > SHOWN && <p className="panel-note">{t('ledgerPreviewMore', { count: rows.length - SHOWN })}</p>}
      </section>
    );

  return (
    <Dialog
      title={t('ledgerPreviewTitle', { file: name })}
      subtitle={<span data-testid="ledger-preview-counts">{t('ledgerPreviewCounts', { added: diff.added.length, changed: diff.changed.length, removed: removed.length, unchanged: diff.unchanged })}</span>}
      onEscape={() => onClose()}
      testId="ledger-preview"
      className="ledger-preview"
      busy={busy}
      footer={
        <>
          <button type="button" data-testid="ledger-preview-cancel" onClick={() => onClose()} disabled={busy}>{t('ledgerCancel')}</button>
          <button type="button" data-testid="ledger-preview-confirm" className="primary" onClick={() => void confirm()} disabled={busy || changes === 0}>{t('ledgerConfirm')}</button>
        </>
      }
    >
      {file.dataset && identity && file.dataset.hash !== identity.hash && <p className="ledger-warning">{t('ledgerOtherDataset', { name: file.dataset.name })}</p>}
      {changes === 0 && <p>{t('ledgerNothing')}</p>}
      <label className="ledger-keep">
        <input type="checkbox" checked={keepOthers} onChange={(e) => setKeepOthers(e.target.checked)} /> {t('ledgerKeepOthers')}
      </label>
      {bad > 0 && (
        <section className="ledger-problems" data-testid="ledger-problems">
          <h4>{t('ledgerProblemsTitle', { count: bad })}</h4>
          <ul>{file.problems.map((p) => <li key={p.code} data-code={p.code}>{lang === 'en' ? p.message.en : p.message.zh}</li>)}</ul>
        </section>
      )}
      {list(t('ledgerPreviewAdded'), 'added', diff.added.map((e) => ({ id: e.parcelId, text: line(e, t) })))}
      {list(t('ledgerPreviewChanged'), 'changed', diff.changed.map((c) => ({ id: c.after.parcelId, text: `${line(c.before, t)} → ${line(c.after, t)}` })))}
      {list(t('ledgerPreviewRemoved'), 'removed', removed.map((e) => ({ id: e.parcelId, text: line(e, t) })))}
    </Dialog>
  );
}
