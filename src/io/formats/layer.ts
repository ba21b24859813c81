/**
 * The part of reading every polygon format shares once the bytes are parsed: check each geometry,
 * decide the CRS (declared or detected), and reproject to EPSG:4549 metres for analysis.
 */
import { ANALYSIS_CRS, projectGeometry } from '../../geo/projection';
import { detectCrs, geometryBbox, type Bbox } from '../../geo/crs-detect';
import { matchField } from '../field-mapping';
import { polygonProblem } from './validate';
import { describeFeature, type FeatureRef, type IoWarning, type PolygonGeometry, type ReadResult } from './types';

export interface RawFeature {
  geometry: unknown;
  properties: Record<string, unknown>;
  /** The format's own feature id (GeoJSON `id`), if any. */
  id?: unknown;
}

/** Names a feature for messages: its position, and its id from the file or from a parcel-id-like column. */
export function featureRef(index: number, f: RawFeature): FeatureRef {
  if (typeof f.id === 'string' || typeof f.id === 'number') return { index, id: String(f.id) };
  for (const [k, v] of Object.entries(f.properties)) {
    if ((typeof v === 'string' || typeof v === 'number') && String(v).trim() !== '' && matchField(k)?.key === 'parcelId') {
      return { index, id: String(v).trim() };
    }
  }
  return { index };
}

export function buildLayer(file: string, raw: readonly RawFeature[], declaredCrs: string | number | null, warnings: IoWarning[]): ReadResult {
  if (raw.length === 0) {
    return { ok: false, error: { file, problem: 'The file has no features.', fix: 'Export the layer again with its features, or choose the right file.' } };
  }
  const boxes: Bbox[] = [];
  for (let i = 0; i < raw.length; i++) {
    const f = raw[i]!;
    const problem = polygonProblem(f.geometry);
    if (problem) {
      const feature = featureRef(i, f);
      return {
        ok: false,
        error: {
          file,
          feature,
          problem: `${capitalise(describeFeature(feature))} ${problem}.`,
          fix: geometryFix(problem),
        },
      };
    }
    boxes.push(geometryBbox(f.geometry as PolygonGeometry)!);
  }
  const crs = detectCrs(boxes, declaredCrs);
  if (!crs.ok) {
    const { featureIndex, problem, fix } = crs.error;
    return featureIndex === undefined
      ? { ok: false, error: { file, problem, fix } }
      : { ok: false, error: { file, feature: featureRef(featureIndex, raw[featureIndex]!), problem, fix } };
  }
  const fields: string[] = [];
  const seen = new Set<string>();
  const features = raw.map((f) => {
    for (const k of Object.keys(f.properties)) {
      if (!seen.has(k)) {
        seen.add(k);
        fields.push(k);
      }
    }
    return { geometry: projectGeometry(f.geometry as PolygonGeometry, crs.info.crs, ANALYSIS_CRS), properties: f.properties };
  });
  return { ok: true, layer: { features, fields, crs: crs.info, warnings } };
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function geometryFix(problem: string): string {
  if (problem.includes('polygons only')) return 'Load only polygon layers here (points and lines cannot be parcels); convert or split the file in a GIS.';
  if (problem.includes('not closed')) return 'Close the ring by repeating its first vertex at the end (in QGIS: Vector › Geometry Tools › Check Validity, or `ogr2ogr -makevalid`).';
  if (problem.includes('no geometry')) return 'Draw the feature\'s outline or delete the feature.';
  return 'Repair the geometry in a GIS (e.g. `ogr2ogr -makevalid out.fgb in.geojson`) or delete the feature.';
}
