/**
 * The user's disposal ledger in IndexedDB (persist/idb.ts, store 'ledger'): one versioned record per
 * parcel under `${dataset hash}/${parcelId}`, whose value is the parcel's entry or null (removed). A
 * parcel without a record keeps the dataset's sample entry, so the user's ledger starts from the sample
 * and only what the user changed is stored.
 *
 * Two tabs never overwrite each other silently: a write names the version it was based on; when another
 * tab wrote since, the three versions (what this tab started from, its edit, the other tab's record) are
 * merged field by field — edits to different fields are both kept, the same field changed to different
 * values is a conflict the user decides.
 */
import type { LedgerEntry } from '../domain/ledger';
import { sameEntry } from '../io/ledger-file';
import { listRecords, putRecord, updateRecords } from './persist/idb';

/** What this tab knows of a parcel's saved record (version 0: none saved; the entry is then the sample's). */
export interface KnownRecord {
  version: number;
  entry: LedgerEntry | null;
}

export const ledgerKey = (hash: string, parcelId: string): string => `${hash}/${parcelId}`;

/** Every saved record of a dataset, by parcel id. */
export async function loadSavedLedger(hash: string): Promise<Map<string, KnownRecord>> {
  const prefix = `${hash}/`;
  const records = await listRecords<LedgerEntry | null>('ledger', prefix);
  return new Map(records.map((r) => [r.key.slice(prefix.length), { version: r.version, entry: r.value }]));
}

/** The ledger in effect: the sample's entry for each parcel without a saved record (the first, one per parcel), then the saved entries. */
export function effectiveLedger(sample: readonly LedgerEntry[] | null, saved: ReadonlyMap<string, KnownRecord> | Readonly<Record<string, KnownRecord>>): LedgerEntry[] {
  const has = (id: string) => (saved instanceof Map ? saved.has(id) : Object.hasOwn(saved, id));
  const out: LedgerEntry[] = [];
  const seen = new Set<string>();
  for (const e of sample ?? []) {
    if (has(e.parcelId) || seen.has(e.parcelId)) continue;
    seen.add(e.parcelId);
    out.push(e);
  }
  const values = saved instanceof Map ? [...saved.values()] : Object.values(saved);
  for (const r of values) if (r.entry) out.push(r.entry);
  return out;
}

export const LEDGER_FIELDS = ['action', 'status', 'date', 'note'] as const;
export type LedgerField = (typeof LEDGER_FIELDS)[number];

/** One point where this tab's edit and the other tab's record disagree ('entry': one removed it, the other changed it). */
export interface FieldConflict {
  field: LedgerField | 'entry';
  mine: string | null;
  theirs: string | null;
}

export interface MergeResult {
  /** The merge; where fields conflict it holds the other tab's value. */
  merged: LedgerEntry | null;
  conflicts: FieldConflict[];
}

const field = (e: LedgerEntry | null, f: LedgerField): string | null => (e ? (e[f] ?? null) || null : null);

function withField(e: LedgerEntry, f: LedgerField, v: string | null): LedgerEntry {
  const out: LedgerEntry = { ...e };
  if (v === null) delete out[f as 'date' | 'note'];
  else (out as unknown as Record<string, string>)[f] = v;
  return out;
}

const summary = (e: LedgerEntry | null): string | null => (e ? [e.action, e.status, e.date, e.note].filter(Boolean).join(' · ') : null);

/**
 * Three-way merge of one parcel's entry: `base` is what this tab's edit started from. When it had no
 * entry, `defaults` (the values the form starts a new entry with) count as the base of each field, so two
 * tabs that each start an entry and set different fields do not conflict over the untouched defaults.
 */
export function mergeEntries(base: LedgerEntry | null, mine: LedgerEntry | null, theirs: LedgerEntry | null, defaults: LedgerEntry | null = null): MergeResult {
  if (sameEntry(mine, theirs) || sameEntry(base, mine)) return { merged: theirs, conflicts: [] };
  if (sameEntry(base, theirs)) return { merged: mine, conflicts: [] };
  if (mine === null || theirs === null) return { merged: theirs, conflicts: [{ field: 'entry', mine: summary(mine), theirs: summary(theirs) }] };
  let merged = theirs;
  const conflicts: FieldConflict[] = [];
  const fieldBase = base ?? defaults;
  for (const f of LEDGER_FIELDS) {
    const b = field(fieldBase, f);
    const m = field(mine, f);
    const t = field(theirs, f);
    if (m === t || m === b) continue;
    if (t === b) merged = withField(merged, f, m);
    else conflicts.push({ field: f, mine: m, theirs: t });
  }
  return { merged, conflicts };
}

