import { forgetNote, notesOf, withNote } from './note-journal';
import { ownValue, setOwn, withOwn } from './own-keys';
import type { StateCreator } from 'zustand';
import type { LedgerEntry } from '../domain/ledger';
import { sameEntry } from '../io/ledger-file';
import { effectiveLedger, loadSavedLedger, resolveConflicts, saveLedgerBatch, saveLedgerEdit, type FieldConflict, type KnownRecord } from './ledger-persist';
import { firstAnalysisStarted } from './first-analysis';
import { getRecord, onOtherTabChange } from './persist/idb';
import type { AppState } from './store';

/** Another tab changed the same field(s) of a parcel: the user chooses per field. */
export interface LedgerConflict {
  theirs: KnownRecord;
  merged: LedgerEntry | null;
  mine: LedgerEntry | null;
  conflicts: FieldConflict[];
}

/** Why the card says a parcel's record changed: another tab saved it (shown as is), or both tabs' edits were kept. */
export type LedgerNotice = 'other-tab' | 'merged';

/**
 * The disposal ledger the analysis runs with: the user's (the dataset's sample overlaid with the records
 * saved for this dataset in IndexedDB), or null = the sample as it is (nothing saved).
 */
export interface LedgerSlice {
  ledger: LedgerEntry[] | null;
  setLedger(ledger: LedgerEntry[] | null): void;
  /** Saved records of the loaded dataset, by parcel id (no record: the sample's entry). */
  ledgerSaved: Record<string, KnownRecord>;
  ledgerConflicts: Record<string, LedgerConflict>;
  ledgerNotices: Record<string, LedgerNotice>;
  /** 'unavailable': IndexedDB failed; edits then hold for this page only (`ledgerError` says why). */
  ledgerPersist: 'loading' | 'ready' | 'unavailable';
  ledgerError: string | null;
  /** Starts from the sample, then reads the saved records of the loaded dataset (re-runs the analysis if any and it has already started). */
  loadLedgerForDataset(): Promise<void>;
  /** The parcel's entry in effect (null: none). */
  ledgerEntryOf(parcelId: string): LedgerEntry | null;
  /** Saves `next` (null removes the entry), an edit of `base` (`defaults`: the values a new entry starts with); updates the ledger and re-runs the analysis. */
  /** Saves an edit; says what came of it: 'saved', 'conflict' (another tab changed the same field: the card asks), 'not-kept' (no storage: this page only), or 'dropped' (another dataset meanwhile). */
  saveLedgerEntry(parcelId: string, base: LedgerEntry | null, next: LedgerEntry | null, defaults?: LedgerEntry | null): Promise<'saved' | 'conflict' | 'not-kept' | 'dropped'>;
  resolveLedgerConflict(parcelId: string, choice: Record<string, 'mine' | 'theirs'>): Promise<void>;
  dismissLedgerNotice(parcelId: string): void;
  /** Writes every parcel whose entry differs from `entries` (the whole ledger after an import); returns parcels skipped because another tab changed them meanwhile. */
  /**
   * Puts `entries` in the place of the ledger, parcel by parcel: `written` saved, `skipped` changed meanwhile in
   * another tab (left for the user), `notKept` in this page's ledger but not saved (the browser refused).
   */
  replaceLedger(entries: readonly LedgerEntry[]): Promise<{ written: number; skipped: string[]; notKept: number }>;
}

const hashOf = (s: AppState): string | null => s.dataset?.info.identity.hash ?? null;

/** The sample's first entry for each parcel, indexed once per sample (an import looks up thousands). */
const sampleIndexes = new WeakMap<readonly LedgerEntry[], Map<string, LedgerEntry>>();
function sampleEntry(s: AppState, parcelId: string): LedgerEntry | null {
  const sample = s.dataset?.ledger;
  if (!sample) return null;
  let index = sampleIndexes.get(sample);
  if (!index) {
    index = new Map();
    for (const e of sample) if (!index.has(e.parcelId)) index.set(e.parcelId, e);
    sampleIndexes.set(sample, index);
  }
  return index.get(parcelId) ?? null;
}

let unsubscribe: (() => void) | null = null;

