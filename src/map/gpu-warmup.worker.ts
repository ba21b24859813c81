/**
 * Warms the GPU process up off the main thread (started by map/gpu-warmup.ts as the page starts). The
 * first WebGL context of a browser session waits for the GPU process's WebGL set-up (on software WebGL,
 * SwiftShader, behind the page's first compositing: 0.2–3 s); waiting here instead of in the map's first
 * call keeps that wait off the main thread. The worker says when its context is there (the page creates
 * the map then: a few milliseconds), then just stays, idle, holding its 1×1 context: closing it (or
 * losing the context) makes the page's main thread wait for the worker's GPU teardown (a 0.3 s task).
 */
const gl = typeof OffscreenCanvas === 'undefined' ? null : new OffscreenCanvas(1, 1).getContext('webgl2');
// A round trip to the GPU process, so the set-up is done here rather than in the map's first call.
gl?.getParameter(gl.MAX_TEXTURE_SIZE);
self.postMessage(gl !== null);
