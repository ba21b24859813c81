/**
 * The filter veil as raster tiles drawn in the analysis worker: the page sends the filter mask once per
 * change (`veil-mask`), and the map's raster source `veil` asks for tiles through the `tenglong://`
 * protocol (`veil-tile`); each is the parcels outside the mask in the veil colour, handed over as an
 * ImageBitmap (transferred: no PNG encode or decode). The geometry is the rings the parcel tiles are
 * cut from (the TileSet's parcelShapes, parcel-shapes.ts), so the veil lies on the parcels. No per-parcel state crosses to
 * MapLibre: a filter change costs the visible tiles' pixels here and a texture upload there.
 *
 * Each tile's parcels are rasterised once into parcel ids per pixel (veil-raster.ts) and kept, so a
 * filter is a lookup per pixel: ~1 ms per tile at any parcel count. Drawing the paths on a canvas per
 * filter cost 0.1–0.15 s per tile at 100k parcels (1.75 s for the view at district zoom). The rasters
 * of the tiles the map shows are made ahead, while the worker is idle after serving their parcel tiles,
 * so the first filter is a lookup too.
 *
 * The same rasters draw the parcel picture (map/picture.ts): below zoom 13 every parcel as the pixel the page
 * sends for it (`picture-colours`: its palette key, coloured by the map's ramp on the GPU, so a colouring
 * change asks for no tile), asked for as veil tiles of `<key>~picture`.
 */
import { PICTURE_KEY_SUFFIX, PICTURE_MAX_ZOOM, VEIL_TILE_SIZE, type PictureColoursRequest, type PicturePickRequest, type Result, type TileRequest, type VeilAheadRequest, type VeilMaskRequest, type VeilTileRequest } from './protocol';
import type { Session } from './session';
import { isTileAddress, TILE_MAX_ZOOM, type TileSet } from './tiles';
import { nearestFid, paintPicture, paintVeil, rasteriseFids, rasteriseShapes, rgbaPixel, type FidRaster } from './veil-raster';
import { parcelsInBox, type ParcelShapes } from './parcel-shapes';
import { latOfWorldY, lonOfWorldX } from '../map/veil-ahead';

/** geojson-vt's extent of a parcel tile (worker/tiles.ts). */
const EXTENT = 4096;
/** The veil colour when the page's is no `#rrggbb` (map/bands.ts DIM_COLOUR is). */
const FALLBACK_COLOUR = '#f2f3ef';

/** The mask the veil is drawn from: 1 = inside the filter (clear), 0 = veiled; one byte per fid. */
interface VeilMask {
  key: string;
  mask: Uint8Array;
  /** The veil colour as an RGBA pixel (veil-raster.ts rgbaPixel), drawn opaque. */
  pixel: number;
}

let current: VeilMask | null = null;

/** The veil tiles of the view the page last sent (`veil-ahead`), drawn as soon as a mask comes. */
let lastView: VeilAheadRequest | null = null;
/** Veil tiles of the current mask drawn before MapLibre asks for them, by `z/x/y@ratio`; each is handed out once. */
const ready = new Map<string, ImageBitmap | null>();

function dropReady(): void {
  for (const bitmap of ready.values()) bitmap?.close();
  ready.clear();
}

/**
 * The veil of the dataset whose tiles are `key`: null mask = nothing veiled. With a mask, the view's veil
 * tiles are drawn before this answers, and the page asks MapLibre for them only then: they come back in a
 * few ms, in one frame. (Asked for at once, MapLibre drew a frame or two while the worker drew them, and on
 * software WebGL each of those frames held the GPU process ~100-190 ms, so the frame with the veil came late.)
 */
export function setVeilMask(req: VeilMaskRequest, session?: Session): Result<null> {
  dropReady();
  current = req.mask ? { key: req.key, mask: req.mask, pixel: rgbaPixel(req.colour) ?? rgbaPixel(FALLBACK_COLOUR)! } : null;
  const view = lastView;
  if (current && session && view && view.key === req.key) {
    for (const [z, x, y] of view.tiles) {
      const drawn = veilTile(session, { key: req.key, z, x, y, ratio: view.ratio });
      if (drawn.ok) ready.set(`${z}/${x}/${y}@${view.ratio}`, drawn.value);
    }
  }
  return { ok: true, value: null };
}

