/// <reference lib="webworker" />
/** The analysis worker: dispatch only. The work lives in handlers.ts and the modules it calls. */
import { dispatch, transferList } from './handlers';
import type { RequestMessage } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<RequestMessage>) => {
  // Analysis columns are moved (transferred), not copied.
  void dispatch(event.data).then((response) => scope.postMessage(response, transferList(event.data, response)));
};
