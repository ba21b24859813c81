/**
 * GeoJSON export (RFC 7946): WGS84 lon/lat to 1e-10° (≈ 0.01 mm, so the metre geometry comes back within
 * a millimetre), rings wound as §3.1.6 asks, properties under the canonical English keys (gis-columns.ts),
 * and the list's metadata (evaluation date, rule set, dataset identity) as the foreign member `tenglong`.
 */
import type { Geometry, Position } from 'geojson';
import { mapGeometry, projectPoint } from '../../geo/projection';
import { shapeRings } from '../formats/shapefile/write';
import { GIS_COLUMNS } from './gis-columns';
import { metaRecord, type ExportMeta, type ExportOptions, type ExportSource } from './model';

const r10 = (v: number): number => Math.round(v * 1e10) / 1e10;

/**
 * RFC 7946 §3.1.6: outer rings counter-clockwise, holes clockwise, closed — the Shapefile's winding
 * (shapeRings: outer clockwise), reversed.
 */
function rfc7946Rings(polygon: Position[][]): Position[][] {
  return shapeRings({ type: 'Polygon', coordinates: polygon }).map((ring) => [...ring].reverse());
}

/** EPSG:4549 metres → WGS84, 10 decimals; polygons wound as RFC 7946 asks (in the degrees written). */
export function toWgs84<G extends Geometry>(g: G): G {
  const out = mapGeometry(g, (p: Position) => {
    const q = projectPoint(p, 'EPSG:4549', 'EPSG:4326');
    return [r10(q[0]!), r10(q[1]!)];
  });
  if (out.type === 'Polygon') return { ...out, coordinates: rfc7946Rings(out.coordinates) };
  if (out.type === 'MultiPolygon') return { ...out, coordinates: out.coordinates.map(rfc7946Rings) };
  return out;
}

export function writeGeoJson(source: ExportSource, fids: readonly number[], meta: ExportMeta, options: ExportOptions = {}): Uint8Array {
  const head = JSON.stringify({ type: 'FeatureCollection', name: meta.listName, tenglong: { ...metaRecord(meta), crs: 'EPSG:4326' } });
  const parts: string[] = [head.slice(0, -1), ',"features":['];
  fids.forEach((fid, k) => {
    const properties: Record<string, unknown> = {};
    for (const c of GIS_COLUMNS) properties[c.key] = c.value(source, fid);
    const feature = { type: 'Feature', id: fid, properties, geometry: toWgs84(source.parcels[fid]!.geometry) };
    parts.push((k > 0 ? ',\n' : '\n') + JSON.stringify(feature));
    if (k % 2000 === 0) options.progress?.(k / fids.length);
  });
  parts.push('\n]}\n');
  return new TextEncoder().encode(parts.join(''));
}