/** The parcel picture's colours, one RGBA pixel per fid, of the dataset whose tiles are `key`. */
let picture: { key: string; colours: Uint32Array } | null = null;

/**
 * The colours the parcel picture's tiles are drawn in from now on: each parcel in the pixel the page gives
 * its code (the tiles' codes), or every parcel in one pixel (`codes` null: before an analysis). A parcel
 * whose code the page did not list (a newer analysis', its answer not yet at the page) keeps its pixel
 * when `keepUnlisted`, else is left undrawn.
 * A request for another dataset's tiles is ignored.
 */
export function setPictureColours(req: PictureColoursRequest, session: Session): Result<null> {
  const tiles = session.tiles;
  if (!tiles || tiles.key !== req.key) return { ok: true, value: null };
  const codes = tiles.parcelCodes;
  const n = codes?.length ?? session.layers?.parcels.length ?? 0;
  const colours = new Uint32Array(n);
  if (!req.codes || !codes) colours.fill(req.pixels[0] ?? 0);
  if (req.codes && codes) {
    const pixelOf = new Map<number, number>();
    for (let i = 0; i < req.codes.length && i < req.pixels.length; i++) pixelOf.set(req.codes[i]!, req.pixels[i]!);
    const before = req.keepUnlisted && picture?.key === req.key && picture.colours.length === n ? picture.colours : null;
    // Runs of one code (neighbouring fids often share theirs) skip the lookup.
    let last = NaN, pixel: number | undefined;
    for (let fid = 0; fid < n; fid++) {
      const code = codes[fid]!;
      if (code !== last) pixel = pixelOf.get((last = code));
      colours[fid] = pixel ?? before?.[fid] ?? 0;
    }
  }
  picture = { key: req.key, colours };
  return { ok: true, value: null };
}

/** Where tile (z, x, y) lies in the cut tile it is drawn from: that tile (z ≤ TILE_MAX_ZOOM) or its ancestor. */
export function sourceTile(z: number, x: number, y: number, maxZoom = TILE_MAX_ZOOM): { z: number; x: number; y: number; scale: number; dx: number; dy: number } {
  const up = Math.max(0, z - maxZoom);
  const sz = z - up, sx = x >> up, sy = y >> up;
  const k = 2 ** up;
  // Tile units → this tile's unit pixels: scaled by 2^up, shifted by where this tile sits in the ancestor.
  const scale = k / EXTENT;
  return { z: sz, x: sx, y: sy, scale, dx: -(x - sx * k), dy: -(y - sy * k) };
}

/**
 * Rasters kept, least recently used first, up to RASTER_BUDGET bytes (a 512² tile of fewer than 65,535
 * parcels is 0.5 MB, 2 MB at pixel ratio 2): the view at district zoom and some panning and zooming.
 */
const rasters = new Map<string, FidRaster | null>();
const RASTER_BUDGET = 32 * 2 ** 20;
let rasterBytes = 0;
/** The dataset the kept rasters belong to. */
let rastersOf = '';

/** The id raster of veil tile (z, x, y) at `ratio` (made now if not kept), or null when no parcel is in it. */
export function veilRaster(tiles: TileSet, z: number, x: number, y: number, ratio: number): FidRaster | null {
  if (rastersOf !== tiles.key) {
    rasters.clear();
    rasterBytes = 0;
    rastersOf = tiles.key;
  }
  const id = `${z}/${x}/${y}@${ratio}`;
  const kept = rasters.get(id);
  if (kept !== undefined) {
    rasters.delete(id);
    rasters.set(id, kept);
    return kept;
  }
  // The shapes come with the tile set, or from the parcels' GeoJSON when that is indexed.
  if (!tiles.parcelShapes) tiles.prepare('parcels');
  const raster = tiles.parcelShapes ? shapesRaster(tiles.parcelShapes, z, x, y, VEIL_TILE_SIZE * ratio) : cutRaster(tiles, z, x, y, VEIL_TILE_SIZE * ratio);
  rasters.set(id, raster);
  rasterBytes += raster ? raster.pixels.byteLength + raster.fids.byteLength : 0;
  for (const [old, r] of rasters) {
    if (rasterBytes <= RASTER_BUDGET || old === id) break;
    rasters.delete(old);
    rasterBytes -= r ? r.pixels.byteLength + r.fids.byteLength : 0;
  }
  return raster;
}

