import { describe, expect, it } from 'vitest';
import { developmentState } from './input';

describe('developmentState with a start date the loader could not read (kept as written)', () => {
  it('is unreadable, not not-started, for text or an impossible year; a read date is under construction', () => {
    expect(developmentState({ parcelId: 'a', agreedStartDate: '2018-01-01', actualStartDate: '2019年上半年' })).toBe('unreadable');
    expect(developmentState({ parcelId: 'a', agreedStartDate: '2018-01-01', actualStartDate: '0219-05-01' })).toBe('unreadable');
    expect(developmentState({ parcelId: 'a', agreedStartDate: '2018-01-01', actualStartDate: '2019-05-01' })).toBe('under-construction');
    expect(developmentState({ parcelId: 'a', agreedStartDate: '2018-01-01', actualStartDate: null })).toBe('not-started');
    expect(developmentState({ parcelId: 'a', actualStartDate: '2019年上半年', builtYear: 2015 })).toBe('built');
  });
});
