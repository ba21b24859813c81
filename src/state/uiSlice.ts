import type { StateCreator } from 'zustand';
import type { Lang } from '../i18n';
import type { AppState } from './store';

/** Interface language; Chinese by default. */
export interface UiSlice {
  lang: Lang;
  setLang(lang: Lang): void;
  toggleLang(): void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  lang: 'zh-CN',
  setLang: (lang) => set({ lang }),
  toggleLang: () => set((s) => ({ lang: s.lang === 'zh-CN' ? 'en' : 'zh-CN' })),
});
