/**
 * Reads the features of a FlatGeobuf file on a web server that fall in a box, fetching only what they need
 * with HTTP Range requests: the header, then the packed Hilbert R-tree level by level (only the nodes whose
 * boxes meet the query, nearby ranges merged), then the selected features (nearby ranges merged). The same
 * checks as the local reader apply — header and index sizes against the file size, child and feature
 * offsets inside the file, each feature's size prefix equal to what the index says — so a damaged file is
 * an error, not fewer features. Without a box, or without an index, it reads every feature (filtering by
 * box in memory), and a server that ignores Range and sends the whole file is read the same way.
 * Written here rather than with flatgeobuf's `deserialize(url, rect)` because that one neither reports
 * the bytes it fetched nor validates what the index says.
 */
import { abandon, readAtMost } from './bounded-body';
import { geometryBbox, type Bbox } from '../../../geo/crs-detect';
import type { Geometry } from 'geojson';
import { projectPoint, type CrsCode } from '../../../geo/projection';
import type { DeclaredCrs, ReadOptions, SourceFeature, SourceResult } from '../../source';
import { TICK_EVERY } from '../../source';
import type { IoError } from '../types';
import { FeatureDecoder } from './decode';
import { checkPreamble, COPY_AGAIN, declaredCrsOf, fgbError, parseHeader, type FgbHeader } from './header';
import { NODE_BYTES, treeLevels } from './packed-rtree';
import { featureError, fgbLayer, layerNameOf, readFeatureRun, readFlatGeobufSource } from './read';

export interface RemoteReadOptions extends ReadOptions {
  /** The fetch to use (tests pass one that records requests); the global fetch otherwise. */
  fetch?: typeof fetch;
  /** The CRS the box is given in (the map's lon/lat), when it is not the file's. */
  bboxCrs?: CrsCode;
  /** Read nothing when the box holds more features than this; the index tells, before features are fetched. */
  maxFeatures?: number;
  /** The most bytes one download may bring (the whole file, or one run of the index or of features); REMOTE_MAX_BYTES by default. */
  maxBytes?: number;
}

/**
 * Above this one download is refused, or abandoned as it arrives: a file sent whole (the server ignores Range,
 * or hides Content-Range) or a read without a box. As the loader's zip limit: the bytes and what is made of
 * them must fit a browser tab. A 100k-parcel FlatGeobuf is about 50 MB.
 */
export const REMOTE_MAX_BYTES = 1024 * 1024 * 1024;

/** `tooMany`: the read was refused under `maxFeatures`; the box holds at least this many features. */
/**
 * `file`: what identifies the file's content whatever box was read (its size and its first bytes: the
 * header, with the feature count, extent and columns), so the user's work stays with the file as they pan.
 */
export type RemoteResult = SourceResult & { bytesFetched?: number; tooMany?: number; file?: { size: number; head: Uint8Array } };

/** Of a file the server sent whole, as much as identifies it (its header lies within it). */
const WHOLE_HEAD_BYTES = 64 * 1024;

/** The first request: enough for a header with a WKT CRS and, in small files, the top of the index. */
const FIRST_REQUEST_BYTES = 16 * 1024;
/** Two wanted byte ranges closer than this are fetched as one (a request costs more than a few KB). */
const MERGE_GAP_BYTES = 16 * 1024;
/** Requests in flight at once. */
const PARALLEL_REQUESTS = 6;

const SERVER_FIX = 'Check the address; the server must allow Range requests (and, on another site, CORS exposing Content-Range).';
const TOO_LARGE_FIX = 'Have the server allow Range requests (and, on another site, CORS exposing Content-Range) so that only the view is fetched; or split the file into smaller ones.';

