import type { StateCreator } from 'zustand';
import type { LedgerEntry } from '../domain/ledger';
import type { AppState } from './store';

/** The disposal ledger the analysis runs with: the user's, or (null) the dataset's sample ledger. */
export interface LedgerSlice {
  ledger: LedgerEntry[] | null;
  setLedger(ledger: LedgerEntry[] | null): void;
}

export const createLedgerSlice: StateCreator<AppState, [], [], LedgerSlice> = (set) => ({
  ledger: null,
  setLedger: (ledger) => set({ ledger }),
});
