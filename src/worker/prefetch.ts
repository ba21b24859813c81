/**
 * The worker's first `load` starts fetching before the engine's code has arrived: the manifest, then
 * every file it names (same origin, plain relative paths only, as io/loader/manifest.ts allows), kept
 * here until the load asks for them through `prefetchedFetch`. Each prefetched response is used once.
 */
import { LAYER_IDS, type DatasetManifest } from '../io/dataset';
import { isPlainRelative } from '../io/loader/manifest';

const pending = new Map<string, Promise<Response>>();
/** Settles once the manifest's files are in `pending` (or it is known they will not be). */
let registered: Promise<void> = Promise.resolve();

/** Starts fetching `manifestUrl` and the files it names; anything it cannot use is left to the load. */
export function prefetchDataset(manifestUrl: string): void {
  pending.clear();
  let origin: string;
  try {
    origin = new URL(manifestUrl).origin;
  } catch {
    return;
  }
  if (origin !== self.location.origin) return;
  const manifest = fetch(manifestUrl);
  pending.set(manifestUrl, manifest);
  registered = manifest
    .then(async (res) => {
      if (!res.ok) return;
      const m = (await res.clone().json()) as Partial<DatasetManifest>;
      const files = [...LAYER_IDS.map((id) => m.layers?.[id]?.file), m.ledger?.file];
      for (const file of files) {
        if (typeof file !== 'string' || !isPlainRelative(file)) continue;
        const url = new URL(file, manifestUrl);
        if (url.origin === origin && !pending.has(url.href)) pending.set(url.href, fetch(url.href));
      }
    })
    .catch(() => undefined);
}

/** `fetch`, answered from what `prefetchDataset` started when it holds that URL. */
export async function prefetchedFetch(url: string): Promise<Response> {
  if (!pending.has(url)) await registered;
  const early = pending.get(url);
  if (!early) return fetch(url);
  pending.delete(url);
  return early;
}
