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
import { startRanksAhead } from './panels/explore/ranks-ahead';
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
  // Large datasets: the parcel list's text sort ranks made in the worker while idle (panels/explore/ranks-ahead.ts).
  useEffect(() => startRanksAhead(useAppStore), []);
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
 * Renders the app into `root` (called by main.tsx once this chunk has loaded), effects included, and lays
 * it out, in this task. The map is created in the next task, the first frame's animation callbacks
 * (MapView), and the panels the first screen can show a moment later in the task after that frame
 * (panels/layout/after-start.ts): each of the three a main-thread task of 70-200 ms on software WebGL
 * where together they were 300-450 ms. The layout is read here so the map's creation finds it done.
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
  void root.offsetHeight;
}
