/**
 * Entry point, kept tiny on purpose: it starts the analysis worker loading the dataset first, then
 * loads the UI chunk (React + MapLibre, ~1.3 MB) in parallel, so fetching and parsing the data overlaps
 * with parsing the map library instead of waiting for it.
 */
import { useAppStore } from './state/store';
import { analysisClient } from './worker/client';

/** The embedded dataset, served at /data/ by the `tenglong-data` plugin of vite.config.ts. */
const DEFAULT_MANIFEST = 'data/ouhai/manifest.json';

void useAppStore.getState().loadDataset(new URL(DEFAULT_MANIFEST, document.baseURI).href, analysisClient());

declare global {
  interface Window {
    /** The app store, exposed for browser tests when the URL has `?e2e=1`. */
    __store?: typeof useAppStore;
  }
}
if (new URLSearchParams(window.location.search).has('e2e')) window.__store = useAppStore;

void import('./App').then(({ mountApp }) => mountApp(document.getElementById('root')!));
