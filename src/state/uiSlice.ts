import type { StateCreator } from 'zustand';
import type { Lang } from '../i18n';
import type { AppState } from './store';

/** Interface language; Chinese by default. */
export interface UiSlice {
  lang: Lang;
  /** The map's visible area [west, south, east, north] in lon/lat, kept by map/ after every move. */
  viewBounds: [number, number, number, number] | null;
  setViewBounds(bounds: [number, number, number, number]): void;
  setLang(lang: Lang): void;
  toggleLang(): void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  lang: 'zh-CN',
  viewBounds: null,
  setViewBounds: (viewBounds) => set({ viewBounds }),
  setLang: (lang) => set({ lang }),
  toggleLang: () => set((s) => ({ lang: s.lang === 'zh-CN' ? 'en' : 'zh-CN' })),
});
