/**
 * Evaluates one source layer under the user's options: role, geometry checks and repairs, CRS decision
 * and reprojection to EPSG:4549, the column mapping, and the role's own reading (parcels' attributes and
 * ids, block-line tiers, names). Returns the report row and the features that will load; nothing is
 * committed here, so the user can change any option and evaluate again.
 */
import type { BlocklineLevel } from '../../domain/facts';
import type { ParcelAttributes } from '../../domain/parcel';
import { writeCell } from '../../domain/parcel-columns';
import { muFromM2 } from '../../domain/units';
import { planarArea } from '../../geo/area';
import { geometryBboxInto } from '../../geo/bbox';
import { ANALYSIS_CRS, mapGeometry, projectGeometry } from '../../geo/projection';
import { flatFeatureArea, flatFeatureBoxInto, isCleanFlatFeature } from '../../geo/flat-polygons';
import { packFlatFeatures, packPolygons, subsetPacked, type PackedPolygons } from '../../geo/packed';
import { validatePacked } from '../../geo/validate';
import { attributeColumnsFor, KEPT_AS_WRITTEN, mapInto, type FieldMapping } from '../field-mapping';
import type { IoWarning } from '../formats/types';
import type { PolygonGeometry } from '../formats/types';
import { TICK_EVERY, type SourceLayer } from '../source';
import { coordinateKinds, decideCrs } from './crs';
import { encodingSample, fieldReports, parcelMapping, roleColumns } from './fields';
import { checkGeometry, type CheckedGeometry, type GeometryMode } from './geometry-check';
import { ProblemTally } from './problems';
import type { CrsReport, FieldReport, LayerOptions, LayerReport } from './report';
import { guessRole, roleColumnCandidates, type LayerRole, type RoleHow } from './roles';
import { ouhaiTownName } from '../ouhai-towns';
import { unknownTownNote } from './town-check';
import { detectAreaUnit, detectTaxUnit, UNIT_SAMPLE, type DetectedUnit, type UnitSample } from './unit-check';
import { unitFromHeader } from './units';
import { checkParcelValues } from './values';

/**
 * Above this a "parcel" is not an industrial parcel but a typing or unit error (the largest real ones here are
 * a few hundred 亩): 2 km² = 3,000 亩. Such a feature is left out of the district figures and reported.
 */
export const MAX_PARCEL_M2 = 2_000_000;

export interface SourceEntry {
  key: string;
  layer: SourceLayer;
  /** The role fixed by a dataset manifest (still overridable by options). */
  role?: LayerRole;
}

export interface ImportedParcel {
  geometry: PolygonGeometry;
  attributes: ParcelAttributes;
}

/**
 * The parcels as the loader packed and checked them (in order): the overlay takes them instead of
 * packing and validating the same parcels again. `parcels` is the array they belong to.
 */
export interface PackedParcels {
  parcels: readonly ImportedParcel[];
  packed: PackedPolygons;
  /** `validatePacked` of each parcel. */
  problem: (string | null)[];
  /** `planarArea` of each parcel (m²). */
  area: number[];
  /**
   * The file's feature number of each parcel whose geometry is that feature's flat polygon exactly as
   * the file holds it (clean, in EPSG:4549), else -1: work done on the file's geometry elsewhere (the
   * CLI's building thread) applies to those parcels.
   */
  flatIndex?: Int32Array;
}

/** What one layer contributes once committed, by role; all geometry in EPSG:4549 metres. */
export interface LayerContent {
  parcels?: ImportedParcel[];
  parcelsPacked?: PackedParcels;
  /** Packed straight from the file's flat polygons when it had them (a FlatGeobuf), else GeoJSON. */
  buildings?: PolygonGeometry[] | PackedPolygons;
  blocklines?: { geometry: PolygonGeometry; level: BlocklineLevel; name: string | null }[];
  parks?: { geometry: PolygonGeometry; name: string }[];
  towns?: { geometry: PolygonGeometry; name: string }[];
  boundary?: PolygonGeometry[];
}

export interface LayerEvaluation {
  report: LayerReport;
  content: LayerContent;
}

