/**
 * The parcel's disposal record (§三(一)2 一企一策): action, status (`disposal-status`), date
 * (`disposal-date`) and note. Each change is saved at once (store.saveLedgerEntry: IndexedDB, then the
 * analysis re-runs so the dashboard follows); the note when it loses focus or the page is hidden.
 * Another tab's change shows here: merged when it touched other fields, a choice when the same one.
 */
import { useEffect, useRef, useState } from 'react';
import { DISPOSAL_ACTIONS, DISPOSAL_STATUSES, type DisposalAction, type DisposalStatus, type LedgerEntry } from '../../domain/ledger';
import type { ReclaimKind } from '../../domain/reclaim';
import { isPlausibleDate } from '../../domain/dates';
import { formatNumber } from '../../i18n/format';
import type { Translate } from '../../i18n';
import { effectiveEvaluationDate } from '../../state/analysisInputs';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { ownValue } from '../../state/own-keys';
import type { ParcelDetail } from '../../worker/protocol';
import { serialiseLedgerJson } from '../../io/ledger-file';
import { downloadText, ledgerFileName } from '../ledger/download';
import { ConflictChoice } from './ConflictChoice';
import { actionWords, statusWords } from './disposal-words';
import { useSaveOnHide } from '../use-save-on-hide';
import { forgetNote, journalNote, withNote } from '../../state/note-journal';


/** The action a planner would most likely record for what the engine found. */
const SUGGESTED: Record<ReclaimKind, DisposalAction> = {
  achieved: '整体腾退', idle: '闲置收回', 'low-efficiency': '整体腾退', 'd-class': '关停退出', 'under-used': '改造提升',
};

/** 知道了: focus goes first to `to` (the card's 处置台账 heading), the button being about to go with its notice. */
export function dismissNotice(dismiss: () => void, to: HTMLElement | null): void {
  to?.focus();
  dismiss();
}

/**
 * 撤销删除: focus goes first to `to` (the card's 处置台账 heading), 撤销删除 being about to go while the record
 * is saved again (never left on the page's body); what came of it is said in the state line (disposalStateText).
 */
export function undoRemoval<T>(to: HTMLElement | null, clear: () => void, restore: () => Promise<T>): Promise<T> {
  dismissNotice(clear, to);
  return restore();
}

type SaveState = 'idle' | 'saving' | 'saved' | 'conflict' | 'not-kept';

/**
 * The record's state line (a region mounted empty). After 撤销删除 (`undo`) it says whether the record is back:
 * kept, back in this page only, or not (other data loaded meanwhile); a conflict is asked by ConflictChoice.
 */
export function disposalStateText(s: { awaitingAction: boolean; saving: SaveState; undo: boolean; fromSample: boolean }, t: Translate): string {
  if (s.awaitingAction) return t('disposalPickAction');
  if (s.saving === 'saving') return t('disposalSaving');
  if (s.undo) return s.saving === 'saved' ? t('disposalRestored') : s.saving === 'not-kept' ? t('disposalRestoredHere') : s.saving === 'idle' ? t('disposalRestoreDropped') : '';
  if (s.saving === 'saved') return t('disposalSaved');
  return s.fromSample ? t('disposalFromSample') : '';
}

/** Another tab's change, and the ledger not kept: in regions mounted empty, so a screen reader says what comes. */
export function Notices({ parcelId, t, onDismiss }: { parcelId: string; t: Translate; onDismiss(): void }) {
  const notice = useAppStore((s) => ownValue(s.ledgerNotices, parcelId));
  const persist = useAppStore((s) => s.ledgerPersist);
  const error = useAppStore((s) => s.ledgerError);
  return (
    <>
      <div role="status" aria-live="polite" className="disposal-live">
        {notice && (
          <p className="disposal-notice" data-notice={notice}>
            {t(notice === 'merged' ? 'disposalMerged' : 'disposalOtherTab')}{' '}
            <button type="button" className="link-button" onClick={onDismiss}>{t('disposalDismiss')}</button>
          </p>
        )}
      </div>
      <div role="alert" className="disposal-live">
        {persist === 'unavailable' && <p className="disposal-warning">{t('disposalNotKept', { message: error ?? '' })}</p>}
      </div>
    </>
  );
}