const sizeText = (n: number): string => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(0)} MB` : `${n.toLocaleString('en-US')} bytes`);


/** The origin of `url` when it is not the page's (null in Node, where no page restricts it, or on the page's own site). */
function otherSite(url: string): string | null {
  if (typeof location === 'undefined' || !location.origin || location.origin === 'null') return null;
  try {
    const origin = new URL(url, location.href).origin;
    return origin === location.origin ? null : origin;
  } catch {
    return null;
  }
}

/** An error that ends the read; thrown inside this module only and returned as a value at its edge. */
class Stop extends Error {
  constructor(readonly error: IoError, readonly tooMany?: number) {
    super(error.problem);
  }
}

function tooMany(url: string, atLeast: number, max: number): Stop {
  return new Stop(
    fgbError(url, `The box holds at least ${atLeast} features, more than the ${max} that may be read at once.`, 'Read a smaller box (zoom in).'),
    atLeast,
  );
}

interface Span {
  start: number;
  end: number;
}

/** Sorted spans merged where the gap between them is below `gap`. */
function mergeSpans(spans: readonly Span[], gap: number): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start - last.end <= gap) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

async function inBatches<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += PARALLEL_REQUESTS) out.push(...(await Promise.all(items.slice(i, i + PARALLEL_REQUESTS).map(run))));
  return out;
}

/** HTTP byte ranges of one URL, counting the bytes received. */
class RangeReader {
  bytesFetched = 0;
  /** The file's first bytes, kept from the first request so that later reads need not fetch them again. */
  private prefix: Uint8Array = new Uint8Array();
  constructor(
    private readonly url: string,
    private readonly fetchFn: typeof fetch,
    private readonly maxBytes: number,
  ) {}

  private async request(start: number, endInclusive: number): Promise<{ res: Response; abort: AbortController }> {
    let res: Response;
    const abort = new AbortController();
    try {
      res = await this.fetchFn(this.url, { headers: { Range: `bytes=${start}-${endInclusive}` }, signal: abort.signal });
    } catch (e) {
      // In the app a request to another site is blocked by its own Content-Security-Policy (connect-src 'self':
      // no data leaves the page's site unless whoever serves it allows that site), before the server is asked.
      const elsewhere = otherSite(this.url);
      if (elsewhere) {
        throw new Stop(fgbError(this.url, `The file is on another site (${elsewhere}), which could not be reached from this page: either the page's Content-Security-Policy allows only its own site (connect-src, the default), or that server does not allow this site (CORS) or is down (${e instanceof Error ? e.message : String(e)}).`, `Serve the file from this site; or have whoever serves the app add ${elsewhere} to connect-src in its Content-Security-Policy (index.html and the server's header), and that server allow this site with CORS exposing Content-Range and Range requests.`));
      }
      throw new Stop(fgbError(this.url, `The server could not be reached (${e instanceof Error ? e.message : String(e)}).`, SERVER_FIX));
    }
    if (res.status === 416) throw new Stop(fgbError(this.url, 'The file on the server is empty (0 bytes).', COPY_AGAIN));
    if (res.status !== 200 && res.status !== 206) {
      throw new Stop(fgbError(this.url, `The server answered ${res.status} ${res.statusText} for the file.`, SERVER_FIX));
    }
    return { res, abort };
  }

  /** At most `limit` bytes of the body; past them the download is abandoned and `over` says why (an error). */
  private async body(res: Response, abort: AbortController, limit: number, over: () => Stop): Promise<Uint8Array> {
    const read = await readAtMost(res, limit, abort);
    this.bytesFetched += read.received;
    if (read.over) throw over();
    return read.bytes;
  }

  /** The whole file, sent by a server that ignores Range (`why`), up to `maxBytes`. */
  private whole(res: Response, abort: AbortController, why: string): Promise<Uint8Array> {
    return this.body(res, abort, this.maxBytes, () => new Stop(fgbError(this.url, `${why}, and the file is over ${sizeText(this.maxBytes)}, more than may be read at once.`, TOO_LARGE_FIX)));
  }

  /** A range's body, which should be what was asked for: more is the server's mistake. */
  private part(res: Response, abort: AbortController, span: Span): Promise<Uint8Array> {
    const asked = span.end - span.start;
    return this.body(res, abort, asked, () => new Stop(fgbError(this.url, `The server sent more than the ${sizeText(asked)} asked for (bytes ${span.start}–${span.end - 1}).`, SERVER_FIX)));
  }

  /** The first bytes of the file and its total size; `whole` when the server sent the whole file (200). */
  async first(): Promise<{ bytes: Uint8Array; total: number; whole: boolean }> {
    const { res, abort } = await this.request(0, FIRST_REQUEST_BYTES - 1);
    const range = res.status === 206 ? /^bytes\s+(\d+)-(\d+)\/(\d+)$/i.exec(res.headers.get('content-range') ?? '') : null;
    if (res.status === 206 && (!range || Number(range[1]) !== 0)) {
      // No usable total size (e.g. Content-Range not exposed to this page): fall back to the whole file.
      await res.body?.cancel();
      const again = new AbortController();
      const all = await this.fetchFn(this.url, { signal: again.signal }).catch(() => null);
      if (!all || all.status !== 200) throw new Stop(fgbError(this.url, 'The server did not say how large the file is (no Content-Range), and sending the whole file failed.', SERVER_FIX));
      const bytes = await this.whole(all, again, 'The server did not say how large the file is (no Content-Range), so it was fetched whole');
      return { bytes, total: bytes.length, whole: true };
    }
    if (!range) {
      const bytes = await this.whole(res, abort, 'The server sent the whole file instead of the part asked for (it ignores Range requests)');
      return { bytes, total: bytes.length, whole: true };
    }
    const bytes = await this.part(res, abort, { start: 0, end: FIRST_REQUEST_BYTES });
    if (bytes.length !== Number(range[2]) + 1) {
      throw new Stop(fgbError(this.url, `The server sent ${bytes.length} bytes but said it sent bytes 0–${range[2]}.`, SERVER_FIX));
    }
    this.prefix = bytes;
    return { bytes, total: Number(range[3]), whole: false };
  }

  /** Bytes [start, end) of the file. */
  async get(span: Span): Promise<Uint8Array> {
    const have = this.prefix.length;
    if (span.end <= have) return this.prefix.subarray(span.start, span.end);
    if (span.start >= have) return this.fetchSpan(span);
    const joined = new Uint8Array(span.end - span.start);
    joined.set(this.prefix.subarray(span.start));
    joined.set(await this.fetchSpan({ start: have, end: span.end }), have - span.start);
    return joined;
  }

  private async fetchSpan(span: Span): Promise<Uint8Array> {
    if (span.end - span.start > this.maxBytes) {
      throw new Stop(fgbError(this.url, `The read would fetch ${sizeText(span.end - span.start)} at once, more than the ${sizeText(this.maxBytes)} that may be.`, 'Read a smaller box (zoom in), or split the file into smaller ones.'));
    }
    const { res, abort } = await this.request(span.start, span.end - 1);
    if (res.status === 200) {
      // The whole file where a range was asked for: read only as far as the range's end, if that is within the limit.
      if (span.end > this.maxBytes) {
        await abandon(res, abort);
        throw new Stop(fgbError(this.url, `The server sent the whole file instead of the part asked for (it ignores Range requests), and the part lies beyond its first ${sizeText(this.maxBytes)}, more than may be read at once.`, TOO_LARGE_FIX));
      }
      const read = await readAtMost(res, span.end, abort, true);
      this.bytesFetched += read.received;
      const bytes = read.bytes;
      if (bytes.length < span.end) throw new Stop(fgbError(this.url, `The server sent ${bytes.length} bytes where the file should have ${span.end}; it changed while being read or is cut short.`, COPY_AGAIN));
      return bytes.subarray(span.start, span.end);
    }
    const bytes = await this.part(res, abort, span);
    if (bytes.length !== span.end - span.start) {
      throw new Stop(fgbError(this.url, `The server sent ${bytes.length} bytes for a request of ${span.end - span.start}; the file on the server is shorter than its header says.`, COPY_AGAIN));
    }
    return bytes;
  }
}

const meets = (a: Bbox, b: Bbox): boolean => a.minX <= b.maxX && a.maxX >= b.minX && a.minY <= b.maxY && a.maxY >= b.minY;

/** Features whose geometry's bounding box meets `bbox` (used when the file has no index). */
function filterByBox(features: SourceFeature[], bbox: Bbox | null): SourceFeature[] {
  if (!bbox) return features;
  return features.filter((f) => {
    const box = f.geometry ? geometryBbox(f.geometry as Geometry) : null;
    return box !== null && meets(box, bbox);
  });
}

/** A selected feature: its position in the file and its bytes (size prefix included), from the index. */
interface Hit {
  index: number;
  start: number;
  end: number;
}

/**
 * Walks the index from the root down, fetching at each level only the nodes below nodes that met the box,
 * and returns the selected features in file order.
 */
async function searchIndex(reader: RangeReader, header: FgbHeader, total: number, bbox: Bbox, url: string, max = Infinity): Promise<Hit[]> {
  const levels = treeLevels(header.featuresCount, header.indexNodeSize)!;
  const leaves = levels[0]!;
  const featuresBytes = total - header.featuresOffset;
  const damaged = (what: string): Stop => new Stop(fgbError(url, `The spatial index is damaged: ${what}.`, COPY_AGAIN));
  let wanted: Span[] = [{ start: 0, end: 1 }];
  const hits: Hit[] = [];
  for (let level = levels.length - 1; level >= 0 && wanted.length > 0; level--) {
    const isLeaf = level === 0;
    const bounds = levels[level]!;
    // For leaves also fetch the next node: its offset is where the selected feature ends.
    const fetchSpans = mergeSpans(
      wanted.map((s) => ({ start: s.start, end: isLeaf ? Math.min(s.end + 1, bounds.end) : s.end })),
      Math.floor(MERGE_GAP_BYTES / NODE_BYTES),
    );
    const chunks = await inBatches(fetchSpans, async (s) => ({
      first: s.start,
      view: new DataView((await reader.get({ start: header.indexOffset + s.start * NODE_BYTES, end: header.indexOffset + s.end * NODE_BYTES })).slice().buffer),
    }));
    const nodeView = (node: number): { view: DataView; at: number } => {
      // The chunks are sorted and every wanted node lies in one: binary search for the last chunk starting at or before it.
      let lo = 0;
      let hi = chunks.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (chunks[mid]!.first <= node) lo = mid;
        else hi = mid - 1;
      }
      const chunk = chunks[lo]!;
      return { view: chunk.view, at: (node - chunk.first) * NODE_BYTES };
    };
    const offsetOf = (node: number): number => {
      const { view, at } = nodeView(node);
      const high = view.getUint32(at + 36, true);
      if (high >= 0x200000) throw damaged(`node ${node} holds an offset beyond 2^53`);
      return high * 0x100000000 + view.getUint32(at + 32, true);
    };
    const next: Span[] = [];
    // Features under nodes wholly inside the box are all selected: a lower bound of the count at this level.
    // (In the packed tree node k of level l covers features k·size^l … (k+1)·size^l − 1.)
    const perNode = header.indexNodeSize ** level;
    let sure = 0;
    for (const span of wanted) {
      for (let node = span.start; node < span.end; node++) {
        const { view, at } = nodeView(node);
        const box = { minX: view.getFloat64(at, true), minY: view.getFloat64(at + 8, true), maxX: view.getFloat64(at + 16, true), maxY: view.getFloat64(at + 24, true) };
        if (!meets(box, bbox)) continue;
        if (box.minX >= bbox.minX && box.minY >= bbox.minY && box.maxX <= bbox.maxX && box.maxY <= bbox.maxY) {
          const k = node - bounds.start;
          sure += Math.max(0, Math.min((k + 1) * perNode, header.featuresCount) - k * perNode);
        }
        const offset = offsetOf(node);
        if (isLeaf) {
          const end = node + 1 < leaves.end ? offsetOf(node + 1) : featuresBytes;
          if (!(offset < end && end <= featuresBytes && end - offset >= 8)) throw damaged(`feature #${node - leaves.start + 1} would lie at bytes ${offset}–${end} of ${featuresBytes}`);
          hits.push({ index: node - leaves.start, start: header.featuresOffset + offset, end: header.featuresOffset + end });
        } else {
          const below = levels[level - 1]!;
          if (offset < below.start || offset >= below.end) throw damaged(`node ${node} points to node ${offset}, outside the level below`);
          next.push({ start: offset, end: Math.min(offset + header.indexNodeSize, below.end) });
        }
      }
    }
    if (Math.max(sure, hits.length) > max) throw tooMany(url, Math.max(sure, hits.length), max);
    wanted = mergeSpans(next, 0);
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** Fetches the selected features (nearby ones in one request) and decodes them, checking their sizes. */
async function fetchHits(reader: RangeReader, header: FgbHeader, hits: Hit[], url: string, options?: ReadOptions): Promise<SourceFeature[]> {
  const spans = mergeSpans(hits.map((h) => ({ start: h.start, end: h.end })), MERGE_GAP_BYTES);
  const features: SourceFeature[] = [];
  let h = 0;
  for (let i = 0; i < spans.length; i += PARALLEL_REQUESTS) {
    const batch = spans.slice(i, i + PARALLEL_REQUESTS);
    const chunks = await Promise.all(batch.map((s) => reader.get(s)));
    for (let c = 0; c < batch.length; c++) {
      const span = batch[c]!;
      const bytes = chunks[c]!;
      const decoder = new FeatureDecoder(bytes, header);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (; h < hits.length && hits[h]!.start < span.end; h++) {
        const hit = hits[h]!;
        if (features.length > 0 && features.length % TICK_EVERY === 0) await options?.tick?.(features.length / hits.length);
        const at = hit.start - span.start;
        const size = view.getUint32(at, true);
        if (size !== hit.end - hit.start - 4) {
          throw new Stop(fgbError(url, `Feature #${hit.index + 1} says it is ${size} bytes long but the spatial index gives it ${hit.end - hit.start - 4}; the file is damaged.`, COPY_AGAIN, hit.index));
        }
        try {
          features.push(decoder.decode(at + 4, at + 4 + size));
        } catch (e) {
          throw new Stop(featureError(url, hit.index, e));
        }
      }
    }
  }
  return features;
}

