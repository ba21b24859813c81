/** Shared by the worker's tile tests: metre rectangles in EPSG:4549, their lon/lat features, and tile addresses. */
import type { Feature, Geometry, Polygon } from 'geojson';
import { toDisplay } from '../geo/projection';
import { worldX, worldY } from '../map/veil-ahead';

export const rect = (x: number, y: number, w: number, h: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]],
});

/** The rectangle as the map shows it (lon/lat), a feature without properties. */
export const shown = (g: Polygon): Feature<Geometry, null> => ({ type: 'Feature', properties: null, geometry: toDisplay(g) });

/** The tile (x, y) at zoom z holding lon/lat. */
export function tileAt(lon: number, lat: number, z: number): [number, number] {
  return [Math.floor(worldX(lon, 2 ** z)), Math.floor(worldY(lat, 2 ** z))];
}