/** The raster of tile (z, x, y) drawn from the parcels' own rings (those whose box meets the tile), or null when none does. */
function shapesRaster(shapes: ParcelShapes, z: number, x: number, y: number, side: number): FidRaster | null {
  const n = 2 ** z;
  // Half a pixel around the tile: an outline on its edge marks the edge's pixels.
  const pad = 0.5 / side;
  const fids = parcelsInBox(shapes, lonOfWorldX(x - pad, n), latOfWorldY(y + 1 + pad, n), lonOfWorldX(x + 1 + pad, n), latOfWorldY(y - pad, n));
  return fids.length > 0 ? rasteriseShapes(shapes, fids, z, x, y, side) : null;
}

/** The raster of tile (z, x, y) drawn from geojson-vt's cut (a tile set with no parcel shapes), or null. */
function cutRaster(tiles: TileSet, z: number, x: number, y: number, side: number): FidRaster | null {
  const at = sourceTile(z, x, y);
  const tile = tiles.rawTile('parcels', at.z, at.x, at.y);
  return tile && tile.features.length > 0 ? rasteriseFids(tile, side, at.scale, at.dx, at.dy) : null;
}

/** The pixel ratio the page last asked veil tiles at (rasters made ahead use it). */
let lastRatio = 1;
const canvases = new Map<number, OffscreenCanvas>();
const pixelBuffers = new Map<number, Uint32Array<ArrayBuffer>>();

/** The canvas veil tiles of `side` pixels are written into, and its 2D context. */
function tileCanvas(side: number): { canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D | null } {
  let canvas = canvases.get(side);
  if (!canvas) canvases.set(side, (canvas = new OffscreenCanvas(side, side)));
  // A CPU-backed canvas: the pixels are written, not drawn, and the bitmap needs no read-back to reach the page.
  return { canvas, ctx: canvas.getContext('2d', { willReadFrequently: true }) };
}

/**
 * Opens the tile canvas and hands one bitmap out, once, when the rasters made ahead are done (after the
 * map's first idle: the page sends the view's tiles then). The worker's first 2D context and bitmap open
 * its channel to the GPU process: a synchronous wait there, measured 140 ms of the district's first filter
 * (on software WebGL that process is busy with frames).
 */
let canvasOpened = false;
function openTileCanvas(): void {
  if (canvasOpened || typeof OffscreenCanvas === 'undefined') return;
  canvasOpened = true;
  const { canvas, ctx } = tileCanvas(VEIL_TILE_SIZE * lastRatio);
  ctx?.putImageData(new ImageData(1, 1), 0, 0);
  canvas.transferToImageBitmap().close();
}

/**
 * One veil tile as an ImageBitmap (transferred to the page), or null when none of its parcels is veiled.
 * A key ending in PICTURE_KEY_SUFFIX asks for the parcel picture instead: every parcel in its colour.
 */
export function veilTile(session: Session, req: VeilTileRequest): Result<ImageBitmap | null> {
  const tiles = session.tiles;
  const isPicture = req.key.endsWith(PICTURE_KEY_SUFFIX);
  const key = isPicture ? req.key.slice(0, -PICTURE_KEY_SUFFIX.length) : req.key;
  const veil = current;
  const colours = picture;
  if (!tiles || tiles.key !== key || (isPicture ? !colours || colours.key !== key : !veil || veil.key !== key)) return { ok: true, value: null };
  if (!isTileAddress(req.z, req.x, req.y)) return { ok: false, error: { code: 'bad-request', message: `no veil tile ${req.z}/${req.x}/${req.y}` } };
  const ratio = req.ratio === 2 ? 2 : 1;
  lastRatio = ratio;
  const id = `${req.z}/${req.x}/${req.y}@${ratio}`;
  if (!isPicture && ready.has(id)) {
    const early = ready.get(id)!;
    ready.delete(id);
    return { ok: true, value: early };
  }
  const raster = veilRaster(tiles, req.z, req.x, req.y, ratio);
  if (!raster) return { ok: true, value: null };
  const side = raster.side;
  let pixels = pixelBuffers.get(side);
  if (!pixels) pixelBuffers.set(side, (pixels = new Uint32Array(side * side)));
  const drawn = isPicture ? paintPicture(raster, colours!.colours, pixels) : paintVeil(raster, veil!.mask, veil!.pixel, pixels);
  if (drawn === 0) return { ok: true, value: null };
  const { canvas, ctx } = tileCanvas(side);
  if (!ctx) return { ok: false, error: { code: 'internal', message: 'no 2D context for the veil' } };
  // Opaque pixels or none: the layer's raster-opacity makes it a veil (no premultiplied alpha to get wrong).
  ctx.putImageData(new ImageData(new Uint8ClampedArray(pixels.buffer, 0, side * side * 4), side, side), 0, 0);
  // Hands the pixels over and leaves the canvas blank for the next tile.
  return { ok: true, value: canvas.transferToImageBitmap() };
}