function checkBox(bbox: Bbox | null, url: string): IoError | null {
  if (!bbox) return null;
  const finite = [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY].every(Number.isFinite);
  if (finite && bbox.minX <= bbox.maxX && bbox.minY <= bbox.maxY) return null;
  return fgbError(url, `The box to read (x ${bbox.minX}–${bbox.maxX}, y ${bbox.minY}–${bbox.maxY}) is empty or not a number.`, 'Give the box as minimum x, minimum y, maximum x, maximum y in the file\'s CRS.');
}

/** The layer name from the URL's path: `…/data/地块.fgb?v=2` → `地块`. */
function nameFromUrl(url: string): string {
  try {
    return layerNameOf(decodeURIComponent(new URL(url, 'http://localhost/').pathname)) || 'remote';
  } catch {
    return layerNameOf(url);
  }
}

/**
 * The box in the file's CRS: as given when `from` is absent or the file's own; else its outline (corners and
 * edge midpoints) projected from `from` (the map's lon/lat) and enveloped. A file that declares no CRS this
 * app reads cannot be cut by a box given in another CRS: null, so every feature is read.
 */
function boxInFileCrs(bbox: Bbox | null, from: CrsCode | undefined, declared: DeclaredCrs | null): Bbox | null {
  if (!bbox || !from) return bbox;
  const to = declared?.crs;
  if (!to) return null;
  if (to === from) return bbox;
  const xs = [bbox.minX, (bbox.minX + bbox.maxX) / 2, bbox.maxX];
  const ys = [bbox.minY, (bbox.minY + bbox.maxY) / 2, bbox.maxY];
  const out: Bbox = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const x of xs) for (const y of ys) {
    const [px, py] = projectPoint([x, y], from, to) as [number, number];
    out.minX = Math.min(out.minX, px);
    out.minY = Math.min(out.minY, py);
    out.maxX = Math.max(out.maxX, px);
    out.maxY = Math.max(out.maxY, py);
  }
  return out;
}