export const createLedgerSlice: StateCreator<AppState, [], [], LedgerSlice> = (set, get) => {
  /** Records one parcel's saved record and recomputes the ledger; re-runs the analysis when it changed. */
  const applyRecord = (parcelId: string, record: KnownRecord | null, extra: Partial<LedgerSlice> = {}) => {
    const s = get();
    const before = s.ledgerEntryOf(parcelId);
    const ledgerSaved = withOwn(s.ledgerSaved, parcelId, record ?? undefined);
    const ledger = effectiveLedger(s.dataset?.ledger ?? null, ledgerSaved);
    set({ ledgerSaved, ledger, ...extra });
    if (!sameEntry(before, get().ledgerEntryOf(parcelId))) void get().reanalyse();
  };

  /** Saves the notes the journal holds for dataset `hash` that the ledger does not have yet. */
  const replayNotes = async (hash: string) => {
    for (const d of notesOf(hash)) {
      if (hashOf(get()) !== hash) return;
      const next = withNote(d.start, d.text);
      if ((get().ledgerEntryOf(d.parcelId)?.note ?? '') === (next.note ?? '')) {
        forgetNote(hash, d.parcelId);
        continue;
      }
      const outcome = await get().saveLedgerEntry(d.parcelId, d.base, next, d.start);
      if (outcome === 'saved' || outcome === 'conflict') forgetNote(hash, d.parcelId, d.text);
    }
  };

  const onChange = async (key: string) => {
    const hash = hashOf(get());
    if (!hash || !key.startsWith(`${hash}/`)) return;
    const parcelId = key.slice(hash.length + 1);
    const r = await getRecord<LedgerEntry | null>('ledger', key);
    if (hashOf(get()) !== hash) return;
    const known = ownValue(get().ledgerSaved, parcelId);
    if (r && known && r.version <= known.version) return;
    applyRecord(parcelId, r ? { version: r.version, entry: r.value } : null, { ledgerNotices: { ...get().ledgerNotices, [parcelId]: 'other-tab' } });
  };

  return {
    ledger: null,
    setLedger: (ledger) => set({ ledger }),
    ledgerSaved: {},
    ledgerConflicts: {},
    ledgerNotices: {},
    ledgerPersist: 'loading',
    ledgerError: null,

    async loadLedgerForDataset() {
      // Synchronously back to the sample: the first analysis of a new dataset never runs on another dataset's ledger.
      set({ ledger: null, ledgerSaved: {}, ledgerConflicts: {}, ledgerNotices: {}, ledgerPersist: 'loading', ledgerError: null });
      const hash = hashOf(get());
      if (!hash) return;
      unsubscribe ??= onOtherTabChange((c) => {
        if (c.store === 'ledger') void onChange(c.key);
      });
      try {
        const saved = await loadSavedLedger(hash);
        if (hashOf(get()) !== hash) return;
        const ledgerSaved = Object.fromEntries(saved);
        set({ ledgerSaved, ledgerPersist: 'ready' });
        // Notes typed when the tab last closed or crashed, before IndexedDB had them (state/note-journal.ts).
        setTimeout(() => void replayNotes(hash), 0);
        if (saved.size > 0) {
          set({ ledger: effectiveLedger(get().dataset?.ledger ?? null, saved) });
          // Read before the first analysis (state/first-analysis.ts), it needs no second one.
          if (firstAnalysisStarted(get())) await get().reanalyse();
        }
      } catch (e) {
        set({ ledgerPersist: 'unavailable', ledgerError: e instanceof Error ? e.message : String(e) });
      }
    },

    ledgerEntryOf(parcelId) {
      const s = get();
      const r = ownValue(s.ledgerSaved, parcelId);
      return r ? r.entry : sampleEntry(s, parcelId);
    },

    async saveLedgerEntry(parcelId, base, next, defaults = null) {
      const s = get();
      const hash = hashOf(s);
      if (!hash) return 'dropped';
      const known = ownValue(s.ledgerSaved, parcelId) ?? { version: 0, entry: sampleEntry(s, parcelId) };
      if (s.ledgerPersist === 'unavailable') {
        applyRecord(parcelId, { version: known.version, entry: next });
        return 'not-kept';
      }
      const out = await saveLedgerEdit(hash, parcelId, base, next, known, sampleEntry(s, parcelId), defaults);
      if (hashOf(get()) !== hash) return 'dropped';
      const conflicts = withOwn(get().ledgerConflicts, parcelId, undefined);
      if (out.kind === 'saved') {
        const notices = withOwn(get().ledgerNotices, parcelId, out.othersKept ? 'merged' : undefined);
        applyRecord(parcelId, out.record, { ledgerConflicts: conflicts, ledgerNotices: notices });
        return 'saved';
      }
      if (out.kind === 'conflict') {
        const withConflict = withOwn(conflicts, parcelId, { theirs: out.theirs, merged: out.merged, mine: out.mine, conflicts: out.conflicts });
        applyRecord(parcelId, out.theirs.version > 0 ? out.theirs : null, { ledgerConflicts: withConflict });
        return 'conflict';
      }
      // Not kept in the browser: the edit holds for this page, and the card says so.
      applyRecord(parcelId, { version: known.version, entry: next }, { ledgerPersist: 'unavailable', ledgerError: out.message });
      return 'not-kept';
    },

    async resolveLedgerConflict(parcelId, choice) {
      const c = ownValue(get().ledgerConflicts, parcelId);
      if (!c) return;
      const resolved = resolveConflicts(c.merged, c.mine, c.conflicts, choice);
      await get().saveLedgerEntry(parcelId, c.theirs.entry, resolved);
    },

    dismissLedgerNotice(parcelId) {
      set({ ledgerNotices: withOwn(get().ledgerNotices, parcelId, undefined) });
    },

    async replaceLedger(entries) {
      const s = get();
      const hash = hashOf(s);
      if (!hash) return { written: 0, skipped: [], notKept: 0 };
      const next = new Map(entries.map((e) => [e.parcelId, e]));
      const current = new Map(effectiveLedger(s.dataset?.ledger ?? null, s.ledgerSaved).map((e) => [e.parcelId, e]));
      const edits = [...new Set([...next.keys(), ...current.keys()])]
        .map((id) => ({ parcelId: id, base: current.get(id) ?? null, mine: next.get(id) ?? null, sample: sampleEntry(s, id) }))
        .filter((e) => !sameEntry(e.base, e.mine));
      if (edits.length === 0) return { written: 0, skipped: [], notKept: 0 };
      const inPage = (message: string | null) => {
        // Not kept in the browser: the import holds for this page, and the ledger section says so.
        const ledgerSaved = { ...get().ledgerSaved };
        for (const e of edits) setOwn(ledgerSaved, e.parcelId, { version: ownValue(ledgerSaved, e.parcelId)?.version ?? 0, entry: e.mine });
        set({ ledgerSaved, ledger: effectiveLedger(get().dataset?.ledger ?? null, ledgerSaved), ...(message === null ? {} : { ledgerPersist: 'unavailable' as const, ledgerError: message }) });
      };
      if (s.ledgerPersist === 'unavailable') {
        inPage(null);
        await get().reanalyse();
        return { written: 0, skipped: [], notKept: edits.length };
      }
      let out: Awaited<ReturnType<typeof saveLedgerBatch>>;
      try {
        out = await saveLedgerBatch(hash, edits);
      } catch (e) {
        if (hashOf(get()) !== hash) return { written: 0, skipped: [], notKept: 0 };
        inPage(e instanceof Error ? e.message : String(e));
        await get().reanalyse();
        return { written: 0, skipped: [], notKept: edits.length };
      }
      if (hashOf(get()) !== hash) return { written: 0, skipped: [], notKept: 0 };
      // One state change and one analysis for the whole import, however long.
      const ledgerSaved = { ...get().ledgerSaved };
      for (const [id, r] of out.saved) setOwn(ledgerSaved, id, r);
      const ledgerConflicts = { ...get().ledgerConflicts };
      for (const [id, c] of out.conflicts) {
        setOwn(ledgerConflicts, id, c);
        if (c.theirs.version > 0) setOwn(ledgerSaved, id, c.theirs);
      }
      set({ ledgerSaved, ledgerConflicts, ledger: effectiveLedger(get().dataset?.ledger ?? null, ledgerSaved) });
      const written = edits.length - out.conflicts.size;
      if (out.saved.size > 0) await get().reanalyse();
      return { written, skipped: [...out.conflicts.keys()], notKept: 0 };
    },
  };
};