/** Shared across the layers of one import: parcel ids must be unique over every parcel layer. */
export interface ImportContext {
  /** Parcel id → the layer and feature number that holds it first. */
  seenIds: SeenIds;
  /** Dates after this (ISO) are impossible in the data. */
  today: string;
  /** Told every few thousand features how many this layer has gone through (0–1); it may not yield. */
  progress?: (fraction: number) => void;
  /**
   * A parcel kept exactly as the file holds it gets its GeoJSON made from the file on first use: the CLI
   * overlays the packed form and, writing a CSV, never asks for it (100k parcels' GeoJSON are a million
   * small arrays for the garbage collector). The file's bytes stay held as long as such parcels live.
   */
  lazyGeometry?: boolean;
}

/**
 * Parcel ids met so far, each with where it was first met, kept as one number per id (layer, feature
 * number, whether the id was altered to normalise it): not an object per parcel that lives all import.
 */
export class SeenIds {
  /** id → (feature number · 2 + altered) · LAYER_SLOTS + layer number; an object for a layer past the slots. */
  private readonly at = new Map<string, number | SeenAt>();
  private readonly layers: string[] = [];

  add(id: string, layer: string, index: number, altered: boolean): void {
    let l = this.layers.indexOf(layer);
    if (l < 0) l = this.layers.push(layer) - 1;
    this.at.set(id, l < LAYER_SLOTS ? (index * 2 + (altered ? 1 : 0)) * LAYER_SLOTS + l : { layer, index, altered });
  }

  get(id: string): SeenAt | undefined {
    const v = this.at.get(id);
    if (typeof v !== 'number') return v;
    const l = v % LAYER_SLOTS;
    const rest = (v - l) / LAYER_SLOTS;
    return { layer: this.layers[l]!, index: Math.floor(rest / 2), altered: rest % 2 === 1 };
  }
}
interface SeenAt { layer: string; index: number; altered: boolean }
/** Layers kept as a number in SeenIds: few, so the number stays a small integer. */
const LAYER_SLOTS = 64;

/** The features a layer keeps: their numbers in the file and geometries (FLAT_GEOMETRY: the flat feature's), as two lists, not an object per feature (300k buildings). */
interface Kept { index: number[]; geometry: PolygonGeometry[] }

/** A flat feature that passed the checks untouched (its geometry stays in the flat arrays). */
const FLAT_CLEAN: CheckedGeometry = { geometry: null, repairs: [] };
/** Marks a kept feature whose geometry is the flat feature of its index. */
const FLAT_GEOMETRY: PolygonGeometry = { type: 'Polygon', coordinates: [] };

/** `一级`, `1`, `I`, `一`, `level1`, `一级区块线` → 一级; the same for 二级; anything else → undefined. */
export function parseBlocklineLevel(v: unknown): '一级' | '二级' | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const s = String(v).normalize('NFKC').trim().toLowerCase().replace(/^level\s*/, '').replace(/(工业)?(区块线?)?$/, '').replace(/[级類类]$/, '');
  if (['一', '1', 'i'].includes(s)) return '一级';
  if (['二', '2', 'ii'].includes(s)) return '二级';
  return undefined;
}

const textOf = (v: unknown): string | null => {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const s = String(v).normalize('NFKC').trim();
  return s === '' ? null : s;
};

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/** Invisible characters that copy-and-paste leaves in codes (zero-width space/joiners, BOM, soft hyphen). */
const INVISIBLE = /[\u200b-\u200f\u2060\ufeff\u00ad]/g;

/**
 * A parcel id as the analysis keys it: NFKC (full-width ＯＨ－００１ → OH-001) without invisible characters.
 * `altered` says whether the file's text differed, so a collision can be reported as a near-duplicate.
 */
export function parcelIdOf(v: unknown): { id: string; altered: boolean } | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  // Printable ASCII (most ids) is its own NFKC form, with nothing invisible or to trim.
  if (typeof v === 'string' && PRINTABLE_ASCII.test(v)) return { id: v, altered: false };
  const raw = String(v).trim();
  const id = raw.normalize('NFKC').replace(INVISIBLE, '').trim();
  return id === '' ? null : { id, altered: id !== raw };
}

