/// <reference lib="webworker" />
/** The overlay thread's entry (started by the analysis worker, worker/overlay-thread.ts): dispatch only. */
import { overlayWork, type ToOverlayThread } from './overlay-thread-work';

// The loader imports a format's reader when it first needs it; fetched now, it is here when the bytes are.
void import('../io/formats/fgb/read').catch(() => undefined);

const scope = self as unknown as DedicatedWorkerGlobalScope;
const work = overlayWork((m, transfer) => scope.postMessage(m, transfer));
scope.onmessage = (event: MessageEvent<ToOverlayThread>) => void work(event.data);
