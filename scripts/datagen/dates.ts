/** ISO dates as whole days since 1970-01-01 (UTC), so date arithmetic is integer and deterministic. */
const MS_PER_DAY = 86_400_000;

export const dayOf = (iso: string): number => Math.round(Date.parse(iso + 'T00:00:00Z') / MS_PER_DAY);
export const isoOf = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
export const yearOf = (day: number): number => new Date(day * MS_PER_DAY).getUTCFullYear();
/** 1 January of the year, as a day number. */
export const startOfYear = (year: number): number => dayOf(`${year}-01-01`);
/** Adds whole calendar years (same month and day; 29 Feb → 1 Mar). */
export function addYears(day: number, years: number): number {
  const d = new Date(day * MS_PER_DAY);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return Math.round(d.getTime() / MS_PER_DAY);
}
