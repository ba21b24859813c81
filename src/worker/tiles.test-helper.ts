/** Shared by the worker's tile tests: metre rectangles in EPSG:4549, their lon/lat features, and tile addresses. */
import type { Feature, Geometry, Polygon } from 'geojson';
import { toDisplay } from '../geo/projection';

export const rect = (x: number, y: number, w: number, h: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]],
});

/** The rectangle as the map shows it (lon/lat), a feature without properties. */
export const shown = (g: Polygon): Feature<Geometry, null> => ({ type: 'Feature', properties: null, geometry: toDisplay(g) });

/** The tile (x, y) at zoom z holding lon/lat. */
export function tileAt(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}
