/// <reference lib="webworker" />
/** The hash thread's entry (started by the analysis worker for an import, worker/hash-thread.ts): dispatch only. */
import { hashWork, type ToHashThread } from './hash-thread-work';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<ToHashThread>) => void hashWork(event.data).then((answer) => scope.postMessage(answer));
