/**
 * While a dataset just shown (createMap.ts showDataset → tiled-sources.ts askTiles) still loads its tiles, the
 * map paints nothing new: what is on screen stays (the district's outline, the dataset before it, or nothing
 * yet), and the dataset shows in one frame once all its tiles are in. On software WebGL each frame is drawn,
 * composited and read back by the GPU process, ~0.1 s of its time on two busy cores; the district's parcel tiles
 * came in over 6-8 frames, each drawing a few more. Held (5 frames), the district was interactive at 1.90-1.99 s against
 * 2.07-2.23 s (bench:browser --startup-only, 4 alternated sets of 5 runs). Never while the camera moves (a pan
 * or zoom is drawn as always, as are a jump or the canvas resized), never past the user's hand on the map (a click,
 * the pointer moving: what they do is drawn at once), and never longer than HOLD_MS from the first hold. Not for
 * an analysis' tiles asked again: the user may change the colouring or the selection meanwhile, off the map.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { gpuBehind } from './gpu-pace';

/** Longest hold, from its start: then the map paints whatever it has. */
export const HOLD_MS = 3000;

interface Hold {
  /** The holds not yet released (askTiles releases its own when every tile of its URL is in). */
  open: Set<object>;
  until: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** Whether the map's last frame was held (painted nothing). */
  lastHeld: boolean;
}

const holds = new WeakMap<MapLibreMap, Hold>();

/**
 * A hold ends at once at these: the user's hand on the map (a click's selection, a zone being drawn are
 * painted), the camera moved (a jump, or the last step of an ease, which ends inside the frame it is drawn
 * in), the canvas resized (which clears it).
 */
const ENDING_EVENTS = ['mousedown', 'mousemove', 'touchstart', 'wheel', 'move', 'resize'] as const;

/** Ends every hold of `h`, and its cap's timer (no frame asked for later by a hold that is over). */
function endHolds(h: Hold): void {
  h.open.clear();
  if (h.timer !== null) clearTimeout(h.timer);
  h.timer = null;
}

const holdOf = (map: MapLibreMap): Hold => {
  const h = holds.get(map);
  if (h) return h;
  const hold: Hold = { open: new Set(), until: 0, timer: null, lastHeld: false };
  holds.set(map, hold);
  for (const type of ENDING_EVENTS) map.on(type, () => endPaintHolds(map));
  return hold;
};

/** Whether a frame of `map` now is held: a hold open, the camera still, the cap not reached. */
function holding(map: MapLibreMap, now: number): boolean {
  const h = holds.get(map);
  if (!h || h.open.size === 0) return false;
  // Everything in (a tile may leave without the event askTiles waits for): nothing to wait for. This frame paints.
  if (now >= h.until || map.loaded()) {
    endHolds(h);
    return false;
  }
  return !map.isMoving();
}

/** Painters already wrapped (MapLibre also fires 'webglcontextrestored' on the same painter after its workers restart). */
const wrapped = new WeakSet<object>();

/**
 * Wraps the painter of `map` (call again with a new painter: a restored WebGL context has one) so that a frame
 * during a hold, or put off by the start-up's pacing (gpu-pace.ts), paints nothing. MapLibre's frame goes on around it: tiles are asked for and placed as before;
 * their uploads and feature-state wait for the frame that paints (they are part of the painter's render). Its
 * 'render' event still fires (`lastFrameHeld` tells a listener that nothing was drawn).
 */
export function holdPaintWhenAsked(map: MapLibreMap): void {
  const painter = map.painter as unknown as { render: (...args: unknown[]) => void };
  if (wrapped.has(painter)) return;
  wrapped.add(painter);
  const render = painter.render.bind(painter);
  painter.render = (...args: unknown[]) => {
    const h = holdOf(map);
    h.lastHeld = holding(map, performance.now());
    if (!h.lastHeld && gpuBehind(map)) {
      h.lastHeld = true;
      // Another frame, and no 'idle' after this one (MapLibre reads the flag after the painter's render).
      (map as unknown as { _placementDirty: boolean })._placementDirty = true;
    }
    if (!h.lastHeld) render(...args);
  };
}

/**
 * Holds the painting of `map` (see the module comment) until the function returned is called (again: no
 * effect), or HOLD_MS from now, whichever comes first; then the next frame paints.
 */
export function holdPaint(map: MapLibreMap): () => void {
  const h = holdOf(map);
  const hold = {};
  // The cap counts from the first of the holds open together: holds asked again and again never freeze the map.
  if (h.open.size === 0) {
    h.until = performance.now() + HOLD_MS;
    // At the cap the map paints what it has, though nothing else may ask for a frame then.
    h.timer = setTimeout(() => endPaintHolds(map), HOLD_MS);
  }
  h.open.add(hold);
  return () => {
    if (!h.open.delete(hold) || h.open.size > 0) return;
    endHolds(h);
    map.triggerRepaint();
  };
}

/** Ends every hold of `map` and asks for a frame (a picture of the map is about to be taken). */
export function endPaintHolds(map: MapLibreMap): void {
  const h = holds.get(map);
  if (!h || h.open.size === 0) return;
  endHolds(h);
  map.triggerRepaint();
}

/** Whether the last frame of `map` was held: nothing was drawn in it. */
export const lastFrameHeld = (map: MapLibreMap): boolean => holds.get(map)?.lastHeld ?? false;

