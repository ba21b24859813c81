/**
 * The user's saved work (ledger, rule settings, zones, shortlists) in IndexedDB: one database, one
 * object store per kind of work, records keyed by string and carrying a version. A write names the
 * version it was based on and is refused when another tab has written since (no silent overwrite);
 * every write is announced to the other tabs on a BroadcastChannel.
 */
import { openDB, type IDBPDatabase } from 'idb';

export const WORK_STORES = ['ledger', 'settings', 'zones', 'shortlists', 'mappings'] as const;
export type WorkStore = (typeof WORK_STORES)[number];

const DB_NAME = 'tenglong-work';
const DB_VERSION = 1;
const CHANNEL = 'tenglong-work';

export interface SavedRecord<T> {
  key: string;
  /** 1 for the first write; each write adds one. */
  version: number;
  value: T;
  /** ISO time of the write. */
  savedAt: string;
  /** The tab that wrote it (TAB_ID), so a tab can ignore its own announcements. */
  tab: string;
}

export type PutResult<T> = { ok: true; record: SavedRecord<T> } | { ok: false; current: SavedRecord<T> | undefined };

/** This tab's id. */
export const TAB_ID = Math.random().toString(36).slice(2, 10);

let dbPromise: Promise<IDBPDatabase> | null = null;
function db(): Promise<IDBPDatabase> {
  dbPromise ??= openDB(DB_NAME, DB_VERSION, {
    upgrade(d) {
      for (const name of WORK_STORES) if (!d.objectStoreNames.contains(name)) d.createObjectStore(name, { keyPath: 'key' });
    },
  });
  return dbPromise;
}

/** For tests: forget the open connection (after `indexedDB` was replaced). */
export function resetWorkDbForTests(): void {
  dbPromise = null;
}

export async function getRecord<T>(store: WorkStore, key: string): Promise<SavedRecord<T> | undefined> {
  return (await (await db()).get(store, key)) as SavedRecord<T> | undefined;
}

/**
 * `getRecord`, calling `unreadable()` before a failed read's error passes on: the caller notes that it keeps
 * saving (its later changes are still tried, and said when they fail too), never silently dropped.
 */
export async function getRecordOrSay<T>(store: WorkStore, key: string, unreadable: () => void): Promise<SavedRecord<T> | undefined> {
  try {
    return await getRecord<T>(store, key);
  } catch (e) {
    unreadable();
    throw e;
  }
}

/** Every record whose key starts with `prefix`. */
export async function listRecords<T>(store: WorkStore, prefix = ''): Promise<SavedRecord<T>[]> {
  const range = prefix ? IDBKeyRange.bound(prefix, `${prefix}\uffff`) : undefined;
  return (await (await db()).getAll(store, range)) as SavedRecord<T>[];
}

/**
 * Writes `value` under `key` if the stored version is still `basedOn` (0 = the record must not exist
 * yet); otherwise nothing is written and the current record comes back, for the caller to merge.
 */
export async function putRecord<T>(store: WorkStore, key: string, value: T, basedOn: number): Promise<PutResult<T>> {
  const tx = (await db()).transaction(store, 'readwrite');
  const current = (await tx.store.get(key)) as SavedRecord<T> | undefined;
  if ((current?.version ?? 0) !== basedOn) {
    await tx.done;
    return { ok: false, current };
  }
  const record: SavedRecord<T> = { key, version: basedOn + 1, value, savedAt: new Date().toISOString(), tab: TAB_ID };
  await tx.store.put(record);
  await tx.done;
  announce({ store, key, version: record.version, tab: TAB_ID });
  return { ok: true, record };
}

/**
 * Writes `value` as the newest record under `key`, based on `version`: when another tab wrote since, on top
 * of its record (the newest edit wins), up to three times. Returns the version written, or null when the
 * record kept changing (the caller's next change tries again).
 */
export async function putNewest<T>(store: WorkStore, key: string, value: T, version: number): Promise<{ written: number | null; version: number }> {
  let v = version;
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = await putRecord(store, key, value, v);
    if (r.ok) return { written: r.record.version, version: r.record.version };
    v = r.current?.version ?? 0;
  }
  return { written: null, version: v };
}

/**
 * One transaction over `keys`: `decide` sees each key's stored record and returns the value to write over it
 * (undefined: leave it). Every write lands, or none does (a tab closed halfway leaves the store as it was).
 * Returns the records written, by key.
 */
export async function updateRecords<T>(store: WorkStore, keys: readonly string[], decide: (key: string, current: SavedRecord<T> | undefined) => T | undefined): Promise<Map<string, SavedRecord<T>>> {
  const tx = (await db()).transaction(store, 'readwrite');
  const written = new Map<string, SavedRecord<T>>();
  const savedAt = new Date().toISOString();
  try {
    for (const key of keys) {
      const current = (await tx.store.get(key)) as SavedRecord<T> | undefined;
      const value = decide(key, current);
      if (value === undefined) continue;
      const record: SavedRecord<T> = { key, version: (current?.version ?? 0) + 1, value, savedAt, tab: TAB_ID };
      tx.store.put(record).catch(() => undefined); // a failed put fails the transaction: tx.done says why
      written.set(key, record);
    }
  } catch (e) {
    // A value the browser cannot store: the writes before it are undone with the transaction.
    try {
      tx.abort();
    } catch {
      // Already ended (aborted by the failed request): nothing of it was written either way.
    }
    await tx.done.catch(() => undefined);
    throw e;
  }
  await tx.done;
  for (const r of written.values()) announce({ store, key: r.key, version: r.version, tab: TAB_ID });
  return written;
}

export async function deleteRecord(store: WorkStore, key: string): Promise<void> {
  await (await db()).delete(store, key);
  announce({ store, key, version: -1, tab: TAB_ID });
}

/** A write in some tab (version -1 = deleted). */
export interface WorkChange {
  store: WorkStore;
  key: string;
  version: number;
  tab: string;
}

let channel: BroadcastChannel | null = null;
const channelOf = (): BroadcastChannel | null => {
  if (typeof BroadcastChannel === 'undefined') return null;
  channel ??= new BroadcastChannel(CHANNEL);
  return channel;
};

function announce(change: WorkChange): void {
  channelOf()?.postMessage(change);
}

/** Calls `listener` for every write made by ANOTHER tab; returns the unsubscribe function. */
export function onOtherTabChange(listener: (change: WorkChange) => void): () => void {
  const ch = channelOf();
  if (!ch) return () => {};
  const handle = (e: MessageEvent<WorkChange>) => {
    if (e.data && e.data.tab !== TAB_ID) listener(e.data);
  };
  ch.addEventListener('message', handle);
  return () => ch.removeEventListener('message', handle);
}

/** Asks the browser to keep this origin's storage under pressure (best effort). */
export async function askPersistentStorage(): Promise<void> {
  try {
    await navigator.storage?.persist?.();
  } catch {
    /* not granted: the data is still kept, only evictable */
  }
}
