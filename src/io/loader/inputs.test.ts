import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { expandZips, groupInputs, readGroup, TEXT_MAX_BYTES, ZIP_MAX_BYTES } from './inputs';
import type { FileProblem } from './report';
import { inputFromBytes, type InputFile } from '../source';

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

describe('a zip with more than the layers in it', () => {
  it('opens a zip inside the zip, and leaves GIS sidecars, a readme and pictures out without a problem', async () => {
    const inner = zipSync({ 'b.geojson': strToU8('{}') });
    const zip = zipSync({
      'a.geojson': strToU8('{}'), 'layers.zip': inner,
      'a.qpj': strToU8('x'), 'a.shp.atx': strToU8('x'), 'a.ain': strToU8('x'), 'a.aih': strToU8('x'), 'a.xml': strToU8('x'), 'a.cst': strToU8('x'),
      'readme.txt': strToU8('说明'), 'scan.pdf': strToU8('x'), 'photo.jpg': strToU8('x'),
    });
    const problems: FileProblem[] = [];
    const files = await expandZips([inputFromBytes('x.zip', zip)], problems);
    const groups = groupInputs(files, problems);
    expect(problems).toEqual([]);
    expect(groups.map((g) => g.key).sort()).toEqual(['a', 'b']);
  });

  it('still reads a .txt picked on its own (a CSV saved as text), and names a format it cannot read', () => {
    const problems: FileProblem[] = [];
    const groups = groupInputs([inputFromBytes('parcels.txt', strToU8('a,b')), inputFromBytes('map.kml', strToU8('<kml/>'))], problems);
    expect(groups.map((g) => g.format)).toEqual(['csv']);
    expect(problems.map((p) => p.file)).toEqual(['map.kml']);
  });
});

describe('files too large for a browser tab', () => {
  const huge = (name: string, size: number): InputFile => ({ name, size, bytes: () => Promise.reject(new Error('must not be read')) });

  it('names a GeoJSON or CSV over the text limit and a zip over the zip limit, with the way round, without reading them', async () => {
    const problems: FileProblem[] = [];
    const files = await expandZips([huge('big.zip', ZIP_MAX_BYTES + 1), huge('big.geojson', TEXT_MAX_BYTES + 1), huge('big.csv', TEXT_MAX_BYTES + 1), huge('big.fgb', TEXT_MAX_BYTES + 1)], problems);
    const groups = groupInputs(files, problems);
    expect(groups.map((g) => g.format)).toEqual(['flatgeobuf']); // read by parts, any size
    expect(problems.map((p) => p.file)).toEqual(['big.zip', 'big.geojson', 'big.csv']);
    for (const p of problems) {
      expect(p.text.zh).toMatch(/太大/);
      expect(p.fix.zh).toMatch(/FlatGeobuf/);
    }
  });

  it('turns running out of memory while reading into that problem, not an internal error', async () => {
    const file: InputFile = { name: 'x.geojson', size: 10, bytes: () => Promise.reject(new RangeError('Array buffer allocation failed')) };
    const r = await readGroup({ key: 'x', format: 'geojson', parts: { main: file } }, {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.text.zh).toMatch(/内存不足/);
  });
});
