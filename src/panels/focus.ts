/**
 * Where keyboard focus goes when an item of a list is removed with its own button: the next item's button,
 * else the previous one's, else nothing (null: the caller focuses a stable element — a heading, a button
 * that stays). Without this the removed button takes focus with it and a keyboard or screen-reader user is
 * left on <body>. Used by the zone list, the shortlist table and the filter chips.
 */
export function neighbourAfterRemoval<T>(items: readonly T[], removed: T): T | null {
  const i = items.indexOf(removed);
  if (i < 0) return null;
  if (i + 1 < items.length) return items[i + 1]!;
  if (i > 0) return items[i - 1]!;
  return null;
}

/** The first of `candidates` that can take focus (mounted and enabled), in order of preference. */
export function firstFocusable<T extends { disabled?: boolean; isConnected?: boolean }>(candidates: readonly (T | null | undefined)[]): T | null {
  for (const c of candidates) if (c && c.isConnected !== false && !c.disabled) return c;
  return null;
}

/**
 * Whether the control that had focus is gone: nothing focused, <body>, or an element removed or disabled since
 * (a disabled button no longer takes keys). Then the caller moves focus on; otherwise it leaves it be.
 */
export function focusWasLost(el: { isConnected?: boolean; disabled?: unknown } | null, body: unknown): boolean {
  return !el || el === body || el.isConnected === false || el.disabled === true;
}
