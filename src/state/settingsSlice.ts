import type { StateCreator } from 'zustand';
import type { AppState } from './store';

/**
 * The user's rule settings: a partial rule-set document merged onto the defaults by the engine
 * (domain/rule-set.ts), and the evaluation date. Null = the default (the defaults; the data's as-of date).
 */
export interface SettingsSlice {
  rules: Record<string, unknown> | null;
  evaluationDate: string | null;
  setRules(rules: Record<string, unknown> | null): void;
  setEvaluationDate(date: string | null): void;
}

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set) => ({
  rules: null,
  evaluationDate: null,
  setRules: (rules) => set({ rules }),
  setEvaluationDate: (evaluationDate) => set({ evaluationDate }),
});