/** The parcel the picture draws at a point (the id raster it is drawn from), or null; the key names the dataset's tiles. */
export function picturePick(session: Session, req: PicturePickRequest): Result<number | null> {
  const tiles = session.tiles;
  if (!tiles || tiles.key !== req.key) return { ok: true, value: null };
  const { z, x, y, px, py, radius } = req;
  if (!isTileAddress(z, x, y) || ![px, py, radius].every(Number.isFinite) || radius < 0 || radius > 64) {
    return { ok: false, error: { code: 'bad-request', message: `no picture point ${z}/${x}/${y} (${px}, ${py}) ±${radius}` } };
  }
  const ratio = req.ratio === 2 ? 2 : 1;
  const r = Math.ceil(radius);
  const side = VEIL_TILE_SIZE * ratio;
  const raster = veilRaster(tiles, z, x, y, ratio);
  let best = raster ? nearestFid(raster, px, py, r) : null;
  if (best?.d2 === 0) return { ok: true, value: best.fid };
  // Within the tolerance of the tile's edge, a parcel in the next tile may be the nearer one.
  const n = 2 ** z;
  for (const dy of [-1, 0, 1]) {
    for (const dx of [-1, 0, 1]) {
      if ((dx === 0 && dy === 0) || (dx < 0 && px >= r) || (dx > 0 && px < side - r) || (dy < 0 && py >= r) || (dy > 0 && py < side - r)) continue;
      const ty = y + dy;
      if (ty < 0 || ty >= n) continue;
      const next = veilRaster(tiles, z, (x + dx + n) % n, ty, ratio);
      const found = next ? nearestFid(next, px - dx * side, py - dy * side, r) : null;
      if (found && (!best || found.d2 < best.d2)) best = found;
    }
  }
  return { ok: true, value: best?.fid ?? null };
}

/** Parcel tiles served since the worker was last idle: their veil rasters are made ahead, the latest first. */
const ahead: { key: string; z: number; x: number; y: number; ratio?: number }[] = [];
let aheadTimer: ReturnType<typeof setTimeout> | null = null;
/** Quiet time after the last tile request before a raster is made ahead (tiles come in bursts). */
const AHEAD_DELAY_MS = 150;
const AHEAD_MAX = 48;

/**
 * Notes a parcel tile MapLibre asked for: the veil tile of the same place (same grid, z ≤ the cut's
 * deepest zoom) gets its raster made once the worker has been idle a moment, one tile per task so that
 * requests arriving meanwhile wait at most one tile's rasterising.
 */
export function rasteriseAhead(session: Session, req: TileRequest): void {
  // Below the picture's zoom the picture's own tiles make the rasters (at MapLibre's raster zoom, rounded where
  // the vector tiles' is floored: made ahead from these, they would be the wrong ones).
  if (req.layer !== 'parcels' || req.z < PICTURE_MAX_ZOOM || req.z > TILE_MAX_ZOOM || !session.tiles || session.tiles.key !== req.key) return;
  ahead.push({ key: req.key, z: req.z, x: req.x, y: req.y });
  if (ahead.length > AHEAD_MAX) ahead.shift();
  if (aheadTimer !== null) clearTimeout(aheadTimer);
  aheadTimer = setTimeout(() => rasteriseNext(session), AHEAD_DELAY_MS);
}

/**
 * The most veil tiles of one view made ahead: what the raster budget holds at that pixel ratio, less a few
 * (60 at ratio 1; 12 at ratio 2, where a raster is 2 MB), so the view's rasters do not push each other out.
 */
const viewAheadMax = (ratio: number): number => Math.floor(RASTER_BUDGET / (2 * (VEIL_TILE_SIZE * ratio) ** 2)) - 4;

