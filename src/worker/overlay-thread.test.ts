/**
 * The embedded dataset loaded with the overlay thread (run here on a MessageChannel, as the browser runs
 * it in a Worker) gives the same dataset and the same analysis as the load without it; a thread that
 * fails leaves the load to do everything itself, with the same results.
 */
import { readFileSync } from 'node:fs';
import { plainAttributes } from '../domain/parcel-columns';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestOf } from '../state/analysisInputs';
import { analyze, requestsHeld } from './analyze';
import { loadSession, type Fetcher } from './load';
import type { FlatPolygons } from '../geo/flat-polygons';
import type { PackedParcels } from '../io/loader/evaluate';
import { overlayWork, type FileRef, type FromOverlayThread, type ToOverlayThread } from './overlay-thread-work';
import { OVERLAY_THREAD_MIN_FOOTPRINTS, startEarlyOverlay, takeEarlyOverlay } from './overlay-early';
import type { ParcelRecord } from './protocol';

/**
 * The district's 10k footprints are too few for the thread (overlay-early.ts OVERLAY_THREAD_MIN_FOOTPRINTS):
 * these tests put it to work on them all the same, but for the one that keeps the real threshold.
 */
const threadFor = vi.hoisted(() => ({ anyCount: true }));
vi.mock('./overlay-early', async (importOriginal) => {
  const real = await importOriginal<typeof import('./overlay-early')>();
  return { ...real, footprintsWorthAThread: (n: number | undefined) => threadFor.anyCount || real.footprintsWorthAThread(n) };
});

/** Records with their attributes as plain objects (a row's columns are the whole layer's: no deep compare of those). */
const plainRecords = (rs: readonly ParcelRecord[]) => rs.map((r) => ({ ...r, attributes: plainAttributes(r.attributes) }));

const dir = new URL('../../data/ouhai/', import.meta.url);
const fileFetcher: Fetcher = async (url) => new Response(readFileSync(fileURLToPath(url)) as unknown as BodyInit);
const manifestUrl = new URL('manifest.json', dir).href;

/** What the last fake thread was sent and answered, by kind (an answer counted only when not null). */
const seen: { sent: string[]; answered: string[]; terminated: number } = { sent: [], answered: [], terminated: 0 };

/**
 * overlay.thread.ts's work at the other end of a MessageChannel (`broken`: a thread that fails to start;
 * `tamper`: changes each display answer before it is posted).
 */
function fakeWorker(broken = false, tamper?: (display: FlatPolygons) => void) {
  seen.sent = [];
  seen.answered = [];
  seen.terminated = 0;
  return class {
    private readonly port: MessagePort;
    private readonly errors: (() => void)[] = [];
    private readonly listeners: ((e: MessageEvent<FromOverlayThread>) => void)[] = [];
    constructor() {
      const channel = new MessageChannel();
      this.port = channel.port1;
      // As a Worker's: delivered from the start, and lost when nobody listens yet.
      this.port.onmessage = (e: MessageEvent<FromOverlayThread>) => this.listeners.forEach((l) => l(e));
      const work = overlayWork((m, transfer) => {
        if (m.answer && !('ok' in m.answer && !m.answer.ok)) seen.answered.push(m.kind);
        if (m.kind === 'display' && m.answer) tamper?.(m.answer);
        channel.port2.postMessage(m, transfer);
      }, fileFetcher);
      channel.port2.onmessage = (e: MessageEvent<ToOverlayThread>) => {
        seen.sent.push(e.data.kind);
        void work(e.data);
      };
      if (broken) setTimeout(() => this.errors.forEach((f) => f()), 0);
    }
    postMessage(m: ToOverlayThread, transfer: Transferable[]) {
      if (!broken) this.port.postMessage(m, transfer);
    }
    addEventListener(type: string, listener: (e: MessageEvent<FromOverlayThread>) => void) {
      if (type === 'message') this.listeners.push(listener);
      if (type === 'error') this.errors.push(() => listener(undefined as never));
    }
    terminate() {
      seen.terminated++;
      this.port.close();
    }
  };
}

