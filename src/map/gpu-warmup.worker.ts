/**
 * Warms the GPU process up off the main thread (started by map/gpu-warmup.ts as the page starts). The
 * first WebGL context of a browser session brings up the GPU process's WebGL stack (on software WebGL,
 * SwiftShader: 0.2–1.8 s); creating it here, while the UI chunk downloads, makes the map's own context
 * cheaper instead of one long main-thread task. The worker then just stays, idle, holding its 1×1
 * context: closing it (or losing the context) makes the page's main thread wait for the worker's GPU
 * teardown — a 0.3 s task measured in the middle of start-up.
 */
const gl = typeof OffscreenCanvas === 'undefined' ? null : new OffscreenCanvas(1, 1).getContext('webgl2');
// A round trip to the GPU process, so the set-up is done here rather than in the map's first call.
gl?.getParameter(gl.MAX_TEXTURE_SIZE);
