import { emptyColumns } from '../worker/analyze';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { analysisRequest, todayIso } from '../analysis/request';
import type { LayerReport } from '../io/loader/report';
import type { AnalysisClient } from '../worker/client';
import type { AnalysisView, ImportPreview, LoadedDataset, RequestKind, RequestMap, Result } from '../worker/protocol';
import { mappingKey, mergeImportOptions } from './importSlice';
import { fakeDataset } from './fake-dataset.test-helper';
import { createAppStore } from './store';

const dataset = (n: number, name: string): LoadedDataset => fakeDataset(n, name, 'import');

const layer = (over: Partial<LayerReport> = {}): LayerReport => ({
  key: 'parcels', name: '地块', format: 'geojson', files: ['地块.geojson'], featureCount: 3, geometryKind: 'polygon',
  role: 'parcels', roleHow: 'file-name',
  crs: { crs: 'EPSG:4549', swapped: false, how: 'declared', declared: 'EPSG:4549', note: { zh: '文件声明', en: 'declared' } },
  encoding: null, encodingSample: [],
  fields: [
    { name: 'DKBH', samples: ['A1'], target: 'parcelId', how: 'alias' },
    { name: '税收(元)', samples: ['120000'], target: 'tax', how: 'label', unit: { label: '元', factor: 1e-4, fromHeader: true } },
    { name: 'BZ', samples: ['x'], target: null, how: null },
  ],
  problems: [], accepted: 3, areaMu: 4.5,
  ...over,
});

const preview = (importId: number, layers: LayerReport[] = [layer()]): ImportPreview => ({
  importId, layers, fileProblems: [], blockers: [], identity: { name: '地块', hash: 'h' }, timings: { readMs: 1, evaluateMs: 1 },
  totals: { parcels: layers.reduce((s, l) => s + l.accepted, 0), areaMu: 4.5 },
});

const view = (n: number): AnalysisView => ({
  request: analysisRequest({ evaluationDate: todayIso() }),
  columns: { ...emptyColumns(n), taxPerMu: new Float64Array(n) },
  townNames: [],
  summary: {} as AnalysisView['summary'],
  geometryErrors: [],
  ledgerProblems: [],
  timings: { overlayMs: 1, rulesMs: 1, totalMs: 2 },
});

interface Sent { kind: RequestKind; payload: unknown; progress?: (f: number) => void; resolve: (r: Result<unknown>) => void }

/** A client whose answers the test gives, in any order. */
function fakeClient() {
  const sent: Sent[] = [];
  const client: AnalysisClient = {
    request: ((kind: RequestKind, payload: unknown, progress?: (f: number) => void) => new Promise((resolve) => {
      sent.push({ kind, payload, progress, resolve: resolve as (r: Result<unknown>) => void });
    })) as AnalysisClient['request'],
    terminate() {},
  };
  const flush = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  /** The requests of `kind` not answered yet, oldest first (removed from the queue). */
  const take = async <K extends RequestKind>(kind: K) => {
    await flush();
    const out = sent.filter((s) => s.kind === kind);
    sent.splice(0, sent.length, ...sent.filter((s) => s.kind !== kind));
    return out.map((s) => ({
      payload: s.payload as RequestMap[K]['request'],
      progress: s.progress,
      answer: (r: Result<RequestMap[K]['response']>) => s.resolve(r),
    }));
  };
  return { client, sent, take, flush };
}

function setup() {
  const s = createAppStore();
  const fc = fakeClient();
  const previous = dataset(7, 'ouhai');
  s.setState({ client: fc.client, dataset: previous, loadStatus: 'ready' });
  return { s, fc, previous };
}

const file = (name: string) => new File(['{}'], name);

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() { return m.size; },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