/** The parcel tiles over the dataset's middle at zooms 11–15 (with the run ahead's codes), as bytes. */
function tilesOf(built: Awaited<ReturnType<typeof loadAndAnalyse>>['built']): number[][] {
  const [w, s, e, n] = built.dataset.bounds;
  const out: number[][] = [];
  for (let z = 11; z <= 15; z++) {
    const x = Math.floor((((w + e) / 2 + 180) / 360) * 2 ** z);
    const lat = (((s + n) / 2) * Math.PI) / 180;
    const y = Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * 2 ** z);
    for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [-1, -1]] as const) out.push([...(built.tiles.tile('parcels', z, x + dx, y + dy) ?? [])]);
  }
  expect(out.some((t) => t.length > 0)).toBe(true);
  return out;
}

/** Every URL the load itself fetched. */
let fetched: string[] = [];

async function loadAndAnalyse(early?: Parameters<typeof loadSession>[3]) {
  fetched = [];
  const r = await loadSession({ manifestUrl }, (u) => (fetched.push(u), fileFetcher(u)), undefined, early);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  await requestsHeld();
  const a = analyze(r.value.layers, requestOf({ dataset: r.value.dataset, rules: null, evaluationDate: null, ledger: null }));
  if (!a.ok) throw new Error(a.error.message);
  return { built: r.value, view: a.value.view };
}