export function DisposalEditor({ parcelId, detail }: { parcelId: string; detail: ParcelDetail | null }) {
  const t = useT();
  const entry = useAppStore((s) => s.ledgerEntryOf(parcelId));
  const savedRecord = useAppStore((s) => ownValue(s.ledgerSaved, parcelId));
  const fromSample = !savedRecord && entry !== null;
  const evaluationDate = useAppStore(effectiveEvaluationDate);
  const save = useAppStore((s) => s.saveLedgerEntry);
  const identity = useAppStore((s) => s.dataset?.info.identity ?? null);
  const [saving, setSaving] = useState<SaveState>('idle');
  // The last save was 撤销删除's (its outcome is said as the record being back, or not).
  const [undo, setUndo] = useState(false);
  // The note being typed, and the entry it started from (the base of its three-way merge).
  const [note, setNote] = useState<string | null>(null);
  const noteBase = useRef<LedgerEntry | null>(null);
  // A note being typed is saved when the card closes or moves to another parcel, too.
  const flushNoteRef = useRef<() => void>(() => {});
  useEffect(() => () => flushNoteRef.current(), []);

  const suggested = SUGGESTED[detail?.reclaimKind ?? 'under-used'];
  // What a new entry starts with (also the merge base of its fields when another tab starts one too).
  const defaults: LedgerEntry = { parcelId, action: suggested, status: '待处置' };
  const commit = async (base: LedgerEntry | null, next: LedgerEntry | null, undoing = false) => {
    setSaving('saving');
    setUndo(undoing);
    const outcome = await save(parcelId, base, next, defaults);
    // The conflict and not-kept cases have their own notices (ConflictChoice, Notices): no "已保存" beside them.
    setSaving(outcome === 'saved' ? 'saved' : outcome === 'dropped' ? 'idle' : outcome);
    return outcome;
  };
  // 已完成 on a parcel with no entry yet waits for the user's own action: completing frees land by the action
  // (or closes an enterprise), so it is never recorded with the suggested one unseen.
  const [awaitingAction, setAwaitingAction] = useState<Partial<LedgerEntry> | null>(null);
  // The record just removed, offered back (撤销删除) until the card moves on or something else is recorded.
  const [removed, setRemoved] = useState<LedgerEntry | null>(null);
  const undoButton = useRef<HTMLButtonElement | null>(null);
  const heading = useRef<HTMLHeadingElement | null>(null);
  const dismiss = useAppStore((s) => s.dismissLedgerNotice);
  // The record is back (this tab's undo, or another tab's change): nothing to undo any more.
  useEffect(() => {
    if (entry) setRemoved(null);
  }, [entry]);
  // Keyboard users land on 撤销删除 (the button they pressed is gone).
  useEffect(() => {
    if (removed) undoButton.current?.focus();
  }, [removed]);
  // A date being typed that is not one yet (isPlausibleDate); dropped when the field loses focus.
  const [dateDraft, setDateDraft] = useState<string | null>(null);
  const [dateDropped, setDateDropped] = useState<string | null>(null);
  useEffect(() => {
    setAwaitingAction(null);
    setRemoved(null);
    setDateDraft(null);
    setDateDropped(null);
  }, [parcelId]);
  const change = (patch: Partial<LedgerEntry>) => {
    const base = entry;
    if (!base && !patch.action && (patch.status === '已完成' || awaitingAction)) {
      setAwaitingAction({ ...awaitingAction, ...patch });
      return;
    }
    const start: LedgerEntry = base ?? { ...defaults, ...awaitingAction };
    setAwaitingAction(null);
    setRemoved(null);
    const next: LedgerEntry = { ...start, ...patch };
    if (!next.date) delete next.date;
    void commit(base, next);
  };
  // An empty field is a draft too while it has focus: Backspace in one part of the date empties the value.
  const typeDate = (value: string) => {
    setDateDropped(null);
    if (value === '' || !isPlausibleDate(value)) {
      setDateDraft(value);
      return;
    }
    setDateDraft(null);
    change({ date: value });
  };
  // A date emptied and left by closing the card (Esc) is cleared too, as the note is kept (flushNoteRef).
  const flushDateRef = useRef<() => void>(() => {});
  useEffect(() => () => flushDateRef.current(), []);
  const leaveDate = () => {
    const draft = dateDraft;
    setDateDraft(null);
    if (draft === null) return;
    if (draft === '') {
      if (entry?.date ?? awaitingAction?.date) change({ date: undefined }); // left empty: the date is cleared
    } else setDateDropped(draft);
  };
  const remove = async () => {
    if (!entry) return;
    const gone = entry;
    // Offered back only when this tab's removal took effect (not after a conflict with another tab).
    const outcome = await commit(gone, null);
    // ('not-kept': the record was only in this page; offered back all the same, nothing stored is overwritten.)
    if (outcome === 'saved' || outcome === 'not-kept') setRemoved(gone);
  };
  const undoRemove = async () => {
    if (!removed) return;
    const back = removed;
    await undoRemoval(heading.current, () => setRemoved(null), () => commit(null, back, true));
  };
  const flushNote = () => {
    if (note === null) return;
    const base = noteBase.current;
    const text = note;
    setNote(null);
    const start: LedgerEntry = base ?? defaults;
    const hash = identity?.hash;
    if ((base?.note ?? '') === text.trim()) {
      if (hash) forgetNote(hash, parcelId);
      return;
    }
    void commit(base, withNote(start, text)).then((outcome) => {
      // IndexedDB has it (or the user is asked about another tab's note): the journal's copy is done with.
      if (hash && (outcome === 'saved' || outcome === 'conflict')) forgetNote(hash, parcelId, text);
    });
  };
  const typeNote = (text: string) => {
    const base = note === null ? entry : noteBase.current;
    if (note === null) noteBase.current = entry;
    setNote(text);
    if (identity) journalNote({ hash: identity.hash, parcelId, base, start: base ?? defaults, text });
  };
  flushNoteRef.current = flushNote;
  // A note typed and the tab closed without leaving the field is kept too.
  useSaveOnHide(flushNote);
  flushDateRef.current = () => {
    if (dateDraft === '' && (entry?.date ?? awaitingAction?.date)) change({ date: undefined });
  };

  const future = entry?.status === '已完成' && entry.date !== undefined && entry.date > evaluationDate;
  const id = (name: string) => `disposal-${name}-${parcelId}`;
  return (
    <section className="disposal" aria-labelledby={id('title')} data-has-entry={entry ? 'true' : 'false'}>
      <h3 id={id('title')} ref={heading} tabIndex={-1}>{t('disposalTitle')}</h3>
      <Notices parcelId={parcelId} t={t} onDismiss={() => dismissNotice(() => dismiss(parcelId), heading.current)} />
      <ConflictChoice parcelId={parcelId} />
      <div className="disposal-grid">
        <label htmlFor={id('action')}>{t('disposalAction')}</label>
        <select id={id('action')} data-testid="disposal-action" value={entry?.action ?? ''} onChange={(e) => e.target.value && change({ action: e.target.value as DisposalAction })}>
          {!entry && <option value="">{t('disposalNone')}</option>}
          {DISPOSAL_ACTIONS.map((a) => (
            <option key={a} value={a}>{actionWords(a, t)}{!entry && a === suggested ? t('disposalSuggested') : ''}</option>
          ))}
        </select>
        <label htmlFor={id('status')}>{t('disposalStatus')}</label>
        <select id={id('status')} data-testid="disposal-status" value={entry?.status ?? awaitingAction?.status ?? ''} onChange={(e) => e.target.value && change({ status: e.target.value as DisposalStatus })}>
          {!entry && <option value="">{t('disposalNone')}</option>}
          {DISPOSAL_STATUSES.map((s) => <option key={s} value={s}>{statusWords(s, t)}</option>)}
        </select>
        <label htmlFor={id('date')}>{t('disposalDate')}</label>
        <input id={id('date')} type="date" data-testid="disposal-date" min="1990-01-01" max="2100-12-31" value={dateDraft ?? entry?.date ?? awaitingAction?.date ?? ''}
          onChange={(e) => typeDate(e.target.value)} onBlur={leaveDate} />
        <label htmlFor={id('note')}>{t('disposalNote')}</label>
        <textarea id={id('note')} data-testid="disposal-note" rows={2} value={note ?? entry?.note ?? ''} onChange={(e) => typeNote(e.target.value)} onBlur={flushNote} />
      </div>
      <div className="disposal-foot">
        <span className="disposal-state" role="status" data-state={awaitingAction ? 'awaiting-action' : saving}>
          {disposalStateText({ awaitingAction: awaitingAction !== null, saving, undo, fromSample }, t)}
        </span>
        {entry && (
          <>
            <button
              type="button" className="link-button" data-testid="disposal-export"
              onClick={() => downloadText(ledgerFileName(`${identity?.name ?? 'data'}-${parcelId}`, 'json'), serialiseLedgerJson([entry], identity, new Date().toISOString()), 'application/json')}
            >
              {t('disposalExportOne')}
            </button>
            <button type="button" className="link-button" data-testid="disposal-remove" onClick={() => void remove()}>{t('disposalRemove')}</button>
          </>
        )}
      </div>
      {/* Mounted empty, so 已删除… is announced when it comes. */}
      <div role="status" className="disposal-live disposal-removed-live">
        {removed && !entry && (
          <p className="disposal-notice" data-testid="disposal-removed">
            {t('disposalRemovedNote')}{' '}
            <button type="button" className="link-button" ref={undoButton} data-testid="disposal-undo" onClick={() => void undoRemove()}>{t('disposalUndoRemove')}</button>
          </p>
        )}
      </div>
      {dateDropped && <p className="disposal-warning" role="alert" data-testid="disposal-date-dropped">{t('disposalDateImplausible', { date: dateDropped })}</p>}
      {future && <p className="disposal-warning">{t('disposalFuture', { date: evaluationDate })}</p>}
      {entry?.action === '改造提升' && <p className="disposal-hint">{t('disposalNoFree')}</p>}
      {detail?.reclaimKind === 'achieved' && <p className="disposal-hint" data-testid="disposal-freed">{t('disposalFreed', { mu: formatNumber(detail.reclaimableMu, 2) })}</p>}
    </section>
  );
}
