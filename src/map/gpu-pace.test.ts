import { describe, expect, it } from 'vitest';
import { MAX_PACE_MS, MAX_WAIT_MS, newPace, putOff, QUIET_FRAMES, type FenceContext } from './gpu-pace';

/** A context whose fences pass when the test says (`pass()`: every fence set so far). */
function fakeGl() {
  let next = 1;
  const passed = new Set<number>();
  const live = new Set<number>();
  let lost = false;
  const gl = {
    SYNC_GPU_COMMANDS_COMPLETE: 0x9117,
    SYNC_STATUS: 0x9114,
    SIGNALED: 0x9119,
    flushes: 0,
    fenceSync: () => {
      if (lost) return null;
      const id = next++;
      live.add(id);
      return id as unknown as WebGLSync;
    },
    getSyncParameter: (s: WebGLSync) => (passed.has(s as unknown as number) ? 0x9119 : 0x9118),
    deleteSync: (s: WebGLSync | null) => void live.delete(s as unknown as number),
    flush() {
      this.flushes++;
    },
  };
  return {
    gl: gl as unknown as FenceContext & { flushes: number },
    pass: () => live.forEach((id) => passed.add(id)),
    lose: () => (lost = true),
    live: () => live.size,
  };
}

describe('start-up pacing by GPU fences', () => {
  it('paints only after QUIET_FRAMES fences in a row passed by the next frame', () => {
    const f = fakeGl();
    const p = newPace(f.gl, 0);
    let t = 0;
    const frame = (gpuCaughtUp: boolean) => {
      if (gpuCaughtUp) f.pass();
      return putOff(p, (t += 16));
    };
    // The first frame sets a fence and paints nothing.
    expect(frame(false)).toBe(true);
    // The GPU process is behind: its fence has not passed.
    expect(frame(false)).toBe(true);
    expect(frame(false)).toBe(true);
    // Caught up, but that fence was set three frames ago: a fresh one must pass by the next frame.
    expect(frame(true)).toBe(true);
    for (let i = 1; i < QUIET_FRAMES; i++) expect(frame(true)).toBe(true);
    expect(frame(true)).toBe(false);
    expect(p.counts).toEqual({ putOff: 4 + QUIET_FRAMES - 1, quiet: 1, forced: 0 });
    expect(f.live()).toBe(0);
    expect(f.gl.flushes).toBeGreaterThan(0);
  });

  it('counts the quiet frames again when the GPU process falls behind between them', () => {
    const f = fakeGl();
    const p = newPace(f.gl, 0);
    expect(putOff(p, 1)).toBe(true); // fence set
    f.pass();
    expect(putOff(p, 2)).toBe(true); // 1 quiet, a new fence
    expect(putOff(p, 3)).toBe(true); // behind: not passed
    f.pass();
    expect(putOff(p, 4)).toBe(true); // passed, but set two frames ago: quiet again from 0
    f.pass();
    expect(putOff(p, 5)).toBe(true); // 1 quiet
    f.pass();
    expect(putOff(p, 6)).toBe(QUIET_FRAMES > 2);
  });

  it('never puts a frame off longer than MAX_WAIT_MS in a row', () => {
    const f = fakeGl();
    const p = newPace(f.gl, 0);
    expect(putOff(p, 10)).toBe(true);
    expect(putOff(p, 10 + MAX_WAIT_MS - 1)).toBe(true);
    expect(putOff(p, 10 + MAX_WAIT_MS)).toBe(false);
    expect(p.counts.forced).toBe(1);
    // The wait counts afresh from the next frame put off.
    expect(putOff(p, 20 + MAX_WAIT_MS)).toBe(true);
  });

  it('paints every frame after MAX_PACE_MS, and with a lost context', () => {
    const f = fakeGl();
    const p = newPace(f.gl, 0);
    expect(putOff(p, 5)).toBe(true);
    expect(putOff(p, MAX_PACE_MS)).toBe(false);
    const g = fakeGl();
    g.lose();
    expect(putOff(newPace(g.gl, 0), 5)).toBe(false);
  });
});
