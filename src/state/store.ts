/**
 * The ONE app store, combined from typed slices. Components read it with selectors; actions that
 * need analysis send requests to the worker (worker/client.ts) and store the results.
 */
import { create } from 'zustand';
import { createAnalysisSlice, type AnalysisSlice } from './analysisSlice';
import { createDatasetSlice, type DatasetSlice } from './datasetSlice';
import { createFilterSlice, type FilterSlice } from './filterSlice';
import { createImportSlice, type ImportSlice } from './importSlice';
import { createLedgerSlice, type LedgerSlice } from './ledgerSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';
import { createSelectionSlice, type SelectionSlice } from './selectionSlice';
import { createShortlistSlice, type ShortlistSlice } from './shortlistSlice';
import { createStreamSlice, type StreamSlice } from './streamSlice';
import { createUiSlice, type UiSlice } from './uiSlice';
import { createZonesSlice, type ZonesSlice } from './zonesSlice';

export type AppState = UiSlice & DatasetSlice & SelectionSlice & AnalysisSlice & ImportSlice & SettingsSlice & LedgerSlice & FilterSlice & ZonesSlice & ShortlistSlice & StreamSlice;

/** A fresh store (tests use their own; the app uses `useAppStore`). */
export const createAppStore = () =>
  create<AppState>()((...a) => ({
    ...createUiSlice(...a),
    ...createDatasetSlice(...a),
    ...createSelectionSlice(...a),
    ...createAnalysisSlice(...a),
    ...createImportSlice(...a),
    ...createSettingsSlice(...a),
    ...createLedgerSlice(...a),
    ...createFilterSlice(...a),
    ...createZonesSlice(...a),
    ...createShortlistSlice(...a),
    ...createStreamSlice(...a),
  }));

export const useAppStore = createAppStore();

// The rule settings are kept across reloads (IndexedDB), in the browser only; loaded lazily to keep the entry small.
if (typeof window !== 'undefined' && typeof indexedDB !== 'undefined')
  void import('./settings-persist').then((m) => m.startSettingsPersistence(useAppStore));

// The shortlists are kept across reloads (IndexedDB) too, loaded lazily the same way.
if (typeof window !== 'undefined' && typeof indexedDB !== 'undefined')
  void import('./shortlist-persist').then((m) => m.startShortlistPersistence(useAppStore));
