/**
 * The column mapping of one layer: the automatic guess (field-mapping.ts for parcels, roles.ts for the
 * other roles) with the user's corrections and unit choices laid over it, and its report rows.
 */
import { PARCEL_FIELDS, type ParcelField } from '../../domain/parcel';
import { guessFieldMapping, matchField, type FieldMapping, type FieldMatch } from '../field-mapping';
import type { SourceLayer } from '../source';
import type { FieldReport, LayerOptions } from './report';
import { guessRoleColumns, ROLE_FIELDS, type LayerRole } from './roles';
import { UNIT_CHOICES, unitFromHeader, unitLabel } from './units';

const PARCEL_KEYS = new Set<string>(PARCEL_FIELDS.map((f) => f.key));

/** The parcel mapping: the guess, then the user's column choices, then units (user's, else the header's). */
export function parcelMapping(fields: readonly string[], options: LayerOptions): FieldMapping {
  const guess = guessFieldMapping(fields);
  const user = options.mapping ?? {};
  let matches: FieldMatch[] = guess.matches.filter((m) => !(m.source in user));
  for (const [source, target] of Object.entries(user)) {
    if (target === null || !PARCEL_KEYS.has(target) || !fields.includes(source)) continue;
    matches = matches.filter((m) => m.target !== target);
    matches.push({ source, target: target as ParcelField, how: 'label' });
  }
  // User-chosen rows are marked by their absence from the guess; keep file order for the report.
  const order = new Map(fields.map((f, i) => [f, i]));
  matches.sort((a, b) => (order.get(a.source) ?? 0) - (order.get(b.source) ?? 0));
  matches = matches.map((m) => {
    const chosen = options.factors?.[m.target];
    const factor = chosen ?? unitFromHeader(m.target, m.source)?.factor;
    const { factor: _old, ...rest } = m;
    return factor === undefined || factor === 1 ? rest : { ...rest, factor };
  });
  const mapped = new Set(matches.map((m) => m.source));
  return { matches, unmapped: fields.filter((f) => !mapped.has(f)), duplicates: guess.duplicates.filter((d) => !mapped.has(d.source)) };
}

/** Source column per role field (`level`, `name`) with the user's choice laid over the guess. */
export function roleColumns(role: LayerRole, fields: readonly string[], options: LayerOptions): Record<string, string | null> {
  const cols = guessRoleColumns(role, fields);
  if (role === 'parcels' || role === 'ignore') return cols;
  for (const [source, target] of Object.entries(options.mapping ?? {})) {
    for (const f of ROLE_FIELDS[role]) {
      if (target === f.key && fields.includes(source)) cols[f.key] = source;
      else if (cols[f.key] === source && target !== f.key) cols[f.key] = null;
    }
  }
  return cols;
}

function samplesOf(layer: SourceLayer, field: string): string[] {
  const out: string[] = [];
  // Read once, nothing kept: a flat reader makes no properties object per feature scanned.
  for (const f of layer.features) {
    const v = (f.propertiesOnce?.() ?? f.properties)[field];
    if (v === null || v === undefined || v === '') continue;
    out.push(String(v).slice(0, 40));
    if (out.length === 3) break;
  }
  return out;
}

/** One row per source column: samples, the field it feeds and how that was decided, the unit. */
export function fieldReports(layer: SourceLayer, role: LayerRole, options: LayerOptions, mapping: FieldMapping | null, cols: Record<string, string | null>): FieldReport[] {
  const user = options.mapping ?? {};
  return layer.fields.map(({ name }) => {
    const samples = samplesOf(layer, name);
    if (role === 'parcels' && mapping) {
      const m = mapping.matches.find((x) => x.source === name);
      if (!m) return { name, samples, target: null, how: name in user ? 'user' : null };
      const how = name in user ? 'user' : (matchField(name)?.how ?? 'user');
      const fromHeader = options.factors?.[m.target] === undefined && unitFromHeader(m.target, name) !== undefined;
      const unit = UNIT_CHOICES[m.target] ? { label: unitLabel(m.target, m.factor) ?? '', factor: m.factor ?? 1, fromHeader } : undefined;
      return { name, samples, target: m.target, how, ...(unit ? { unit } : {}) };
    }
    const target = Object.entries(cols).find(([, src]) => src === name)?.[0] ?? null;
    return { name, samples, target, how: target === null ? null : name in user ? 'user' : 'alias' };
  });
}

/** Text values with non-ASCII characters from the first features: what the user checks the encoding by. */
export function encodingSample(layer: SourceLayer, max = 4): string[] {
  const out: string[] = [];
  for (const f of layer.features) {
    for (const v of Object.values(f.propertiesOnce?.() ?? f.properties)) {
      if (typeof v === 'string' && /[^ -~\t\r\n]/.test(v) && !out.includes(v)) out.push(v.slice(0, 30));
      if (out.length >= max) return out;
    }
    if (out.length >= max) break;
  }
  return out;
}
