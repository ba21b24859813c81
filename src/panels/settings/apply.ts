/** Applying settings: the store's rules / date change at once, the analysis re-runs once typing pauses (a newer run wins in analysisSlice). */
import { useAppStore } from '../../state/store';

export const REANALYSE_DELAY_MS = 400;
let timer: ReturnType<typeof setTimeout> | null = null;

export function scheduleReanalyse(): void {
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void useAppStore.getState().reanalyse();
  }, REANALYSE_DELAY_MS);
}
