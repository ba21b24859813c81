/// <reference lib="webworker" />
/** The analysis worker: dispatch only. The work lives in handlers.ts and the modules it calls. */
import { dispatch, wireResponse } from './handlers';
import type { ProgressMessage, RequestMessage } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<RequestMessage>) => {
  const { id } = event.data;
  // Progress of a long read, at most every 100 ms.
  let last = 0;
  const progress = (fraction: number) => {
    const now = performance.now();
    if (now - last < 100 && fraction < 1) return;
    last = now;
    scope.postMessage({ id, progress: fraction } satisfies ProgressMessage);
  };
  // Analysis columns are moved (transferred), not copied.
  // Datasets' parcel records go as JSON chunks (parsed a chunk per task on the page).
  void dispatch(event.data, undefined, { progress }).then((r) => {
    const { response, transfer } = wireResponse(event.data, r);
    scope.postMessage(response, transfer);
  });
};
