/**
 * The whole analysis, as one pure function: layers in EPSG:4549 metres + a request → geometry facts
 * (geo/overlay) → rule outcomes, metrics and the district summary (domain/analyze). The worker, the CLI
 * and the benchmark all call this, so the three cannot drift apart.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { analyzeParcels, type AnalysisResult } from '../domain/analyze';
import { parseIsoDate } from '../domain/dates';
import type { BlocklineLevel, ParcelGeoFacts } from '../domain/facts';
import type { ParcelAttributes } from '../domain/parcel';
import { validateRuleSet, type RuleSet, type RuleSetError } from '../domain/rule-set';
import { computeGeoFacts, prepareOverlay, type OverlayInput } from '../geo/overlay';
import type { PackedPolygons } from '../geo/packed';
import type { AnalysisRequest } from './request';

type Polygonal = Polygon | MultiPolygon;

export interface AnalysisLayers {
  parcels: readonly { geometry: Polygonal; attributes: ParcelAttributes }[];
  buildings?: readonly Polygonal[] | PackedPolygons;
  blocklines?: readonly { geometry: Polygonal; level: BlocklineLevel }[];
  parks?: readonly { geometry: Polygonal; name: string }[];
  towns?: readonly { geometry: Polygonal; name: string }[];
}

export interface AnalysisRun extends AnalysisResult {
  facts: ParcelGeoFacts[];
  ruleSet: RuleSet;
  timings: { overlayMs: number; rulesMs: number };
}

export type AnalysisOutcome =
  | { ok: true; run: AnalysisRun }
  | { ok: false; problem: 'rules'; errors: RuleSetError[] }
  | { ok: false; problem: 'date'; message: string };

/** The parcel geometries of a layer, as one array per layer object, so the overlay's per-layer cache hits on re-runs. */
const parcelGeometries = new WeakMap<AnalysisLayers['parcels'], Polygonal[]>();
const geometriesOf = (parcels: AnalysisLayers['parcels']): Polygonal[] => {
  let g = parcelGeometries.get(parcels);
  if (!g) { g = parcels.map((p) => p.geometry); parcelGeometries.set(parcels, g); }
  return g;
};

const overlayInput = (layers: AnalysisLayers): OverlayInput => ({
  parcels: geometriesOf(layers.parcels),
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
  prepareOverlay(overlayInput(layers));
}

/** Runs `request` on `layers`. A bad rule set or date comes back as a value; bugs throw. */
export function runAnalysis(layers: AnalysisLayers, request: AnalysisRequest): AnalysisOutcome {
  const rules = validateRuleSet(request.rules ?? {});
  if (!rules.ok) return { ok: false, problem: 'rules', errors: rules.errors };
  if (parseIsoDate(request.evaluationDate) === null) {
    return { ok: false, problem: 'date', message: `evaluation date must be YYYY-MM-DD, got "${request.evaluationDate}"` };
  }
  const t0 = performance.now();
  const facts = computeGeoFacts(overlayInput(layers));
  const t1 = performance.now();
  const result = analyzeParcels(layers.parcels.map((p) => p.attributes), facts, rules.value, {
    evaluationDate: request.evaluationDate,
    ledger: request.ledger,
  });
  const t2 = performance.now();
  return { ok: true, run: { ...result, facts, ruleSet: rules.value, timings: { overlayMs: t1 - t0, rulesMs: t2 - t1 } } };
}
