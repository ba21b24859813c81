import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULE_IDS } from '../src/domain/rules/outcome';
import { main } from './analyze';
import type { LedgerEntry } from '../src/domain/ledger';
import { serialiseLedgerCsv, serialiseLedgerJson } from '../src/io/ledger-file';

const D = 'data/ouhai';
const layers = ['--parcels', `${D}/parcels.fgb`, '--buildings', `${D}/buildings.fgb`, '--blocklines', `${D}/blocklines.fgb`,
  '--parks', `${D}/parks.fgb`, '--towns', `${D}/towns.fgb`];

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

/** Minimal RFC 4180 reader for the assertions (the CSV writer has its own tests). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

describe('npm run analyze on the embedded data', () => {
  let dir: string;
  let csv: string;
  let summary: { parcels: number; reclaim: { achievedMu: number; pipelineMu: number }; summary: { byTown: Record<string, { areaMu: number; pipelineMu: number; achievedMu: number }>; areaMu: number; pipelineMu: number; achievedMu: number; taxPerMu: { value: number } } };
  let run: ReturnType<typeof capture>;
  let code: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-cli-'));
    run = capture();
    code = await main([...layers, '--ledger', `${D}/ledger.json`, '--date', '2023-12-31', '--out', join(dir, 'r.csv'), '--summary', join(dir, 's.json')], run.io);
    csv = await readFile(join(dir, 'r.csv'), 'utf8');
    summary = JSON.parse(await readFile(join(dir, 's.json'), 'utf8')) as typeof summary;
  });

  it('exits 0 and prints each file with its CRS and how it was found', () => {
    expect(code).toBe(0);
    expect(run.out.filter((l) => /EPSG:4549 \((declared|detected)\)/.test(l))).toHaveLength(5);
  });

  it('writes one CSV row per parcel, UTF-8 with BOM and CRLF, with the documented columns', async () => {
    const manifest = JSON.parse(await readFile(`${D}/manifest.json`, 'utf8')) as { layers: { parcels: { featureCount: number } } };
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('\r\n');
    const rows = parseCsv(csv.slice(1));
    const header = rows[0]!;
    for (const c of ['parcelId', 'areaM2', 'areaMu', 'taxPerMu', 'valuePerMu', 'productivity', 'energyIntensity', 'far',
      'coverage', 'unbuiltM2', 'evalClass', 'idleStage', 'reclaimableMu']) expect(header).toContain(c);
    for (const id of RULE_IDS) expect(header).toEqual(expect.arrayContaining([`${id}.status`, `${id}.reason`]));
    const body = rows.slice(1).filter((r) => r.length > 1);
    expect(body).toHaveLength(manifest.layers.parcels.featureCount);
    expect(new Set(body.map((r) => r[0])).size).toBe(body.length);
    const st = header.indexOf('low-efficiency.status');
    const statuses = new Set(body.map((r) => r[st]));
    for (const s of statuses) expect(['met', 'not-met', 'not-applicable', 'unknown']).toContain(s);
    expect(statuses.has('met')).toBe(true);
    expect(statuses.has('unknown')).toBe(true); // below-scale firms with no tax data are not silently efficient
  });

  it('the CSV and the summary agree, and the 镇街 figures add up to the district', () => {
    const rows = parseCsv(csv.slice(1));
    const header = rows[0]!;
    const mu = header.indexOf('areaMu');
    const rec = header.indexOf('reclaimableMu');
    const kind = header.indexOf('reclaimKind');
    const body = rows.slice(1).filter((r) => r.length > 1);
    const area = body.reduce((s, r) => s + Number(r[mu]), 0);
    expect(area).toBeCloseTo(summary.summary.areaMu, 0);
    const pipeline = body.filter((r) => r[kind] && r[kind] !== 'achieved').reduce((s, r) => s + Number(r[rec]), 0);
    expect(pipeline).toBeCloseTo(summary.reclaim.pipelineMu, 1);
    const towns = Object.values(summary.summary.byTown);
    expect(towns.reduce((s, t) => s + t.areaMu, 0)).toBeCloseTo(summary.summary.areaMu, 6);
    expect(towns.reduce((s, t) => s + t.pipelineMu, 0)).toBeCloseTo(summary.summary.pipelineMu, 6);
    expect(towns.reduce((s, t) => s + t.achievedMu, 0)).toBeCloseTo(summary.summary.achievedMu, 6);
  });

  it('puts the district near the plan 2021 baseline and the pipeline between 1.2× and 2× the 600-亩 target', () => {
    expect(summary.summary.taxPerMu.value).toBeGreaterThan(48.19 * 0.97);
    expect(summary.summary.taxPerMu.value).toBeLessThan(48.19 * 1.03);
    expect(summary.reclaim.pipelineMu).toBeGreaterThan(600 * 1.2);
    expect(summary.reclaim.pipelineMu).toBeLessThan(600 * 2);
    expect(summary.reclaim.achievedMu).toBeGreaterThan(0);
  });
});

describe('the ledger as the app exports it, and a run replayed from its summary', () => {
  it('reads the app\'s JSON and CSV ledger exports and the summary.json of a run as --request, to the same figures', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tl-cli-ledger-'));
    const entries = JSON.parse(await readFile(`${D}/ledger.json`, 'utf8')) as LedgerEntry[];
    await writeFile(join(dir, 'ledger-export.json'), serialiseLedgerJson(entries, { name: 'x', hash: 'y' }, '2026-01-01T00:00:00Z'));
    await writeFile(join(dir, 'ledger-export.csv'), serialiseLedgerCsv(entries));
    const achieved: number[] = [];
    for (const ledger of [`${D}/ledger.json`, join(dir, 'ledger-export.json'), join(dir, 'ledger-export.csv')]) {
      const run = capture();
      const out = join(dir, `s${achieved.length}.json`);
      expect(await main(['--parcels', `${D}/parcels.fgb`, '--ledger', ledger, '--date', '2023-12-31', '--out', join(dir, 'r.csv'), '--summary', out], run.io), run.err.join('\n')).toBe(0);
      achieved.push((JSON.parse(await readFile(out, 'utf8')) as { reclaim: { achievedMu: number } }).reclaim.achievedMu);
    }
    const replay = capture();
    expect(await main(['--parcels', `${D}/parcels.fgb`, '--request', join(dir, 's0.json'), '--out', join(dir, 'r.csv'), '--summary', join(dir, 'again.json')], replay.io), replay.err.join('\n')).toBe(0);
    achieved.push((JSON.parse(await readFile(join(dir, 'again.json'), 'utf8')) as { reclaim: { achievedMu: number } }).reclaim.achievedMu);
    expect(achieved[0]).toBeGreaterThan(0);
    for (const a of achieved) expect(a).toBeCloseTo(achieved[0]!, 9);
  });
});

describe('npm run analyze on bad input', () => {
  it('leaves out a parcel with a non-finite vertex, naming the file, the parcel and the problem, and analyses the rest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tl-cli-bad-'));
    const bad = join(dir, 'broken.geojson');
    await writeFile(bad, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { parcelId: 'A-1' }, geometry: { type: 'Polygon', coordinates: [[[553000, 3096000], [553100, 3096000], [553100, 3096100], [553000, 3096100], [553000, 3096000]]] } },
      { type: 'Feature', properties: { parcelId: 'A-2' }, geometry: { type: 'Polygon', coordinates: [[[553000, 3096000], [553100, 3096000], [553100, null], [553000, 3096000]]] } },
    ] }));
    const run = capture();
    const code = await main(['--parcels', bad, '--out', join(dir, 'r.csv')], run.io);
    expect(code).toBe(0);
    const msg = run.err.join('\n');
    expect(msg).toContain('broken.geojson');
    expect(msg).toMatch(/#2 \(A-2\): outer ring, vertex 3/);
    expect(msg).toMatch(/missing or non-finite coordinate; skipped/);
    expect((await readFile(join(dir, 'r.csv'), 'utf8')).split('\r\n').filter(Boolean)).toHaveLength(2);
  });

  it('rejects a truncated FlatGeobuf', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tl-cli-bad-'));
    const bytes = await readFile(`${D}/parcels.fgb`);
    const cut = join(dir, 'cut.fgb');
    await writeFile(cut, bytes.subarray(0, 5000));
    const run = capture();
    expect(await main(['--parcels', cut, '--out', join(dir, 'r.csv')], run.io)).toBe(1);
    expect(run.err.join('\n')).toContain(cut);
  });

  it('lists every wrong key of a rules file with what is allowed, before reading any input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tl-cli-bad-'));
    const rules = join(dir, 'rules.json');
    await writeFile(rules, JSON.stringify({ lowEfficiency: { taxPerMuBelow: -3 }, noSuchRule: 1 }));
    const run = capture();
    const code = await main(['--parcels', `${D}/parcels.fgb`, '--rules', rules, '--out', join(dir, 'r.csv')], run.io);
    expect(code).toBe(1);
    const msg = run.err.join('\n');
    expect(msg).toContain(rules);
    expect(msg).toContain('noSuchRule');
    // Nothing was read: no line about any file, and a parcel file that does not exist is not what it reports.
    expect(run.out).toEqual([]);
    const missing = capture();
    expect(await main(['--parcels', join(dir, 'nope.fgb'), '--rules', rules, '--out', join(dir, 'r.csv')], missing.io)).toBe(1);
    expect(missing.err.join('\n')).toContain('noSuchRule');
    expect(missing.err.join('\n')).not.toContain('nope.fgb');
  });

  it('refuses a saved request whose date is no calendar date, before reading any input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tl-cli-bad-'));
    const req = join(dir, 'request.json');
    await writeFile(req, JSON.stringify({ kind: 'analysis', version: 1, evaluationDate: '2023-02-30' }));
    const run = capture();
    expect(await main(['--parcels', `${D}/parcels.fgb`, '--request', req, '--out', join(dir, 'r.csv')], run.io)).toBe(1);
    expect(run.err.join('\n')).toContain('2023-02-30');
    // Named as the request file's problem, with the fix.
    expect(run.err.join('\n')).toContain(`Error in ${req}`);
    expect(run.err.join('\n')).toMatch(/fix: /);
    expect(run.out).toEqual([]);
  });

  it('exits 2 with the usage on a bad date or a missing --out', async () => {
    const run = capture();
    expect(await main(['--parcels', 'x.fgb', '--out', 'y.csv', '--date', '2023-02-30'], run.io)).toBe(2);
    expect(await main(['--parcels', 'x.fgb'], run.io)).toBe(2);
    expect(run.err.join('\n')).toContain('Usage:');
  });

  it('replays a saved request, with --date overriding it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tl-cli-req-'));
    const req = join(dir, 'req.json');
    await writeFile(req, JSON.stringify({ kind: 'analysis', version: 1, evaluationDate: '2022-12-31', rules: { underUsed: { minCoverage: 0.5 } } }));
    const a = capture();
    expect(await main([...layers, '--request', req, '--out', join(dir, 'a.csv'), '--summary', join(dir, 'a.json')], a.io)).toBe(0);
    const s = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as { request: { evaluationDate: string; rules: unknown } };
    expect(s.request.evaluationDate).toBe('2022-12-31');
    expect(s.request.rules).toEqual({ underUsed: { minCoverage: 0.5 } });
    const b = capture();
    expect(await main([...layers, '--request', req, '--date', '2024-01-01', '--out', join(dir, 'b.csv'), '--summary', join(dir, 'b.json')], b.io)).toBe(0);
    const t = JSON.parse(await readFile(join(dir, 'b.json'), 'utf8')) as { request: { evaluationDate: string } };
    expect(t.request.evaluationDate).toBe('2024-01-01');
  });
});
