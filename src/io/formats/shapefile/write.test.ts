import { describe, expect, it } from 'vitest';
import { writeDbf } from './write';
import { readDbfLayout, DbfReader } from './dbf';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('writeDbf text', () => {
  it('cuts text longer than 254 bytes at a character boundary, fast even for 100k characters', () => {
    const long = '瓯'.repeat(100_000); // 3 bytes each in UTF-8
    const astral = '𠮷'.repeat(300); // 4 bytes, two UTF-16 units each
    const t0 = performance.now();
    const dbf = writeDbf([{ name: 'QYMC', type: 'text' }], [[long], [astral], ['短']], utf8, 0);
    expect(performance.now() - t0).toBeLessThan(1000);
    const layout = readDbfLayout(dbf);
    if (!layout.ok) throw new Error(layout.problem);
    const reader = new DbfReader(dbf, layout.layout, 'utf-8', 'x.dbf');
    expect(reader.readRow(0)!.QYMC).toBe('瓯'.repeat(84)); // 252 bytes: a 85th would pass 254
    expect(reader.readRow(1)!.QYMC).toBe('𠮷'.repeat(63)); // 252 bytes, no half character
    expect(reader.readRow(2)!.QYMC).toBe('短');
  });
});
