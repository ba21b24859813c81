/**
 * The map waits for the GPU warm-up: until its worker answers or fails, or at most GIVE_UP_MS; at once
 * where no worker or OffscreenCanvas exists. The worker is ended either way.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

class FakeWorker {
  onmessage: (() => void) | null = null;
  onerror: (() => void) | null = null;
  terminated = false;
  terminate() {
    this.terminated = true;
  }
}

async function freshWarmGpu() {
  vi.resetModules();
  return (await import('./gpu-warm')).warmGpu;
}

/** Whether `p` has settled after the pending microtasks. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await Promise.resolve();
  await Promise.resolve();
  return done;
}

describe('warmGpu', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('OffscreenCanvas', class {});
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('resolves when the worker answers, and ends it', async () => {
    const warmGpu = await freshWarmGpu();
    const w = new FakeWorker();
    const p = warmGpu(() => w as unknown as Worker);
    expect(await settled(p)).toBe(false);
    w.onmessage!();
    expect(await settled(p)).toBe(true);
    expect(w.terminated).toBe(true);
    // Started once: a second call is the same wait.
    expect(warmGpu()).toBe(p);
  });

  it('resolves when the worker fails', async () => {
    const warmGpu = await freshWarmGpu();
    const w = new FakeWorker();
    const p = warmGpu(() => w as unknown as Worker);
    w.onerror!();
    expect(await settled(p)).toBe(true);
  });

  it('gives up after a few seconds on a worker that never answers', async () => {
    const warmGpu = await freshWarmGpu();
    const w = new FakeWorker();
    const p = warmGpu(() => w as unknown as Worker);
    vi.advanceTimersByTime(4000);
    expect(await settled(p)).toBe(false);
    vi.advanceTimersByTime(1500);
    expect(await settled(p)).toBe(true);
    expect(w.terminated).toBe(true);
  });

  it('resolves at once without OffscreenCanvas, or when no worker can start', async () => {
    vi.stubGlobal('OffscreenCanvas', undefined);
    let warmGpu = await freshWarmGpu();
    expect(await settled(warmGpu(() => new FakeWorker() as unknown as Worker))).toBe(true);
    vi.stubGlobal('OffscreenCanvas', class {});
    warmGpu = await freshWarmGpu();
    expect(await settled(warmGpu(() => { throw new Error('blocked'); }))).toBe(true);
  });
});
