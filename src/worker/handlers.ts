/** The worker's handler table: one entry per request kind of protocol.ts, sharing one session. */
import { analyze, parcelDetail, requestsHeld, transferablesOf } from './analyze';
import { importCancel, importCommit, importRead, importUpdate } from './import';
import { exportList } from './export';
import { loadSession, type EarlyOverlay, type Fetcher } from './load';
import type { HandlerContext, Handlers, LoadedDataset, RequestKind, RequestMessage, ResponseMessage } from './protocol';
import { toWire, wireTransfer } from './records-wire';
import { emptySession, maySwap, takeTicket, wouldSwap, type Session } from './session';
import { zoneStats } from './zones';
import { tileOf } from './tiles-request';
import { picturePick, putOffIndexing, rasteriseAhead, rasteriseViewAhead, setPictureColours, setVeilMask, veilTile } from './veil';
import { codeCounts } from '../map/parcel-codes';
import { collationRanks } from '../i18n/collation';

/**
 * Handlers over `session` (tests pass their own fetcher and read the session). A new load replaces the
 * layers and drops the previous run, so a detail request can never mix two datasets.
 */
export function createHandlers(session: Session = emptySession(), fetcher?: Fetcher, earlyOverlay?: EarlyOverlay): Handlers {
  return {
    load: async (payload, ctx) => {
      const ticket = takeTicket(session);
      const r = await loadSession(payload, fetcher, session.boundaryDisplay ?? undefined, earlyOverlay, ctx?.outline, () => wouldSwap(session, ticket));
      if (!r.ok) return r;
      if (!maySwap(session, ticket)) return { ok: false, error: { code: 'superseded', message: 'a dataset asked for later was loaded or imported first; this load is dropped' } };
      session.layers = r.value.layers;
      session.tiles = r.value.tiles;
      session.run = null;
      if (r.value.dataset.display.boundary) session.boundaryDisplay = r.value.dataset.display.boundary;
      return { ok: true, value: r.value.dataset };
    },
    analyze: async (payload) => {
      const r = analyze(session.layers, payload);
      if (!r.ok) return r;
      session.run = r.value.run;
      // The parcel tiles carry this run's colouring codes (taken before the columns are transferred);
      // the run made ahead after a load set them already, before the map's first tile was served.
      const tiles = session.tiles;
      tiles?.bakeAnalysis(r.value.run, r.value.view.columns, session.layers?.parcels ?? [], payload.ledger ?? null);
      // The picture's palette and the legend's counts need only the distinct codes and their counts (the
      // worker draws each fid's key from its own).
      const codes = tiles?.parcelCodes;
      const counted = codes ? codeCounts(codes) : null;
      return { ok: true, value: { ...r.value.view, tilesCurrent: tiles?.servedCurrent() ?? false, ...(counted ? { colourCodes: counted.codes, colourCodeCounts: counted.counts } : {}) } };
    },
    'parcel-detail': async (payload) => parcelDetail(session.run, payload.fid),
    'import-read': (payload, ctx) => importRead(session, payload, ctx ?? NO_PROGRESS),
    'import-update': (payload, ctx) => importUpdate(session, payload.importId, payload.options, ctx ?? NO_PROGRESS),
    'import-commit': (payload) => importCommit(session, payload.importId, payload.options),
    'import-cancel': async (payload) => importCancel(session, payload.importId),
    export: (payload, ctx) => exportList(session, payload, ctx ?? NO_PROGRESS),
    'zone-stats': (payload) => zoneStats(session, payload),
    tile: async (payload) => {
      const r = await tileOf(session, payload);
      // The filter veil's raster of this place is made ahead, once the worker is idle (worker/veil.ts).
      rasteriseAhead(session, payload);
      return r;
    },
    'veil-mask': async (payload) => setVeilMask(payload, session),
    'veil-ahead': async (payload) => rasteriseViewAhead(session, payload),
    'veil-tile': async (payload) => veilTile(session, payload),
    'picture-colours': async (payload) => setPictureColours(payload, session),
    'picture-pick': async (payload) => picturePick(session, payload),
    'text-ranks': async (payload) => {
      const parcels = session.layers?.parcels;
      if (!parcels || parcels.length !== payload.count) return { ok: true, value: null };
      const text = parcels.map((p) => (payload.key === 'parcelId' ? p.attributes.parcelId : p.attributes.enterprise ?? ''));
      return { ok: true, value: collationRanks(text) };
    },
  };
}

const NO_PROGRESS: HandlerContext = { progress: () => {} };

export const handlers: Handlers = createHandlers();

/**
 * Runs one request message against a handler table. An unknown kind or a thrown bug becomes an error
 * value with the same id, so the caller's promise always settles.
 */
export async function dispatch(msg: RequestMessage, table: Handlers = handlers, ctx: HandlerContext = NO_PROGRESS): Promise<ResponseMessage> {
  const handler = table[msg.kind as RequestKind] as ((p: unknown, c: HandlerContext) => Promise<ResponseMessage['result']>) | undefined;
  if (!handler) return { id: msg.id, result: { ok: false, error: { code: 'unknown-request', message: `unknown request kind "${String(msg.kind)}"` } } };
  try {
    putOffIndexing(); // the worker's idle work waits for a quiet time (veil.ts)
    // After a load, requests wait for the first analysis made ahead (worker/analyze.ts holdRequests); a
    // tile cuts its geometry meanwhile and waits before it is encoded (tiles-request.ts).
    if (msg.kind !== 'load' && msg.kind !== 'tile') await requestsHeld();
    return { id: msg.id, result: await handler(msg.payload, ctx) };
  } catch (e) {
    console.error(e);
    return { id: msg.id, result: { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } } };
  }
}

/**
 * The response as it crosses to the page: a dataset's parcel records go as columns in transferred
 * buffers (worker/records-wire.ts), which the client rebuilds a chunk per task instead of one long clone.
 */
export function wireResponse(msg: RequestMessage, response: ResponseMessage): { response: ResponseMessage; transfer: Transferable[] } {
  if ((msg.kind === 'load' || msg.kind === 'import-commit') && response.result.ok) {
    const wire = toWire(response.result.value as LoadedDataset);
    return { response: { id: response.id, result: { ok: true, value: wire as unknown as LoadedDataset } }, transfer: wireTransfer(wire) };
  }
  return { response, transfer: transferList(msg, response) };
}

/** Buffers a response may hand over instead of copying (the columns of an analysis). */
export function transferList(msg: RequestMessage, response: ResponseMessage): Transferable[] {
  if (msg.kind === 'export' && response.result.ok) return [(response.result.value as { bytes: ArrayBuffer }).bytes];
  if (msg.kind === 'text-ranks' && response.result.ok && response.result.value) return [(response.result.value as Float64Array).buffer as ArrayBuffer];
  if (msg.kind === 'tile' && response.result.ok) return response.result.value instanceof ArrayBuffer ? [response.result.value] : [];
  if (msg.kind === 'veil-tile' && response.result.ok) return response.result.value ? [response.result.value as ImageBitmap] : [];
  if (msg.kind !== 'analyze' || !response.result.ok) return [];
  return transferablesOf(response.result.value as Parameters<typeof transferablesOf>[0]);
}
