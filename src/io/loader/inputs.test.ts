import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { expandZips } from './inputs';
import { inputFromBytes } from '../source';

describe('expandZips', () => {
  it('decodes a GBK entry name written without the UTF-8 flag', async () => {
    // An ASCII placeholder name (no UTF-8 flag), then its bytes replaced by 地块 in GBK, as Windows zips them.
    const gbk = [0xb5, 0xd8, 0xbf, 0xe9];
    const zip = zipSync({ 'ABCD.geojson': strToU8('{}') });
    for (let i = 0; i + 4 <= zip.length; i++) {
      if (zip[i] === 0x41 && zip[i + 1] === 0x42 && zip[i + 2] === 0x43 && zip[i + 3] === 0x44) zip.set(gbk, i);
    }
    const out = await expandZips([inputFromBytes('x.zip', zip)], []);
    expect(out.map((f) => f.name)).toEqual(['x.zip/地块.geojson']);
  });

  it('reads stored and deflated entries alike, leaving folders and system files out', async () => {
    const zip = zipSync({ 'a.txt': [strToU8('hello'.repeat(100)), { level: 0 }], 'd/b.txt': [strToU8('world'.repeat(100)), { level: 9 }], 'd/': new Uint8Array(0), '__MACOSX/._a.txt': strToU8('x') });
    const out = await expandZips([inputFromBytes('x.zip', zip)], []);
    expect(out.map((f) => f.name).sort()).toEqual(['x.zip/a.txt', 'x.zip/d/b.txt']);
    expect(await Promise.all(out.map(async (f) => new TextDecoder().decode(await f.bytes()).slice(0, 5)))).toEqual(expect.arrayContaining(['hello', 'world']));
  });

  it('names a broken zip as a file problem', async () => {
    const zip = zipSync({ 'a.txt': strToU8('hello') }).slice();
    zip.fill(0, zip.length - 20); // the end of the central directory is gone
    const problems: { file: string }[] = [];
    expect(await expandZips([inputFromBytes('bad.zip', zip)], problems as never)).toEqual([]);
    expect(problems.map((p) => p.file)).toEqual(['bad.zip']);
  });
});
