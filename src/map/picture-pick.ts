/**
 * Where a point of the map lies in the parcel picture (map/picture.ts): below PICTURE_MAX_ZOOM a large
 * dataset's parcels are the worker's raster tiles and no parcel tile is loaded, so a click asks the worker
 * which parcel its picture draws there ('picture-pick', worker/veil.ts picturePick). Pure Web Mercator.
 */
import { PICTURE_MAX_ZOOM } from './style';
import { worldX, worldY } from './veil-ahead';
import { VEIL_TILE_SIZE, type PicturePickRequest } from '../worker/protocol';

export type PicturePoint = Omit<PicturePickRequest, 'key'>;

/**
 * The picture tile under (lon, lat) at map zoom `zoom` (MapLibre rounds a raster source's zoom), the pixel
 * in it at pixel `ratio` (1 or 2, as the tiles are asked for), and `tolerancePx` CSS pixels in its pixels.
 */
export function picturePoint(lon: number, lat: number, zoom: number, ratio: 1 | 2, tolerancePx: number): PicturePoint {
  const z = Math.min(PICTURE_MAX_ZOOM, Math.max(0, Math.round(zoom)));
  const n = 2 ** z;
  // A world copy east or west of the first (the map repeats it) is the same place.
  const wx = worldX(((((lon + 180) % 360) + 360) % 360) - 180, n);
  const wy = worldY(lat, n);
  const x = Math.min(n - 1, Math.max(0, Math.floor(wx)));
  const y = Math.min(n - 1, Math.max(0, Math.floor(wy)));
  const side = VEIL_TILE_SIZE * ratio;
  // A CSS pixel at `zoom` is ratio · 2^(z − zoom) pixels of a tile of zoom z.
  return { z, x, y, ratio, px: (wx - x) * side, py: (wy - y) * side, radius: tolerancePx * ratio * 2 ** (z - zoom) };
}
