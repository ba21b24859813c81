/**
 * Starts the GPU warm-up worker (gpu-warmup.worker.ts) as early as the page runs (no MapLibre here, so
 * the entry chunk stays small), and tells the page when the GPU process has a WebGL context ready: the
 * map is created then, so creating its context is not a long main-thread wait (during which the browser
 * could not even start MapLibre's worker). Never waits longer than GPU_WAIT_MAX_MS: after that the map
 * is created anyway and waits for its context itself, as it would without the warm-up.
 */
const GPU_WAIT_MAX_MS = 3000;

let warm = false;
let ready: Promise<void> = Promise.resolve();

export function warmUpGpu(): void {
  if (typeof Worker === 'undefined') return void (warm = true);
  try {
    const worker = new Worker(new URL('./gpu-warmup.worker.ts', import.meta.url), { type: 'module', name: 'gpu-warmup' });
    ready = new Promise<void>((resolve) => {
      const done = () => {
        warm = true;
        resolve();
      };
      worker.onmessage = done;
      worker.onerror = done;
      setTimeout(done, GPU_WAIT_MAX_MS);
    });
  } catch {
    // A browser that refuses the worker starts its GPU work with the map instead.
    warm = true;
  }
}

/** True once the warm-up is done (or given up on, or never started). */
export const isGpuWarm = (): boolean => warm;
/** Settles when isGpuWarm() turns true. */
export const gpuWarm = (): Promise<void> => ready;
