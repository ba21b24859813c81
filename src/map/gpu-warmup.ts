/**
 * Starts the GPU warm-up worker (gpu-warmup.worker.ts) as early as the page runs: no MapLibre here, so
 * the entry chunk stays small. Nothing waits for it; without workers or WebGL it does nothing.
 */
export function warmUpGpu(): void {
  if (typeof Worker === 'undefined') return;
  try {
    new Worker(new URL('./gpu-warmup.worker.ts', import.meta.url), { type: 'module', name: 'gpu-warmup' });
  } catch {
    // A browser that refuses the worker starts its GPU work with the map instead.
  }
}
