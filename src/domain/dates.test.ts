import { describe, expect, it } from 'vitest';
import { addYears, fullYearsBetween, parseIsoDate } from './dates';

const d = (s: string) => parseIsoDate(s)!;

describe('calendar dates', () => {
  it('parses ISO dates and rejects impossible ones', () => {
    expect(parseIsoDate('2023-06-30')).toEqual({ year: 2023, month: 6, day: 30 });
    expect(parseIsoDate('2023-06-30T08:00:00Z')).toEqual({ year: 2023, month: 6, day: 30 });
    expect(parseIsoDate('2023-02-29')).toBeNull();
    expect(parseIsoDate('30/06/2023')).toBeNull();
    expect(parseIsoDate(null)).toBeNull();
  });
  it('counts the anniversary itself as a full year (满一年)', () => {
    expect(fullYearsBetween(d('2022-06-30'), d('2023-06-29'))).toBe(0);
    expect(fullYearsBetween(d('2022-06-30'), d('2023-06-30'))).toBe(1);
    expect(fullYearsBetween(d('2021-06-30'), d('2023-06-30'))).toBe(2);
    expect(fullYearsBetween(d('2024-01-01'), d('2023-06-30'))).toBe(-1);
  });
  it('puts a 29 February anniversary on 28 February in common years', () => {
    expect(fullYearsBetween(d('2020-02-29'), d('2021-02-27'))).toBe(0);
    expect(fullYearsBetween(d('2020-02-29'), d('2021-02-28'))).toBe(1);
    expect(fullYearsBetween(d('2020-02-29'), d('2024-02-28'))).toBe(3);
    expect(fullYearsBetween(d('2020-02-29'), d('2024-02-29'))).toBe(4);
    expect(addYears(d('2020-02-29'), 1)).toEqual({ year: 2021, month: 2, day: 28 });
  });
});
