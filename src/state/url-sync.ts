/**
 * Keeps the URL in step with the store (state/url.ts holds the pure encoding). Once, when the first
 * dataset has loaded, the URL is read: filter, colouring, tab and the selected parcel (by 地块编号); the
 * map view (handed to MapView through `initialView`) as soon as the first dataset's outline or the
 * dataset is there. From then on every change is written back
 * with history.replaceState, debounced, so the address bar always holds a link to what is shown.
 */
import type { StoreApi, UseBoundStore } from 'zustand';
import type { ColourMode } from './analysisSlice';
import type { AppState } from './store';
import { decodeUrlState, encodeUrlState, MAX_URL_FIDS, type MapViewState, type UrlState } from './url';
import { fidMapOf, fidsOfIds, idsOfFids } from './parcel-ids';

const WRITE_DELAY_MS = 250;

/** The centre (Web Mercator midpoint) and zoom of a view box. */
export function viewOfBounds(b: readonly [number, number, number, number], zoom: number): MapViewState {
  const y = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const lat = (360 / Math.PI) * Math.atan(Math.exp((y(b[1]) + y(b[3])) / 2)) - 90;
  return { lon: (b[0] + b[2]) / 2, lat, zoom };
}

/** What the URL should say for state `s`. */
export function urlStateOf(s: AppState): UrlState {
  const fid = s.selectedFid;
  return {
    // A link's view not yet applied stays in the URL as it came.
    ...(s.initialView ? { view: s.initialView } : s.viewBounds && s.viewZoom !== null ? { view: viewOfBounds(s.viewBounds, s.viewZoom) } : {}),
    colour: s.colourMode,
    tab: s.sidebarTab,
    ...(fid !== null && s.dataset?.parcels[fid] ? { parcelId: s.dataset.parcels[fid].attributes.parcelId } : {}),
    filter: s.filter,
    // A longer choice is left out of the URL anyway (url.ts): not mapped to ids on every write.
    ...(s.filter.fidIds ? { filterIds: s.filter.fidIds }
      : s.filter.fids && s.filter.fids.length <= MAX_URL_FIDS && s.dataset ? { filterIds: idsOfFids(s.filter.fids, s.dataset.parcels) } : {}),
  };
}

/**
 * Applies a link's state to the store (the dataset is loaded). Unknown parcels are ignored. `viewGiven`:
 * the link's view went to the map already (with the dataset's outline), so it is not given again.
 */
export function applyUrlState(store: StoreApi<AppState>, state: UrlState, viewGiven = false): void {
  const s = store.getState();
  if (state.filterIds && s.dataset) {
    const fids = fidsOfIds(state.filterIds, s.dataset.parcels);
    const { fids: _positions, ...rest } = state.filter ?? {};
    s.setFilter(fids.length > 0 ? { ...rest, fids } : rest);
  } else if (state.filter) s.setFilter(state.filter);
  if (state.colour) s.setColourMode(state.colour as ColourMode);
  if (state.tab) s.setSidebarTab(state.tab);
  if (state.parcelId && s.dataset) {
    const fid = fidMapOf(s.dataset.parcels).get(state.parcelId) ?? -1;
    // With a view in the link the map opens there; without one it flies to the parcel.
    if (fid >= 0) {
      if (state.view) s.selectParcel(fid);
      else s.focusParcel(fid);
    }
  }
  if (state.view && !viewGiven) s.setInitialView(state.view);
}

/**
 * Starts the two-way sync on `store` (the app calls it once); returns the function that stops it.
 * `isColour` says whether a name is a colouring the map knows.
 */
export function startUrlSync(store: UseBoundStore<StoreApi<AppState>>, isColour: (v: string) => boolean): () => void {
  let read = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = () => {
    timer = null;
    const next = encodeUrlState(window.location.search, urlStateOf(store.getState()));
    if (next !== window.location.search) {
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${next}${window.location.hash}`);
    }
  };
  let viewRead = false;
  const readOnce = (s: AppState) => {
    // The view as soon as the map shows anything: a big dataset's outline comes seconds before the dataset,
    // and the map would otherwise show the whole district, then jump to the link's view when it comes.
    if (!viewRead && (s.outline || s.dataset)) {
      viewRead = true;
      const { view } = decodeUrlState(window.location.search, isColour);
      if (view) store.getState().setInitialView(view);
    }
    if (read || !s.dataset) return;
    read = true;
    applyUrlState(store, decodeUrlState(window.location.search, isColour), true);
  };
  readOnce(store.getState());
  const unsubscribe = store.subscribe((s, prev) => {
    if (!read) {
      readOnce(s);
      return;
    }
    if (s.filter !== prev.filter || s.colourMode !== prev.colourMode || s.sidebarTab !== prev.sidebarTab
      || s.selectedFid !== prev.selectedFid || s.viewBounds !== prev.viewBounds || s.initialView !== prev.initialView || s.dataset !== prev.dataset) {
      if (timer === null) timer = setTimeout(write, WRITE_DELAY_MS);
    }
  });
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
  };
}
