/**
 * A veil tile's parcels as a raster of ids: each pixel holds which parcel covers its centre (a scanline
 * fill, nonzero winding as the canvas fills, no antialiasing), and a free pixel an outline crosses is that
 * parcel's too (as MapLibre's fill outline draws it). Made once per tile, it turns every later
 * filter into a per-pixel lookup of the mask — about a millisecond per 512² tile, however many parcels
 * the tile holds — where drawing the parcels' paths again cost up to 0.15 s per tile at 100k parcels.
 */
import type { RawFeature, RawTile } from 'geojson-vt';
import type { ParcelShapes } from './parcel-shapes';
import { signedArea } from '../geo/packed';

/** A polygon of a cut tile: flat [x, y, …] rings in tile units. */
type Polygonal = Extract<RawFeature, { type: 2 | 3 }>;

/** Parcel ids per pixel of one tile: `pixels[p]` is 0 (no parcel) or 1 + an index into `fids`. */
export interface FidRaster {
  side: number;
  pixels: Uint16Array | Uint32Array;
  /** The tile's parcels, by their index in `pixels` minus one. */
  fids: Int32Array;
}

/** Edges crossing one scanline: their x and winding direction (reused between rows and tiles). */
let crossX = new Float64Array(64);
let crossDir = new Int8Array(64);

/**
 * Polygons in a tile's pixels, gathered before they are drawn (reused between tiles): polygon i's rings are
 * rings [polyEnd[i − 1], polyEnd[i]); ring r's vertices are [ringEnd[r − 1], ringEnd[r]) of `xy`, each
 * closed by its last edge; `sign[r]` (±1) turns the ring so that shells wind one way and holes the other.
 */
const batch = {
  polygons: 0,
  rings: 0,
  vertices: 0,
  xy: new Float32Array(4096),
  ringEnd: new Int32Array(256),
  sign: new Int8Array(256),
  polyEnd: new Int32Array(64),
};

function growBatch(vertices: number, rings: number, polygons: number): void {
  if (2 * vertices > batch.xy.length) batch.xy = grown(batch.xy, 2 * vertices, Float32Array);
  if (rings > batch.ringEnd.length) {
    batch.ringEnd = grown(batch.ringEnd, rings, Int32Array);
    batch.sign = grown(batch.sign, rings, Int8Array);
  }
  if (polygons > batch.polyEnd.length) batch.polyEnd = grown(batch.polyEnd, polygons, Int32Array);
}

