/**
 * Strings for the UI: zh-CN (default) and en. Components never hard-code text; they call `translate`
 * (or the `useT` hook in state/) with a key and named parameters.
 */
import { en } from './en';
import { zhCN, type Dictionary, type MessageKey } from './zh-CN';

export type Lang = 'zh-CN' | 'en';
export type { MessageKey, Dictionary };

export const DICTIONARIES: Record<Lang, Dictionary> = { 'zh-CN': zhCN, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * Looks up `key` in `lang` and fills `{name}` placeholders from `params` (missing ones stay visible);
 * `{name|one|other}` is `one` when that parameter is 1, else `other` (English plurals: "1 feature", "2 features").
 */
export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const text = DICTIONARIES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}/g, (whole, name: string, one?: string, other?: string) => {
    if (!(name in params)) return whole;
    if (one === undefined) return String(params[name]);
    return String(params[name]) === '1' ? one : other!;
  });
}

export const translator = (lang: Lang): Translate => (key, params) => translate(lang, key, params);
