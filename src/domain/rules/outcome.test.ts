import { describe, expect, it } from 'vitest';
import { failedExtras, firstSet, notApplicable, unknown } from './outcome';

describe('shared outcome parts', () => {
  const names = ['not-priority', 'far-below', 'coverage-below', 'tax-below'] as const;

  it('firstSet names the lowest set bit', () => {
    expect(firstSet(names, 0b0001)).toBe('not-priority');
    expect(firstSet(names, 0b0110)).toBe('far-below');
    expect(firstSet(names, 0b1000)).toBe('tax-below');
  });

  it('failedExtras lists every failed condition in order, one shared object per combination', () => {
    const extraOf = failedExtras(names);
    expect(extraOf(0b1010)).toEqual({ failed: 'far-below,tax-below' });
    expect(extraOf(0b0100)).toEqual({ failed: 'coverage-below' });
    expect(extraOf(0b1111)).toEqual({ failed: 'not-priority,far-below,coverage-below,tax-below' });
    expect(extraOf(0b1010)).toBe(extraOf(0b1010));
    expect(Object.isFrozen(extraOf(0b1010))).toBe(true);
  });

  it('not-applicable and unknown outcomes are shared and frozen', () => {
    const message = { zh: '不适用', en: 'n/a' };
    expect(notApplicable('scope', '§x', 'not-industrial', message)).toBe(notApplicable('scope', '§x', 'not-industrial', message));
    const u = unknown('energy', '§y', ['energyTce', 'addedValue']);
    expect(u).toBe(unknown('energy', '§y', ['energyTce', 'addedValue']));
    expect(u.missing).toEqual(['energyTce', 'addedValue']);
    expect(Object.isFrozen(u)).toBe(true);
  });
});
