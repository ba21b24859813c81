import { describe, expect, it } from 'vitest';
import { SeenIds } from './evaluate';

describe('SeenIds', () => {
  it('gives back where each id was first met', () => {
    const seen = new SeenIds();
    seen.add('A', '地块1', 0, false);
    seen.add('B', '地块2', 99_999, true);
    seen.add('C', '地块1', 40_000_000, false);
    expect(seen.get('A')).toEqual({ layer: '地块1', index: 0, altered: false });
    expect(seen.get('B')).toEqual({ layer: '地块2', index: 99_999, altered: true });
    expect(seen.get('C')).toEqual({ layer: '地块1', index: 40_000_000, altered: false });
    expect(seen.get('D')).toBeUndefined();
  });

  it('names every layer right, past the layers it numbers', () => {
    const seen = new SeenIds();
    for (let l = 0; l < 70; l++) seen.add(`id${l}`, `layer${l}`, l * 3, l % 2 === 1);
    for (let l = 0; l < 70; l++) expect(seen.get(`id${l}`)).toEqual({ layer: `layer${l}`, index: l * 3, altered: l % 2 === 1 });
  });
});
