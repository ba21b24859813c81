import { describe, expect, it } from 'vitest';
import { readNow, responseBytes } from './response-bytes';

const data = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) % 251);

/** A body arriving in pieces of `piece` bytes, as a byte stream (BYOB-readable) or a plain one. */
function body(bytes: Uint8Array, piece: number, bytesStream = true): ReadableStream<Uint8Array> {
  const source = {
    ...(bytesStream ? { type: 'bytes' as const } : {}),
    start(c: ReadableStreamDefaultController<Uint8Array>) {
      for (let i = 0; i < bytes.length; i += piece) c.enqueue(bytes.slice(i, i + piece));
      c.close();
    },
  };
  return new ReadableStream(source as UnderlyingDefaultSource<Uint8Array>);
}

const response = (stream: ReadableStream<Uint8Array>, headers: Record<string, string>) => new Response(stream, { headers });

describe('responseBytes', () => {
  it('reads a body of announced size, arriving in pieces, into one buffer of that size', async () => {
    const out = await responseBytes(response(body(data, 777), { 'content-length': String(data.length) }));
    expect(out).toEqual(data);
    expect(out.buffer.byteLength).toBe(data.length);
  });

  it('reads into its own buffer: every pull is a BYOB request with room for the rest of the body', async () => {
    const asked: number[] = [];
    let at = 0;
    const source = {
      type: 'bytes' as const,
      pull(c: ReadableByteStreamController) {
        const request = c.byobRequest;
        if (!request?.view) throw new Error('not a BYOB read');
        asked.push(request.view.byteLength);
        const n = Math.min(3000, data.length - at, request.view.byteLength);
        new Uint8Array(request.view.buffer, request.view.byteOffset, n).set(data.subarray(at, at + n));
        at += n;
        request.respond(n);
        if (at === data.length) c.close();
      },
    };
    const out = await responseBytes(new Response(new ReadableStream(source), { headers: { 'content-length': String(data.length) } }));
    expect(out).toEqual(data);
    expect(asked).toEqual([10_000, 7000, 4000, 1000]);
  });

  it('reads a body with no length, a compressed one and a plain (not byte) stream as arrayBuffer() would', async () => {
    expect(await responseBytes(response(body(data, 1000), {}))).toEqual(data);
    // The length of a compressed body is not the length of its bytes once decoded.
    expect(await responseBytes(response(body(data, 1000), { 'content-length': '10', 'content-encoding': 'gzip' }))).toEqual(data);
    expect(await responseBytes(response(body(data, 1000, false), { 'content-length': String(data.length) }))).toEqual(data);
    expect(await responseBytes(response(body(data, 1000), { 'content-length': 'ten' }))).toEqual(data);
    // A length no buffer can hold.
    expect(await responseBytes(response(body(data, 1000), { 'content-length': String(2 ** 50) }))).toEqual(data);
  });

  it('returns what came when the body is shorter than announced (the checks then refuse it)', async () => {
    const out = await responseBytes(response(body(data.subarray(0, 4000), 1500), { 'content-length': String(data.length) }));
    expect(out).toEqual(data.subarray(0, 4000));
  });

  it('keeps every byte of a body longer than announced', async () => {
    expect(await responseBytes(response(body(data, 999), { 'content-length': '2500' }))).toEqual(data);
  });

  it('reads an ordinary response (a Buffer body) the same way', async () => {
    expect(await responseBytes(new Response(Buffer.from(data), { headers: { 'content-length': String(data.length) } }))).toEqual(data);
  });
});

describe('readNow', () => {
  it('reads the body as it arrives, before anyone asks, and responseBytes then gives those bytes', async () => {
    let pulls = 0;
    let at = 0;
    const stream = new ReadableStream({
      type: 'bytes',
      pull(c) {
        pulls++;
        const chunk = data.slice(at, at + 1000);
        at += chunk.length;
        c.enqueue(chunk);
        if (at >= data.length) c.close();
      },
    } as UnderlyingByteSource);
    const res = readNow(response(stream, { 'content-length': String(data.length) }));
    await new Promise((r) => setTimeout(r, 0));
    expect(pulls).toBe(10); // the whole body came in without a reader of ours
    expect(res.bodyUsed).toBe(true);
    expect(await responseBytes(res)).toEqual(data);
  });

  it('leaves an error response and one read already begun alone', async () => {
    const missing = readNow(new Response('not found', { status: 404 }));
    expect(missing.bodyUsed).toBe(false);
    expect(await missing.text()).toBe('not found');
    const res = response(body(data, 500), { 'content-length': String(data.length) });
    expect(readNow(readNow(res))).toBe(res);
    expect(await responseBytes(res)).toEqual(data);
  });
});

