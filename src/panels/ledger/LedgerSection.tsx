/**
 * The disposal ledger as a whole (overview tab, under the dashboard): what is recorded, export to JSON or
 * CSV, and import with a preview of what changes before anything is replaced.
 */
import { useEffect, useRef, useState } from 'react';
import { DISPOSAL_STATUSES, type DisposalStatus, type LedgerEntry } from '../../domain/ledger';
import { statusWords } from '../card/disposal-words';
import { parseLedgerFile, serialiseLedgerCsv, serialiseLedgerJson, type ParsedLedgerFile } from '../../io/ledger-file';
import { effectiveLedger } from '../../state/ledger-persist';
import { useT } from '../../state/selectors';
import { useAppStore, type AppState } from '../../state/store';
import { downloadText, ledgerFileName } from './download';
import { LedgerImportPreview } from './LedgerImportPreview';
import './ledger.css';

let memo: { sample: LedgerEntry[] | null; saved: AppState['ledgerSaved']; out: LedgerEntry[] } | null = null;

/** The ledger in effect (the sample overlaid with the user's records); the same array while its inputs are the same. */
export function selectLedger(s: AppState): LedgerEntry[] {
  if (s.ledger) return s.ledger;
  const sample = s.dataset?.ledger ?? null;
  if (memo?.sample !== sample || memo.saved !== s.ledgerSaved) memo = { sample, saved: s.ledgerSaved, out: effectiveLedger(sample, s.ledgerSaved) };
  return memo.out;
}

/**
 * How long after the import dialog has closed its result is written: the page behind it is leaving `inert`
 * then, and a live region filled in the same render as it comes back is seldom read out.
 */
export const SAY_AFTER_DIALOG_MS = 150;

/** Writes `text` (via `say`) once the dialog has had time to go; returns the cancel. */
export function sayAfterDialog(say: (text: string) => void, text: string): () => void {
  const id = setTimeout(() => say(text), SAY_AFTER_DIALOG_MS);
  return () => clearTimeout(id);
}

export interface LedgerMessage {
  text: string;
  error: boolean;
  /** Tells the same words said again apart (they are said again). */
  seq: number;
}

/**
 * The import's messages, in two regions mounted empty (a screen reader says what comes into them): a file
 * that cannot be read in the assertive one, the import's result in the polite one.
 */
export function LedgerMessages({ message }: { message: LedgerMessage | null }) {
  const p = message && (
    <p key={message.seq} className={message.error ? 'ledger-message status-error' : 'ledger-message'} data-testid="ledger-message">{message.text}</p>
  );
  return (
    <>
      <div role="status" aria-live="polite" className="ledger-live">{message && !message.error && p}</div>
      <div role="alert" className="ledger-live">{message?.error && p}</div>
    </>
  );
}

export function LedgerSection() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const dataset = useAppStore((s) => s.dataset);
  const ledger = useAppStore(selectLedger);
  const input = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<{ name: string; file: ParsedLedgerFile } | null>(null);
  const [message, setMessageState] = useState<LedgerMessage | null>(null);
  const setMessage = (m: { text: string; error: boolean } | null) => setMessageState((old) => (m ? { ...m, seq: (old?.seq ?? 0) + 1 } : null));
  // The import's result, written once its dialog has gone (sayAfterDialog).
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    if (done === null || pending) return;
    return sayAfterDialog((text) => {
      setMessageState((old) => ({ text, error: false, seq: (old?.seq ?? 0) + 1 }));
      setDone(null);
    }, done);
  }, [done, pending]);
  if (!dataset) return null;
  const count = (status: string) => ledger.filter((e) => e.status === status).length;
  const identity = dataset.info.identity;

  const exportAs = (kind: 'json' | 'csv') => {
    const name = ledgerFileName(identity.name, kind);
    if (kind === 'json') downloadText(name, serialiseLedgerJson(ledger, identity, new Date().toISOString()), 'application/json');
    else downloadText(name, serialiseLedgerCsv(ledger), 'text/csv;charset=utf-8');
  };
  const read = async (file: File) => {
    setMessage(null);
    const ids = new Set(dataset.parcels.map((p) => p.attributes.parcelId));
    const r = parseLedgerFile(new Uint8Array(await file.arrayBuffer()), file.name, ids);
    if (r.ok) setPending({ name: file.name, file: r.file });
    else setMessage({ text: t('ledgerReadFailed', { message: lang === 'en' ? r.message.en : r.message.zh }), error: true });
  };

  const showStatus = (status: DisposalStatus) => {
    const s = useAppStore.getState();
    s.setFilter({ disposal: [status] });
    s.setSidebarTab('explore');
  };

  return (
    <section className="ledger-section" data-testid="ledger-section" aria-labelledby="ledger-section-title">
      <h3 id="ledger-section-title">{t('ledgerTitle')}</h3>
      <p className="ledger-summary" data-testid="ledger-summary">{t('ledgerSummary', { count: ledger.length, done: count('已完成'), doing: count('处置中'), todo: count('待处置') })}</p>
      <p className="ledger-show">
        {/* Which parcels: the explore list and the map, filtered to each status. */}
        {DISPOSAL_STATUSES.map((status) => (
          <button key={status} type="button" className="link-button" data-testid="ledger-show" data-status={status} disabled={count(status) === 0} onClick={() => showStatus(status)}>
            {t('ledgerShowStatus', { status: statusWords(status, t) })}
          </button>
        ))}
      </p>
      <p className="panel-note">{t('ledgerSource')}</p>
      <div className="ledger-actions">
        <button type="button" data-testid="ledger-export-json" onClick={() => exportAs('json')}>{t('ledgerExportJson')}</button>
        <button type="button" data-testid="ledger-export-csv" onClick={() => exportAs('csv')}>{t('ledgerExportCsv')}</button>
        <button type="button" data-testid="ledger-import" onClick={() => input.current?.click()}>{t('ledgerImport')}</button>
        <input
          ref={input} type="file" accept=".json,.csv,application/json,text/csv" hidden data-testid="ledger-import-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void read(f);
          }}
        />
      </div>
      <LedgerMessages message={message} />
      {pending && (
        <LedgerImportPreview
          name={pending.name} file={pending.file} current={ledger}
          onClose={(result) => {
            setPending(null);
            if (result) setDone(result);
          }}
        />
      )}
    </section>
  );
}
