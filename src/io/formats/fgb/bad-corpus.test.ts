import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { callInWorker, readInWorker, stopWorker } from './read-worker.test-helpers';

const BAD_DIR = fileURLToPath(new URL('../../../../tests/fixtures/bad/', import.meta.url));

/** The README's table: file, and the fragment the problem must contain (in backticks, the third column). */
function cases(): [string, string[]][] {
  const rows = readFileSync(BAD_DIR + 'README.md', 'utf8').split('\n').filter((l) => /^\| `[^`]+\.fgb` \|/.test(l));
  return rows.map((row) => {
    const cells = row.split(' | ');
    const file = /`([^`]+)`/.exec(cells[0]!)![1]!;
    const fragments = [...cells[2]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    return [file, fragments];
  });
}

describe('the damaged-FlatGeobuf corpus (tests/fixtures/bad)', () => {
  const table = cases();
  afterAll(stopWorker);

  it('the README describes every .fgb in the folder', () => {
    expect(table.map(([f]) => f).sort()).toEqual(readdirSync(BAD_DIR).filter((f) => f.endsWith('.fgb')).sort());
    expect(table.length).toBeGreaterThanOrEqual(7);
  });

  it('the 2 s guard works: flatgeobuf\'s calcTreeSize(0, 16), which the header check avoids, is stopped as hung', async () => {
    const call = await callInWorker('flatgeobuf/lib/mjs/packedrtree.js', 'calcTreeSize', [0, 16], 500);
    expect('hung' in call).toBe(true);
  });

  it.each(table)('%s: an error value within 2 s whose problem says %j', async (file, fragments) => {
    const read = await readInWorker(new Uint8Array(readFileSync(BAD_DIR + file)), file, 2000);
    if ('hung' in read) throw new Error(`${file}: no answer within 2 s`);
    expect(read.value.ok).toBe(false);
    if (read.value.ok) return;
    const { error } = read.value;
    expect(error.file).toBe(file);
    for (const fragment of fragments) expect(error.problem).toContain(fragment.replace(/ …$/, ''));
    expect(error.fix.length).toBeGreaterThan(20);
  });
});
