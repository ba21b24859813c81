/**
 * Warms the GPU process up off the main thread (started by map/gpu-warmup.ts as the page starts). The
 * first WebGL context of a browser session brings up the GPU process's WebGL stack (on software WebGL,
 * SwiftShader: 0.2–1.8 s); creating it here, while the UI chunk downloads, makes the map's own context
 * a few milliseconds instead of one long main-thread task. The context is given back at once: the
 * warmth stays with the GPU process.
 */
const gl = typeof OffscreenCanvas === 'undefined' ? null : new OffscreenCanvas(1, 1).getContext('webgl2');
// A round trip to the GPU process, so the set-up has finished before the context goes.
gl?.getParameter(gl.MAX_TEXTURE_SIZE);
gl?.getExtension('WEBGL_lose_context')?.loseContext();
self.close();
