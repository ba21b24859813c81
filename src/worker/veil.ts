/**
 * The filter veil as raster tiles drawn in the analysis worker: the page sends the filter mask once per
 * change (`veil-mask`), and the map's raster source `veil` asks for tiles through the `tenglong://`
 * protocol (`veil-tile`); each is the parcels outside the mask filled in the veil colour on an
 * OffscreenCanvas, handed over as an ImageBitmap (transferred: no PNG encode or decode). The geometry is
 * the parcel tiles' own (the TileSet's geojson-vt index, already cut for the vector tiles), so the veil
 * lies exactly on the parcels. No per-parcel state crosses to MapLibre: a filter change costs the
 * visible tiles' drawing here and a texture upload there (map/paint.ts says what it replaced).
 */
import type { RawTile } from 'geojson-vt';
import type { Result, VeilMaskRequest, VeilTileRequest } from './protocol';
import type { Session } from './session';
import { TILE_MAX_ZOOM } from './tiles';

/** geojson-vt's extent of a parcel tile (worker/tiles.ts). */
const EXTENT = 4096;
/** A veil tile's side in CSS pixels: the vector tiles' 512 (MapLibre's default tile size), so the grids match. */
export const VEIL_TILE_SIZE = 512;

/** The mask the veil is drawn from: 1 = inside the filter (clear), 0 = veiled; one byte per fid. */
interface VeilMask {
  key: string;
  mask: Uint8Array;
  colour: string;
}

let current: VeilMask | null = null;

/** The veil of the dataset whose tiles are `key`: null mask = nothing veiled. */
export function setVeilMask(req: VeilMaskRequest): Result<null> {
  current = req.mask ? { key: req.key, mask: req.mask, colour: req.colour } : null;
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

/** The path operations a veil tile is drawn with (a CanvasRenderingContext2D or a test's recorder). */
export interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  closePath(): void;
}

/**
 * Parcels per path: Chromium's canvas path grows slower than linearly with its subpaths (measured in a
 * worker, SwiftShader, 2 cores: 10k small polygons in one path 0.4–0.6 s, 30k 3.8 s; filled every 500,
 * 30k took 0.13–0.16 s). The fill is opaque, so filling in batches changes no pixel's colour.
 */
export const PARCELS_PER_FILL = 500;

/**
 * Traces the rings of every polygon of `tile` whose fid the mask veils (mask[fid] === 0) into `sink`, in
 * unit coordinates of the tile asked for ([0, 1) inside it), calling `flush` after every PARCELS_PER_FILL
 * of them; returns how many parcels were traced.
 */
export function traceVeiled(tile: RawTile, mask: Uint8Array, sink: PathSink, scale: number, dx: number, dy: number, flush?: () => void): number {
  let n = 0;
  for (const f of tile.features) {
    if (f.type !== 3 || typeof f.id !== 'number' || mask[f.id] !== 0) continue;
    if (n > 0 && n % PARCELS_PER_FILL === 0) flush?.();
    n++;
    for (const ring of f.geometry) {
      if (ring.length < 6) continue;
      sink.moveTo(ring[0]! * scale + dx, ring[1]! * scale + dy);
      for (let i = 2; i < ring.length; i += 2) sink.lineTo(ring[i]! * scale + dx, ring[i + 1]! * scale + dy);
      sink.closePath();
    }
  }
  return n;
}

const canvases = new Map<number, OffscreenCanvas>();

/** One veil tile as an ImageBitmap (transferred to the page), or null when none of its parcels is veiled. */
export function veilTile(session: Session, req: VeilTileRequest): Result<ImageBitmap | null> {
  const tiles = session.tiles;
  const veil = current;
  if (!tiles || tiles.key !== req.key || !veil || veil.key !== req.key) return { ok: true, value: null };
  if (![req.z, req.x, req.y].every(Number.isInteger) || req.z < 0 || req.z > 24) return { ok: false, error: { code: 'bad-request', message: `no veil tile ${req.z}/${req.x}/${req.y}` } };
  const at = sourceTile(req.z, req.x, req.y);
  const tile = tiles.rawTile('parcels', at.z, at.x, at.y);
  const mask = veil.mask;
  if (!tile || !tile.features.some((f) => typeof f.id === 'number' && mask[f.id] === 0)) return { ok: true, value: null };
  const ratio = req.ratio === 2 ? 2 : 1;
  const side = VEIL_TILE_SIZE * ratio;
  let canvas = canvases.get(side);
  if (!canvas) canvases.set(side, (canvas = new OffscreenCanvas(side, side)));
  // A CPU-backed canvas: paths of thousands of parcels fill far faster in software than through the GPU
  // process (SwiftShader on machines without a GPU), and the bitmap needs no read-back to reach the page.
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return { ok: false, error: { code: 'internal', message: 'no 2D context for the veil' } };
  ctx.setTransform(side, 0, 0, side, 0, 0);
  // Opaque fills: the layer's raster-opacity makes it a veil (an ImageBitmap's partial alpha would be
  // premultiplied twice on its way to the texture).
  ctx.fillStyle = veil.colour;
  ctx.beginPath();
  traceVeiled(tile, mask, ctx, at.scale, at.dx, at.dy, () => {
    ctx.fill();
    ctx.beginPath();
  });
  ctx.fill();
  // Hands the pixels over and leaves the canvas blank for the next tile.
  return { ok: true, value: canvas.transferToImageBitmap() };
}
