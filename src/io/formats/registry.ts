/** The readers the app and the CLI know, and how a file name picks one (by extension, case-insensitive). */
import { flatgeobufReader } from './flatgeobuf';
import { readGeoJson } from './geojson';
import type { FormatReader } from './types';

const geojsonReader: FormatReader = { id: 'geojson', extensions: ['.geojson', '.json'], read: readGeoJson };

export const FORMAT_READERS: readonly FormatReader[] = [geojsonReader, flatgeobufReader];

export function readerForFile(fileName: string): FormatReader | undefined {
  const lower = fileName.toLowerCase();
  return FORMAT_READERS.find((r) => r.extensions.some((ext) => lower.endsWith(ext)));
}
