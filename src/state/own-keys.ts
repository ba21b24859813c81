/**
 * Records keyed by text from the user's files (parcel ids). A plain object's `obj[id]` reads Object.prototype
 * for an id like "toString" and sets the prototype for "__proto__": these read and write own keys only.
 */

/** `o`'s own value at `key`, else undefined. */
export const ownValue = <T>(o: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(o, key) ? o[key] : undefined);

/** A copy of `o` with `key` set to `value` (or removed when `value` is undefined), as an own key whatever its name. */
export function withOwn<T>(o: Readonly<Record<string, T>>, key: string, value: NoInfer<T> | undefined): Record<string, T> {
  const out: Record<string, T> = { ...o };
  if (value === undefined) delete out[key];
  else setOwn(out, key, value);
  return out;
}

/** Sets `key` of `o` (a copy being built) to `value` as an own key whatever its name. */
export function setOwn<T>(o: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
