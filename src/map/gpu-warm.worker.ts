/// <reference lib="webworker" />
/**
 * Opens (and drops) a WebGL context off the main thread: the page's first WebGL context makes the GPU
 * process set up its GL (software GL, headless: 0.3-0.8 s), and that waits synchronously in whichever
 * thread asks first. Asked here first, the map's own context on the main thread then takes ~40 ms.
 */
try {
  const canvas = new OffscreenCanvas(1, 1);
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  gl?.clear(gl.COLOR_BUFFER_BIT);
} catch {
  // No WebGL here: the map finds out for itself.
}
(self as unknown as DedicatedWorkerGlobalScope).postMessage('done');
