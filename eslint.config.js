import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const uiOnly = ['react', 'react-dom', 'react/*', 'maplibre-gl', 'maplibre-gl/*', 'terra-draw', 'terra-draw-*', 'zustand', 'zustand/*'];

export default tseslint.config(
  { ignores: ['**/*.tmp.ts', 'dist/**', 'node_modules/**', 'data/**', 'public/**', 'coverage/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // MapLibre lives only in map/.
    files: ['src/**'],
    ignores: ['src/map/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['maplibre-gl', 'maplibre-gl/*', 'terra-draw', 'terra-draw-*'], message: 'Only src/map/ may import maplibre-gl or terra-draw.' },
      ] }],
    },
  },
  {
    // The architecture rule: domain/ and geo/ are pure — no UI, map or state imports, and no `any`.
    files: ['src/domain/**', 'src/geo/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: uiOnly, message: 'domain/ and geo/ stay pure: no React, MapLibre, Terra Draw or state.' },
        { group: ['**/state/**', '**/map/**', '**/panels/**', '**/worker/**'], message: 'domain/ and geo/ must not depend on app layers.' },
      ] }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
);
