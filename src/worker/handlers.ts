/** The worker's handler table: one entry per request kind of protocol.ts, sharing one session. */
import { analyze, parcelDetail, transferablesOf } from './analyze';
import { loadSession, type Fetcher } from './load';
import type { Handlers, RequestKind, RequestMessage, ResponseMessage } from './protocol';
import { emptySession, type Session } from './session';

/**
 * Handlers over `session` (tests pass their own fetcher and read the session). A new load replaces the
 * layers and drops the previous run, so a detail request can never mix two datasets.
 */
export function createHandlers(session: Session = emptySession(), fetcher?: Fetcher): Handlers {
  return {
    load: async (payload) => {
      const r = await loadSession(payload, fetcher);
      if (!r.ok) return r;
      session.layers = r.value.layers;
      session.run = null;
      return { ok: true, value: r.value.dataset };
    },
    analyze: async (payload) => {
      const r = analyze(session.layers, payload);
      if (!r.ok) return r;
      session.run = r.value.run;
      return { ok: true, value: r.value.view };
    },
    'parcel-detail': async (payload) => parcelDetail(session.run, payload.fid),
  };
}

export const handlers: Handlers = createHandlers();

/**
 * Runs one request message against a handler table. An unknown kind or a thrown bug becomes an error
 * value with the same id, so the caller's promise always settles.
 */
export async function dispatch(msg: RequestMessage, table: Handlers = handlers): Promise<ResponseMessage> {
  const handler = table[msg.kind as RequestKind] as ((p: unknown) => Promise<ResponseMessage['result']>) | undefined;
  if (!handler) return { id: msg.id, result: { ok: false, error: { code: 'unknown-request', message: `unknown request kind "${String(msg.kind)}"` } } };
  try {
    return { id: msg.id, result: await handler(msg.payload) };
  } catch (e) {
    console.error(e);
    return { id: msg.id, result: { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } } };
  }
}

/** Buffers a response may hand over instead of copying (the columns of an analysis). */
export function transferList(msg: RequestMessage, response: ResponseMessage): ArrayBuffer[] {
  if (msg.kind !== 'analyze' || !response.result.ok) return [];
  return transferablesOf(response.result.value as Parameters<typeof transferablesOf>[0]);
}
