/**
 * Zones terra-draw cannot show (several parts, or holes: it draws and edits simple polygons only) as a
 * read-only fill and outline of their own colour on the map, so an imported zone is always seen.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { SavedZone as Zone } from '../../io/zones-file';
import { zoneDrawable as drawable } from '../../state/zonesSlice';

export { drawable };

const SOURCE = 'zones-static';
const FILL = 'zones-static-fill';
const LINE = 'zones-static-line';


/** Shows `zones` (those not drawable) on `map`, replacing what it showed before. */
export function showStaticZones(map: MapLibreMap, zones: readonly Zone[]): void {
  const data: FeatureCollection = {
    type: 'FeatureCollection',
    features: zones.filter((z) => !drawable(z)).map((z) => ({ type: 'Feature', id: z.id, properties: { colour: z.colour || '#e6550d' }, geometry: z.geometry })),
  };
  const source = map.getSource<GeoJSONSource>(SOURCE);
  if (source) {
    source.setData(data);
    return;
  }
  if (data.features.length === 0) return; // nothing to show yet: no source, no layers, no programs
  map.addSource(SOURCE, { type: 'geojson', data });
  map.addLayer({ id: FILL, type: 'fill', source: SOURCE, paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.18 } });
  map.addLayer({ id: LINE, type: 'line', source: SOURCE, paint: { 'line-color': ['get', 'colour'], 'line-width': 2, 'line-dasharray': [3, 2] } });
}
