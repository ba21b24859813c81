/**
 * Keeps the rule settings (partial rule-set document and evaluation date) across reloads in IndexedDB
 * (store 'settings', key `${dataset hash}/rules`). When a dataset is loaded its saved settings are put
 * back before its first analysis (state/first-analysis.ts; put back after it, they re-run it); every later
 * change is written (versioned: a write that finds another tab's newer record re-reads it and writes on
 * top, the newest edit winning); a change written by another tab is taken over here.
 */
import type { StoreApi } from 'zustand';
import { validateRuleSet } from '../domain/rule-set';
import { isPlausibleDate } from '../domain/dates';
import { beforeFirstAnalysis, firstAnalysisStarted } from './first-analysis';
import { getRecord, getRecordOrSay, onOtherTabChange, putNewest } from './persist/idb';
import type { AppState } from './store';

export interface SavedSettings {
  rules: Record<string, unknown> | null;
  evaluationDate: string | null;
}

export const settingsKey = (hash: string): string => `${hash}/rules`;

const same = (a: SavedSettings, b: SavedSettings) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A saved record as settings the engine accepts. A setting the engine no longer takes (a key renamed, a value
 * now out of range) is left out on its own, the others kept; a record that is not settings is dropped.
 */
export function usableSettings(value: unknown): SavedSettings | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Partial<SavedSettings>;
  let rules = v.rules ?? null;
  // A date that is not one (or a year saved while it was being typed, 0202-…, by versions before it was a
  // draft) goes on its own: the data's date then applies, the rules are kept.
  const date = typeof v.evaluationDate === 'string' && isPlausibleDate(v.evaluationDate) ? v.evaluationDate : null;
  if (rules !== null && (typeof rules !== 'object' || Array.isArray(rules))) rules = null;
  for (let pass = 0; rules !== null && pass < 8; pass++) {
    const r = validateRuleSet(rules);
    if (r.ok) break;
    const bad = r.errors.map((e) => e.key);
    if (bad.includes('')) return null; // the document itself (its version)
    rules = withoutKeys(rules, bad);
  }
  if (rules !== null && !validateRuleSet(rules).ok) rules = null;
  return { rules: rules && Object.keys(rules).length > 0 ? rules : null, evaluationDate: date };
}

/** `rules` without the dotted `keys` (and without objects left empty). */
function withoutKeys(rules: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const copy = structuredClone(rules);
  for (const key of keys) {
    const path = key.split('.');
    const trail: Record<string, unknown>[] = [copy];
    for (const p of path.slice(0, -1)) {
      const next = trail.at(-1)![p];
      if (typeof next !== 'object' || next === null) break;
      trail.push(next as Record<string, unknown>);
    }
    if (trail.length === path.length) delete trail.at(-1)![path.at(-1)!];
    for (let i = trail.length - 1; i > 0; i--) if (Object.keys(trail[i]!).length === 0) delete trail[i - 1]![path[i - 1]!];
  }
  return copy;
}

/** Starts keeping `store`'s settings; returns the stop function. */
export function startSettingsPersistence(store: StoreApi<AppState>): () => void {
  let hash: string | null = null; // the dataset whose settings are loaded (writes go there)
  let version = 0;
  let applying = false;
  let queue: Promise<void> = Promise.resolve();
  const current = (): SavedSettings => ({ rules: store.getState().rules, evaluationDate: store.getState().evaluationDate });

  const adopt = (saved: SavedSettings) => {
    if (same(saved, current())) return;
    applying = true;
    store.getState().setRules(saved.rules);
    store.getState().setEvaluationDate(saved.evaluationDate);
    applying = false;
    // Put back before the dataset's first analysis, they are simply in it; later, they re-run it.
    if (firstAnalysisStarted(store.getState())) void store.getState().reanalyse();
  };

  const restore = async (h: string) => {
    const rec = await getRecordOrSay<SavedSettings>('settings', settingsKey(h), () => {
      if (store.getState().dataset?.info.identity.hash === h) [hash, version] = [h, 0];
    });
    if (store.getState().dataset?.info.identity.hash !== h) return;
    hash = h;
    version = rec?.version ?? 0;
    const saved = usableSettings(rec?.value);
    if (saved) adopt(saved);
  };

  const save = async () => {
    const h = hash;
    if (h === null) return;
    const value = current();
    const r = await putNewest('settings', settingsKey(h), value, version);
    version = r.version;
    if (r.written !== null) store.getState().reportSave('settings', null);
  };
  const enqueue = (job: () => Promise<void>): Promise<void> => {
    queue = queue.then(job).catch((e: unknown) => store.getState().reportSave('settings', e));
    return queue;
  };
  /** The restore queued for the dataset last put into the store (its first analysis waits for it). */
  let restoring: { hash: string; done: Promise<void> } | null = null;

  const unsubscribe = store.subscribe((s, prev) => {
    const h = s.dataset?.info.identity.hash ?? null;
    if (h !== (prev.dataset?.info.identity.hash ?? null)) {
      hash = null;
      if (h !== null) restoring = { hash: h, done: enqueue(() => restore(h)) };
      return;
    }
    // Queued behind the dataset's restore (jobs run in order), so a change made meanwhile is not dropped.
    if (!applying && h !== null && (s.rules !== prev.rules || s.evaluationDate !== prev.evaluationDate)) enqueue(save);
  });
  // Started after a dataset arrived (a lazy import): restore for it now.
  const loaded = store.getState().dataset?.info.identity.hash;
  if (loaded) restoring = { hash: loaded, done: enqueue(() => restore(loaded)) };
  const stopWaiting = beforeFirstAnalysis((h) => (restoring?.hash === h ? restoring.done : Promise.resolve()));
  const stopTabs = onOtherTabChange((change) => {
    if (change.store !== 'settings' || hash === null || change.key !== settingsKey(hash)) return;
    const h = hash;
    enqueue(async () => {
      const rec = await getRecord<SavedSettings>('settings', settingsKey(h));
      if (hash !== h) return;
      version = rec?.version ?? 0;
      adopt(usableSettings(rec?.value) ?? { rules: null, evaluationDate: null });
    });
  });
  return () => {
    unsubscribe();
    stopTabs();
    stopWaiting();
  };
}
