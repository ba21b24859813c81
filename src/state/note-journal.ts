/**
 * Disposal notes being typed, kept in localStorage at each keystroke until IndexedDB has them: a note is
 * saved when its field is left, and a tab closed, reloaded or crashed leaves no time for an IndexedDB write
 * (localStorage writes at once). The next load of the same dataset saves what was left here (replayNotes).
 */
import { readLocal, writeLocal } from './persist/local';
import { DISPOSAL_ACTIONS, DISPOSAL_STATUSES, type LedgerEntry } from '../domain/ledger';

const KEY = 'tenglong:note-drafts';

/** A note typed on `start` (the record as the card showed it, or the new record it would make), from `base`. */
export interface NoteDraft {
  hash: string;
  parcelId: string;
  base: LedgerEntry | null;
  start: LedgerEntry;
  text: string;
  /** When typed (ms since 1970): drafts left longer than DRAFT_DAYS are dropped. */
  at?: number;
}

/** A draft of data never loaded again is not kept for ever. */
const DRAFT_DAYS = 30;

type Journal = Record<string, NoteDraft>;

function read(): Journal {
  const value = readLocal(KEY);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Journal) : {};
}

/** (No localStorage, or a full one: the note is saved on leaving the field, as before.) */
const write = (journal: Journal): void => void writeLocal(KEY, Object.keys(journal).length === 0 ? null : journal);

/** `e` with note `text` (trimmed; an empty note removes it). */
export function withNote(e: LedgerEntry, text: string): LedgerEntry {
  const out: LedgerEntry = { ...e };
  if (text.trim()) out.note = text.trim();
  else delete out.note;
  return out;
}

const keyOf = (hash: string, parcelId: string) => `${hash}/${parcelId}`;

export function journalNote(draft: NoteDraft): void {
  const journal = read();
  const old = Date.now() - DRAFT_DAYS * 86_400_000;
  for (const [k, d] of Object.entries(journal)) if (!d || typeof d.at !== 'number' || d.at < old) delete journal[k];
  write({ ...journal, [keyOf(draft.hash, draft.parcelId)]: { ...draft, at: Date.now() } });
}

/**
 * Forgets the draft once IndexedDB holds the note (or it is given up); with `text`, only a draft of that text:
 * one typed since the save began is newer and stays.
 */
export function forgetNote(hash: string, parcelId: string, text?: string): void {
  const journal = read();
  const key = keyOf(hash, parcelId);
  if (!Object.hasOwn(journal, key)) return;
  if (text !== undefined && journal[key]?.text !== text) return;
  delete journal[key];
  write(journal);
}

/** A record as the card would save it: known action and status, a text date and note if any. */
const isEntry = (e: unknown, parcelId: string): e is LedgerEntry => {
  if (!e || typeof e !== 'object') return false;
  const x = e as Partial<LedgerEntry>;
  return x.parcelId === parcelId && DISPOSAL_ACTIONS.includes(x.action!) && DISPOSAL_STATUSES.includes(x.status!)
    && (x.date === undefined || typeof x.date === 'string') && (x.note === undefined || typeof x.note === 'string');
};

/** The drafts of dataset `hash` that are whole and filed under their own key (a tampered or damaged entry is ignored). */
export function notesOf(hash: string): NoteDraft[] {
  const now = Date.now();
  return Object.entries(read()).flatMap(([key, d]) =>
    d && d.hash === hash && typeof d.parcelId === 'string' && key === keyOf(d.hash, d.parcelId) && typeof d.text === 'string'
      && (d.at === undefined || (typeof d.at === 'number' && d.at <= now)) && isEntry(d.start, d.parcelId) && (d.base === null || isEntry(d.base, d.parcelId))
      ? [d]
      : []);
}
