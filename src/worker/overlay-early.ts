/**
 * The overlay thread started by the analysis worker's entry, as soon as the dataset's manifest is in and
 * before the engine's code has arrived (prefetch.ts): it fetches the building and small layers itself,
 * so the 300k footprints' bytes are never received here (~0.5 s of this worker's time at 100k parcels)
 * and the thread's fetch starts as early as the prefetch's would. The load then adopts it (load.ts);
 * one not adopted is ended when the next dataset is prefetched. Kept small: it is part of the entry.
 */
import type { FileRef, ThreadPort } from './overlay-thread-work';

/**
 * Fewer footprints than this (by the manifest's count) are read and overlaid in the analysis worker, with no
 * thread: the thread's own start (its code compiled and warmed up again in a second isolate, the parcels'
 * polygons copied over) costs about what it saves on two busy cores. bench:browser, alternated runs without
 * and with it: the district (10k footprints) interactive at 2.00 / 1.99 s against 2.12 / 2.11 s, longest task
 * 300 / 282 ms against 437 / 333 ms; 20k parcels (58k footprints) 2.53 / 2.60 s against 2.48 / 2.60 s, longest
 * task 333 / 280 ms against 481 / 396 ms. At 290k footprints the thread saves ~1 s.
 */
export const OVERLAY_THREAD_MIN_FOOTPRINTS = 50_000;

/** Whether a dataset of `footprints` building footprints gets the overlay thread; a count not given (or not a positive number) is not known: yes. */
export const footprintsWorthAThread = (footprints: unknown): boolean =>
  typeof footprints !== 'number' || !(footprints > 0) || footprints >= OVERLAY_THREAD_MIN_FOOTPRINTS;

/** The layer ids the thread reads beside the buildings (the small layers its overlay needs). */
export const THREAD_SMALL_LAYERS = ['blocklines', 'parks', 'towns'] as const;

export interface EarlyThread {
  manifestUrl: string;
  buildings: FileRef[];
  others: FileRef[];
  port: ThreadPort;
}

/** A new overlay thread, or null where no Worker can start (Node, tests without a stub). */
export const newOverlayWorker = (): ThreadPort | null =>
  typeof Worker === 'undefined' ? null : (new Worker(new URL('./overlay.thread.ts', import.meta.url), { type: 'module', name: 'overlay' }) as unknown as ThreadPort);

/** `make()`, or null when it throws (a Worker the page's policy or the browser refuses). */
export function startPort(make: () => ThreadPort | null): ThreadPort | null {
  try {
    return make();
  } catch {
    return null;
  }
}

let early: EarlyThread | null = null;

/**
 * Starts the thread on `buildings` and `others` (files named relative to `manifestUrl`, already checked as
 * same-origin plain paths by the caller), ending any earlier one nobody adopted. False when no thread can start.
 */
export function startEarlyOverlay(manifestUrl: string, buildings: FileRef[], others: FileRef[], make: () => ThreadPort | null = newOverlayWorker): boolean {
  dropEarlyOverlay();
  if (buildings.length === 0) return false;
  const port = startPort(make);
  if (!port) return false;
  port.postMessage({ kind: 'fetch-layers', buildings, others }, []);
  early = { manifestUrl, buildings, others, port: holding(port) };
  return true;
}

type Listener = (e: MessageEvent) => void;
type EventType = 'message' | 'error' | 'messageerror';

/**
 * `port`, with what it says before anyone listens held until someone does: a Worker's message with no
 * listener is lost, and the thread may answer before the load that adopts it is running.
 */
function holding(port: ThreadPort): ThreadPort {
  const listeners: Record<EventType, Listener[]> = { message: [], error: [], messageerror: [] };
  const held: [EventType, MessageEvent][] = [];
  const on = (type: EventType) => (e: MessageEvent) => {
    if (listeners[type].length === 0) held.push([type, e]);
    else for (const l of listeners[type]) l(e);
  };
  (['message', 'error', 'messageerror'] as const).forEach((type) => (port.addEventListener as (t: EventType, l: Listener) => void)(type, on(type)));
  return {
    postMessage: (m, transfer) => port.postMessage(m, transfer),
    addEventListener(type: EventType, listener: Listener) {
      listeners[type].push(listener);
      const now = held.filter(([t]) => t === type);
      if (now.length === 0) return;
      held.splice(0, held.length, ...held.filter(([t]) => t !== type));
      // Later, as a Worker's events come: after the caller has attached its other listeners.
      setTimeout(() => now.forEach(([, e]) => listener(e)), 0);
    },
    terminate: () => port.terminate(),
  } as ThreadPort;
}

/** The thread started for `manifestUrl`, handed over once; null when there is none for it. */
export function takeEarlyOverlay(manifestUrl: string): EarlyThread | null {
  if (!early || early.manifestUrl !== manifestUrl) return null;
  const taken = early;
  early = null;
  return taken;
}

/** Ends a thread started early that no load adopted. */
export function dropEarlyOverlay(): void {
  early?.port.terminate();
  early = null;
}
