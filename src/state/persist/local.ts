/**
 * Small records in localStorage, for what must be written at once (a tab closing leaves no time for
 * IndexedDB): JSON, and never a throw — no localStorage, a full one or a damaged value read as nothing.
 */

/** The parsed value under `key`, or null (absent, unreadable, no localStorage). */
export function readLocal(key: string): unknown {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    return raw ? (JSON.parse(raw) as unknown) : null;
  } catch {
    return null;
  }
}

/** Writes `value` under `key` (null removes it); false when the browser refused (no room, no localStorage). */
export function writeLocal(key: string, value: unknown): boolean {
  try {
    if (value === null) globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}
