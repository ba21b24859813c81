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

