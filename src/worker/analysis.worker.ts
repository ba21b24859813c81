/// <reference lib="webworker" />
/**
 * The analysis worker: dispatch only. The work lives in handlers.ts and the modules it calls, loaded as
 * a second chunk (engine.ts): this entry is tiny, so a `load` starts fetching its data (prefetch.ts)
 * while the engine's code is still being fetched and compiled. Requests are handled in arrival order.
 */
import { prefetchDataset } from './prefetch';
import type { RequestMessage, ResponseMessage } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const engine = import('./engine');

scope.onmessage = (event: MessageEvent<RequestMessage>) => {
  const message = event.data;
  if (message.kind === 'load') prefetchDataset((message.payload as { manifestUrl: string }).manifestUrl);
  void engine.then(
    (m) => m.handle(message, scope),
    (e: unknown) => {
      const error = { code: 'internal' as const, message: `the analysis engine did not load: ${e instanceof Error ? e.message : String(e)}` };
      scope.postMessage({ id: message.id, result: { ok: false, error } } satisfies ResponseMessage);
    },
  );
};