/** Evaluates `entry` with `options`; `mode` decides repairable geometry problems. */
export function evaluateLayer(entry: SourceEntry, options: LayerOptions, mode: GeometryMode, ctx: ImportContext): LayerEvaluation {
  const { layer } = entry;
  const guessed = guessRole(layer);
  const role: LayerRole = options.role ?? entry.role ?? guessed.role;
  const roleHow: RoleHow = options.role ? 'user' : entry.role ? 'manifest' : guessed.how;
  const fieldNames = layer.fields.map((f) => f.name);
  const mapping = role === 'parcels' ? parcelMapping(fieldNames, options) : null;
  const cols = roleColumns(role, fieldNames, options);
  const tally = new ProblemTally();
  tally.addReaderWarnings(layer.warnings);
  const base: Omit<LayerReport, 'crs' | 'problems' | 'accepted'> = {
    key: entry.key, name: layer.name, format: layer.format, files: layer.files, featureCount: layer.features.length,
    geometryKind: layer.geometryKind, role, roleHow, encoding: layer.encoding,
    // A sample to check the encoding by, where there is one to choose (not in FlatGeobuf or GeoJSON, always UTF-8).
    encodingSample: layer.encoding ? encodingSample(layer) : [],
    fields: fieldReports(layer, role, options, mapping, cols),
  };
  const noCrs: CrsReport = { crs: null, swapped: false, how: null, declared: layer.declaredCrs?.text ?? null, note: { zh: '', en: '' } };
  const blocked = (zh: string, en: string): LayerEvaluation =>
    ({ report: { ...base, crs: noCrs, problems: tally.list(), accepted: 0, blocked: { zh, en } }, content: {} });
  if (role === 'ignore') return { report: { ...base, crs: noCrs, problems: tally.list(), accepted: 0 }, content: {} };
  if (layer.geometryKind !== 'polygon' && layer.geometryKind !== 'mixed') {
    const kind = { point: ['点', 'points'], line: ['线', 'lines'], none: ['无几何', 'no geometry'] }[layer.geometryKind];
    return blocked(`图层是${kind[0]}，不能作为面图层使用；请选「不导入」或换成面图层`, `the layer holds ${kind[1]}, not polygons; choose "do not import" or a polygon layer`);
  }

  // 1. Geometry as the file has it: checks and safe repairs. A building or parcel layer the reader kept
  // flat is checked in place; only a feature that needs a repair becomes GeoJSON (and takes the general path).
  const n = layer.features.length;
  const flat = role === 'buildings' || role === 'parcels' ? layer.flat : undefined;
  const checked = layer.features.map((f, i) => {
    if (i % TICK_EVERY === 0) ctx.progress?.((0.5 * i) / n);
    return flat && isCleanFlatFeature(flat, i) ? FLAT_CLEAN : checkGeometry(f.geometry, mode);
  });
  // Each usable feature's box, 4 numbers a feature (minX NaN: none), for the CRS decision.
  const boxes = new Float64Array(4 * n);
  checked.forEach((c, i) => {
    if (c === FLAT_CLEAN) flatFeatureBoxInto(flat!, i, boxes, 4 * i);
    else if (c.geometry) geometryBboxInto(c.geometry, boxes, 4 * i);
    else boxes[4 * i] = NaN;
  });
  const idColumn = mapping?.matches.find((m) => m.target === 'parcelId')?.source;
  const idOf = (i: number): string | undefined => (idColumn ? (textOf(layer.features[i]!.properties[idColumn]) ?? undefined) : undefined);
  checked.forEach((c, i) => {
    for (const r of c.repairs) if (c.geometry) tally.add(r.code, 'repaired', { index: i, id: idOf(i), detail: r.detail });
    if (c.fatal) tally.add(c.fatal.code, 'skipped', { index: i, id: idOf(i), detail: c.fatal.detail }, undefined, 'error');
  });

  // 2. The CRS, from every usable feature; features outside Ouhai under it are left out one by one.
  const outcome = decideCrs(coordinateKinds(boxes), layer.declaredCrs, options.crs, options.swapXY);
  if (!outcome.ok) return blocked(outcome.text.zh, outcome.text.en);
  const d = outcome.decision;
  const crs: CrsReport = { crs: d.crs, swapped: d.swapped, how: d.how, declared: layer.declaredCrs?.text ?? null, note: d.note, ...(d.warning ? { warning: d.warning } : {}) };
  if (d.warning) tally.note('old-datum', d.warning);
  const kept: Kept = { index: [], geometry: [] };
  const asIs = d.crs === ANALYSIS_CRS && !d.swapped;
  checked.forEach((c, i) => {
    if (c !== FLAT_CLEAN && !c.geometry) return;
    if (!d.fits[i]) {
      const o = 4 * i;
      tally.add('outside-district', 'skipped', { index: i, id: idOf(i), detail: `x ${Math.round(boxes[o]!)}–${Math.round(boxes[o + 2]!)}, y ${Math.round(boxes[o + 1]!)}–${Math.round(boxes[o + 3]!)}` });
      return;
    }
    if (c === FLAT_CLEAN && asIs) {
      kept.index.push(i);
      kept.geometry.push(FLAT_GEOMETRY);
      return;
    }
    const geometry = c === FLAT_CLEAN ? checkGeometry(layer.features[i]!.geometry, mode).geometry! : c.geometry!;
    const g = d.swapped ? mapGeometry(geometry, (p) => [p[1]!, p[0]!]) : geometry;
    kept.index.push(i);
    kept.geometry.push(d.crs === ANALYSIS_CRS ? g : projectGeometry(g, d.crs, ANALYSIS_CRS));
  });

  const report = (accepted: number, extra: Partial<LayerReport> = {}): LayerReport => ({ ...base, crs, problems: tally.list(), accepted, ...extra });
  // Blocked after the CRS was decided (no .dbf, no id column): the CRS shown is the one decided, not "choose one".
  const blockedWithCrs = (zh: string, en: string): LayerEvaluation => ({ report: report(0, { blocked: { zh, en } }), content: {} });

  // 3. The role's own reading. A role field is read from its column, else from another column of the same meaning.
  const columnsFor = (key: 'level' | 'name'): string[] => {
    const chosen = cols[key];
    if (options.mapping && chosen && Object.values(options.mapping).includes(key)) return [chosen];
    return chosen ? [chosen, ...roleColumnCandidates(role, key, fieldNames).filter((c) => c !== chosen)] : [];
  };
  const firstValue = (props: Record<string, unknown>, columns: string[]): unknown =>
    columns.map((c) => props[c]).find((v) => v !== null && v !== undefined && v !== '');
  switch (role) {
    case 'parcels': {
      if (!idColumn && layer.warnings.some((w) => w.code === 'missing-dbf')) {
        return blockedWithCrs(
          `缺少 .dbf 文件：没有地块编号和属性。请同时选择同名的 .shp、.shx、.dbf、.prj、.cpg，或选择包含它们的 .zip`,
          `the .dbf is missing: no parcel ids or attributes. Pick the .shp, .shx, .dbf, .prj and .cpg of the same name together, or the .zip holding them`,
        );
      }
      if (!idColumn) {
        return blockedWithCrs(
          `没有地块编号字段（如 地块编号、DKBH、parcelId）；请在字段对应中指定哪一列是地块编号。列：${fieldNames.join('、') || '（无）'}`,
          `no column holds the parcel id (e.g. 地块编号, DKBH, parcelId); map one in the field table. Columns: ${fieldNames.join(', ') || '(none)'}`,
        );
      }
      return evaluateParcels(layer, kept, mapping!, idColumn, mode, ctx, tally, report, options);
    }
    case 'buildings': {
      const buildings = flat ? packFlatFeatures(flat, kept.geometry.map((g, k) => (g === FLAT_GEOMETRY ? kept.index[k]! : g))) : kept.geometry;
      return { report: report(kept.index.length), content: { buildings } };
    }
    case 'blocklines': {
      const levelColumns = columnsFor('level');
      const nameColumns = columnsFor('name');
      const blocklines = kept.index.map((index, k) => {
        const geometry = kept.geometry[k]!;
        const props = layer.features[index]!.properties;
        const raw = firstValue(props, levelColumns);
        const level = parseBlocklineLevel(raw);
        if (!level) tally.add('no-level', 'defaulted', { index, detail: raw === undefined || raw === null || raw === '' ? 'no tier' : `tier "${String(raw)}"` });
        return { geometry, level: level ?? ('未分级' as const), name: textOf(firstValue(props, nameColumns)) };
      });
      return { report: report(blocklines.length), content: { blocklines } };
    }
    case 'parks':
    case 'towns': {
      const nameColumns = columnsFor('name');
      const named = kept.index.map((index, n) => {
        const geometry = kept.geometry[n]!;
        const text = textOf(firstValue(layer.features[index]!.properties, nameColumns));
        // A town named as the parcels' 镇街 are (娄桥 → 娄桥街道), so that the two meet.
        const name = text && role === 'towns' ? (ouhaiTownName(text) ?? text) : text;
        if (name) return { geometry, name };
        const fallback = `${role === 'parks' ? '园区' : '镇街'}${n + 1}`;
        tally.add('no-name', 'defaulted', { index, detail: `called "${fallback}"` });
        return { geometry, name: fallback };
      });
      return { report: report(named.length), content: role === 'parks' ? { parks: named } : { towns: named } };
    }
    case 'boundary':
      return { report: report(kept.index.length), content: { boundary: kept.geometry } };
  }
}

