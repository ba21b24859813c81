/**
 * A dataset's first analysis runs once, with the user's saved work already in the store: the saved rule
 * settings and disposal ledger (IndexedDB) are read first, so a page load never analyses the defaults and
 * then the saved settings again. The persistence modules register what must finish before it; the wait is
 * bounded, so a stuck IndexedDB never holds the analysis (what arrives later re-runs it as before).
 */
import type { LoadedDataset } from '../worker/protocol';
import type { AppState } from './store';

type Restore = (hash: string) => Promise<unknown>;

const restores = new Set<Restore>();
/** Datasets whose saved work is being read before their first analysis. */
const pending = new WeakSet<LoadedDataset>();

/** Longest wait for the saved work before the first analysis starts anyway. */
export const RESTORE_WAIT_MS = 1000;

/** Registers work to finish before each dataset's first analysis; returns the unregister function. */
export function beforeFirstAnalysis(restore: Restore): () => void {
  restores.add(restore);
  return () => void restores.delete(restore);
}

/** False while the loaded dataset's first analysis waits for the saved work: what is restored then needs no re-run. */
export const firstAnalysisStarted = (s: Pick<AppState, 'dataset'>): boolean => !(s.dataset && pending.has(s.dataset));

/**
 * Reads the saved ledger of the dataset just put into the store, and waits (at most RESTORE_WAIT_MS) for it
 * and every registered restore. Call it between setting a new dataset and its first analysis.
 */
export async function restoreSavedWork(get: () => AppState): Promise<void> {
  const dataset = get().dataset;
  if (!dataset) return;
  pending.add(dataset);
  const hash = dataset.info.identity.hash;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, RESTORE_WAIT_MS)));
  const all = Promise.all([get().loadLedgerForDataset(), ...[...restores].map((r) => r(hash).catch(() => undefined))]);
  await Promise.race([all, bound]);
  clearTimeout(timer);
  pending.delete(dataset);
}