describe('overlay thread', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('gives the same dataset and analysis as the load without it, with the overlay worked out there', async () => {
    const alone = await loadAndAnalyse();
    expect(alone.built.layers.overlay).toBeUndefined();
    vi.stubGlobal('Worker', fakeWorker());
    const threaded = await loadAndAnalyse();
    const overlay = threaded.built.layers.overlay;
    expect(overlay?.done.length).toBe(threaded.built.layers.parcels.length);
    expect(overlay?.done.every((d) => d === 1)).toBe(true);
    // The thread read the buildings, projected the parcels the load read (not the file again) and overlaid them.
    expect([...seen.sent].sort()).toEqual(['layers', 'parcels', 'parcels-flat']);
    expect(seen.sent.indexOf('parcels-flat')).toBeLessThan(seen.sent.indexOf('parcels'));
    expect([...seen.answered].sort()).toEqual(['buildings', 'display', 'overlay']);
    expect(threaded.built.dataset.info).toEqual(alone.built.dataset.info);
    expect(plainRecords(threaded.built.dataset.parcels)).toEqual(plainRecords(alone.built.dataset.parcels));
    // Display geometry projected in the thread: the same boxes and the same tile bytes.
    expect(threaded.built.dataset.parcelBounds).toEqual(alone.built.dataset.parcelBounds);
    expect(threaded.built.dataset.display).toEqual(alone.built.dataset.display);
    expect(tilesOf(threaded.built)).toEqual(tilesOf(alone.built));
    expect(threaded.view.columns).toEqual(alone.view.columns);
    expect(threaded.view.summary).toEqual(alone.view.summary);
    expect(threaded.view.geometryErrors).toEqual(alone.view.geometryErrors);
  });

  it('draws the parcels from the polygons the thread projected', async () => {
    const alone = await loadAndAnalyse();
    // The thread's first parcel moved east by ~20 m: its box moves with it, nothing else does.
    vi.stubGlobal('Worker', fakeWorker(false, (d) => {
      const end = d.ringEnd[0]!;
      for (let v = 0; v < end; v++) d.xy[2 * v] = d.xy[2 * v]! + 2e-4;
    }));
    const moved = await loadAndAnalyse();
    // The loader's packing (with each parcel's feature in the file) is the layers' own.
    const index = (moved.built.layers.parcelsPacked as PackedParcels).flatIndex!;
    const fid = index.indexOf(0);
    expect(fid).toBeGreaterThanOrEqual(0);
    const box = (b: Float64Array, f: number) => [...b.subarray(4 * f, 4 * f + 4)];
    expect(box(moved.built.dataset.parcelBounds, fid)[0]).toBeCloseTo(box(alone.built.dataset.parcelBounds, fid)[0]! + 2e-4, 9);
    const other = fid === 0 ? 1 : 0;
    expect(box(moved.built.dataset.parcelBounds, other)).toEqual(box(alone.built.dataset.parcelBounds, other));
  });

  it('adopts a thread started before the load, which fetched the buildings itself: the same dataset and analysis', async () => {
    const alone = await loadAndAnalyse();
    vi.stubGlobal('Worker', fakeWorker());
    const ref = (id: 'buildings' | 'blocklines' | 'parks' | 'towns'): FileRef => ({ name: `${id}.fgb`, url: new URL(`${id}.fgb`, dir).href, role: id });
    expect(startEarlyOverlay(manifestUrl, [ref('buildings')], [ref('blocklines'), ref('parks'), ref('towns')])).toBe(true);
    // The thread answers before the load listens (as it may when the engine's code is slow to come): nothing is lost.
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.answered).toContain('buildings');
    const early = await loadAndAnalyse(async (u) => takeEarlyOverlay(u));
    expect(seen.sent[0]).toBe('fetch-layers');
    expect(seen.sent).not.toContain('layers');
    expect(fetched.some((u) => u.endsWith('/buildings.fgb'))).toBe(false);
    expect(early.built.layers.overlay?.done.every((d) => d === 1)).toBe(true);
    expect(early.built.dataset.info).toEqual(alone.built.dataset.info);
    expect(plainRecords(early.built.dataset.parcels)).toEqual(plainRecords(alone.built.dataset.parcels));
    expect(early.view.columns).toEqual(alone.view.columns);
    expect(early.view.summary).toEqual(alone.view.summary);
  });

  it('ends a thread started for another manifest and starts its own', async () => {
    vi.stubGlobal('Worker', fakeWorker());
    const other = new URL('other/manifest.json', dir).href;
    expect(startEarlyOverlay(other, [{ name: 'buildings.fgb', url: new URL('buildings.fgb', dir).href, role: 'buildings' }], [])).toBe(true);
    const r = await loadAndAnalyse(async (u) => takeEarlyOverlay(u) ?? takeEarlyOverlay(other));
    expect(seen.terminated).toBeGreaterThanOrEqual(1);
    expect(seen.sent).toContain('layers');
    expect(fetched.some((u) => u.endsWith('/buildings.fgb'))).toBe(true);
    expect(r.built.layers.overlay?.done.every((d) => d === 1)).toBe(true);
  });

  it('ends a thread started early when the load fails on its manifest', async () => {
    vi.stubGlobal('Worker', fakeWorker());
    for (const answer of [new Response('missing', { status: 404 }), new Response('{ not json'), new Response('{"version": 9}')]) {
      expect(startEarlyOverlay(manifestUrl, [{ name: 'buildings.fgb', url: new URL('buildings.fgb', dir).href, role: 'buildings' }], [])).toBe(true);
      const before = seen.terminated;
      const r = await loadSession({ manifestUrl }, async () => answer, undefined, async (u) => takeEarlyOverlay(u));
      expect(r.ok).toBe(false);
      expect(seen.terminated).toBe(before + 1);
    }
  });

  it('starts no thread for the district: its footprints are too few to be worth one', async () => {
    const alone = await loadAndAnalyse();
    const footprints = (JSON.parse(readFileSync(fileURLToPath(manifestUrl), 'utf8')) as { layers: { buildings: { featureCount: number } } }).layers.buildings.featureCount;
    expect(footprints).toBeGreaterThan(10_000);
    expect(footprints).toBeLessThan(OVERLAY_THREAD_MIN_FOOTPRINTS);
    threadFor.anyCount = false;
    try {
      let started = 0;
      vi.stubGlobal('Worker', class { constructor() { started++; } });
      const r = await loadAndAnalyse();
      expect(started).toBe(0);
      expect(r.built.layers.overlay).toBeUndefined();
      expect(fetched.filter((u) => u.endsWith('/buildings.fgb'))).toHaveLength(1);
      expect(r.view.summary).toEqual(alone.view.summary);
    } finally {
      threadFor.anyCount = true;
    }
  });

  it('leaves everything to the load when the thread fails', async () => {
    const alone = await loadAndAnalyse();
    vi.stubGlobal('Worker', fakeWorker(true));
    const fallback = await loadAndAnalyse();
    expect(fallback.built.layers.overlay).toBeUndefined();
    expect(fallback.built.dataset.info).toEqual(alone.built.dataset.info);
    expect(fallback.view.columns).toEqual(alone.view.columns);
    expect(fallback.view.summary).toEqual(alone.view.summary);
  });
});
