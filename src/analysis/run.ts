/**
 * The whole analysis, as one pure function: layers in EPSG:4549 metres + a request → geometry facts
 * (geo/overlay) → rule outcomes, metrics and the district summary (domain/analyze). The worker, the CLI
 * and the benchmark all call this, so the three cannot drift apart.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { analyzeParcels, groupAhead, type AnalysisResult, type GroupedAhead } from '../domain/analyze';
import { parseIsoDate } from '../domain/dates';
import type { BlocklineLevel, ParcelGeoFacts } from '../domain/facts';
import { checkLedger, type LedgerProblem } from '../domain/ledger-check';
import type { ParcelAttributes } from '../domain/parcel';
import { validateRuleSet, type RuleSet, type RuleSetError } from '../domain/rule-set';
import { computeGeoFacts, parcelLand, prepareOverlay, type OverlayColumns, type OverlayInput } from '../geo/overlay';
import type { PackedPolygons } from '../geo/packed';
import type { AnalysisRequest } from './request';

type Polygonal = Polygon | MultiPolygon;

export interface AnalysisLayers {
  parcels: readonly { geometry: Polygonal; attributes: ParcelAttributes }[];
  /** The parcels already packed and validated by the loader (used when `parcels` is its `parcels`). */
  parcelsPacked?: { parcels: readonly unknown[]; packed: PackedPolygons; problem: readonly (string | null)[]; area?: readonly number[] };
  buildings?: readonly Polygonal[] | PackedPolygons;
  blocklines?: readonly { geometry: Polygonal; level: BlocklineLevel }[];
  parks?: readonly { geometry: Polygonal; name: string }[];
  towns?: readonly { geometry: Polygonal; name: string }[];
  /** The overlay worked out beforehand for some parcels, in parcel order (see computeGeoFacts). */
  overlay?: OverlayColumns;
}

export interface AnalysisRun extends AnalysisResult {
  facts: ParcelGeoFacts[];
  ruleSet: RuleSet;
  /** The request's ledger entries that were left out, by problem (domain/ledger-check); empty when all were used. */
  ledgerProblems: LedgerProblem[];
  timings: { overlayMs: number; rulesMs: number };
}

export type AnalysisOutcome =
  | { ok: true; run: AnalysisRun }
  | { ok: false; problem: 'rules'; errors: RuleSetError[] }
  | { ok: false; problem: 'date'; message: string };

type Parcels = AnalysisLayers['parcels'];

/** What is made from a parcel layer alone, once per layer object (layers are immutable). */
function perLayer<V>(build: (parcels: Parcels) => V): (parcels: Parcels) => V {
  const made = new WeakMap<Parcels, V>();
  return (parcels) => {
    let v = made.get(parcels);
    if (v === undefined) made.set(parcels, (v = build(parcels)));
    return v;
  };
}

/** The parcel geometries of a layer, as one array per layer object, so the overlay's per-layer cache hits on re-runs. */
const parcelGeometries = new WeakMap<Parcels, readonly Polygonal[]>();
const INDEX = /^\d+$/;
/**
 * With the loader's packing, the overlay reads a parcel's GeoJSON only for a broken parcel: the array is
 * then a view that reads `parcels[i].geometry` when asked, since a loader may make it on first use
 * (ImportContext.lazyGeometry: the CLI never makes 100k parcels' GeoJSON).
 */
const geometryView = (parcels: AnalysisLayers['parcels']): readonly Polygonal[] =>
  new Proxy(parcels, { get: (t, k, r) => (typeof k === 'string' && INDEX.test(k) ? t[Number(k)]?.geometry : Reflect.get(t, k, r) as unknown) }) as unknown as readonly Polygonal[];
const geometriesOf = (parcels: AnalysisLayers['parcels'], packed: boolean): readonly Polygonal[] => {
  let g = parcelGeometries.get(parcels);
  if (!g) { g = packed ? geometryView(parcels) : parcels.map((p) => p.geometry); parcelGeometries.set(parcels, g); }
  return g;
};

/**
 * Which of the ledger's parcel ids some parcel has (all checkLedger asks of the parcels): the parcels
 * are looked up in the ledger's few thousand ids, not put into a set of their own (40 ms at 100k).
 */
function ledgerIdsPresent(ledger: unknown, parcels: AnalysisLayers['parcels']): ReadonlySet<string> {
  const wanted = new Set<string>();
  if (Array.isArray(ledger)) for (const e of ledger as unknown[]) if (typeof (e as { parcelId?: unknown } | null)?.parcelId === 'string') wanted.add((e as { parcelId: string }).parcelId);
  const present = new Set<string>();
  if (wanted.size > 0) for (const p of parcels) if (wanted.has(p.attributes.parcelId)) present.add(p.attributes.parcelId);
  return present;
}

