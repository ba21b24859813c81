/** What every benchmark shares: its flags, the seeded large dataset it runs on, and how it prints times. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** `--name value` from the command line, else `fallback`. */
export const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const seconds = (ms: number, digits = 3): string => `${(ms / 1000).toFixed(digits)} s`;

/** The seeded `npm run data -- --parcels N` folder, generated on first use (not committed). */
export function largeDataset(parcels: number): string {
  const dir = join('data', 'large', `parcels-${parcels}`);
  if (!existsSync(join(dir, 'parcels.fgb'))) {
    console.log(`generating the seeded set in ${dir} (npm run data -- --parcels ${parcels}) …`);
    execFileSync('npx', ['tsx', 'scripts/generate-data.ts', '--parcels', String(parcels), '--out', dir], { stdio: 'inherit' });
  }
  return dir;
}

/** The Chromium the browser benchmarks drive (Debian's; never downloaded). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Stops a browser benchmark at once, naming the fix, when that Chromium is missing. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH); this benchmark never downloads a browser`);
}

/*
 * Not the app's work: every fresh Chromium (headless too) loads Chrome's omnibox popup, a WebUI page
 * (chrome://omnibox-popup.top-chrome/aim_app.js), in a renderer of its own during our start-up: ~0.8 s of
 * CPU and GPU frames of its own on this 2-core machine (measured, Chromium 156). The features
 * WebUIOmniboxPopup and WebUIOmniboxAimPopup turn it off (no top-chrome-webui renderer then). A
 * `--disable-features` switch replaces playwright's own list (the last one wins), so that list comes first.
 */
const PLAYWRIGHT_DISABLED_FEATURES = ['AvoidCorsURLLoaderRestartOnRedirect', 'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsFirstBalancedModeAutoEnable', 'HttpsUpgrades', 'LensOverlay', 'MediaRouter', 'NetworkTimeServiceQuerying', 'OptimizationHints', 'PaintHolding', 'PreconnectToSearch', 'ThirdPartyStoragePartitioning', 'TcpPortRandomizationWin', 'AimEnabled'];
const NO_OMNIBOX = `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'].join(',')}`;

/** The browser benchmarks' Chromium switches: software WebGL, and (unless `withOmnibox`) no omnibox popup page. */
export const chromiumArgs = (withOmnibox = false): string[] =>
  ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', ...(withOmnibox ? [] : [NO_OMNIBOX])];