/**
 * Reads the features of the FlatGeobuf file at `url` whose bounding boxes meet `bbox` (in the file's CRS,
 * or in `options.bboxCrs`),
 * or every feature when `bbox` is null. `bytesFetched` is what the server sent.
 */
export async function readFlatGeobufUrl(url: string, boxAsGiven: Bbox | null, options?: RemoteReadOptions): Promise<RemoteResult> {
  const badBox = checkBox(boxAsGiven, url);
  let bbox: Bbox | null;
  if (badBox) return { ok: false, error: badBox };
  const reader = new RangeReader(url, options?.fetch ?? globalThis.fetch.bind(globalThis), options?.maxBytes ?? REMOTE_MAX_BYTES);
  const max = options?.maxFeatures ?? Infinity;
  const capped = (features: SourceFeature[]): SourceFeature[] => {
    if (features.length > max) throw tooMany(url, features.length, max);
    return features;
  };
  const result = (features: SourceFeature[], header: FgbHeader, file: { size: number; head: Uint8Array }): RemoteResult => ({
    ok: true,
    layers: [{ ...fgbLayer(url, header, features), name: nameFromUrl(url) }],
    bytesFetched: reader.bytesFetched,
    file,
  });
  try {
    const first = await reader.first();
    if (first.whole) {
      const read = await readFlatGeobufSource(first.bytes, url, options);
      if (!read.ok) return { ...read, bytesFetched: reader.bytesFetched };
      const layer = read.layers[0]!;
      bbox = boxInFileCrs(boxAsGiven, options?.bboxCrs, layer.declaredCrs);
      const file = { size: first.total, head: first.bytes.subarray(0, WHOLE_HEAD_BYTES) };
      return { ok: true, layers: [{ ...layer, name: nameFromUrl(url), features: capped(filterByBox(layer.features, bbox)) }], bytesFetched: reader.bytesFetched, file };
    }
    const pre = checkPreamble(first.bytes, first.total, url);
    if (!pre.ok) return { ...pre, bytesFetched: reader.bytesFetched };
    let head = first.bytes;
    if (pre.headerEnd > head.length) {
      const rest = await reader.get({ start: head.length, end: pre.headerEnd });
      const joined = new Uint8Array(pre.headerEnd);
      joined.set(head);
      joined.set(rest, head.length);
      head = joined;
    }
    const parsed = parseHeader(head, pre.headerEnd, first.total, url);
    if (!parsed.ok) return { ...parsed, bytesFetched: reader.bytesFetched };
    const { header } = parsed;
    bbox = boxInFileCrs(boxAsGiven, options?.bboxCrs, declaredCrsOf(header.crs));
    const file = { size: first.total, head };
    if (header.featuresOffset >= first.total) return result([], header, file);
    if (bbox && header.indexBytes > 0) {
      const hits = await searchIndex(reader, header, first.total, bbox, url, options?.maxFeatures);
      return result(await fetchHits(reader, header, hits, url, options), header, file);
    }
    // No box, or no index to search: every feature, checked as the local reader checks them.
    const all = await reader.get({ start: header.featuresOffset, end: first.total });
    const run = await readFeatureRun(all, 0, header, url, options);
    if (!run.ok) return { ...run, bytesFetched: reader.bytesFetched };
    return result(capped(filterByBox(run.features, bbox)), header, file);
  } catch (e) {
    if (e instanceof Stop) return { ok: false, error: e.error, bytesFetched: reader.bytesFetched, ...(e.tooMany !== undefined ? { tooMany: e.tooMany } : {}) };
    throw e;
  }
}
