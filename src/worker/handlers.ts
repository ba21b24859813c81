/** The worker's handler table: one entry per request kind of protocol.ts. */
import { loadDataset } from './load';
import type { Handlers, RequestKind, RequestMessage, ResponseMessage } from './protocol';

export const handlers: Handlers = {
  load: (payload) => loadDataset(payload),
};

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