/** A clean geometry as `checkGeometry` returns it: a MultiPolygon of one polygon becomes that Polygon. */
const checkedForm = (g: PolygonGeometry): PolygonGeometry =>
  g.type === 'MultiPolygon' && g.coordinates.length === 1 ? { type: 'Polygon', coordinates: g.coordinates[0]! } : g;

/**
 * A parcel whose GeoJSON is made from the file's feature when first asked for (ImportContext.lazyGeometry).
 * A class, not an object literal with a getter: V8 makes such a literal through the runtime, with a
 * closure per parcel: ~5 % of evaluating 100k parcels (CPU profile of the CLI).
 */
class LazyParcel implements ImportedParcel {
  private made: PolygonGeometry | undefined;
  constructor(private readonly feature: SourceLayer['features'][number], readonly attributes: ParcelAttributes) {}
  get geometry(): PolygonGeometry {
    return (this.made ??= checkedForm(this.feature.geometry as PolygonGeometry));
  }
}

function evaluateParcels(
  layer: SourceLayer,
  kept: Kept,
  mapping: NonNullable<ReturnType<typeof parcelMapping>>,
  idColumn: string,
  mode: GeometryMode,
  ctx: ImportContext,
  tally: ProblemTally,
  report: (accepted: number, extra?: Partial<LayerReport>) => LayerReport,
  options: LayerOptions,
): LayerEvaluation {
  // A clean flat feature (FLAT_GEOMETRY) is packed from the flat arrays, and its GeoJSON is the feature's
  // own, as checkGeometry would return it (one polygon as a Polygon).
  const flat = layer.flat;
  const lazy = ctx.lazyGeometry === true && flat !== undefined;
  const geometries = kept.geometry.map((geometry, k) => (geometry !== FLAT_GEOMETRY ? geometry : lazy ? null : checkedForm(layer.features[kept.index[k]!]!.geometry as PolygonGeometry)));
  // Area and tax columns whose header named no unit: the unit the values' magnitude shows, converted.
  const detected = detectUnits(layer, kept, geometries, mapping, options);
  for (const d of detected) tally.note('unit-detected', d.note);
  mapping = withDetectedUnits(mapping, detected);
  // Self-intersection, checked on the projected geometry once per layer.
  const packed = flat && kept.geometry.includes(FLAT_GEOMETRY)
    ? packFlatFeatures(flat, kept.geometry.map((g, k) => (g === FLAT_GEOMETRY ? kept.index[k]! : geometries[k]!)))
    : packPolygons(geometries as PolygonGeometry[]);
  // Each mapped column's position among the layer's fields, for features read by position (only when
  // every field name is its own: with a name twice, the object form keeps the last value of the two).
  const fieldNames = layer.fields.map((f) => f.name);
  const byPosition = new Set(fieldNames).size === fieldNames.length;
  const columnAt = Int32Array.from(mapping.matches, (m) => fieldNames.indexOf(m.source));
  const idAt = fieldNames.indexOf(idColumn);
  // The attributes go into columns, a row per parcel kept (in order), parcelId among them.
  const { columns, cells } = attributeColumnsFor(mapping, kept.index.length);
  const ids = columns.column('parcelId');
  const warnings: IoWarning[] = [];
  const parcels: ImportedParcel[] = [];
  const accepted: number[] = [];
  const problems: (string | null)[] = [];
  const areas: number[] = [];
  let areaM2 = 0;
  kept.index.forEach((index, k) => {
    // null: a lazy parcel's (the file's clean feature; flatFeatureArea is planarArea of its GeoJSON to the bit).
    const geometry = geometries[k]!;
    if (k % TICK_EVERY === 0) ctx.progress?.(0.5 + (0.5 * k) / kept.index.length);
    // Read once here: mapInto copies what it keeps, so a reader's reused object will do.
    const source = layer.features[index]!;
    // By column position where the reader offers it (no object keyed by column name per parcel).
    const values = byPosition ? source.valuesOnce?.() ?? null : null;
    const props = values ? null : source.propertiesOnce?.() ?? source.properties;
    const parsedId = parcelIdOf(values ? values[idAt] : props![idColumn]);
    if (!parsedId) {
      tally.add('missing-id', 'skipped', { index, detail: `"${idColumn}" is empty` }, idColumn, 'error');
      return;
    }
    const { id } = parsedId;
    const earlier = ctx.seenIds.get(id);
    if (earlier !== undefined) {
      const near = parsedId.altered || earlier.altered;
      tally.add(near ? 'near-duplicate-id' : 'duplicate-id', 'skipped', {
        index, id, detail: `also ${earlier.layer} #${earlier.index + 1}${near ? ' (differs only by full-width or invisible characters)' : ''}`,
      }, idColumn, 'error');
      return;
    }
    const area = geometry ? planarArea(geometry) : flatFeatureArea(flat!, index);
    if (area < 0) {
      tally.add('negative-area', 'skipped', { index, id, detail: `${Math.round(area)} m²` }, undefined, 'error');
      return;
    }
    if (area > MAX_PARCEL_M2) {
      tally.add('absurd-size', 'skipped', { index, id, detail: `${(area / 1e6).toFixed(1)} km² (${Math.round(area * 15 / 10_000)} 亩)` }, undefined, 'error');
      return;
    }
    const problem = validatePacked(packed, k);
    if (problem) {
      if (mode === 'skip') {
        tally.add('self-intersection', 'skipped', { index, id, detail: problem }, undefined, 'error');
        return;
      }
      tally.add('self-intersection', 'kept', { index, id, detail: problem });
    }
    ctx.seenIds.add(id, layer.name, index, parsedId.altered);
    const feature = { index, id };
    const row = parcels.length;
    warnings.length = 0;
    mapInto(values, columnAt, values ? null : props, mapping, cells, row, warnings, layer.name, feature);
    for (const w of warnings) {
      const converted = w.code === 'percent-as-ratio' || w.code === 'unit-converted';
      const unreadable = w.code === 'coercion-failed';
      const kept = unreadable && w.message.endsWith(KEPT_AS_WRITTEN);
      const code = kept ? 'unreadable-date' : unreadable ? 'unreadable-value' : converted ? 'value-converted' : 'absurd-value';
      tally.add(code, kept ? 'kept' : converted ? 'value-converted' : 'value-dropped', { index, id, detail: w.message }, w.field);
    }
    writeCell(ids, row, id);
    const attributes = checkParcelValues(columns.row(row), area, ctx.today, (code, field, detail) =>
      tally.add(code, 'value-dropped', { index, id, detail }, mapping.matches.find((m) => m.target === field)?.source ?? field));
    areaM2 += area;
    parcels.push(geometry ? { geometry, attributes } : new LazyParcel(source, attributes));
    accepted.push(k);
    problems.push(problem);
    areas.push(area);
  });
  const townColumn = mapping.matches.find((m) => m.target === 'town')?.source;
  const townNote = townColumn === undefined ? null : unknownTownNote(parcels.map((p) => p.attributes.town), townColumn);
  if (townNote) tally.note('unknown-town', townNote);
  const flatIndex = Int32Array.from(accepted, (k) => (kept.geometry[k] === FLAT_GEOMETRY ? kept.index[k]! : -1));
  // Every parcel kept (the usual case): the packing is already theirs, no copy.
  const all = accepted.length === packed.count && accepted.every((k, i) => k === i);
  const parcelsPacked = { parcels, packed: all ? packed : subsetPacked(packed, accepted), problem: problems, area: areas, flatIndex };
  const done = report(parcels.length, { areaMu: muFromM2(areaM2 as Parameters<typeof muFromM2>[0]) });
  return { report: { ...done, fields: fieldsWithDetectedUnits(done.fields, detected) }, content: { parcels, parcelsPacked } };
}