function grown<T extends Float32Array | Int32Array | Int8Array>(a: T, need: number, Kind: new (n: number) => T): T {
  const b = new Kind(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
}

/**
 * Rasterises the polygons of `tile` into a `side`² raster; a point (tx, ty) of the tile lands on pixel
 * ((tx·scale + dx)·side, (ty·scale + dy)·side) — veil.ts sourceTile's mapping. A pixel is a parcel's when
 * its centre lies inside it (where parcels overlap, the later one in the tile wins), else the first
 * parcel's whose outline crosses it.
 */
export function rasteriseFids(tile: RawTile, side: number, scale: number, dx: number, dy: number): FidRaster {
  const polygons = tile.features.filter((f): f is Polygonal => f.type === 3 && typeof f.id === 'number');
  const k = scale * side, ox = dx * side, oy = dy * side;
  batch.polygons = batch.rings = batch.vertices = 0;
  const fids = new Int32Array(polygons.length);
  for (let i = 0; i < polygons.length; i++) {
    const f = polygons[i]!;
    fids[i] = f.id as number;
    // geojson-vt has wound them already: shells one way, holes the other.
    for (const ring of f.geometry) {
      const m = ring.length >> 1;
      if (m < 3) continue;
      growBatch(batch.vertices + m, batch.rings + 1, 0);
      for (let j = 0; j < m; j++) {
        batch.xy[2 * batch.vertices] = ring[2 * j]! * k + ox;
        batch.xy[2 * batch.vertices + 1] = ring[2 * j + 1]! * k + oy;
        batch.vertices++;
      }
      batch.ringEnd[batch.rings] = batch.vertices;
      batch.sign[batch.rings++] = 1;
    }
    growBatch(0, 0, i + 1);
    batch.polyEnd[i] = batch.rings;
  }
  batch.polygons = polygons.length;
  return drawBatch(side, fids);
}

/**
 * Rasterises parcels `fids` (ascending) of `shapes` into a `side`² raster of tile (z, x, y) (Web Mercator),
 * from their lon/lat rings as they are (not simplified or cut): the same rule as `rasteriseFids`.
 */
export function rasteriseShapes(shapes: ParcelShapes, fids: readonly number[], z: number, x: number, y: number, side: number): FidRaster {
  const world = 2 ** z * side;
  const kx = world / 360, cx = world / 2 - x * side;
  const ky = world / (2 * Math.PI), cy = world / 2 - y * side;
  const { xy } = shapes;
  batch.polygons = batch.rings = batch.vertices = 0;
  // One visitor for every ring of every parcel (not a closure per parcel).
  const addRing = (start: number, end: number, shell: boolean): void => {
    const m = end - start;
    if (m < 3) return;
    growBatch(batch.vertices + m, batch.rings + 1, 0);
    const first = batch.vertices;
    for (let v = start; v < end; v++) {
      const lat = (xy[2 * v + 1]! * Math.PI) / 180;
      batch.xy[2 * batch.vertices] = xy[2 * v]! * kx + cx;
      batch.xy[2 * batch.vertices + 1] = cy - Math.log(Math.tan(Math.PI / 4 + lat / 2)) * ky;
      batch.vertices++;
    }
    // As geojson-vt winds them (tiles-flat.ts writeRing): a shell's area ≥ 0 in tile space, a hole's < 0.
    const area = signedArea(batch.xy, first, batch.vertices);
    batch.ringEnd[batch.rings] = batch.vertices;
    batch.sign[batch.rings++] = shell === area >= 0 ? 1 : -1;
  };
  for (let i = 0; i < fids.length; i++) {
    shapes.ringsOf(fids[i]!)(addRing);
    growBatch(0, 0, i + 1);
    batch.polyEnd[i] = batch.rings;
  }
  batch.polygons = fids.length;
  return drawBatch(side, Int32Array.from(fids));
}

const ringStartOf = (r: number): number => (r === 0 ? 0 : batch.ringEnd[r - 1]!);
const polyStartOf = (i: number): number => (i === 0 ? 0 : batch.polyEnd[i - 1]!);

/** Draws the gathered polygons (polygon i is parcel fids[i]) into a new raster. */
function drawBatch(side: number, fids: Int32Array): FidRaster {
  const n = batch.polygons;
  const pixels = n < 0xffff ? new Uint16Array(side * side) : new Uint32Array(side * side);
  const { xy } = batch;
  for (let i = 0; i < n; i++) {
    const r0 = polyStartOf(i), r1 = batch.polyEnd[i]!;
    if (r0 === r1) continue;
    let yMin = Infinity, yMax = -Infinity;
    for (let v = ringStartOf(r0); v < batch.ringEnd[r1 - 1]!; v++) {
      const yv = xy[2 * v + 1]!;
      if (yv < yMin) yMin = yv;
      if (yv > yMax) yMax = yv;
    }
    // Rows whose centre (row + 0.5) lies in [yMin, yMax).
    const row0 = Math.max(0, Math.ceil(yMin - 0.5)), row1 = Math.min(side - 1, Math.ceil(yMax - 0.5) - 1);
    for (let row = row0; row <= row1; row++) fillRow(pixels, side, row, r0, r1, i + 1);
  }
  // Then each parcel's outline claims the free pixels its edges cross: MapLibre's fill draws an
  // antialiased 1 px outline in the fill colour, which is what keeps parcels of a pixel or two visible at
  // district zoom; a raster of pixel centres alone would drop most of them.
  for (let i = 0; i < n; i++) {
    for (let r = polyStartOf(i); r < batch.polyEnd[i]!; r++) {
      const v0 = ringStartOf(r), v1 = batch.ringEnd[r]!;
      let x0 = xy[2 * (v1 - 1)]!, y0 = xy[2 * (v1 - 1) + 1]!;
      for (let v = v0; v < v1; v++) {
        const x1 = xy[2 * v]!, y1 = xy[2 * v + 1]!;
        markEdge(pixels, side, x0, y0, x1, y1, i + 1);
        x0 = x1;
        y0 = y1;
      }
    }
  }
  // A district tile at 100k parcels gathers millions of vertices: that much is not kept between tiles.
  if (batch.xy.length > BATCH_KEPT) batch.xy = new Float32Array(4096);
  return { side, pixels, fids };
}

/** The most vertex coordinates the batch keeps between tiles (4 MB). */
const BATCH_KEPT = 2 ** 20;

/** Gives `value` to every still free pixel the segment (x0, y0)–(x1, y1) passes through (a grid walk). */
function markEdge(pixels: Uint16Array | Uint32Array, side: number, ax: number, ay: number, bx: number, by: number, value: number): void {
  if ((ax < 0 && bx < 0) || (ay < 0 && by < 0) || (ax >= side && bx >= side) || (ay >= side && by >= side)) return;
  // Only the part within a pixel of the raster is walked (a long edge of a large parcel at a deep zoom would
  // otherwise be walked pixel by pixel far outside it): Liang–Barsky against [-1, side + 1]².
  let t0 = 0, t1 = 1;
  const ex0 = bx - ax, ey0 = by - ay;
  for (const [p, q] of [[-ex0, ax + 1], [ex0, side + 1 - ax], [-ey0, ay + 1], [ey0, side + 1 - ay]] as const) {
    if (p === 0) {
      if (q < 0) return;
    } else if (p < 0) t0 = Math.max(t0, q / p);
    else t1 = Math.min(t1, q / p);
  }
  if (t0 > t1) return;
  const x0 = ax + t0 * ex0, y0 = ay + t0 * ey0, x1 = ax + t1 * ex0, y1 = ay + t1 * ey0;
  let cx = Math.floor(x0), cy = Math.floor(y0);
  const ex = Math.floor(x1), ey = Math.floor(y1);
  const dx = x1 - x0, dy = y1 - y0;
  const sx = dx > 0 ? 1 : -1, sy = dy > 0 ? 1 : -1;
  // Distance along the segment (0–1) to the next vertical / horizontal grid line, and between them.
  const tdx = dx === 0 ? Infinity : Math.abs(1 / dx), tdy = dy === 0 ? Infinity : Math.abs(1 / dy);
  let tx = dx === 0 ? Infinity : (dx > 0 ? cx + 1 - x0 : x0 - cx) * tdx;
  let ty = dy === 0 ? Infinity : (dy > 0 ? cy + 1 - y0 : y0 - cy) * tdy;
  for (let steps = Math.abs(ex - cx) + Math.abs(ey - cy); ; steps--) {
    if (cx >= 0 && cy >= 0 && cx < side && cy < side && pixels[cy * side + cx] === 0) pixels[cy * side + cx] = value;
    if (steps <= 0) break;
    if (tx < ty) {
      tx += tdx;
      cx += sx;
    } else {
      ty += tdy;
      cy += sy;
    }
  }
}

/** Fills row `row` with `value` where rings [r0, r1) of the batch hold the pixel centre (nonzero winding). */
function fillRow(pixels: Uint16Array | Uint32Array, side: number, row: number, r0: number, r1: number, value: number): void {
  const yc = row + 0.5;
  const { xy } = batch;
  let n = 0;
  for (let r = r0; r < r1; r++) {
    const v0 = ringStartOf(r), v1 = batch.ringEnd[r]!, sign = batch.sign[r]!;
    // Every edge, the closing one included (a zero-length closing edge crosses nothing).
    let x0 = xy[2 * (v1 - 1)]!, y0 = xy[2 * (v1 - 1) + 1]!;
    for (let v = v0; v < v1; v++) {
      const x1 = xy[2 * v]!, y1 = xy[2 * v + 1]!;
      if (y0 <= yc !== y1 <= yc) {
        if (n === crossX.length) grow();
        const x = x0 + ((yc - y0) * (x1 - x0)) / (y1 - y0);
        // Insertion by x: a row crosses a parcel's few edges.
        let p = n++;
        while (p > 0 && crossX[p - 1]! > x) {
          crossX[p] = crossX[p - 1]!;
          crossDir[p] = crossDir[p - 1]!;
          p--;
        }
        crossX[p] = x;
        crossDir[p] = (y1 > y0 ? 1 : -1) * sign;
      }
      x0 = x1;
      y0 = y1;
    }
  }
  let winding = 0;
  const base = row * side;
  for (let c = 0; c < n - 1; c++) {
    winding += crossDir[c]!;
    if (winding === 0) continue;
    // Pixels whose centre (px + 0.5) lies in [crossX[c], crossX[c + 1]).
    const a = Math.max(0, Math.ceil(crossX[c]! - 0.5)), b = Math.min(side, Math.ceil(crossX[c + 1]! - 0.5));
    for (let px = a; px < b; px++) pixels[base + px] = value;
  }
}

function grow(): void {
  const x = new Float64Array(crossX.length * 2), d = new Int8Array(crossDir.length * 2);
  x.set(crossX);
  d.set(crossDir);
  crossX = x;
  crossDir = d;
}

/**
 * Writes the veil of `raster` under `mask` (mask[fid] 0 = veiled) into `out` (one RGBA pixel per
 * element): `colour` where a veiled parcel's pixel is, 0 (transparent) elsewhere. Returns how many
 * pixels are veiled (0: the tile needs no image).
 */
export function paintVeil(raster: FidRaster, mask: Uint8Array, colour: number, out: Uint32Array): number {
  const { fids, pixels } = raster;
  // Per parcel of the tile first (thousands), then per pixel (a quarter of a million) one lookup.
  const lookup = new Uint32Array(fids.length + 1);
  let any = false;
  for (let i = 0; i < fids.length; i++) {
    if (mask[fids[i]!] === 0) {
      lookup[i + 1] = colour;
      any = true;
    }
  }
  if (!any) return 0;
  return writeLooked(lookup, pixels, out);
}

/** Writes `lookup[pixels[p]]` into `out[p]` for every pixel; returns how many are not transparent (0). */
function writeLooked(lookup: Uint32Array, pixels: ArrayLike<number>, out: Uint32Array): number {
  let drawn = 0;
  for (let p = 0; p < pixels.length; p++) {
    const c = lookup[pixels[p]!]!;
    out[p] = c;
    if (c !== 0) drawn++;
  }
  return drawn;
}

/** Writes every parcel of `raster` in its colour (`colours[fid]`, RGBA pixels) into `out`; returns the pixels drawn. */
export function paintPicture(raster: FidRaster, colours: Uint32Array, out: Uint32Array): number {
  const { fids, pixels } = raster;
  const lookup = new Uint32Array(fids.length + 1);
  for (let i = 0; i < fids.length; i++) lookup[i + 1] = colours[fids[i]!] ?? 0;
  return writeLooked(lookup, pixels, out);
}

/**
 * The parcel (fid) drawn at pixel (px, py) of `raster`, else the one whose pixel is nearest within
 * `radius` pixels (a click near a parcel of a pixel or two still picks it), with the squared distance in
 * pixels; null when none. (px, py) may lie outside the raster (a point in the next tile): the search
 * covers the raster's pixels within `radius`.
 */
export function nearestFid(raster: FidRaster, px: number, py: number, radius: number): { fid: number; d2: number } | null {
  const { side, pixels, fids } = raster;
  const x0 = Math.floor(px), y0 = Math.floor(py);
  let best = 0, bestD = Infinity;
  for (let y = Math.max(0, y0 - radius); y <= Math.min(side - 1, y0 + radius); y++) {
    for (let x = Math.max(0, x0 - radius); x <= Math.min(side - 1, x0 + radius); x++) {
      const v = pixels[y * side + x]!;
      const d = (x - x0) ** 2 + (y - y0) ** 2;
      if (v !== 0 && d < bestD && d <= radius * radius) {
        best = v;
        bestD = d;
      }
    }
  }
  return best === 0 ? null : { fid: fids[best - 1]!, d2: bestD };
}

/** `#rgb` / `#rrggbb` as an opaque RGBA pixel in memory order (ImageData's bytes on a little-endian machine), or null. */
export function rgbaPixel(css: string): number | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(css.trim());
  if (!m) return null;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  const r = parseInt(h.slice(0, 2), 16), g = parseInt(h.slice(2, 4), 16), b = parseInt(h.slice(4, 6), 16);
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}
