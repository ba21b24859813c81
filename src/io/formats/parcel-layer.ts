/**
 * Turns a read polygon layer into parcels: maps the columns to ParcelAttributes, and insists on what the
 * analysis cannot do without — a parcelId on every feature, unique across the layer (data-model.md).
 */
import type { ParcelAttributes } from '../../domain/parcel';
import { describeMapping, guessFieldMapping, mappingWarnings, mapProperties, type FieldMapping } from '../field-mapping';
import { describeFeature, type IoError, type IoWarning, type PolygonGeometry, type ReadLayer } from './types';

export interface ImportedParcel {
  geometry: PolygonGeometry;
  attributes: ParcelAttributes;
}

export type ParcelLayerResult =
  | { ok: true; parcels: ImportedParcel[]; mapping: FieldMapping; mappingLines: string[]; warnings: IoWarning[] }
  | { ok: false; error: IoError };

const ID_NAMES = 'parcelId, 地块编号 or DKBH';

/** Maps and checks a parcel layer; `mapping` overrides the guess (the app lets users correct it). */
export function toParcels(layer: ReadLayer, file: string, mapping: FieldMapping = guessFieldMapping(layer.fields)): ParcelLayerResult {
  const idColumn = mapping.matches.find((m) => m.target === 'parcelId')?.source;
  if (idColumn === undefined) {
    return {
      ok: false,
      error: {
        file,
        problem: `No column holds the parcel id; the columns are: ${layer.fields.join(', ') || '(none)'}.`,
        fix: `Name the parcel id column ${ID_NAMES} (or map it by hand).`,
      },
    };
  }
  const warnings: IoWarning[] = [...layer.warnings, ...mappingWarnings(mapping, file)];
  const parcels: ImportedParcel[] = [];
  const firstIndexOf = new Map<string, number>();
  for (let index = 0; index < layer.features.length; index++) {
    const f = layer.features[index]!;
    const rawId = f.properties[idColumn];
    const idText = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId).trim() : '';
    if (idText === '') {
      return {
        ok: false,
        error: { file, feature: { index }, problem: `Feature #${index + 1} has no parcel id (column "${idColumn}" is empty).`, fix: `Fill in "${idColumn}" for that feature, or delete the feature.` },
      };
    }
    const feature = { index, id: idText };
    const earlier = firstIndexOf.get(idText);
    if (earlier !== undefined) {
      return {
        ok: false,
        error: {
          file,
          feature,
          problem: `${describeFeature(feature)} repeats the parcel id of feature #${earlier + 1}; parcel ids must be unique.`.replace(/^f/, 'F'),
          fix: `Give one of them another "${idColumn}", or merge the two features if they are one parcel.`,
        },
      };
    }
    firstIndexOf.set(idText, index);
    const mapped = mapProperties(f.properties, mapping, file, feature);
    warnings.push(...mapped.warnings);
    parcels.push({ geometry: f.geometry, attributes: { ...mapped.attributes, parcelId: idText } });
  }
  return { ok: true, parcels, mapping, mappingLines: describeMapping(mapping), warnings };
}

/** Reads a text property by the first column whose normalised name is one of `names`; for layer names, levels. */
export function pickProperty(props: Record<string, unknown>, names: readonly string[]): string | undefined {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  for (const [k, v] of Object.entries(props)) {
    if (!wanted.has(k.trim().toLowerCase())) continue;
    if ((typeof v === 'string' || typeof v === 'number') && String(v).trim() !== '') return String(v).trim();
  }
  return undefined;
}