describe('import slice', () => {
  beforeEach(() => {
    vi.stubGlobal('localStorage', memoryStorage());
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reads with progress, then shows the preview', async () => {
    const { s, fc } = setup();
    const p = s.getState().startImport([file('地块.geojson')]);
    expect(s.getState().importStatus).toBe('reading');
    expect(s.getState().importFiles).toEqual(['地块.geojson']);
    const [read] = await fc.take('import-read');
    expect(read!.payload.files?.map((f) => f.name)).toEqual(['地块.geojson']);
    read!.progress!(0.4);
    expect(s.getState().importProgress).toBe(0.4);
    read!.answer({ ok: true, value: preview(1) });
    await p;
    expect(s.getState().importStatus).toBe('preview');
    expect(s.getState().importPreview?.importId).toBe(1);
    expect(fc.sent).toHaveLength(0);
  });

  it('keeps a read error as a value and the dataset as it was', async () => {
    const { s, fc, previous } = setup();
    const p = s.getState().startImport([file('x.geojson')]);
    const [read] = await fc.take('import-read');
    read!.answer({ ok: false, error: { code: 'bad-file', message: 'x.geojson: not JSON' } });
    await p;
    expect(s.getState().importStatus).toBe('error');
    expect(s.getState().importError?.message).toBe('x.geojson: not JSON');
    expect(s.getState().dataset).toBe(previous);
    s.getState().dismissImportError();
    expect(s.getState().importStatus).toBe('idle');
  });

  it('merges option patches per layer and keeps the newest preview of overlapping updates', async () => {
    const { s, fc } = setup();
    const p = s.getState().startImport([file('地块.geojson')]);
    (await fc.take('import-read'))[0]!.answer({ ok: true, value: preview(1) });
    await p;
    const u1 = s.getState().updateImportOptions({ layers: { parcels: { mapping: { BZ: 'enterprise' } } } });
    const u2 = s.getState().updateImportOptions({ layers: { parcels: { factors: { tax: 1 }, crs: 'EPSG:4528' } }, geometry: 'skip' });
    expect(s.getState().importOptions).toEqual({ geometry: 'skip', layers: { parcels: { mapping: { BZ: 'enterprise' }, factors: { tax: 1 }, crs: 'EPSG:4528' } } });
    const updates = await fc.take('import-update');
    expect(updates).toHaveLength(2);
    expect(updates[1]!.payload).toEqual({ importId: 1, options: s.getState().importOptions });
    // The newer answer arrives first; the older one must not overwrite it.
    updates[1]!.answer({ ok: true, value: { ...preview(1), totals: { parcels: 2, areaMu: 3 } } });
    updates[0]!.answer({ ok: true, value: { ...preview(1), totals: { parcels: 99, areaMu: 3 } } });
    await Promise.all([u1, u2]);
    expect(s.getState().importPreview?.totals.parcels).toBe(2);
    expect(s.getState().importUpdating).toBe(false);
  });

  it('a new role drops the column choices made under the old one', () => {
    const merged = mergeImportOptions({ layers: { a: { mapping: { NAME: 'name' }, crs: 'EPSG:4549' } } }, { layers: { a: { role: 'parcels' } } }, [layer({ key: 'a', role: 'towns' })]);
    expect(merged.layers?.['a']).toEqual({ role: 'parcels', crs: 'EPSG:4549' });
  });

  it('gives a field one column: the column chosen last takes it from the others', () => {
    const layers = [layer({ key: 'a', role: 'parcels' })];
    let o = mergeImportOptions({}, { layers: { a: { mapping: { A: 'tax' } } } }, layers);
    o = mergeImportOptions(o, { layers: { a: { mapping: { B: 'tax' } } } }, layers);
    expect(o.layers?.['a']?.mapping).toEqual({ A: null, B: 'tax' });
    o = mergeImportOptions(o, { layers: { a: { mapping: { A: 'tax' } } } }, layers);
    expect(o.layers?.['a']?.mapping).toEqual({ B: null, A: 'tax' });
    expect(Object.keys(o.layers!['a']!.mapping!)).toEqual(['B', 'A']);
  });

  it('gives the column choices back when the user returns to a role', () => {
    const stash = new Map();
    const layers = [layer({ key: 'a', role: 'parcels' })];
    let o = mergeImportOptions({}, { layers: { a: { mapping: { BZ: 'enterprise' }, factors: { tax: 1 } } } }, layers, stash);
    o = mergeImportOptions(o, { layers: { a: { role: 'ignore' } } }, layers, stash);
    expect(o.layers?.['a']).toEqual({ role: 'ignore' });
    o = mergeImportOptions(o, { layers: { a: { role: 'parcels' } } }, layers, stash);
    expect(o.layers?.['a']).toEqual({ role: 'parcels', mapping: { BZ: 'enterprise' }, factors: { tax: 1 } });
  });

  it('commits: replaces the dataset, resets the selection and runs the analysis', async () => {
    const { s, fc } = setup();
    s.setState({ selectedFid: 3 });
    const p = s.getState().startImport([file('地块.geojson')]);
    (await fc.take('import-read'))[0]!.answer({ ok: true, value: preview(1) });
    await p;
    const c = s.getState().confirmImport();
    expect(s.getState().importStatus).toBe('committing');
    const [commit] = await fc.take('import-commit');
    expect(commit!.payload).toEqual({ importId: 1, options: {} });
    commit!.answer({ ok: true, value: dataset(3, '地块') });
    const [analyze] = await fc.take('analyze');
    expect(analyze!.payload.evaluationDate).toBe(todayIso());
    expect(s.getState().dataset?.totals.count).toBe(3);
    expect(s.getState().selectedFid).toBeNull();
    expect(s.getState().importStatus).toBe('idle');
    expect(s.getState().importPreview).toBeNull();
    analyze!.answer({ ok: true, value: view(3) });
    await c;
    expect(s.getState().analysisStatus).toBe('ready');
  });

  it('does not commit while the preview is being checked again with new options', async () => {
    const { s, fc } = setup();
    const p = s.getState().startImport([file('地块.geojson')]);
    (await fc.take('import-read'))[0]!.answer({ ok: true, value: preview(1) });
    await p;
    s.setState({ importUpdating: true });
    await s.getState().confirmImport();
    expect(s.getState().importStatus).toBe('preview');
    expect(await fc.take('import-commit')).toHaveLength(0);
  });

  it('keeps the previous dataset when the commit fails, and shows why', async () => {
    const { s, fc, previous } = setup();
    const p = s.getState().startImport([file('地块.geojson')]);
    (await fc.take('import-read'))[0]!.answer({ ok: true, value: preview(1) });
    await p;
    const c = s.getState().confirmImport();
    (await fc.take('import-commit'))[0]!.answer({
      ok: false, error: { code: 'import-blocked', message: 'no parcel layer', details: [{ zh: '没有地块图层', en: 'no parcel layer' }] },
    });
    // The preview is checked again with the options the commit was refused for (it shows the blockers).
    const [update] = await fc.take('import-update');
    expect(update!.payload).toEqual({ importId: 1, options: {} });
    update!.answer({ ok: true, value: preview(1) });
    await c;
    expect(s.getState().dataset).toBe(previous);
    expect(s.getState().importStatus).toBe('preview');
    expect(s.getState().importError?.details?.[0]?.zh).toBe('没有地块图层');
    expect(localStorage.length).toBe(0);
  });

  it('cancels a read: tells the worker, ignores its late answer, leaves the dataset alone', async () => {
    const { s, fc, previous } = setup();
    const p = s.getState().startImport([file('地块.geojson')]);
    const [read] = await fc.take('import-read');
    const c = s.getState().cancelImport();
    expect(s.getState().importStatus).toBe('idle');
    const [cancel] = await fc.take('import-cancel');
    expect(cancel!.payload).toEqual({});
    cancel!.answer({ ok: true, value: null });
    read!.answer({ ok: true, value: preview(1) });
    await Promise.all([p, c]);
    expect(s.getState().importStatus).toBe('idle');
    expect(s.getState().importPreview).toBeNull();
    expect(s.getState().dataset).toBe(previous);
  });

  it('cancels a preview by its import id', async () => {
    const { s, fc } = setup();
    const p = s.getState().startImport([file('地块.geojson')]);
    (await fc.take('import-read'))[0]!.answer({ ok: true, value: preview(5) });
    await p;
    const c = s.getState().cancelImport();
    const [cancel] = await fc.take('import-cancel');
    expect(cancel!.payload).toEqual({ importId: 5 });
    cancel!.answer({ ok: true, value: null });
    await c;
    expect(s.getState().importPreview).toBeNull();
  });

  it('remembers a parcel table\'s mapping on commit and applies it to the next import of the same columns', async () => {
    const { s, fc } = setup();
    let p = s.getState().startImport([file('地块.geojson')]);
    (await fc.take('import-read'))[0]!.answer({ ok: true, value: preview(1) });
    await p;
    const u = s.getState().updateImportOptions({ layers: { parcels: { mapping: { BZ: 'enterprise' }, factors: { tax: 1 } } } });
    (await fc.take('import-update'))[0]!.answer({ ok: true, value: preview(1) });
    await u;
    const c = s.getState().confirmImport();
    (await fc.take('import-commit'))[0]!.answer({ ok: true, value: dataset(3, '地块') });
    (await fc.take('analyze'))[0]!.answer({ ok: true, value: view(3) });
    await c;
    const key = mappingKey(['税收(元)', 'BZ', 'DKBH']);
    expect(key).toBe('tenglong:mapping:BZ|DKBH|税收(元)');
    expect(JSON.parse(localStorage.getItem(key)!)).toEqual({ mapping: { DKBH: 'parcelId', '税收(元)': 'tax', BZ: 'enterprise' }, factors: { tax: 1 } });

    // The same columns again (another file): one update with the remembered choices.
    p = s.getState().startImport([file('地块2.geojson')]);
    (await fc.take('import-read'))[0]!.answer({ ok: true, value: preview(2) });
    const [update] = await fc.take('import-update');
    expect(update!.payload).toEqual({ importId: 2, options: { layers: { parcels: { mapping: { DKBH: 'parcelId', '税收(元)': 'tax', BZ: 'enterprise' }, factors: { tax: 1 } } } } });
    expect(s.getState().importRemembered).toEqual(['parcels']);
    update!.answer({ ok: true, value: preview(2) });
    await p;
    expect(fc.sent).toHaveLength(0);
  });

  it('does not remember a unit the values suggested (next month may be in another unit), nor the header\'s', async () => {
    const { s, fc } = setup();
    const guessed = layer({ fields: [
      { name: 'DKBH', samples: ['A1'], target: 'parcelId', how: 'alias' },
      { name: 'SS', samples: ['120000'], target: 'tax', how: 'alias', unit: { label: '元', factor: 1e-4, fromHeader: false, fromData: true } },
      { name: '税收(元)', samples: ['1'], target: null, how: null },
    ] });
    const p = s.getState().startImport([file('地块.geojson')]);
    (await fc.take('import-read'))[0]!.answer({ ok: true, value: preview(7, [guessed]) });
    await p;
    const c = s.getState().confirmImport();
    (await fc.take('import-commit'))[0]!.answer({ ok: true, value: dataset(3, '地块') });
    (await fc.take('analyze'))[0]!.answer({ ok: true, value: view(3) });
    await c;
    expect(JSON.parse(localStorage.getItem(mappingKey(['DKBH', 'SS', '税收(元)']))!)).toEqual({ mapping: { DKBH: 'parcelId', SS: 'tax', '税收(元)': null }, factors: {} });
  });

  it('sends no update when the remembered mapping is what the loader guessed anyway', async () => {
    const { s, fc } = setup();
    localStorage.setItem(mappingKey(['DKBH', '税收(元)', 'BZ']), JSON.stringify({ mapping: { DKBH: 'parcelId', '税收(元)': 'tax', BZ: null }, factors: { tax: 1e-4 } }));
    const p = s.getState().startImport([file('地块.geojson')]);
    (await fc.take('import-read'))[0]!.answer({ ok: true, value: preview(1) });
    await p;
    await fc.flush();
    expect(fc.sent).toHaveLength(0);
    expect(s.getState().importRemembered).toEqual(['parcels']);
  });

  it('works when localStorage throws', async () => {
    vi.stubGlobal('localStorage', { getItem() { throw new Error('denied'); }, setItem() { throw new Error('denied'); } });
    const { s, fc } = setup();
    const p = s.getState().startImport([file('地块.geojson')]);
    (await fc.take('import-read'))[0]!.answer({ ok: true, value: preview(1) });
    await p;
    const c = s.getState().confirmImport();
    (await fc.take('import-commit'))[0]!.answer({ ok: true, value: dataset(3, '地块') });
    (await fc.take('analyze'))[0]!.answer({ ok: true, value: view(3) });
    await c;
    expect(s.getState().dataset?.totals.count).toBe(3);
  });

  it('opens and closes the load report', () => {
    const { s } = setup();
    s.getState().showLoadReport(true);
    expect(s.getState().loadReportOpen).toBe(true);
    s.getState().showLoadReport(false);
    expect(s.getState().loadReportOpen).toBe(false);
  });
});
