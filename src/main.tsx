import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './panels/ErrorBoundary';
import { useAppStore } from './state/store';
import { analysisClient } from './worker/client';
import './app.css';

/** The embedded dataset, served at /data/ by the `tenglong-data` plugin of vite.config.ts. */
const DEFAULT_MANIFEST = 'data/ouhai/manifest.json';

// Start the worker fetching and parsing before React renders, so it overlaps with the map's startup.
void useAppStore.getState().loadDataset(new URL(DEFAULT_MANIFEST, document.baseURI).href, analysisClient());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
