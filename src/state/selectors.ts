/** Derived reads shared by panels and the map. */
import { translator, type Translate } from '../i18n';
import type { ParcelRecord } from '../worker/protocol';
import { useAppStore, type AppState } from './store';

export const selectSelectedParcel = (s: AppState): ParcelRecord | null =>
  s.selectedFid === null ? null : (s.dataset?.parcels[s.selectedFid] ?? null);

/** The translate function of the current language. */
export function useT(): Translate {
  const lang = useAppStore((s) => s.lang);
  return translator(lang);
}
