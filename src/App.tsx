/** The page: title bar, map with its legend, targets dashboard and parcel panel, status bar; import dialogs and the drop zone. */
import { StrictMode, useEffect } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { ErrorBoundary } from './panels/ErrorBoundary';
import './app.css';
import { MapView } from './map/MapView';
import { DropZone } from './panels/DropZone';
import { Header } from './panels/Header';
import { ImportDialogs } from './panels/import/ImportDialogs';
import { Legend } from './panels/Legend';
import { Sidebar } from './panels/layout/Sidebar';
import { ParcelPanel } from './panels/ParcelPanel';
import { StatusBar } from './panels/StatusBar';
import { translate } from './i18n';
import { useAppStore } from './state/store';
import { startUrlSync } from './state/url-sync';
import { isColourMode } from './map/bands';
import { useAfterStart } from './panels/layout/after-start';

export function App() {
  const lang = useAppStore((s) => s.lang);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(lang, 'appTitle');
  }, [lang]);
  // The URL keeps the view, filter, colouring, tab and selected parcel (state/url-sync.ts).
  useEffect(() => startUrlSync(useAppStore, isColourMode), []);
  // The map first (panels/layout/after-start.ts); the layout around it never changes size meanwhile.
  const started = useAfterStart();
  return (
    <div className="app">
      <Header />
      <main className="main">
        <Sidebar />
        <div className="map-area">
          <MapView />
          {started && <Legend />}
          {started && <ParcelPanel />}
        </div>
      </main>
      <StatusBar />
      {started && <ImportDialogs />}
      {started && <DropZone />}
    </div>
  );
}

/**
 * Renders the app into `root` (called by main.tsx once this chunk has loaded). Synchronously, effects
 * included: the map (MapView's effect) asks for its WebGL context before the browser paints this first
 * frame. After that paint the context waited for the GPU process to finish drawing and reading that frame
 * back (0.3-2 s on software WebGL, all of it one main-thread task); before it, no frame of the page is
 * there yet (headless Chromium's own window frames may still be: the wait is shorter, not gone).
 */
export function mountApp(root: HTMLElement): void {
  const reactRoot = createRoot(root);
  flushSync(() =>
    reactRoot.render(
      <StrictMode>
        <ErrorBoundary>
          <App />
        </ErrorBoundary>
      </StrictMode>,
    ),
  );
}
