/**
 * Test helper: runs a function in a worker thread so that a test can stop a call that hangs (a synchronous
 * endless loop cannot be interrupted by a test timeout in the same thread) and fail with a message instead
 * of freezing the test run. The worker registers tsx's loader, then loads this module, whose bottom half
 * imports the requested module and calls the requested export with the given arguments.
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import type { SourceResult } from '../../source';

export type TimedCall<T> = { value: T; ms: number } | { hung: true; ms: number };

interface Call {
  module: string;
  exportName: string;
  args: unknown[];
}

/** The worker kept between calls (starting one costs ~0.5 s); dropped when a call hangs. */
let ready: Promise<Worker> | null = null;

function startWorker(): Promise<Worker> {
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true });
  worker.unref();
  return new Promise<Worker>((resolve, reject) => {
    worker.once('message', () => resolve(worker));
    worker.once('error', reject);
  });
}

/** Calls `exportName(...args)` of `module` (a URL or a package path) in a worker; gives up and terminates
 *  the worker after `limitMs` (worker start-up excluded). */
export async function callInWorker<T>(module: string, exportName: string, args: unknown[], limitMs: number): Promise<TimedCall<T>> {
  const worker = await (ready ??= startWorker());
  const started = performance.now();
  const outcome = await new Promise<TimedCall<T>>((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    const onMessage = (value: T): void => {
      done();
      resolve({ value, ms: performance.now() - started });
    };
    const onError = (e: Error): void => {
      done();
      reject(e);
    };
    const timer = setTimeout(() => {
      done();
      resolve({ hung: true, ms: performance.now() - started });
    }, limitMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.postMessage({ module, exportName, args } satisfies Call);
  });
  if ('hung' in outcome) {
    ready = null;
    await worker.terminate();
  }
  return outcome;
}

/** Ends the kept worker (call from afterAll). */
export async function stopWorker(): Promise<void> {
  const worker = await ready;
  ready = null;
  await worker?.terminate();
}

/** `readFlatGeobufSource(bytes, name)` in a worker, stopped after `limitMs`. */
export const readInWorker = (bytes: Uint8Array, name: string, limitMs: number): Promise<TimedCall<SourceResult>> =>
  callInWorker<SourceResult>(new URL('./read.ts', import.meta.url).href, 'readFlatGeobufSource', [bytes, name], limitMs);

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (call: Call) => {
    void (async () => {
      const mod = (await import(call.module)) as Record<string, unknown>;
      const fn = mod[call.exportName];
      if (typeof fn !== 'function') throw new Error(`${call.module} has no function ${call.exportName}`);
      port.postMessage(await (fn as (...a: unknown[]) => unknown)(...call.args));
    })();
  });
  port.postMessage('ready');
}
