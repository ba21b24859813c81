/**
 * The veil tiles the map shows, as MapLibre covers the view with a raster source of 512 px tiles: at the
 * zoom rounded (raster sources round where vector ones floor), Web Mercator tiles over the visible bounds.
 * The page sends them to the worker when the map is idle (`veil-ahead`), so the first filter after a move
 * finds their id rasters made. No MapLibre here: the caller passes the bounds and zoom.
 */
import { VEIL_MAX_ZOOM } from './style';

export type TileCoord = [z: number, x: number, y: number];

const clampIndex = (i: number, n: number): number => Math.min(n - 1, Math.max(0, i));

/** Web Mercator: longitude as a position across a grid of `n` tiles (0 at −180°, n at 180°). */
export const worldX = (lon: number, n: number): number => ((lon + 180) / 360) * n;
/** Web Mercator: latitude (clamped to ±85.0511°) as a position down a grid of `n` tiles (0 at the top). */
export const worldY = (lat: number, n: number): number => {
  const φ = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(φ) + 1 / Math.cos(φ)) / Math.PI) / 2) * n;
};
/** The longitude of grid position `x` of `n` tiles (worldX's inverse). */
export const lonOfWorldX = (x: number, n: number): number => (x / n) * 360 - 180;
/** The latitude of grid position `y` of `n` tiles (worldY's inverse). */
export const latOfWorldY = (y: number, n: number): number => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;

const tileX = (lon: number, n: number): number => Math.floor(worldX(lon, n));
const tileY = (lat: number, n: number): number => Math.floor(worldY(lat, n));

/** The raster tiles (z, x, y) covering `bounds` ([west, south, east, north], degrees) at map zoom `zoom`. */
export function veilTilesInView(bounds: readonly [number, number, number, number], zoom: number): TileCoord[] {
  const [w, s, e, n] = bounds;
  if (![w, s, e, n, zoom].every(Number.isFinite)) return [];
  const z = Math.max(0, Math.min(VEIL_MAX_ZOOM, Math.round(zoom)));
  const count = 2 ** z;
  const x0 = clampIndex(tileX(w, count), count), x1 = clampIndex(tileX(e, count), count);
  const y0 = clampIndex(tileY(n, count), count), y1 = clampIndex(tileY(s, count), count);
  const out: TileCoord[] = [];
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) out.push([z, x, y]);
  return out;
}
