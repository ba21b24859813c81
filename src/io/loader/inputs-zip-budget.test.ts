import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { expandZips, groupInputs, ZIP_UNPACKED_MAX_BYTES } from './inputs';
import type { FileProblem } from './report';
import { inputFromBytes } from '../source';

const MB = 1024 * 1024;
/** `n` MB of zeros: deflates to about a thousandth of that (a zip bomb's entry, small). */
const zeros = (n: number): Uint8Array => new Uint8Array(n * MB);

/** `zip` with every entry named `name` declaring `size` unpacked bytes (central directory and local header alike). */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const at = (i: number, len: number) => new TextDecoder().decode(out.subarray(i, i + len));
  for (let i = 0; i + 46 <= out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x02014b50 && at(i + 46, view.getUint16(i + 28, true)) === name) view.setUint32(i + 24, size, true);
    if (sig === 0x04034b50 && at(i + 30, view.getUint16(i + 26, true)) === name) view.setUint32(i + 22, size, true);
  }
  return out;
}

describe('what a zip unpacks to, against a budget', () => {
  it('refuses a small zip that unpacks past the budget, naming both sizes and the way round, before unpacking it', async () => {
    const zip = zipSync({ 'parcels.dbf': zeros(4), 'parcels.shp': strToU8('x') });
    expect(zip.length).toBeLessThan(64 * 1024);
    const problems: FileProblem[] = [];
    expect(await expandZips([inputFromBytes('bomb.zip', zip)], problems, 2, MB)).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'bomb.zip' });
    expect(problems[0]!.text.en).toMatch(/unpacks to 4 MB .*more than the 1 MB a browser can hold/);
    expect(problems[0]!.text.zh).toMatch(/4 MB.*超过浏览器可容纳的 1 MB/);
    expect(problems[0]!.fix.en).toMatch(/unzip it and pick the layer's files.*or split it/);
    expect(problems[0]!.fix.zh).toMatch(/解压/);
    // The same zip under a budget it fits is opened as before.
    const fits: FileProblem[] = [];
    expect((await expandZips([inputFromBytes('bomb.zip', zip)], fits, 2, 8 * MB)).map((f) => f.name).sort()).toEqual(['bomb.zip/parcels.dbf', 'bomb.zip/parcels.shp']);
    expect(fits).toEqual([]);
  });

  it('goes by the size an entry declares (what fflate allocates), whatever its bytes inflate to', async () => {
    const zip = declareSize(zipSync({ 'a.geojson': strToU8('{}') }), 'a.geojson', 64 * MB);
    const problems: FileProblem[] = [];
    expect(await expandZips([inputFromBytes('lies.zip', zip)], problems, 2, 32 * MB)).toEqual([]);
    expect(problems.map((p) => p.text.en)).toEqual([expect.stringMatching(/unpacks to 64 MB/)]);
  });

  it('counts a zip inside the zip against the same budget, and names the zip the user picked', async () => {
    const inner = zipSync({ 'layer.dbf': zeros(3) });
    const zip = zipSync({ 'layers.zip': inner, 'other.dbf': zeros(1) });
    const problems: FileProblem[] = [];
    // Each zip alone fits 3.5 MB; together they do not.
    expect(await expandZips([inputFromBytes('outer.zip', zip)], problems, 2, 3.5 * MB)).toEqual([]);
    expect(problems.map((p) => p.file)).toEqual(['outer.zip']);
    expect(problems[0]!.text.en).toMatch(/unpacks to at least 4 MB \(the zips inside it included\)/);
    expect(problems[0]!.text.zh).toMatch(/至少有 4 MB/);
    // Two zips picked together each have their own budget.
    const two: FileProblem[] = [];
    const opened = await expandZips([inputFromBytes('a.zip', zipSync({ 'a.dbf': zeros(3) })), inputFromBytes('b.zip', zipSync({ 'b.dbf': zeros(3) }))], two, 2, 3.5 * MB);
    expect(two).toEqual([]);
    expect(opened.map((f) => f.name)).toEqual(['a.zip/a.dbf', 'b.zip/b.dbf']);
  });

  it('leaves out what it skips anyway (GIS indexes, system files, folders) before counting', async () => {
    const zip = zipSync({ 'a.geojson': strToU8('{}'), 'a.sbn': zeros(4), '__MACOSX/._a.geojson': zeros(4), 'd/': new Uint8Array(0) });
    const problems: FileProblem[] = [];
    const files = await expandZips([inputFromBytes('x.zip', zip)], problems, 2, MB);
    expect(problems).toEqual([]);
    expect(groupInputs(files, problems).map((g) => g.key)).toEqual(['a']);
  });

  it('keeps a budget well above what real data unpacks to (a 100k-parcel Shapefile: about 100 MB)', () => {
    expect(ZIP_UNPACKED_MAX_BYTES).toBeGreaterThanOrEqual(1024 * MB);
  });
});
