/**
 * Browsing a remote indexed FlatGeobuf by the map's view ("follow the view"): after the user confirms the
 * first import of the URL, each settled view that leaves what is loaded (view + margin) is read by range
 * requests and swapped in through the import path (import-read → import-commit, no preview), then
 * analysed. Only the features of the current box are held (memory follows the view); a view holding more
 * than the cap keeps the old data and asks the user to zoom in. A newer view supersedes an older read
 * (the worker cancels the older pending import), and the data shown stays until the new set is ready.
 */
import type { StateCreator } from 'zustand';
import { boxToFetch, STREAM_CAP, STREAM_DEBOUNCE_MS, totalFromContentRange, withinCap, type LonLatBox } from '../io/formats/fgb/stream';
import type { ImportOptions } from '../io/loader/report';
import { requestOf } from './analysisInputs';
import { supersedeLoads } from './datasetSlice';
import { analysisClient } from '../worker/client';
import type { AppState } from './store';
import { keptSelection } from './selectionSlice';

export type StreamState = 'off' | 'armed' | 'loading' | 'ready' | 'too-many' | 'error';

export interface StreamSlice {
  /** The URL being followed (or waiting for its first import to be confirmed). */
  streamHref: string | null;
  streamState: StreamState;
  /** The box (lon/lat) whose features are loaded. */
  streamBox: LonLatBox | null;
  /** Parcels loaded now. */
  streamCount: number;
  /** Bytes received from the server for this URL so far, and the file's size (null until known). */
  streamBytes: number;
  streamFileBytes: number | null;
  /** The parcels a refused view holds (above the cap). */
  streamRefused: number;
  /** What went wrong, in both languages when the worker gave both (else its English message). */
  streamError: string | { zh: string; en: string } | null;
  /** Starts the first read of `href` by the current view (then the usual preview) and follows the view once confirmed. */
  startStream(href: string): Promise<void>;
  /** Called by the import slice when an import is confirmed: starts following when it is the armed URL. */
  streamConfirmed(href: string | undefined, options: ImportOptions, bytesFetched: number | undefined, count: number): void;
  stopStream(): void;
}

export const createStreamSlice: StateCreator<AppState, [], [], StreamSlice> = (set, get, api) => {
  let ticket = 0;
  let options: ImportOptions = {};
  let timer: ReturnType<typeof setTimeout> | null = null;
  let unsubscribe: (() => void) | null = null;
  const clientOf = () => get().client ?? analysisClient();

  async function refresh(box: LonLatBox): Promise<void> {
    const href = get().streamHref;
    if (!href) return;
    const mine = ++ticket;
    set({ streamState: 'loading', streamError: null });
    const client = clientOf();
    const read = await client.request('import-read', { url: { href, bbox: box, bboxCrs: 'EPSG:4326', maxFeatures: STREAM_CAP } });
    if (mine !== ticket || get().streamHref !== href) return;
    if (!read.ok) {
      // Too many in view: refused from the file's index, before any parcel was fetched.
      if (read.error.code === 'too-many') set({ streamState: 'too-many', streamRefused: read.error.count ?? 0 });
      else if (read.error.code !== 'cancelled') set({ streamState: 'error', streamError: read.error.details?.[0] ?? read.error.message });
      return;
    }
    const bytes = get().streamBytes + (read.value.bytesFetched ?? 0);
    const count = read.value.totals.parcels;
    if (!withinCap(count)) {
      await client.request('import-cancel', { importId: read.value.importId });
      set({ streamState: 'too-many', streamRefused: count, streamBytes: bytes });
      return;
    }
    const commit = await client.request('import-commit', { importId: read.value.importId, options });
    // Once committed the worker holds the new set: the page takes it even if a newer view is on its way.
    if (!commit.ok) {
      if (mine === ticket && commit.error.code !== 'no-import') set({ streamState: 'error', streamError: commit.error.details?.[0] ?? commit.error.message, streamBytes: bytes });
      return;
    }
    supersedeLoads();
    set({
      streamBox: box, streamCount: commit.value.totals.count, streamBytes: bytes, streamRefused: 0, ...(mine === ticket ? { streamState: 'ready' as const } : {}),
      loadStatus: 'ready', loadError: null, dataset: commit.value, selectedFid: keptSelection(get(), commit.value), analysis: null, analysisStatus: 'idle', analysisError: null, detail: null,
    });
    await get().runAnalysis(requestOf(get()), client);
  }

  function onView(view: LonLatBox): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const { streamHref, streamBox, streamState, importStatus } = get();
      // The user's own import dialog has the worker's pending import: wait for it.
      if (!streamHref || importStatus !== 'idle') return;
      const box = boxToFetch(view, streamState === 'too-many' ? null : streamBox);
      if (box) void refresh(box);
    }, STREAM_DEBOUNCE_MS);
  }

  async function learnSize(href: string): Promise<void> {
    try {
      const res = await fetch(href, { headers: { Range: 'bytes=0-0' } });
      const total = totalFromContentRange(res.headers.get('content-range'));
      await res.body?.cancel();
      if (get().streamHref === href) set({ streamFileBytes: total, streamBytes: get().streamBytes + 1 });
    } catch {
      // The size is for the indicator only.
    }
  }

  return {
    streamHref: null,
    streamState: 'off',
    streamBox: null,
    streamCount: 0,
    streamBytes: 0,
    streamFileBytes: null,
    streamRefused: 0,
    streamError: null,

    async startStream(href) {
      get().stopStream();
      const view = get().viewBounds;
      const box = view ? boxToFetch(view, null) : null;
      set({ streamHref: href, streamState: 'armed', streamBox: box, streamBytes: 0, streamFileBytes: null, streamCount: 0, streamRefused: 0, streamError: null });
      // The first read is capped too: a district-wide view of a large file is refused from its index alone.
      await get().startImportUrl(href, box, 'EPSG:4326', STREAM_CAP);
      if (get().streamHref === href && get().importStatus === 'error') get().stopStream();
    },

    streamConfirmed(href, confirmed, bytesFetched, count) {
      const { streamHref, streamState } = get();
      // Another import replaced the followed data: stop following.
      if (streamHref && href !== streamHref) get().stopStream();
      if (!href || href !== streamHref || streamState !== 'armed') return;
      options = confirmed;
      set({ streamState: 'ready', streamCount: count, streamBytes: bytesFetched ?? 0 });
      void learnSize(href);
      unsubscribe?.();
      unsubscribe = api.subscribe((s, prev) => {
        if (s.viewBounds && s.viewBounds !== prev.viewBounds) onView(s.viewBounds);
      });
    },

    stopStream() {
      ticket++;
      if (timer) clearTimeout(timer);
      timer = null;
      unsubscribe?.();
      unsubscribe = null;
      set({ streamHref: null, streamState: 'off', streamBox: null, streamCount: 0, streamRefused: 0, streamError: null });
    },
  };
};

export { STREAM_CAP };