/** The parcels' attributes, one array per layer object (so that a grouping made ahead is recognised). */
const attributesOf = perLayer((parcels): readonly ParcelAttributes[] => parcels.map((p) => p.attributes));

/** The loader's packing of these very parcels, if it came with them. */
const packedOf = (layers: AnalysisLayers) => (layers.parcelsPacked?.parcels === layers.parcels ? layers.parcelsPacked : undefined);

const overlayInput = (layers: AnalysisLayers): OverlayInput => ({
  parcels: geometriesOf(layers.parcels, packedOf(layers) !== undefined),
  buildings: layers.buildings,
  blocklines: layers.blocklines,
  parks: layers.parks,
  towns: layers.towns,
});

/**
 * Does the one-time, per-layer work (packing, validity, spatial indexes, tiles) so that every analysis
 * of these layers — the first one too — only runs the overlay and the rules. Loaders call it at load.
 * Layers are treated as immutable: changed data must come as new layer objects.
 */
export function prepareAnalysis(layers: AnalysisLayers): void {
  prepareOverlay(overlayInput(layers), packedOf(layers));
}

/**
 * The part of an analysis of `layers` that needs no overlay (the parcels' enterprises, on their land), for
 * runAnalysis to take: the CLI works it out while its other thread still works out the overlay.
 */
export function groupEnterprisesAhead(layers: AnalysisLayers, ruleSet?: RuleSet): GroupedAhead {
  return groupAhead(attributesOf(layers.parcels), parcelLand(overlayInput(layers), packedOf(layers)), ruleSet);
}

/**
 * The enterprise grouping of each parcel layer, made at its first analysis and taken by every later one: it
 * reads only the parcels and their land, never the rules or the date (at 100k, grouping again took ~0.2 s
 * of each re-run in Node, garbage included). Enterprises are not changed once grouped.
 */
const groupings = new WeakMap<Parcels, GroupedAhead>();
function groupingOf(layers: AnalysisLayers): GroupedAhead {
  let g = groupings.get(layers.parcels);
  if (g === undefined) groupings.set(layers.parcels, (g = groupEnterprisesAhead(layers)));
  return g;
}

/** Why `request` cannot run on any layers (its rule set, then its date), or its validated rule set. */
export function checkRequest(request: AnalysisRequest): { ok: true; ruleSet: RuleSet } | Exclude<AnalysisOutcome, { ok: true }> {
  const rules = validateRuleSet(request.rules === undefined ? {} : request.rules);
  if (!rules.ok) return { ok: false, problem: 'rules', errors: rules.errors };
  if (parseIsoDate(request.evaluationDate) === null) {
    return { ok: false, problem: 'date', message: `evaluation date must be YYYY-MM-DD, got "${request.evaluationDate}"` };
  }
  return { ok: true, ruleSet: rules.value };
}

/**
 * Runs `request` on `layers`. A bad rule set or date comes back as a value (checkRequest); bugs throw. Ledger entries
 * that cannot be used (unknown parcel, action or status, bad or future date …) are left out of the
 * engine and listed in `run.ledgerProblems`. An absent rule set means the defaults; `null` is refused.
 * `ahead`: groupEnterprisesAhead of these layers, if it was worked out beforehand (else the layers' own, made
 * at their first analysis).
 */
export function runAnalysis(layers: AnalysisLayers, request: AnalysisRequest, ahead?: GroupedAhead): AnalysisOutcome {
  const checked = checkRequest(request);
  if (!checked.ok) return checked;
  const ledger = request.ledger === undefined ? undefined : checkLedger(request.ledger, ledgerIdsPresent(request.ledger, layers.parcels), request.evaluationDate);
  const t0 = performance.now();
  const facts = computeGeoFacts(overlayInput(layers), packedOf(layers), layers.overlay);
  const t1 = performance.now();
  const result = analyzeParcels(attributesOf(layers.parcels), facts, checked.ruleSet, {
    evaluationDate: request.evaluationDate,
    ledger: ledger?.valid,
    ahead: ahead ?? groupingOf(layers),
  });
  const t2 = performance.now();
  return { ok: true, run: { ...result, facts, ruleSet: checked.ruleSet, ledgerProblems: ledger?.problems ?? [], timings: { overlayMs: t1 - t0, rulesMs: t2 - t1 } } };
}
