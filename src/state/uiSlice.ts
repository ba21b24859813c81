import type { StateCreator } from 'zustand';
import type { Lang } from '../i18n';
import type { AppState } from './store';

/** The side panel's tabs. */
export type SidebarTab = 'overview' | 'explore' | 'zones' | 'shortlist' | 'settings';

/** Kinds of the user's work kept in the browser by a persistence module (the ledger reports its own). */
export type SavedWorkKind = 'settings' | 'zones' | 'shortlists';

/** Interface language (Chinese by default), the side panel, the map's view, and what the browser would not save. */
export interface UiSlice {
  /** Work the browser refused to read or save, with the browser's reason (cleared by the next good save). */
  saveProblems: Partial<Record<SavedWorkKind, string>>;
  reportSave(kind: SavedWorkKind, problem: unknown): void;
  lang: Lang;
  /** The map's visible area [west, south, east, north] in lon/lat, kept by map/ after every move. */
  viewBounds: [number, number, number, number] | null;
  /** The map's zoom with `viewBounds` (for the URL's view). */
  viewZoom: number | null;
  setViewBounds(bounds: [number, number, number, number], zoom?: number): void;
  /** A view to open the map at once the dataset is shown (a link's `v=`); MapView jumps there and clears it. */
  initialView: { lon: number; lat: number; zoom: number } | null;
  setInitialView(view: { lon: number; lat: number; zoom: number } | null): void;
  /** A request to bring a parcel into view (seq grows with each request, so asking twice moves twice). */
  focus: { fid: number; seq: number } | null;
  /** Selects the parcel and flies the map to it (search, list rows, the card's zoom-to). */
  focusParcel(fid: number): void;
  setLang(lang: Lang): void;
  sidebarTab: SidebarTab;
  sidebarOpen: boolean;
  setSidebarTab(tab: SidebarTab): void;
  toggleSidebar(): void;
  toggleLang(): void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  saveProblems: {},
  reportSave: (kind, problem) => {
    const now = get().saveProblems;
    if (problem === null || problem === undefined) {
      if (kind in now) set({ saveProblems: Object.fromEntries(Object.entries(now).filter(([k]) => k !== kind)) });
      return;
    }
    const message = problem instanceof Error ? problem.message || problem.name : String(problem);
    if (now[kind] !== message) set({ saveProblems: { ...now, [kind]: message } });
  },
  focus: null,
  focusParcel: (fid) => {
    get().selectParcel(fid);
    if (get().selectedFid === fid) set((s) => ({ focus: { fid, seq: (s.focus?.seq ?? 0) + 1 } }));
  },
  lang: 'zh-CN',
  viewBounds: null,
  sidebarTab: 'overview',
  sidebarOpen: true,
  setSidebarTab: (sidebarTab) => set({ sidebarTab, sidebarOpen: true }),
  toggleSidebar: () => set((s) => ({ sidebarOpen: !s.sidebarOpen })),
  setViewBounds: (viewBounds, zoom) => set(zoom === undefined ? { viewBounds } : { viewBounds, viewZoom: zoom }),
  viewZoom: null,
  initialView: null,
  setInitialView: (initialView) => set({ initialView }),
  setLang: (lang) => set({ lang }),
  toggleLang: () => set((s) => ({ lang: s.lang === 'zh-CN' ? 'en' : 'zh-CN' })),
});
