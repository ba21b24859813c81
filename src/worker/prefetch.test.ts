/**
 * The worker entry's prefetch (prefetch.ts): every file the manifest names is fetched early, except the
 * buildings, which the overlay thread started then fetches itself (overlay-early.ts); that thread is handed
 * over once, and a manifest arriving for an older prefetch starts nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { responseBytes } from '../io/loader/response-bytes';
import { earlyOverlayFor, prefetchDataset, prefetchedFetch } from './prefetch';
import type { ToOverlayThread } from './overlay-thread-work';
import { footprintsWorthAThread, OVERLAY_THREAD_MIN_FOOTPRINTS } from './overlay-early';

const origin = 'http://app.test';
/** A manifest; under a `/few/` folder its buildings are counted (as the district's: too few for a thread). */
const manifestOf = (dir: string) => ({
  version: 1,
  layers: {
    parcels: { file: 'parcels.fgb' },
    buildings: { file: 'buildings.fgb', ...(dir.includes('/few/') ? { featureCount: 10_184 } : {}) },
    towns: { file: 'towns.fgb' },
    blocklines: { file: 'http://elsewhere.test/x.fgb' },
  },
  ledger: { file: 'ledger.json' },
  dir,
});

/** Threads started, with what each was sent and whether it was ended. */
let threads: { sent: ToOverlayThread[]; ended: boolean }[] = [];
/** URLs fetched, and manifests held back until released. */
let fetched: string[] = [];
/** The abort signal each URL was fetched with. */
let signals = new Map<string, AbortSignal | undefined>();
const held = new Map<string, () => void>();

beforeEach(() => {
  threads = [];
  fetched = [];
  signals = new Map();
  held.clear();
  vi.stubGlobal('self', { location: { origin } });
  vi.stubGlobal('Worker', class {
    private readonly me = { sent: [] as ToOverlayThread[], ended: false };
    constructor() {
      threads.push(this.me);
    }
    postMessage(m: ToOverlayThread) {
      this.me.sent.push(m);
    }
    addEventListener() {}
    terminate() {
      this.me.ended = true;
    }
  });
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    fetched.push(url);
    signals.set(url, init?.signal ?? undefined);
    if (url.endsWith('manifest.json')) {
      const body = JSON.stringify(manifestOf(url));
      if (url.includes('/slow/')) await new Promise<void>((r) => held.set(url, r));
      return new Response(body);
    }
    return new Response(`bytes of ${url}`);
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('prefetch', () => {
  it('fetches every same-origin file but the buildings, which the thread started now fetches; the thread is handed over once', async () => {
    const manifest = `${origin}/data/a/manifest.json`;
    prefetchDataset(manifest);
    const early = await earlyOverlayFor(manifest);
    expect(early?.buildings).toEqual([{ name: 'buildings.fgb', url: `${origin}/data/a/buildings.fgb`, role: 'buildings' }]);
    expect(early?.others).toEqual([{ name: 'towns.fgb', url: `${origin}/data/a/towns.fgb`, role: 'towns' }]);
    expect(threads).toHaveLength(1);
    expect(threads[0]!.sent.map((m) => m.kind)).toEqual(['fetch-layers']);
    expect(fetched.sort()).toEqual([manifest, ...['ledger.json', 'parcels.fgb', 'towns.fgb'].map((f) => `${origin}/data/a/${f}`)].sort());
    expect(await earlyOverlayFor(manifest)).toBeNull();
    // The load's own fetch of the buildings goes to the network (nothing prefetched for it).
    await prefetchedFetch(`${origin}/data/a/buildings.fgb`);
    expect(fetched.filter((u) => u.endsWith('buildings.fgb'))).toHaveLength(1);
  });

  it('starts no thread for a manifest that counts too few footprints, and fetches the buildings itself', async () => {
    const manifest = `${origin}/data/few/manifest.json`;
    prefetchDataset(manifest);
    expect(await earlyOverlayFor(manifest)).toBeNull();
    expect(threads).toHaveLength(0);
    expect(fetched.sort()).toEqual([manifest, ...['buildings.fgb', 'ledger.json', 'parcels.fgb', 'towns.fgb'].map((f) => `${origin}/data/few/${f}`)].sort());
  });

  it('ends a thread nobody took when the next dataset is prefetched, and starts nothing for a manifest that comes after a newer prefetch', async () => {
    const a = `${origin}/data/a/manifest.json`;
    prefetchDataset(a);
    await earlyOverlayFor(`${origin}/elsewhere/manifest.json`); // not a's: a's thread stays
    expect(threads).toHaveLength(1);
    const slow = `${origin}/slow/manifest.json`;
    prefetchDataset(slow);
    expect(threads[0]!.ended).toBe(true);
    const b = `${origin}/data/b/manifest.json`;
    prefetchDataset(b);
    const early = await earlyOverlayFor(b);
    expect(early?.manifestUrl).toBe(b);
    held.get(slow)!();
    await new Promise((r) => setTimeout(r, 10));
    // The slow manifest came last but belongs to an older prefetch: no thread, no file fetched for it.
    expect(threads).toHaveLength(2);
    expect(fetched.some((u) => u.startsWith(`${origin}/slow/`) && !u.endsWith('manifest.json'))).toBe(false);
  });

  it('reads the layers\' bodies as they arrive (the ledger and the manifest are left to the load)', async () => {
    const manifest = `${origin}/data/a/manifest.json`;
    prefetchDataset(manifest);
    await earlyOverlayFor(manifest);
    await new Promise((r) => setTimeout(r, 0));
    const parcels = await prefetchedFetch(`${origin}/data/a/parcels.fgb`);
    expect(parcels.bodyUsed).toBe(true);
    const ledger = await prefetchedFetch(`${origin}/data/a/ledger.json`);
    expect(ledger.bodyUsed).toBe(false);
    expect(await ledger.text()).toBe(`bytes of ${origin}/data/a/ledger.json`);
    expect(new TextDecoder().decode(await responseBytes(parcels))).toBe(`bytes of ${origin}/data/a/parcels.fgb`);
  });

  it('stops the downloads of an older prefetch that no load took when the next one starts', async () => {
    const a = `${origin}/data/a/manifest.json`;
    prefetchDataset(a);
    await earlyOverlayFor(a);
    const parcelsOfA = signals.get(`${origin}/data/a/parcels.fgb`);
    const townsOfA = signals.get(`${origin}/data/a/towns.fgb`);
    expect(parcelsOfA?.aborted).toBe(false);
    await prefetchedFetch(`${origin}/data/a/towns.fgb`); // taken by a load: its download goes on
    prefetchDataset(`${origin}/data/b/manifest.json`);
    expect(parcelsOfA?.aborted).toBe(true);
    expect(townsOfA?.aborted).toBe(false);
  });
});


describe('footprintsWorthAThread', () => {
  it('gives a thread to many footprints or a count not known (absent, 0 as the manifest reads it, not a number), none to few', () => {
    expect([290_592, OVERLAY_THREAD_MIN_FOOTPRINTS, undefined, 0, '300000', null].map(footprintsWorthAThread)).toEqual([true, true, true, true, true, true]);
    expect([10_184, OVERLAY_THREAD_MIN_FOOTPRINTS - 1].map(footprintsWorthAThread)).toEqual([false, false]);
  });
});
