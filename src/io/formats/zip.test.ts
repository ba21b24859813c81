import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { fixture } from './fixtures.test-helpers';
import { unzipNative } from './zip';
import { expandZips } from '../loader/inputs';
import { inputFromBytes } from '../source';

const names = (entries: { nameBytes: Uint8Array }[]) => entries.map((e) => new TextDecoder().decode(e.nameBytes)).sort();

describe('unzipNative (the platform inflater)', () => {
  it('gives the same entries and bytes as fflate on a GDAL-made Shapefile zip', async () => {
    const zip = fixture('shp/gbk-nocpg.zip');
    const native = await unzipNative(zip);
    expect(native).not.toBeNull();
    const reference = unzipSync(zip);
    const files = Object.keys(reference).filter((n) => !n.endsWith('/')).sort();
    expect(names(native!)).toEqual(files);
    for (const e of native!) expect(e.data).toEqual(reference[new TextDecoder().decode(e.nameBytes)]);
  });
  it('reads stored and deflated entries alike', async () => {
    const zip = zipSync({ 'a.txt': [strToU8('hello'.repeat(100)), { level: 0 }], 'b.txt': [strToU8('world'.repeat(100)), { level: 9 }] });
    const native = await unzipNative(zip);
    expect(native!.map((e) => new TextDecoder().decode(e.data).slice(0, 5)).sort()).toEqual(['hello', 'world']);
  });
  it('gives up (null) on what it does not read, so the caller falls back', async () => {
    expect(await unzipNative(new Uint8Array(10))).toBeNull();
    const zip = fixture('shp/gbk-nocpg.zip').slice();
    zip.fill(0, zip.length - 200); // the central directory is gone
    expect(await unzipNative(zip)).toBeNull();
  });
});

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
});
