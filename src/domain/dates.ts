/**
 * Calendar dates as ISO `YYYY-MM-DD` strings, compared without time zones (a policy date is a day,
 * not an instant).
 */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses `YYYY-MM-DD` (a time part, if any, is ignored); null when absent or not a real date. */
export function parseIsoDate(text: string | null | undefined): CalendarDate | null {
  if (text == null) return null;
  const m = ISO_DATE.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/**
 * Whether a date typed into a date field is one to use: a real date with a year from 1990 to 2100.
 * Chromium's date field hands each step of a year typed digit by digit over as a date (0002-…, 0020-…,
 * 0202-… before 2023-…); each was saved and re-ran the analysis.
 */
export function isPlausibleDate(value: string): boolean {
  const d = parseIsoDate(value);
  return d !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && d.year >= 1990 && d.year <= 2100;
}

/**
 * Whole years elapsed from `from` to `to`. The anniversary itself completes a year ("满一年":
 * 2020-03-15 → 2021-03-15 is 1). A 29 February start has its anniversary on 28 February in common
 * years (民法典 Art. 202: no matching day → the month's last day). Negative when `to` is earlier.
 */
export function fullYearsBetween(from: CalendarDate, to: CalendarDate): number {
  let years = to.year - from.year;
  const anniversaryDay = Math.min(from.day, daysInMonth(to.year, from.month));
  if (to.month < from.month || (to.month === from.month && to.day < anniversaryDay)) years -= 1;
  return years;
}

/** The date `years` after `from`, with the same month-end rule as fullYearsBetween. */
export function addYears(from: CalendarDate, years: number): CalendarDate {
  const year = from.year + years;
  return { year, month: from.month, day: Math.min(from.day, daysInMonth(year, from.month)) };
}

export function formatIsoDate(d: CalendarDate): string {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}