/** The columns of `mapping` to check: registered area and tax, mapped, with no unit from the user or the header. */
function detectUnits(layer: SourceLayer, kept: Kept, geometries: (PolygonGeometry | null)[], mapping: FieldMapping, options: LayerOptions): DetectedUnit[] {
  const open = mapping.matches.filter((m) => (m.target === 'registeredAreaMu' || m.target === 'tax')
    && options.factors?.[m.target] === undefined && m.factor === undefined && unitFromHeader(m.target, m.source) === undefined);
  if (open.length === 0 || kept.index.length === 0) return [];
  const samples: UnitSample[] = [];
  const step = Math.max(1, kept.index.length / UNIT_SAMPLE);
  for (let s = 0; s < kept.index.length && samples.length < UNIT_SAMPLE; s += step) {
    const k = Math.floor(s);
    const index = kept.index[k]!;
    const geometry = geometries[k];
    const area = geometry ? planarArea(geometry) : flatFeatureArea(layer.flat!, index);
    const feature = layer.features[index]!;
    // A reader may reuse the properties object: the values are copied out at once.
    const props = feature.propertiesOnce?.() ?? feature.properties;
    const values = new Map(open.map((m) => [m.source, props[m.source]]));
    samples.push({ areaMu: muFromM2(area as Parameters<typeof muFromM2>[0]), raw: (source) => values.get(source) });
  }
  const out: DetectedUnit[] = [];
  for (const m of open) {
    const d = m.target === 'registeredAreaMu' ? detectAreaUnit(samples, m.source) : detectTaxUnit(samples, m.source);
    if (d) out.push(d);
  }
  return out;
}

/** `mapping` with each detected unit's factor on its column (a new mapping: the old one's plan stays its own). */
function withDetectedUnits(mapping: FieldMapping, detected: readonly DetectedUnit[]): FieldMapping {
  if (detected.length === 0) return mapping;
  const factor = new Map(detected.map((d) => [d.source, d.choice.factor]));
  return { ...mapping, matches: mapping.matches.map((m) => (factor.has(m.source) ? { ...m, factor: factor.get(m.source)! } : m)) };
}

/** The report's field rows with the detected units shown in the unit column (the user can change them there). */
function fieldsWithDetectedUnits(fields: FieldReport[], detected: readonly DetectedUnit[]): FieldReport[] {
  if (detected.length === 0) return fields;
  return fields.map((f) => {
    const d = detected.find((x) => x.source === f.name);
    return d ? { ...f, unit: { label: d.choice.label, factor: d.choice.factor, fromHeader: false, fromData: true } } : f;
  });
}
