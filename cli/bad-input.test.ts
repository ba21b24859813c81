/**
 * The bad-input corpus (tests/fixtures/bad) through the command line: every file, with the exit code and
 * the message fragments its README row promises, no stack trace, within 5 seconds; and the output checks
 * that run before any work (missing or unwritable folders, folders, inputs named as outputs).
 */
import { copyFile, link, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './analyze';

const BAD = 'tests/fixtures/bad';
const PARCELS = 'tests/fixtures/io/parcels-4549.geojson';
const LIMIT_MS = 5000;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

interface Case { file: string; fragments: string[]; exit: number }

/** The README table: file, fragments in backticks (third column), exit code (fourth column; 1 for .fgb). */
function cases(): Case[] {
  const rows = readFileSync(join(BAD, 'README.md'), 'utf8').split('\n').filter((l) => /^\| `[^`]+` \|/.test(l));
  return rows.map((row) => {
    const cells = row.split(' | ');
    const file = /`([^`]+)`/.exec(cells[0]!)![1]!;
    const fragments = [...cells[2]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/ …$/, ''));
    const exit = file.endsWith('.fgb') ? 1 : Number(/CLI exit (\d)/.exec(cells[3] ?? '')?.[1] ?? NaN);
    return { file, fragments, exit };
  });
}

/** The flag a corpus file is passed with, from its name. */
function argsFor(file: string, dir: string): string[] {
  const path = join(BAD, file);
  const outputs = ['--out', join(dir, 'r.csv'), '--summary', join(dir, 's.json')];
  if (file.endsWith('.fgb')) return ['--parcels', path, ...outputs];
  const flag = file.startsWith('ledger-') ? '--ledger' : file.startsWith('rules-') ? '--rules' : file.startsWith('request-') ? '--request' : null;
  if (!flag) throw new Error(`${file}: name it ledger-*, rules-* or request-* so the test knows its flag`);
  return ['--parcels', PARCELS, flag, path, '--date', '2023-12-31', ...outputs];
}

const achievedMu = async (dir: string) => (JSON.parse(await readFile(join(dir, 's.json'), 'utf8')) as { reclaim: { achievedMu: number } }).reclaim.achievedMu;

describe('the bad-input corpus through npm run analyze', () => {
  const table = cases();

  it('the README has a row, with an exit code, for every file in the folder', () => {
    const files = readdirSync(BAD).filter((f) => f !== 'README.md' && !f.endsWith('.sh')).sort();
    expect(table.map((c) => c.file).sort()).toEqual(files);
    for (const c of table) expect([0, 1, 2], c.file).toContain(c.exit);
    expect(table.filter((c) => !c.file.endsWith('.fgb')).length).toBeGreaterThanOrEqual(10);
  });

  it.each(table)('$file: the exit code and message of its README row, within 5 s', async ({ file, fragments, exit }) => {
    const dir = await mkdtemp(join(tmpdir(), 'tl-bad-'));
    const run = capture();
    const t0 = performance.now();
    const code = await main(argsFor(file, dir), run.io);
    expect(performance.now() - t0).toBeLessThan(LIMIT_MS);
    const said = [...run.err, ...run.out].join('\n');
    expect(code, said).toBe(exit);
    for (const f of fragments) expect(said).toContain(f);
    expect(said).not.toMatch(/Internal error|\n\s+at \S.*:\d+:\d+/);
    const written = (await readdir(dir)).sort();
    // All or nothing: a failed run writes no file, a finished one both, and no temporary file is left.
    expect(written).toEqual(code === 0 ? ['r.csv', 's.json'] : []);
  });

  it('a completion dated after the evaluation date is not counted; the good entry beside a null one is', async () => {
    const a = await mkdtemp(join(tmpdir(), 'tl-bad-'));
    expect(await main(argsFor('ledger-date-2099.json', a), capture().io)).toBe(0);
    expect(await achievedMu(a)).toBe(0);
    const b = await mkdtemp(join(tmpdir(), 'tl-bad-'));
    expect(await main(argsFor('ledger-null-entry.json', b), capture().io)).toBe(0);
    expect(await achievedMu(b)).toBeGreaterThan(0);
    const s = JSON.parse(await readFile(join(b, 's.json'), 'utf8')) as { ledgerProblems: { code: string; count: number }[] };
    expect(s.ledgerProblems).toMatchObject([{ code: 'not-an-entry', count: 1 }]);
  });
});

