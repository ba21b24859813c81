import { describe, expect, it } from 'vitest';
import { DISPOSAL_ACTIONS, DISPOSAL_STATUSES } from '../../domain/ledger';
import { isPlausibleDate } from '../../domain/dates';
import { translator } from '../../i18n';
import { actionWords, ledgerValueWords, statusWords } from './disposal-words';

describe("the ledger's words", () => {
  const zh = translator('zh-CN');
  const en = translator('en');
  it('shows the stored Chinese in Chinese and an English word for each action and status in English', () => {
    for (const a of DISPOSAL_ACTIONS) expect(actionWords(a, zh)).toBe(a);
    for (const s of DISPOSAL_STATUSES) expect(statusWords(s, zh)).toBe(s);
    const english = [...DISPOSAL_ACTIONS.map((a) => actionWords(a, en)), ...DISPOSAL_STATUSES.map((s) => statusWords(s, en))];
    for (const w of english) expect(w).toMatch(/^[A-Z][A-Za-z ]+$/);
    expect(new Set(english).size).toBe(english.length);
  });

  it("translates a conflict's value field by field, leaving dates and notes as they are", () => {
    expect(ledgerValueWords('整体腾退 · 已完成 · 2022-03-05 · 已签协议', en)).toBe('Vacate the whole site · Done · 2022-03-05 · 已签协议');
    expect(ledgerValueWords('处置中', en)).toBe('Under way');
    expect(ledgerValueWords('2022-03-05', en)).toBe('2022-03-05');
  });
});

describe('a disposal date to save', () => {
  it('is a whole date with a year from 1990 to 2100, not a year still being typed', () => {
    for (const d of ['2022-03-05', '1990-01-01', '2100-12-31']) expect(isPlausibleDate(d)).toBe(true);
    for (const d of ['0002-03-05', '0202-03-05', '1989-12-31', '2101-01-01', '', '2022-3-5', '2022-02-30']) expect(isPlausibleDate(d)).toBe(false);
  });
});
