/**
 * GeoJSON reader for polygon layers. Accepts a FeatureCollection (RFC 7946, or the 2008 form with a
 * `crs` member as GDAL writes for EPSG:4549/4528/4490), in UTF-8 (GB18030 tolerated with a warning).
 */
import { buildLayer, type RawFeature } from './layer';
import type { FormatReader, IoWarning, ReadResult } from './types';

export const geojsonReader: FormatReader = {
  id: 'geojson',
  extensions: ['.geojson', '.json'],
  read: async (bytes, fileName) => readGeoJson(bytes, fileName),
};

/** Decodes bytes as UTF-8; when that fails, as GB18030 (Chinese Windows tools still write it). */
export function decodeText(bytes: Uint8Array, file: string, warnings: IoWarning[]): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
    warnings.push({ file, code: 'encoding', message: 'the file is not UTF-8; read it as GB18030/GBK Chinese text' });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Where JSON.parse stopped, as a character offset; V8 gives `at position N` or a quoted snippet. */
function jsonErrorOffset(text: string, message: string): number | undefined {
  const pos = /position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  // `Unexpected token 'x', ..."789, "b": x123456789"... is not valid JSON`: 10 characters either side.
  const snip = /^Unexpected token '(.)', (\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  if (!snip) return undefined;
  const [, token, cut, context] = snip as unknown as [string, string, string | undefined, string];
  if (!cut) return text.indexOf(token);
  const at = text.indexOf(context);
  return at < 0 ? undefined : at + 10;
}

/** `…at position 120` → `line 4, column 7` so people can find it in an editor. */
function jsonErrorWhere(text: string, message: string): string {
  const offset = jsonErrorOffset(text, message);
  if (offset === undefined) return /end of JSON|Unexpected end/i.test(message) ? 'the end of the file (it is cut short)' : 'an unknown place';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}

function declaredCrs(crs: unknown): string | null {
  if (!crs || typeof crs !== 'object') return null;
  const { type, properties } = crs as { type?: unknown; properties?: Record<string, unknown> };
  if (type === 'name' && typeof properties?.name === 'string') return properties.name;
  if (type === 'EPSG' && (typeof properties?.code === 'number' || typeof properties?.code === 'string')) return `EPSG:${properties.code}`;
  return null;
}

export async function readGeoJson(bytes: Uint8Array, file: string): Promise<ReadResult> {
  const warnings: IoWarning[] = [];
  const text = decodeText(bytes, file, warnings);
  if (text.trim() === '') return { ok: false, error: { file, problem: 'The file is empty.', fix: 'Choose the GeoJSON file that holds the layer.' } };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      error: {
        file,
        problem: `The file is not valid JSON: the error is at ${jsonErrorWhere(text, message)} (${message}).`,
        fix: 'Export the layer again from the GIS, or repair the file in a text editor at that place.',
      },
    };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || (doc as { type?: unknown }).type !== 'FeatureCollection') {
    const type = doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as { type?: unknown }).type : undefined;
    const what = typeof type === 'string' ? `a GeoJSON ${type}` : Array.isArray(doc) ? 'a JSON array' : 'JSON without a GeoJSON "type"';
    return {
      ok: false,
      error: { file, problem: `The file is ${what}, not a FeatureCollection.`, fix: 'Export the layer as a GeoJSON FeatureCollection (one Feature per parcel, with its properties).' },
    };
  }
  const { features, crs } = doc as { features?: unknown; crs?: unknown };
  if (!Array.isArray(features)) {
    return { ok: false, error: { file, problem: 'The FeatureCollection has no "features" list.', fix: 'Export the layer again; a FeatureCollection needs "features": [ … ].' } };
  }
  const raw: RawFeature[] = [];
  for (let i = 0; i < features.length; i++) {
    const f: unknown = features[i];
    if (!f || typeof f !== 'object' || (f as { type?: unknown }).type !== 'Feature') {
      return {
        ok: false,
        error: { file, feature: { index: i }, problem: `Feature #${i + 1} is not a GeoJSON Feature object.`, fix: 'Each item of "features" must be {"type": "Feature", "geometry": …, "properties": …}.' },
      };
    }
    const { geometry, properties, id } = f as { geometry?: unknown; properties?: unknown; id?: unknown };
    const props = properties && typeof properties === 'object' && !Array.isArray(properties) ? (properties as Record<string, unknown>) : {};
    raw.push({ geometry, properties: props, id });
  }
  return buildLayer(file, raw, declaredCrs(crs), warnings);
}