describe('outputs are checked before the work starts', () => {
  async function fresh() {
    const dir = await mkdtemp(join(tmpdir(), 'tl-out-'));
    const parcels = join(dir, 'parcels.geojson');
    await copyFile(PARCELS, parcels);
    return { dir, parcels, bytes: await readFile(parcels) };
  }

  /** Runs main(); exit 2, the fragment said, nothing analysed (stdout empty) and the input untouched. */
  async function refused(argv: string[], fragment: string, input?: { parcels: string; bytes: Buffer }) {
    const run = capture();
    const t0 = performance.now();
    const code = await main(argv, run.io);
    const said = run.err.join('\n');
    expect(code, said).toBe(2);
    expect(said).toContain(fragment);
    expect(said).not.toMatch(/Internal error|\n\s+at \S.*:\d+:\d+/);
    expect(run.out).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(LIMIT_MS);
    if (input) expect(await readFile(input.parcels)).toEqual(input.bytes);
    return said;
  }

  it('a missing output folder, or one that is a file', async () => {
    const { dir, parcels } = await fresh();
    const said = await refused(['--parcels', parcels, '--out', join(dir, 'no-such-folder', 'r.csv')], 'does not exist');
    expect(said).toContain('--out');
    await refused(['--parcels', parcels, '--out', join(parcels, 'r.csv')], 'is not a folder');
  });

  it('an --out or --summary that is a folder', async () => {
    const { dir, parcels } = await fresh();
    await refused(['--parcels', parcels, '--out', dir], 'This is a folder, not a file');
    await refused(['--parcels', parcels, '--out', join(dir, 'r.csv'), '--summary', dir], 'Error in --summary');
  });

  it.runIf(process.platform === 'linux')('an output folder that cannot be written (/sys, even for root)', async () => {
    const { dir, parcels } = await fresh();
    await refused(['--parcels', parcels, '--out', '/sys/r.csv'], 'cannot be written');
    await refused(['--parcels', parcels, '--out', join(dir, 'r.csv'), '--summary', '/sys/s.json'], 'cannot be written');
  });

  it('an output that is one of the inputs — by the same name, another spelling, a symbolic or a hard link — and never overwrites it', async () => {
    const input = await fresh();
    const { dir, parcels } = input;
    await refused(['--parcels', parcels, '--out', parcels], 'one of the input files', input);
    await refused(['--parcels', parcels, '--out', relative(process.cwd(), parcels)], 'one of the input files', input);
    await mkdir(join(dir, 'sub'));
    await refused(['--parcels', parcels, '--out', `${dir}/sub/../parcels.geojson`], 'one of the input files', input);
    await symlink(parcels, join(dir, 'sym.csv'));
    await refused(['--parcels', parcels, '--out', join(dir, 'sym.csv')], 'one of the input files', input);
    await link(parcels, join(dir, 'hard.csv'));
    await refused(['--parcels', parcels, '--out', join(dir, 'hard.csv')], 'one of the input files', input);
    const ledger = join(dir, 'ledger.json');
    await writeFile(ledger, '[]');
    await refused(['--parcels', parcels, '--ledger', ledger, '--out', join(dir, 'r.csv'), '--summary', ledger], 'Error in --summary');
    expect(await readFile(ledger, 'utf8')).toBe('[]');
  });

  it('--summary naming the same file as --out', async () => {
    const { dir, parcels } = await fresh();
    await refused(['--parcels', parcels, '--out', join(dir, 'r.csv'), '--summary', join(dir, 'r.csv')], 'the same file as --out');
  });

  it('a run that fails on bad input leaves an existing results file as it was', async () => {
    const { dir, parcels } = await fresh();
    await writeFile(join(dir, 'r.csv'), 'previous results');
    const code = await main(['--parcels', parcels, '--rules', join(BAD, 'rules-proto.json'), '--out', join(dir, 'r.csv')], capture().io);
    expect(code).toBe(1);
    expect(await readFile(join(dir, 'r.csv'), 'utf8')).toBe('previous results');
    expect((await readdir(dir)).sort()).toEqual(['parcels.geojson', 'r.csv']);
  });
});
