/**
 * The GPU process's GL set up before the map asks for its WebGL context (gpu-warm.worker.ts says why):
 * started as the page starts (main.tsx); the map is created once it is done, or after `GIVE_UP_MS`, so
 * the main thread is free meanwhile instead of blocked in MapLibre's context creation (measured on
 * software WebGL: a 0.3-0.8 s task at start-up without it, ~40 ms with it).
 */
const GIVE_UP_MS = 5000;

let warm: Promise<void> | null = null;

/** Starts the warm-up once; resolves when it is done, failed, or taking too long (never rejects). */
export function warmGpu(make: () => Worker = () => new Worker(new URL('./gpu-warm.worker.ts', import.meta.url), { type: 'module', name: 'gpu-warm' })): Promise<void> {
  return (warm ??= new Promise<void>((resolve) => {
    if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') return resolve();
    let worker: Worker;
    try {
      worker = make();
    } catch {
      return resolve();
    }
    const done = () => {
      clearTimeout(timer);
      worker.terminate(); // the GPU process keeps its GL set up for the page's next context
      resolve();
    };
    const timer = setTimeout(done, GIVE_UP_MS);
    worker.onmessage = done;
    worker.onerror = done;
  }));
}
