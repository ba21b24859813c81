import { describe, expect, it } from 'vitest';
import { ProblemTally, problemSentenceEn } from './problems';

describe('problem words', () => {
  it('agree in English with one feature or several, in Chinese the same for both', () => {
    const tally = new ProblemTally();
    tally.add('no-geometry', 'skipped', { index: 0, detail: '' }, undefined, 'error');
    tally.add('self-intersection', 'kept', { index: 1, detail: '' });
    tally.add('self-intersection', 'kept', { index: 2, detail: '' });
    tally.add('absurd-value', 'value-dropped', { index: 3, detail: '-5' }, '税收');
    const [none, crossing, absurd] = tally.list();
    expect(problemSentenceEn(none!)).toBe('1 feature has no geometry; skipped, not loaded');
    expect(problemSentenceEn(crossing!)).toBe('2 features intersect themselves (their overlay figures are left out); kept and flagged');
    expect(problemSentenceEn(absurd!, '1')).toBe('1 feature has an implausible value in "税收"; dropped');
    expect(none!.text.zh).toBe('没有几何图形，已跳过，不载入');
  });

  it('keeps a layer note in its own words whatever the count', () => {
    const tally = new ProblemTally();
    tally.note('reader', { zh: '读取提示', en: 'Column A could not be read' });
    const [note] = tally.list();
    expect(note!.text).toEqual({ zh: '读取提示', en: 'Column A could not be read' });
    expect(problemSentenceEn(note!)).toBe('Column A could not be read');
    tally.note('reader', { zh: '读取提示', en: 'Column A could not be read' });
    expect(problemSentenceEn(tally.list()[0]!)).toBe('Column A could not be read (2 times)');
  });
});
