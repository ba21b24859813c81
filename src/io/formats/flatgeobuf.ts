/**
 * FlatGeobuf reader for polygon layers. The header's CRS (GDAL writes org EPSG + code) is the declared
 * CRS; the features are read in file order with `geojson.deserialize` (no bbox filter).
 */
import { geojson } from 'flatgeobuf';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { buildLayer, type RawFeature } from './layer';
import type { FormatReader, IoWarning, ReadResult } from './types';

/** "fgb" + major version 3; the 4th byte is the patch version (flatgeobuf spec). */
const MAGIC = [0x66, 0x67, 0x62, 0x03];

export const flatgeobufReader: FormatReader = {
  id: 'flatgeobuf',
  extensions: ['.fgb'],
  read: async (bytes, fileName) => readFlatGeobuf(bytes, fileName),
};

function declaredCrs(header: HeaderMeta | null): string | null {
  const crs = header?.crs;
  if (!crs) return null;
  if (crs.code > 0) return `${crs.org ?? 'EPSG'}:${crs.code}`;
  if (crs.code_string) return crs.code_string;
  return null;
}

export async function readFlatGeobuf(bytes: Uint8Array, file: string): Promise<ReadResult> {
  if (bytes.length < 8 || !MAGIC.every((b, i) => bytes[i] === b)) {
    return {
      ok: false,
      error: { file, problem: 'The file is not FlatGeobuf (it does not start with the "fgb" signature, version 3).', fix: 'Export the layer as FlatGeobuf, e.g. `ogr2ogr -f FlatGeobuf out.fgb in.shp`.' },
    };
  }
  let header: HeaderMeta | null = null;
  const raw: RawFeature[] = [];
  try {
    for await (const f of geojson.deserialize(bytes, { headerMetaFn: (h) => (header = h) })) {
      raw.push({ geometry: f.geometry, properties: { ...(f.properties ?? {}) } });
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      error: {
        file,
        feature: raw.length > 0 ? { index: raw.length } : undefined,
        problem: `The FlatGeobuf file is damaged after ${raw.length} readable feature(s) (${message}).`,
        fix: 'Copy or export the file again; it may have been cut short.',
      },
    };
  }
  const warnings: IoWarning[] = [];
  return buildLayer(file, raw, declaredCrs(header), warnings);
}
