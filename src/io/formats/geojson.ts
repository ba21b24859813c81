/**
 * GeoJSON reader. Accepts a FeatureCollection (RFC 7946, or the 2008 form with a `crs` member as GDAL
 * writes for EPSG:4549/4528/4490), a single Feature, in UTF-8 (GB18030 tolerated, and said). Geometry is
 * returned as the file has it; checking and reprojection are the loader's.
 */
import { parseDeclaredCrs } from '../../geo/crs-detect';
import { layerGeometryKind, TICK_EVERY, type DeclaredCrs, type EncodingInfo, type ReadOptions, type SourceFeature, type SourceField, type SourceFieldType, type SourceResult } from '../source';
import type { IoWarning } from './types';

/** Decodes bytes as UTF-8; when that fails, as GB18030 (Chinese Windows tools still write it); `forced` wins. */
export function decodeText(bytes: Uint8Array, file: string, warnings: IoWarning[], forced?: string): { text: string; encoding: EncodingInfo } {
  let text: string;
  let encoding: EncodingInfo;
  if (forced) {
    text = new TextDecoder(forced).decode(bytes);
    encoding = { label: forced, how: 'user' };
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      encoding = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? { label: 'utf-8', how: 'bom' } : { label: 'utf-8', how: 'default' };
    } catch {
      text = new TextDecoder('gb18030').decode(bytes);
      encoding = { label: 'gb18030', how: 'sniffed', evidence: 'not valid UTF-8' };
      warnings.push({ file, code: 'encoding', message: 'the file is not UTF-8; read it as GB18030/GBK Chinese text' });
    }
  }
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding };
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

function declaredCrs(crs: unknown): DeclaredCrs | null {
  if (!crs || typeof crs !== 'object') return null;
  const { type, properties } = crs as { type?: unknown; properties?: Record<string, unknown> };
  let name: string | null = null;
  if (type === 'name' && typeof properties?.name === 'string') name = properties.name;
  if (type === 'EPSG' && (typeof properties?.code === 'number' || typeof properties?.code === 'string')) name = `EPSG:${properties.code}`;
  if (name === null) return null;
  const d = parseDeclaredCrs(name);
  return { crs: d.supported ? d.crs : null, text: d.supported ? d.crs : d.name, source: 'geojson-crs' };
}

/** Field names in first-seen order with a type inferred from their values. */
export function inferFields(features: readonly SourceFeature[]): SourceField[] {
  const types = new Map<string, SourceFieldType | null>();
  for (const f of features) {
    for (const [k, v] of Object.entries(f.properties)) {
      const t: SourceFieldType | null = v === null || v === undefined || v === '' ? null
        : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v === 'boolean' ? 'boolean' : typeof v === 'string' ? 'string' : 'unknown';
      const was = types.get(k);
      if (was === undefined || was === null) types.set(k, t);
      else if (t !== null && t !== was) types.set(k, was === 'integer' && t === 'number' ? 'number' : was === 'number' && t === 'integer' ? 'number' : 'string');
    }
  }
  return [...types.entries()].map(([name, t]) => ({ name, type: t ?? 'unknown' }));
}

const baseName = (file: string): string => file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');

export async function readGeoJsonSource(bytes: Uint8Array, file: string, options: ReadOptions = {}): Promise<SourceResult> {
  const warnings: IoWarning[] = [];
  const { text, encoding } = decodeText(bytes, file, warnings, options.encoding);
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
  if (doc && typeof doc === 'object' && (doc as { type?: unknown }).type === 'Feature') doc = { type: 'FeatureCollection', features: [doc] };
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
  if (features.length === 0) return { ok: false, error: { file, problem: 'The file has no features.', fix: 'Export the layer again with its features, or choose the right file.' } };
  const out: SourceFeature[] = [];
  for (let i = 0; i < features.length; i++) {
    if (i % TICK_EVERY === 0) await options.tick?.(i / features.length);
    const f: unknown = features[i];
    if (!f || typeof f !== 'object' || (f as { type?: unknown }).type !== 'Feature') {
      return {
        ok: false,
        error: { file, feature: { index: i }, problem: `Feature #${i + 1} is not a GeoJSON Feature object.`, fix: 'Each item of "features" must be {"type": "Feature", "geometry": …, "properties": …}.' },
      };
    }
    const { geometry, properties, id } = f as { geometry?: unknown; properties?: unknown; id?: unknown };
    const props = properties && typeof properties === 'object' && !Array.isArray(properties) ? (properties as Record<string, unknown>) : {};
    out.push({ geometry: geometry ?? null, properties: props, ...(typeof id === 'string' || typeof id === 'number' ? { id } : {}) });
  }
  return {
    ok: true,
    layers: [{
      name: baseName(file), format: 'geojson', files: [file], features: out, fields: inferFields(out),
      geometryKind: layerGeometryKind(out), declaredCrs: declaredCrs(crs), encoding, warnings,
    }],
  };
}