/**
 * The veil tiles the map shows (the page sends them when the map is idle): their rasters are made once the
 * worker has been idle a moment, as for the parcel tiles above, at any zoom (the page knows the raster zoom).
 */
export function rasteriseViewAhead(session: Session, req: VeilAheadRequest): Result<null> {
  if (!session.tiles || session.tiles.key !== req.key) return { ok: true, value: null };
  const ratio = req.ratio === 2 ? 2 : 1;
  const tiles = req.tiles.filter(([z, x, y]) => isTileAddress(z, x, y)).slice(0, viewAheadMax(ratio));
  lastView = { key: req.key, tiles, ratio };
  // The view replaces what was queued: older guesses made after it would push its rasters out of the budget.
  ahead.length = 0;
  for (const [z, x, y] of tiles) ahead.push({ key: req.key, z, x, y, ratio });
  warm.length = 0;
  for (const [z, x, y] of tiles) if (z >= WARM_MIN_ZOOM && z <= TILE_MAX_ZOOM) warm.push({ key: req.key, z, x, y });
  if (aheadTimer !== null) clearTimeout(aheadTimer);
  aheadTimer = setTimeout(() => rasteriseNext(session), AHEAD_DELAY_MS);
  return { ok: true, value: null };
}

function rasteriseNext(session: Session): void {
  aheadTimer = null;
  const next = ahead.pop();
  const tiles = session.tiles;
  if (next && tiles && tiles.key === next.key) veilRaster(tiles, next.z, next.x, next.y, next.ratio ?? lastRatio);
  if (ahead.length > 0) aheadTimer = setTimeout(() => rasteriseNext(session), 0);
  else {
    openTileCanvas();
    if (warm.length > 0) aheadTimer = setTimeout(() => warmNext(session), 0);
    else if (next) indexWhenQuiet(session, next.key);
  }
}

/**
 * Quiet time before the parcels' tile index is made: one task of ~0.7 s at 100k parcels, which the
 * user's requests would wait behind (a colouring, a filter, a click), so not while they come: every
 * request puts it off (`putOffIndexing`, called by handlers.ts dispatch).
 */
const INDEX_QUIET_MS = 2000;
let indexing: { session: Session; key: string; timer: ReturnType<typeof setTimeout> } | null = null;

/**
 * Makes the parcels' vector-tile index of the dataset `key` the view showed once the worker has been
 * quiet a while and the first analysis is in (its first cut at zoom 13 would otherwise wait for it; the
 * load leaves it out of the first analysis' way, worker/dataset.ts).
 */
function indexWhenQuiet(session: Session, key: string): void {
  if (indexing) clearTimeout(indexing.timer);
  const timer = setTimeout(() => {
    indexing = null;
    if (session.tiles?.key === key && session.run) session.tiles.prepare('parcels');
  }, INDEX_QUIET_MS);
  indexing = { session, key, timer };
}

/** A request came in: the index waits for another quiet time. */
export function putOffIndexing(): void {
  if (indexing) indexWhenQuiet(indexing.session, indexing.key);
}

/**
 * The view's tiles still to be cut in the parcels' vector-tile index. The pictures are drawn from the parcels'
 * own rings, not from that index, so nothing has cut it down to the view yet; the map's first parcel tile at
 * zoom 13 would then wait for geojson-vt to cut every level above it (measured 0.6 s at 100k parcels,
 * 0.19 s with zoom 10's cut). Done here, a tile per task, once the view's rasters are made, for views whose
 * raster tiles are WARM_MIN_ZOOM or deeper (map zoom 11.5 on: zooming in towards the parcel tiles). Not for
 * the district's view (map zoom ~10.7 at 1440 px, raster tiles at 11), where it would be ~0.3 s of this
 * worker's time (and 75 MB) right after the start-up, in the way of the user's first requests.
 */
const warm: { key: string; z: number; x: number; y: number }[] = [];
const WARM_MIN_ZOOM = 12;

function warmNext(session: Session): void {
  aheadTimer = null;
  const next = warm.pop();
  const tiles = session.tiles;
  if (next && tiles && tiles.key === next.key) tiles.rawTile('parcels', next.z, next.x, next.y);
  if (warm.length > 0) aheadTimer = setTimeout(() => warmNext(session), 0);
}
