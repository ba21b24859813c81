/**
 * The settings panel's edits on the partial rule-set document the store keeps (settingsSlice.rules):
 * a value equal to the default is dropped, so the document only ever holds what the user changed.
 * Pure functions (no React, no store).
 */
import { DEFAULT_RULE_SET, type RuleSetError } from '../../domain/rule-set';
import type { FieldSpec } from './fields';

export type Doc = Record<string, unknown>;

const isRecord = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at a dotted path, or undefined. */
export function getAt(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const k of path.split('.')) {
    if (!isRecord(cur) || !Object.hasOwn(cur, k)) return undefined;
    cur = cur[k];
  }
  return cur;
}

export const defaultAt = (path: string): unknown => getAt(DEFAULT_RULE_SET, path);

/** The value in effect: the document's, else the default. */
export const effectiveAt = (doc: Doc | null, path: string): unknown => getAt(doc, path) ?? defaultAt(path);

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `doc` with `path` set to `value`, or removed when `value` is the default (empty objects pruned). Null when nothing is left. */
export function withValue(doc: Doc | null, path: string, value: unknown): Doc | null {
  const keys = path.split('.');
  const root: Doc = structuredClone(doc ?? {});
  const set = (obj: Doc, i: number): void => {
    const k = keys[i]!;
    if (i === keys.length - 1) {
      if (sameValue(value, defaultAt(path))) delete obj[k];
      else obj[k] = value;
      return;
    }
    const child = isRecord(obj[k]) ? (obj[k] as Doc) : {};
    obj[k] = child;
    set(child, i + 1);
    if (Object.keys(child).length === 0) delete obj[k];
  };
  set(root, 0);
  return Object.keys(root).length === 0 ? null : root;
}

/** `doc` without the top-level keys in `prefixes` (a rule's reset). */
export function withoutPrefixes(doc: Doc | null, prefixes: readonly string[]): Doc | null {
  if (!doc) return null;
  const out = Object.fromEntries(Object.entries(doc).filter(([k]) => !prefixes.includes(k)));
  return Object.keys(out).length === 0 ? null : out;
}

/** True when the document changes any key under one of `prefixes`. */
export const changesAny = (doc: Doc | null, prefixes: readonly string[]): boolean => !!doc && prefixes.some((p) => Object.hasOwn(doc, p));

/** A value as the input shows it (shares as percentages, at most 4 decimals). */
export function formatValue(field: FieldSpec, value: unknown): string {
  if (Array.isArray(value)) return value.join('、');
  if (typeof value !== 'number') return value === undefined || value === null ? '' : String(value);
  return field.kind === 'percent' ? String(Number((value * 100).toFixed(4))) : String(value);
}

export type Parsed = { ok: true; value: unknown } | { ok: false };

/** What the user typed, as the document's value; `{ok:false}` for text that is not a number. */
export function parseInput(field: FieldSpec, text: string): Parsed {
  if (field.kind === 'list') return { ok: true, value: text.split(/[,，、;；\n]/).map((s) => s.trim()).filter((s) => s !== '') };
  // Full-width digits, ％ and ，(as Chinese documents and IMEs write them) read as their ASCII forms.
  const t = text.normalize('NFKC').trim().replace(/,/g, '').replace(/%$/, '').trim();
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return { ok: false };
  const v = Number(t);
  if (!Number.isFinite(v)) return { ok: false };
  return { ok: true, value: field.kind === 'percent' ? v / 100 : v };
}

/** The engine's errors by the field they belong to; an error on a group key (e.g. classShares) under `group:<key>`. */
export function errorsByKey(errors: readonly RuleSetError[], fields: readonly FieldSpec[]): Map<string, RuleSetError[]> {
  const out = new Map<string, RuleSetError[]>();
  const add = (k: string, e: RuleSetError) => out.set(k, [...(out.get(k) ?? []), e]);
  for (const e of errors) {
    if (fields.some((f) => f.path === e.key)) add(e.key, e);
    else add(`group:${e.key}`, e);
  }
  return out;
}

/** The message without its leading `key: ` (the field it belongs to is beside it). */
export const bareMessage = (e: RuleSetError, lang: 'zh' | 'en'): string => {
  const m = e.message[lang];
  return e.key && m.startsWith(`${e.key}: `) ? m.slice(e.key.length + 2) : m;
};
