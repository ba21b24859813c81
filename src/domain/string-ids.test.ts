import { describe, expect, it } from 'vitest';
import { StringIds } from './string-ids';

describe('StringIds', () => {
  it('numbers strings in the order first met, per kind, and finds them again', () => {
    const ids = new StringIds(2);
    expect([ids.idOf(0, 'a'), ids.idOf(1, 'a'), ids.idOf(0, 'b'), ids.idOf(0, 'a'), ids.idOf(1, 'a')]).toEqual([0, 1, 2, 0, 1]);
    expect(ids.count).toBe(3);
  });

  it('agrees with a Map over many keys while it grows, equal strings made apart included', () => {
    const ids = new StringIds();
    const map = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const key = `91330304MA${String((i * 7919) % 5003).padStart(8, '0')}`.slice(0) + (i % 3 === 0 ? '' : '企');
      const kind = i % 2;
      const mapKey = `${kind}:${key}`;
      if (!map.has(mapKey)) map.set(mapKey, map.size);
      expect(ids.idOf(kind, [...key].join(''))).toBe(map.get(mapKey));
    }
    expect(ids.count).toBe(map.size);
  });
});