/** The entry after the user chose, per conflicting field, this tab's value or the other tab's. */
export function resolveConflicts(merged: LedgerEntry | null, mine: LedgerEntry | null, conflicts: readonly FieldConflict[], choice: Readonly<Record<string, 'mine' | 'theirs'>>): LedgerEntry | null {
  if (conflicts.some((c) => c.field === 'entry')) return choice['entry'] === 'mine' ? mine : merged;
  let out = merged;
  for (const c of conflicts) {
    if (choice[c.field] !== 'mine' || out === null || c.field === 'entry') continue;
    if ((c.field === 'action' || c.field === 'status') && c.mine === null) continue;
    out = withField(out, c.field, c.mine);
  }
  return out;
}

export type SaveOutcome =
  /** Written (or nothing to write); `othersKept`: another tab's edits were merged in. */
  | { kind: 'saved'; record: KnownRecord; othersKept: boolean }
  /** Another tab changed the same field(s): nothing written; `theirs` is the record as it now is. */
  | { kind: 'conflict'; theirs: KnownRecord; merged: LedgerEntry | null; mine: LedgerEntry | null; conflicts: FieldConflict[] }
  | { kind: 'failed'; message: string };

/**
 * Saves `mine`, an edit of `base`, over `known` (the newest record this tab has seen; `sample` is the
 * entry a parcel without a record has; `defaults` see mergeEntries). A refused write (another tab wrote since) is merged with the
 * record as it now is and tried again.
 */
export async function saveLedgerEdit(hash: string, parcelId: string, base: LedgerEntry | null, mine: LedgerEntry | null, known: KnownRecord, sample: LedgerEntry | null, defaults: LedgerEntry | null = null): Promise<SaveOutcome> {
  let current = known;
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { merged, conflicts } = mergeEntries(base, mine, current.entry, defaults);
      if (conflicts.length > 0) return { kind: 'conflict', theirs: current, merged, mine, conflicts };
      if (sameEntry(merged, current.entry)) return { kind: 'saved', record: current, othersKept: !sameEntry(merged, mine) };
      const r = await putRecord<LedgerEntry | null>('ledger', ledgerKey(hash, parcelId), merged, current.version);
      if (r.ok) return { kind: 'saved', record: { version: r.record.version, entry: r.record.value }, othersKept: !sameEntry(merged, mine) };
      current = r.current ? { version: r.current.version, entry: r.current.value } : { version: 0, entry: sample };
    }
    return { kind: 'failed', message: 'the record kept changing in another tab' };
  } catch (e) {
    return { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
  }
}

/** One parcel's edit in a batch: `mine` over `base`, with the sample entry a parcel without a record has. */
export interface LedgerEdit {
  parcelId: string;
  base: LedgerEntry | null;
  mine: LedgerEntry | null;
  sample: LedgerEntry | null;
}

/**
 * Saves many edits in one IndexedDB transaction (a ledger import): all of them or, if the browser fails or the
 * tab closes, none. Each is merged with the record as stored (another tab's edit of other fields is kept);
 * a parcel whose same field another tab changed is left as stored and returned among `conflicts`.
 */
export async function saveLedgerBatch(hash: string, edits: readonly LedgerEdit[]): Promise<{ saved: Map<string, KnownRecord>; conflicts: Map<string, { theirs: KnownRecord; merged: LedgerEntry | null; mine: LedgerEntry | null; conflicts: FieldConflict[] }> }> {
  const byKey = new Map(edits.map((e) => [ledgerKey(hash, e.parcelId), e]));
  const conflicts = new Map<string, { theirs: KnownRecord; merged: LedgerEntry | null; mine: LedgerEntry | null; conflicts: FieldConflict[] }>();
  const written = await updateRecords<LedgerEntry | null>('ledger', [...byKey.keys()], (key, current) => {
    const e = byKey.get(key)!;
    const theirs: KnownRecord = current ? { version: current.version, entry: current.value } : { version: 0, entry: e.sample };
    const m = mergeEntries(e.base, e.mine, theirs.entry);
    if (m.conflicts.length > 0) {
      conflicts.set(e.parcelId, { theirs, merged: m.merged, mine: e.mine, conflicts: m.conflicts });
      return undefined;
    }
    return sameEntry(m.merged, theirs.entry) ? undefined : m.merged;
  });
  const saved = new Map<string, KnownRecord>();
  for (const [key, r] of written) saved.set(byKey.get(key)!.parcelId, { version: r.version, entry: r.value });
  return { saved, conflicts };
}
