/**
 * The worker's first `load` starts fetching before the engine's code has arrived: the manifest, then
 * every file it names (same origin, plain relative paths only, as io/loader/manifest.ts allows), kept
 * here until the load asks for them through `prefetchedFetch`; a layer's body is read as it arrives. Each
 * prefetched response is used once. A body nobody asks for (a load that failed first) is held until the next
 * prefetch, which also stops the older one's downloads.
 * A building layer is not fetched here: the overlay thread, started now, fetches it with the small
 * layers itself (overlay-early.ts), and the load adopts that thread (`earlyOverlayFor`).
 */
import { LAYER_IDS, type DatasetManifest, type LayerId } from '../io/dataset';
import { isPlainRelative } from '../io/loader/manifest';
import { readNow } from '../io/loader/response-bytes';
import { dropEarlyOverlay, footprintsWorthAThread, startEarlyOverlay, takeEarlyOverlay, THREAD_SMALL_LAYERS, type EarlyThread } from './overlay-early';
import type { FileRef } from './overlay-thread-work';

/** What was prefetched and not yet taken by a load, with the controller that stops its download. */
const pending = new Map<string, { response: Promise<Response>; download?: AbortController }>();
/** Settles once the manifest's files are in `pending` (or it is known they will not be). */
let registered: Promise<void> = Promise.resolve();
/** Bumped by each prefetch: a manifest arriving for an older one starts nothing. */
let generation = 0;

/** Starts fetching `manifestUrl` and the files it names; anything it cannot use is left to the load. */
export function prefetchDataset(manifestUrl: string): void {
  const mine = ++generation;
  // Downloads nobody took are stopped (their bodies are read to the end otherwise); those a load took go on.
  for (const { download } of pending.values()) download?.abort();
  pending.clear();
  dropEarlyOverlay();
  let origin: string;
  try {
    origin = new URL(manifestUrl).origin;
  } catch {
    return;
  }
  if (origin !== self.location.origin) return;
  const manifest = fetch(manifestUrl);
  pending.set(manifestUrl, { response: manifest });
  registered = manifest
    .then(async (res) => {
      if (!res.ok) return;
      const m = (await res.clone().json()) as Partial<DatasetManifest>;
      if (mine !== generation) return;
      const urlOf = (file: unknown): URL | null => {
        if (typeof file !== 'string' || !isPlainRelative(file)) return null;
        const url = new URL(file, manifestUrl);
        return url.origin === origin ? url : null;
      };
      const refOf = (id: LayerId): FileRef | null => {
        const name = m.layers?.[id]?.file;
        const url = urlOf(name);
        return url && typeof name === 'string' ? { name, url: url.href, role: id } : null;
      };
      const buildings = refOf('buildings');
      const others = THREAD_SMALL_LAYERS.map(refOf).filter((r): r is FileRef => r !== null);
      const threaded = buildings !== null && footprintsWorthAThread(m.layers?.buildings?.featureCount) && startEarlyOverlay(manifestUrl, [buildings], others);
      // The layers' bodies are read as they come (readNow): the load reads them as bytes (manifest.ts fetchBytes).
      for (const [file, layer] of [...LAYER_IDS.map((id) => [m.layers?.[id]?.file, true] as const), [m.ledger?.file, false] as const]) {
        const url = urlOf(file);
        if (!url || (threaded && url.href === buildings.url)) continue;
        if (pending.has(url.href)) continue;
        const download = new AbortController();
        const response = layer ? fetch(url.href, { signal: download.signal }).then(readNow) : fetch(url.href, { signal: download.signal });
        response.catch(() => undefined); // told to the load if it asks for it
        pending.set(url.href, { response, download });
      }
    })
    .catch(() => undefined);
}

/** The overlay thread `prefetchDataset` started for `manifestUrl`, handed over once; null when none was. */
export async function earlyOverlayFor(manifestUrl: string): Promise<EarlyThread | null> {
  await registered;
  return takeEarlyOverlay(manifestUrl);
}

/** `fetch`, answered from what `prefetchDataset` started when it holds that URL. */
export async function prefetchedFetch(url: string): Promise<Response> {
  if (!pending.has(url)) await registered;
  const early = pending.get(url);
  if (!early) return fetch(url);
  pending.delete(url);
  return early.response;
}
