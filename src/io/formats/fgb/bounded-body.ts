/**
 * A response body read as it arrives, never more than a limit: a server that ignores Range, or sends more than
 * it was asked for, cannot make the page hold a whole large file (remote.ts).
 */
/** Stops the download of `res` (its body, read through `reader` if one was taken). */
export async function abandon(res: Response, abort: AbortController, reader?: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  await (reader ? reader.cancel() : res.body?.cancel())?.catch(() => undefined);
  abort.abort();
}

/**
 * The body of `res` read as it arrives, at most `limit` bytes: `over` when the server sent more (the download
 * is abandoned there, `bytes` then its first `limit`) or, unless only the first `limit` bytes are wanted
 * (`firstOnly`), announced more (Content-Length: nothing is read). `received` counts what came. Into one
 * buffer of the announced size where it is known.
 */
export async function readAtMost(res: Response, limit: number, abort: AbortController, firstOnly = false): Promise<{ bytes: Uint8Array; received: number; over: boolean }> {
  const stop = (reader?: ReadableStreamDefaultReader<Uint8Array>): Promise<void> => abandon(res, abort, reader);
  const announced = /^\s*\d+\s*$/.test(res.headers.get('content-length') ?? '') ? Number(res.headers.get('content-length')) : null;
  if (announced !== null && announced > limit && !firstOnly) {
    await stop();
    return { bytes: new Uint8Array(), received: 0, over: true };
  }
  if (!res.body) return { bytes: new Uint8Array(), received: 0, over: false };
  const identity = (res.headers.get('content-encoding') ?? 'identity').trim().toLowerCase() === 'identity';
  let buffer: Uint8Array | null = announced !== null && identity ? new Uint8Array(Math.min(announced, limit)) : null;
  const chunks: Uint8Array[] = [];
  let got = 0;
  let received = 0;
  let over = false;
  const reader = res.body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    received += value.byteLength;
    let chunk = value;
    if (got + chunk.byteLength > limit) {
      over = true;
      chunk = chunk.subarray(0, limit - got);
    }
    if (buffer && got + chunk.byteLength <= buffer.length) buffer.set(chunk, got);
    else {
      // More than announced: the rest in pieces, joined at the end.
      if (buffer) chunks.push(buffer.subarray(0, got));
      buffer = null;
      chunks.push(chunk);
    }
    got += chunk.byteLength;
    if (over) {
      await stop(reader);
      break;
    }
  }
  if (buffer) return { bytes: got === buffer.length ? buffer : buffer.subarray(0, got), received, over };
  if (chunks.length === 1) return { bytes: chunks[0]!, received, over };
  const bytes = new Uint8Array(got);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { bytes, received, over };
}
