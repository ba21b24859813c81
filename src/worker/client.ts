/**
 * Promise API over the analysis worker: `request(kind, payload)` resolves to a `Result`, never rejects
 * for user errors. Request ids pair answers with questions, so several requests may be in flight.
 */
import type { DatasetOutline, OutlineMessage, ProgressMessage, RequestKind, RequestMap, RequestMessage, ResponseMessage, Result } from './protocol';
import { fromWire, isWireDataset } from './records-wire';

/** The part of `Worker` the client uses; lets tests plug in an in-process fake. */
export interface WorkerLike {
  postMessage(message: RequestMessage): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<WorkerMessage>) => void): void;
  addEventListener(type: 'error', listener: (e: ErrorEvent) => void): void;
  terminate(): void;
}

type WorkerMessage = ResponseMessage | ProgressMessage | OutlineMessage;

export interface AnalysisClient {
  /**
   * `onProgress` hears the worker's progress (0–1) for this request, when it reports any; `onOutline`
   * a load's district outline, when it comes before the answer.
   */
  request<K extends RequestKind>(kind: K, payload: RequestMap[K]['request'], onProgress?: (fraction: number) => void, onOutline?: (outline: DatasetOutline) => void): Promise<Result<RequestMap[K]['response']>>;
  terminate(): void;
}

export function createClient(worker: WorkerLike): AnalysisClient {
  let nextId = 1;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Map<number, (fraction: number) => void>();
  const outlines = new Map<number, (outline: DatasetOutline) => void>();
  worker.addEventListener('message', (e: MessageEvent<WorkerMessage>) => {
    if ('progress' in e.data) {
      listeners.get(e.data.id)?.(e.data.progress);
      return;
    }
    if ('outline' in e.data) {
      outlines.get(e.data.id)?.(e.data.outline);
      return;
    }
    listeners.delete(e.data.id);
    outlines.delete(e.data.id);
    const settle = pending.get(e.data.id);
    if (!settle) return;
    pending.delete(e.data.id);
    const result = e.data.result;
    // A dataset's records arrive as columns: rebuilt a chunk per task, then the answer settles.
    if (result.ok && isWireDataset(result.value)) void fromWire(result.value).then((value) => settle({ ok: true, value }));
    else settle(result);
  });
  // A worker that fails to start or crashes settles everything in flight with an error value.
  worker.addEventListener('error', (e: ErrorEvent) => {
    for (const settle of pending.values()) settle({ ok: false, error: { code: 'internal', message: e.message || 'worker error' } });
    pending.clear();
  });
  return {
    request(kind, payload, onProgress, onOutline) {
      const id = nextId++;
      if (onProgress) listeners.set(id, onProgress);
      if (onOutline) outlines.set(id, onOutline);
      return new Promise((resolve) => {
        pending.set(id, resolve as (r: Result<unknown>) => void);
        worker.postMessage({ id, kind, payload });
      });
    },
    terminate() {
      worker.terminate();
      for (const settle of pending.values()) settle({ ok: false, error: { code: 'internal', message: 'worker terminated' } });
      pending.clear();
    },
  };
}

let shared: AnalysisClient | null = null;

/** The app's one analysis worker, started on first use. */
export function analysisClient(): AnalysisClient {
  shared ??= createClient(new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike);
  return shared;
}
