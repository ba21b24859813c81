/**
 * During start-up the map paints a frame only when the GPU process has caught up with the page.
 *
 * On software WebGL the GPU process is the bottleneck of start-up: it rasters the page's DOM updates and
 * draws, composites and reads back every frame, 50-400 ms each. A frame of the map that links a shader program
 * (its first frames do) asks the GPU process for the link's result, a synchronous round trip that waits behind
 * all of that work: the district's longest main-thread tasks (150-290 ms) were such waits. So while pacing, a
 * frame paints only when a fence set in the map's context at an earlier frame has passed by the next one, twice
 * in a row (the page's own raster reaches the GPU process a little after the frame that made it); otherwise
 * it paints nothing and asks for the next. The fence is polled, never waited on (`getSyncParameter` reads a
 * status the browser updates between tasks). In the district's start-up the map asks for few frames (tens to
 * hundreds of ms apart, most held for tiles: paint-hold.ts), and the warm-up's and the outline's are mostly put
 * off until the page has settled, often until the dataset comes: its frame then links the programs in 3-15 ms.
 *
 * Only for start-up: pacing ends when a dataset is handed to the map (MapView: paced too, the dataset's own
 * frames drew the parcels ~0.15 s later, for no shorter task), at the user's hand on the map, or after MAX_PACE_MS; and a frame is never put off
 * longer than MAX_WAIT_MS in a row. Measured (bench:browser --startup-only, alternated sets of 5 runs): the
 * district's longest start-up task 137-190 ms against 202-253 ms, interactive unchanged (1.54-1.64 s against
 * 1.54-1.73 s); 100k (3 runs each): 111-370 ms against 225-325 ms (what is left over 200 ms is the map's creation, its
 * context waiting on the GPU process, before any frame), interactive 3.96-4.28 s against 4.29-4.71 s.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

/** The frames in a row whose fence passed by the next frame, before one paints. */
export const QUIET_FRAMES = 2;
/** The longest a frame is put off: then it paints whatever the GPU process is doing. */
export const MAX_WAIT_MS = 400;
/** The longest pacing lasts from its start. */
export const MAX_PACE_MS = 10_000;

/** The part of a WebGL2 context pacing uses. */
export type FenceContext = Pick<WebGL2RenderingContext, 'fenceSync' | 'getSyncParameter' | 'deleteSync' | 'flush' | 'SYNC_GPU_COMMANDS_COMPLETE' | 'SYNC_STATUS' | 'SIGNALED'>;

export interface Pace {
  gl: FenceContext;
  sync: WebGLSync | null;
  /** The frame (count of frames asked) the fence was set at. */
  fenceFrame: number;
  frames: number;
  quiet: number;
  /** When the frames put off in a row began (null: the last frame painted). */
  waitingSince: number | null;
  until: number;
  /** What pacing did (for the e2e test): frames put off, painted after quiet fences, painted at MAX_WAIT_MS. */
  counts: { putOff: number; quiet: number; forced: number };
}

export function newPace(gl: FenceContext, now: number): Pace {
  return { gl, sync: null, fenceFrame: 0, frames: 0, quiet: 0, waitingSince: null, until: now + MAX_PACE_MS, counts: { putOff: 0, quiet: 0, forced: 0 } };
}

/** Whether the frame asked now is put off (it paints nothing); the pace's state moves on either way. */
export function putOff(p: Pace, now: number): boolean {
  p.frames++;
  if (now >= p.until) return false;
  const { gl } = p;
  if (p.sync) {
    if (gl.getSyncParameter(p.sync, gl.SYNC_STATUS) !== gl.SIGNALED) {
      p.quiet = 0;
      return wait(p, now);
    }
    p.quiet = p.frames - p.fenceFrame <= 1 ? p.quiet + 1 : 0;
    gl.deleteSync(p.sync);
    p.sync = null;
    if (p.quiet >= QUIET_FRAMES) {
      p.counts.quiet++;
      return paint(p);
    }
  }
  p.sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
  // A lost context has no fences: nothing to pace by.
  if (!p.sync) return paint(p);
  p.fenceFrame = p.frames;
  gl.flush();
  return wait(p, now);
}

function wait(p: Pace, now: number): boolean {
  p.waitingSince ??= now;
  if (now - p.waitingSince < MAX_WAIT_MS) {
    p.counts.putOff++;
    return true;
  }
  p.counts.forced++;
  return paint(p);
}

function paint(p: Pace): false {
  p.quiet = 0;
  p.waitingSince = null;
  if (p.sync) p.gl.deleteSync(p.sync);
  p.sync = null;
  return false;
}

const paces = new WeakMap<MapLibreMap, Pace>();
/** The counts of a pacing that has ended, and why (the map's user, its dataset, a picture, a lost context, the time). */
const ended = new WeakMap<MapLibreMap, Pace['counts'] & { why: string }>();

/** The user's hand on the map: what they do is drawn at once, from then on. */
const ENDING_EVENTS = ['mousedown', 'touchstart', 'wheel'] as const;

/** Paces the frames of `map` (see the module comment) from now until `endGpuPace` or the limits above. */
export function paceStartUp(map: MapLibreMap): void {
  const gl = map.painter.context.gl;
  if (!('fenceSync' in gl)) return; // WebGL 1: no fences
  paces.set(map, newPace(gl, performance.now()));
  for (const type of ENDING_EVENTS) map.once(type, () => endGpuPace(map, 'user'));
}

/** Whether the frame of `map` asked now is put off (called by the painter's wrapper, paint-hold.ts). */
export function gpuBehind(map: MapLibreMap): boolean {
  const p = paces.get(map);
  if (!p) return false;
  if (putOff(p, performance.now())) return true;
  if (performance.now() >= p.until) endGpuPace(map, 'time');
  return false;
}

/** Ends the pacing of `map` (`why`: what ended it): every frame paints from now on. */
export function endGpuPace(map: MapLibreMap, why: string): void {
  const p = paces.get(map);
  if (!p) return;
  paint(p);
  paces.delete(map);
  ended.set(map, { ...p.counts, why });
}

/** What the start-up's pacing of `map` did, once it has ended (null before, or when it never paced). */
export const gpuPaceRecord = (map: MapLibreMap): (Pace['counts'] & { why: string }) | null => ended.get(map) ?? null;
