/** The analysis worker's engine side, loaded by analysis.worker.ts as its own chunk: dispatch over one handler table. */
import { createHandlers, dispatch, wireResponse } from './handlers';
import { earlyOverlayFor, prefetchedFetch } from './prefetch';
import type { DatasetOutline, OutlineMessage, ProgressMessage, RequestMessage } from './protocol';

const table = createHandlers(undefined, prefetchedFetch, earlyOverlayFor);

/** Runs one request and posts its answer (progress of a long read at most every 100 ms, a load's outline ahead). */
export function handle(message: RequestMessage, scope: DedicatedWorkerGlobalScope): void {
  const { id } = message;
  let last = 0;
  const progress = (fraction: number) => {
    const now = performance.now();
    if (now - last < 100 && fraction < 1) return;
    last = now;
    scope.postMessage({ id, progress: fraction } satisfies ProgressMessage);
  };
  // Analysis columns are moved (transferred), not copied; datasets' parcel records go in their wire form
  // (records-wire.ts).
  const outline = (o: DatasetOutline) => scope.postMessage({ id, outline: o } satisfies OutlineMessage);
  void dispatch(message, table, { progress, outline }).then((r) => {
    const { response, transfer } = wireResponse(message, r);
    scope.postMessage(response, transfer);
  });
}
