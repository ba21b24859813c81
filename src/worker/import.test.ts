import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { loadInputs } from '../../cli/load-inputs';
import { analysisRequest } from '../analysis/request';
import { runAnalysis } from '../analysis/run';
import { RULE_IDS } from '../domain/analyze';
import { createHandlers } from './handlers';
import { analyze, columnsOf } from './analyze';
import { emptySession } from './session';
import { requestOf } from '../state/analysisInputs';
import { tileAt } from './tiles.test-helper';

// runAnalysis as it is, counted: whether a run made ahead is taken instead of a new one.
const runs = vi.hoisted(() => ({ count: 0 }));
vi.mock('../analysis/run', async (original) => {
  const real = await original<typeof import('../analysis/run')>();
  return { ...real, runAnalysis: (...args: Parameters<typeof real.runAnalysis>) => (runs.count++, real.runAnalysis(...args)) };
});

const FIX = fileURLToPath(new URL('../../tests/fixtures/io/', import.meta.url));
const PARCELS = `${FIX}shp/gbk-nocpg.zip`;
const BUILDINGS = `${FIX}buildings.geojson`;
const BLOCKLINES = `${FIX}blocklines.geojson`;
const file = (path: string) => new File([readFileSync(path)], path.replace(/^.*\//, ''));
const request = analysisRequest({ evaluationDate: '2023-12-31' });

/** The fixture read for a preview in a fresh session, once its dataset is built and analysed ahead (one run more than `before`). */
async function previewAnalysedAhead() {
  const session = emptySession();
  const table = createHandlers(session);
  const read = await table['import-read']({ files: [file(PARCELS)] });
  if (!read.ok) throw new Error(read.error.message);
  const before = runs.count;
  await vi.waitFor(() => expect(runs.count).toBe(before + 1), { timeout: 10_000, interval: 20 }); // the build ahead, then the run
  return { session, table, read: read.value, before };
}

describe('import in the worker', () => {
  it('gives the same results as the CLI on the same files (one loader)', async () => {
    const session = emptySession();
    const table = createHandlers(session);
    const preview = await table['import-read']({ files: [file(PARCELS), file(BUILDINGS), file(BLOCKLINES)] });
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.value.layers.map((l) => l.role).sort()).toEqual(['blocklines', 'buildings', 'parcels']);
    const committed = await table['import-commit']({ importId: preview.value.importId, options: {} });
    if (!committed.ok) throw new Error(committed.error.message);
    const app = await table.analyze(request);
    if (!app.ok) throw new Error(app.error.message);

    const cli = await loadInputs({ parcels: PARCELS, buildings: BUILDINGS, blocklines: BLOCKLINES });
    if (!cli.ok) throw new Error(cli.error.problem);
    const run = runAnalysis(await cli.inputs.complete(), request);
    if (!run.ok) throw new Error('cli analysis failed');
    const cliColumns = columnsOf(run.run).columns;

    expect(committed.value.parcels.map((p) => p.attributes.parcelId)).toEqual(run.run.parcels.map((p) => p.parcelId));
    expect(committed.value.info.identity).toEqual(cli.inputs.report.identity);
    expect([...app.value.columns.taxPerMu]).toEqual([...cliColumns.taxPerMu]);
    expect([...app.value.columns.reclaimMu]).toEqual([...cliColumns.reclaimMu]);
    expect([...app.value.columns.classIndex]).toEqual([...cliColumns.classIndex]);
    expect([...app.value.columns.ruleStatus]).toEqual([...cliColumns.ruleStatus]);
    expect(app.value.columns.ruleStatus.length).toBe(run.run.parcels.length * RULE_IDS.length);
    expect(app.value.summary).toEqual(run.run.summary);
  });

  it('leaves the loaded data untouched when an import is cancelled, blocked or replaced', async () => {
    const session = emptySession();
    const table = createHandlers(session);
    const first = await table['import-read']({ files: [file(PARCELS)] });
    if (!first.ok) throw new Error(first.error.message);
    await table['import-commit']({ importId: first.value.importId, options: {} });
    const layers = session.layers;
    expect(layers?.parcels.length).toBe(first.value.totals.parcels);

    // Cancelled after reading: the preview is gone, a commit of it fails, the layers are the same object.
    const second = await table['import-read']({ files: [file(`${FIX}parcels-4549.geojson`)] });
    if (!second.ok) throw new Error(second.error.message);
    await table['import-cancel']({ importId: second.value.importId });
    expect(await table['import-commit']({ importId: second.value.importId, options: {} })).toMatchObject({ ok: false, error: { code: 'no-import' } });
    expect(session.layers).toBe(layers);

    // Blocked (no parcel layer once its role is changed): refused, nothing replaced.
    const third = await table['import-read']({ files: [file(`${FIX}parcels-4549.geojson`)] });
    if (!third.ok) throw new Error(third.error.message);
    const blocked = await table['import-commit']({ importId: third.value.importId, options: { layers: { 'parcels-4549': { role: 'ignore' } } } });
    expect(blocked).toMatchObject({ ok: false, error: { code: 'import-blocked' } });
    expect(session.layers).toBe(layers);

    // A newer read replaces a pending one: the older id can no longer be committed.
    const fourth = await table['import-read']({ files: [file(`${FIX}parcels-4528.geojson`)] });
    expect(fourth.ok).toBe(true);
    expect(await table['import-commit']({ importId: third.value.importId, options: {} })).toMatchObject({ ok: false, error: { code: 'no-import' } });
    expect(session.layers).toBe(layers);
  });

  it('commits the dataset built ahead of it only when the options it was built with stand', async () => {
    const session = emptySession();
    const table = createHandlers(session);
    const settle = () => new Promise((r) => setTimeout(r, 600)); // past the build-ahead delay
    // Confirmed as previewed: the dataset built ahead is the one swapped in, equal to a fresh build.
    const first = await table['import-read']({ files: [file(PARCELS)] });
    if (!first.ok) throw new Error(first.error.message);
    await settle();
    const ahead = session.pending?.ahead?.built;
    expect(ahead).toBeDefined();
    const committed = await table['import-commit']({ importId: first.value.importId, options: {} });
    if (!committed.ok) throw new Error(committed.error.message);
    expect(session.layers).toBe(ahead!.layers);

    // The options changed after the preview: the commit builds under the new ones, not the old build.
    const second = await table['import-read']({ files: [file(PARCELS)] });
    if (!second.ok) throw new Error(second.error.message);
    await settle();
    const layer = second.value.layers[0]!;
    const enterprise = layer.fields.find((f) => f.target === 'enterprise')!.name;
    const options = { layers: { [layer.key]: { mapping: { [enterprise]: null } } } };
    const updated = await table['import-update']({ importId: second.value.importId, options });
    expect(updated.ok).toBe(true);
    const changed = await table['import-commit']({ importId: second.value.importId, options });
    if (!changed.ok) throw new Error(changed.error.message);
    expect(committed.value.parcels.some((p) => p.attributes.enterprise)).toBe(true);
    expect(changed.value.parcels.some((p) => p.attributes.enterprise)).toBe(false);
    expect(changed.value.parcels.map((p) => p.attributes.parcelId)).toEqual(committed.value.parcels.map((p) => p.attributes.parcelId));
  });

  it('analyses the committed import ahead, so the page\'s first request finds its codes in every tile served', async () => {
    const session = emptySession();
    const table = createHandlers(session);
    const read = await table['import-read']({ files: [file(PARCELS)] });
    if (!read.ok) throw new Error(read.error.message);
    const committed = await table['import-commit']({ importId: read.value.importId, options: {} });
    if (!committed.ok) throw new Error(committed.error.message);
    expect(committed.value.analysedAhead).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the run ahead, before any tile request
    const b = committed.value.parcelBounds;
    const [x, y] = tileAt((b[0]! + b[2]!) / 2, (b[1]! + b[3]!) / 2, 14);
    expect(session.tiles!.tile('parcels', 14, x, y)).not.toBeNull();
    const first = await table.analyze(requestOf({ dataset: committed.value, rules: null, evaluationDate: null, ledger: null }));
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.tilesCurrent).toBe(true);
  });

  it('analyses a previewed import while its preview is read: the commit and the page\'s first request take that run', async () => {
    const { session, table, read, before } = await previewAnalysedAhead();
    expect(session.layers).toBeNull(); // nothing is swapped in before the commit
    const committed = await table['import-commit']({ importId: read.importId, options: {} });
    if (!committed.ok) throw new Error(committed.error.message);
    await new Promise((r) => setTimeout(r, 0));
    const first = await table.analyze(requestOf({ dataset: committed.value, rules: null, evaluationDate: null, ledger: null }));
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.tilesCurrent).toBe(true);
    expect(runs.count).toBe(before + 1);
    // The same numbers as a run made now.
    const fresh = runAnalysis(session.layers!, requestOf({ dataset: committed.value, rules: null, evaluationDate: null, ledger: null }));
    if (!fresh.ok) throw new Error('the fresh run failed');
    expect(first.value.summary).toEqual(fresh.run.summary);
    expect(first.value.columns).toEqual(columnsOf(fresh.run).columns);
  });

  it('drops the run made ahead for a preview that is cancelled, so its layers are not kept', async () => {
    const { session, table, read, before } = await previewAnalysedAhead();
    const { layers, dataset } = session.pending!.ahead!.built;
    // The very request the run ahead was made for.
    const payload = requestOf({ dataset, rules: null, evaluationDate: null, ledger: null });
    expect(await table['import-cancel']({ importId: read.importId })).toEqual({ ok: true, value: null });
    // Asked of those very layers, the request is run again: nothing was kept for them.
    expect(analyze(layers, payload).ok).toBe(true);
    expect(runs.count).toBe(before + 2);
  });

  it('stops a read in progress when cancelled', async () => {
    const session = emptySession();
    const table = createHandlers(session);
    // A big GeoJSON: enough features for the reader to tick and yield while it reads.
    const features = Array.from({ length: 40_000 }, (_, i) => ({
      type: 'Feature', properties: { DKBH: `C-${i}` },
      geometry: { type: 'Polygon', coordinates: [[[560000 + (i % 200) * 10, 3100000 + Math.floor(i / 200) * 10], [560005 + (i % 200) * 10, 3100000 + Math.floor(i / 200) * 10], [560005 + (i % 200) * 10, 3100005 + Math.floor(i / 200) * 10], [560000 + (i % 200) * 10, 3100000 + Math.floor(i / 200) * 10]]] },
    }));
    const big = new File([JSON.stringify({ type: 'FeatureCollection', features })], 'big.geojson');
    let cancelled = false;
    const reading = table['import-read']({ files: [big] }, {
      progress: (f) => {
        if (f > 0 && !cancelled) {
          cancelled = true;
          void table['import-cancel']({});
        }
      },
    });
    expect(await reading).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(session.pending).toBeNull();
    expect(session.layers).toBeNull();
  });
});
