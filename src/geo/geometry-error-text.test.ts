import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { geometryErrorText } from './geometry-error-text';
import { validateGeometry } from './validate';

const poly = (...rings: number[][][]): Polygon => ({ type: 'Polygon', coordinates: rings });

describe('geometry problems in Chinese', () => {
  it.each([
    [poly([[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]), /^自相交（约在 \(5\.00, 5\.00\) 附近）$/],
    [poly([[0, 0], [10, 0], [10, 10], [10, 20], [10, 10], [0, 10], [0, 0]]), /尖刺|自身接触|自相交/],
    [{ type: 'Point', coordinates: [0, 0] }, /^不是面（而是 Point）$/],
    [null, /^缺少几何图形$/],
  ])('%j', (g, zh) => {
    const en = validateGeometry(g as Polygon | null);
    expect(en).not.toBeNull();
    const text = geometryErrorText(en!, 'zh');
    expect(text).toMatch(zh);
    expect(text).not.toMatch(/^几何问题（/); // every message the validator writes has its Chinese
    expect(geometryErrorText(en!, 'en')).toBe(en);
  });

  it('keeps a message it does not know, marked', () => {
    expect(geometryErrorText('something new', 'zh')).toBe('几何问题（something new）');
  });
});
