/**
 * The older FlatGeobuf entry point for polygon layers (`ReadResult`: checked and reprojected to EPSG:4549).
 * It parses with the safe reader in `fgb/read.ts` (validated header, feature sizes and count) and hands
 * the features to `buildLayer`; the header's CRS is the declared CRS. New code reads through the loader.
 */
import { readFlatGeobufSource } from './fgb/read';
import { buildLayer, type RawFeature } from './layer';
import type { FormatReader, ReadResult } from './types';

export const flatgeobufReader: FormatReader = {
  id: 'flatgeobuf',
  extensions: ['.fgb'],
  read: async (bytes, fileName) => readFlatGeobuf(bytes, fileName),
};

export async function readFlatGeobuf(bytes: Uint8Array, file: string): Promise<ReadResult> {
  const read = await readFlatGeobufSource(bytes, file);
  if (!read.ok) return read;
  const layer = read.layers[0]!;
  // Absent values are null properties now (the flatgeobuf package left the keys out), so `fields` lists every column.
  const raw: RawFeature[] = layer.features;
  return buildLayer(file, raw, layer.declaredCrs?.text ?? null, []);
}
