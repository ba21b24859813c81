import { describe, expect, it } from 'vitest';
import { utf8 } from './flatbuffer';

describe('utf8', () => {
  it('equals TextDecoder for text of every length up to and past the hand-decoded 64 bytes, malformed bytes included', () => {
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    // ASCII, 2-byte (é, ©), 3-byte (CJK, full-width, U+FFFD), 4-byte (emoji, a rare ideograph) characters.
    const pieces = ['a', 'Z', '0', '-', ' ', '"', 'é', '©', '温', '瓯', 'Ｏ', '\uFFFD', '\uFEFF', '😀', '𠀀'];
    let seed = 11;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    for (let k = 0; k < 3000; k++) {
      let s = '';
      // Up to 64 code units decoded by hand (no 4-byte character in two of three), longer ones by TextDecoder.
      const len = rand(70);
      for (let i = 0; i < len; i++) s += pieces[rand(k % 3 === 0 ? pieces.length : pieces.length - 2)];
      const bytes = encoder.encode(`..${s}..`);
      expect(utf8(bytes, 2, bytes.length - 2), s).toBe(s);
      // A malformed or cut sequence decodes as TextDecoder decodes it (U+FFFD).
      if (bytes.length > 5) {
        const cut = bytes.slice(0, 2 + rand(bytes.length - 4));
        cut[cut.length - 1] = 0xe0 | rand(16);
        expect(utf8(cut, 0, cut.length)).toBe(decoder.decode(cut));
      }
    }
  });
});
