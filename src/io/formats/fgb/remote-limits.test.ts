import { describe, expect, it } from 'vitest';
import { fixture } from '../fixtures.test-helpers';
import { readFlatGeobufUrl, REMOTE_MAX_BYTES, type RemoteReadOptions } from './remote';

const KB = 1024;
const URL_ = 'https://example.test/data/parcels.fgb';
const file = fixture('fgb/grid-4549.fgb');

/** A body of `total` zero bytes (Infinity: endless) in `chunk`-byte pieces, counting what was pulled and whether it was cancelled. */
function body(total: number, chunk = 64 * KB) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (seen.pulled >= total) return c.close();
      const n = Math.min(chunk, total - seen.pulled);
      seen.pulled += n;
      c.enqueue(new Uint8Array(n));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

/** A fetch answering every request with `answer`, keeping each request's signal. */
function serve(answer: (range: string | null) => Response) {
  const signals: AbortSignal[] = [];
  const fetchFn = (async (_input: RequestInfo | URL, init?: RequestInit) => {
    if (init?.signal) signals.push(init.signal);
    return answer(new Headers(init?.headers).get('range'));
  }) as typeof fetch;
  return { fetchFn, signals };
}

async function refused(options: RemoteReadOptions, bbox = null) {
  const r = await readFlatGeobufUrl(URL_, bbox, options);
  if (r.ok) throw new Error('read');
  expect(r.error.fix).not.toBe('');
  return r;
}

describe('downloads of a remote FlatGeobuf are capped before they fill memory', () => {
  it('a server ignoring Range that announces a huge file: refused from its Content-Length, nothing read', async () => {
    const { stream, seen } = body(8 * 1024 * KB);
    const { fetchFn, signals } = serve(() => new Response(stream, { status: 200, headers: { 'Content-Length': String(5 * 1024 ** 3) } }));
    const r = await refused({ fetch: fetchFn });
    expect(r.error.problem).toMatch(/sent the whole file instead of the part asked for .* over 1024 MB, more than may be read at once/);
    expect(r.error.fix).toMatch(/Range/);
    expect(seen.pulled).toBeLessThanOrEqual(64 * KB);
    expect(seen.cancelled).toBe(true);
    expect(signals.every((s) => s.aborted)).toBe(true);
    expect(REMOTE_MAX_BYTES).toBe(1024 ** 3);
  });

  it('a server ignoring Range that says no length: the download is abandoned once past the limit', async () => {
    const { stream, seen } = body(4 * 1024 * KB);
    const { fetchFn, signals } = serve(() => new Response(stream, { status: 200 }));
    const r = await refused({ fetch: fetchFn, maxBytes: 256 * KB });
    expect(r.error.problem).toMatch(/whole file .* over 262,144 bytes/);
    expect(seen.pulled).toBeLessThanOrEqual(256 * KB + 2 * 64 * KB);
    expect(r.bytesFetched).toBeLessThanOrEqual(256 * KB + 64 * KB);
    expect(seen.cancelled).toBe(true);
    expect(signals[0]!.aborted).toBe(true);
  });

  it('a range answer longer than what was asked for is refused as it arrives', async () => {
    const { stream, seen } = body(4 * 1024 * KB);
    const { fetchFn } = serve(() => new Response(stream, { status: 206, headers: { 'Content-Range': `bytes 0-16383/${file.length}` } }));
    const r = await refused({ fetch: fetchFn });
    expect(r.error.problem).toMatch(/sent more than the 16,384 bytes asked for \(bytes 0–16383\)/);
    expect(seen.pulled).toBeLessThanOrEqual(16 * KB + 2 * 64 * KB);
    expect(seen.cancelled).toBe(true);
    // Its Content-Length saying so is enough: nothing read.
    const big = body(8 * 1024 * KB);
    const announced = serve(() => new Response(big.stream, { status: 206, headers: { 'Content-Range': `bytes 0-16383/${file.length}`, 'Content-Length': String(1024 ** 3) } }));
    expect((await refused({ fetch: announced.fetchFn })).error.problem).toMatch(/more than the 16,384 bytes asked for/);
    expect(big.seen.pulled).toBeLessThanOrEqual(64 * KB);
  });

  it('a Content-Range total far beyond the limit: a read of every feature is refused before it is asked for', async () => {
    const ranges: string[] = [];
    const { fetchFn } = serve((range) => {
      ranges.push(range ?? '');
      const [, a, b] = /^bytes=(\d+)-(\d+)$/.exec(range ?? '')!;
      const part = file.subarray(Number(a), Math.min(Number(b) + 1, file.length));
      return new Response(part.slice() as Uint8Array<ArrayBuffer>, { status: 206, headers: { 'Content-Range': `bytes ${a}-${Number(a) + part.length - 1}/${1e12}` } });
    });
    const r = await refused({ fetch: fetchFn });
    expect(r.error.problem).toMatch(/would fetch 953674 MB at once, more than the 1024 MB/);
    expect(r.error.fix).toMatch(/smaller box/);
    expect(ranges).toEqual(['bytes=0-16383']);
  });

  it('a whole file within the limit is read as before, one byte over it is not', async () => {
    const whole = () => serve(() => new Response(file.slice(), { status: 200, headers: { 'Content-Length': String(file.length) } })).fetchFn;
    const r = await readFlatGeobufUrl(URL_, null, { fetch: whole(), maxBytes: file.length });
    expect(r.ok && r.layers[0]!.features.length).toBe(2000);
    expect(r.bytesFetched).toBe(file.length);
    expect((await refused({ fetch: whole(), maxBytes: file.length - 1 })).error.problem).toMatch(/whole file/);
    // Sent in pieces without a length, the same.
    const pieces = () => serve(() => new Response(new Blob([file.slice()]).stream(), { status: 200 })).fetchFn;
    const p = await readFlatGeobufUrl(URL_, null, { fetch: pieces(), maxBytes: file.length });
    expect(p.ok && p.layers[0]!.features.length).toBe(2000);
  });
});
