/**
 * The pure entry point of the domain engine, called by the worker, the CLI and the bench:
 * parcels + geometry facts + rule set (+ ledger) → one result per parcel and the district summary.
 * Per-mu figures are the enterprise's (summed over its parcels, as the policy evaluates it); FAR,
 * coverage and unbuilt land are the parcel's own.
 */
import { parseIsoDate } from './dates';
import { groupEnterprises } from './enterprise';
import { CLASS_LETTERS, computeClassColumns } from './evaluation';
import type { ParcelGeoFacts } from './facts';
import { indexLedger, type LedgerEntry } from './ledger';
import { buildingCoverage, floorAreaRatio, unbuiltArea } from './metrics';
import type { EvalClass, ParcelAttributes } from './parcel';
import { reclaimOf, type ReclaimKind } from './reclaim';
import type { RuleSet } from './rule-set';
import { evaluateRules, RULE_IDS, type RuleInput, type RuleOutcomes } from './rules';
import type { IdleStage } from './rules/idle';
import { developmentState, isIndustrial } from './rules/input';
import { SummaryBuilder, type DistrictSummary } from './summary';
import { muFromM2, type Mu, type SquareMetres } from './units';

export { RULE_IDS };

/** A registered area differing from the computed one by more than this share is flagged (spec: 0.5 %). */
export const REGISTERED_AREA_TOLERANCE = 0.005;

export interface AnalyzeOptions {
  /** ISO date (YYYY-MM-DD) the idle rule and the ledger are evaluated at. */
  evaluationDate: string;
  ledger?: LedgerEntry[];
}

export interface ParcelResult {
  parcelId: string;
  /** Grouping key of the parcel's enterprise (see enterprise.ts). */
  enterpriseKey: string;
  /** Parcels of the same enterprise (1 for most). */
  enterpriseParcels: number;
  /** 镇街 from the data, else from the towns layer; null when neither. */
  town: string | null;
  areaM2: SquareMetres;
  areaMu: Mu;
  /** (computed − registered) / registered, when a registered area exists. */
  registeredAreaDiff: number | null;
  /** Enterprise-level 亩均税收, 万元/亩. */
  taxPerMu: number | null;
  /** Enterprise-level 亩均增加值, 万元/亩. */
  valuePerMu: number | null;
  /** Enterprise-level 全员劳动生产率, 万元/人. */
  productivity: number | null;
  /** Enterprise-level 单位增加值能耗, tce/万元. */
  energyIntensity: number | null;
  /** Enterprise-level R&D share of revenue (0–1). */
  rdShare: number | null;
  /** Parcel FAR (floor area / area). */
  far: number | null;
  /** Parcel building coverage (0–1). */
  coverage: number | null;
  /** Parcel area not under buildings, m². */
  unbuiltM2: SquareMetres | null;
  evalClass: EvalClass | null;
  /** True when the class was computed here rather than read from the data. */
  evalClassComputed: boolean;
  /** Score of the computed evaluation (null without one). */
  evalScore: number | null;
  idleStage: IdleStage | null;
  /** 亩 freed (achieved) or freeable (pipeline); 0 when none. */
  reclaimableMu: number;
  reclaimKind: ReclaimKind | null;
  reclaimYear: number | null;
  outcomes: RuleOutcomes;
}

export interface AnalysisResult {
  parcels: ParcelResult[];
  summary: DistrictSummary;
}

function townOf(p: ParcelAttributes, f: ParcelGeoFacts): string | null {
  const t = p.town?.trim();
  return t ? t : f.townFromLayer;
}

/**
 * Analyses every parcel. `facts[i]` must describe `parcels[i]`. Throws RangeError on a malformed
 * evaluation date or mismatched arrays (caller bugs, not user data problems).
 */
export function analyzeParcels(
  parcels: readonly ParcelAttributes[],
  facts: readonly ParcelGeoFacts[],
  ruleSet: RuleSet,
  options: AnalyzeOptions,
): AnalysisResult {
  if (parcels.length !== facts.length) throw new RangeError(`analyzeParcels: ${parcels.length} parcels but ${facts.length} facts`);
  const evaluationDate = parseIsoDate(options.evaluationDate);
  if (evaluationDate === null) throw new RangeError(`analyzeParcels: evaluationDate must be YYYY-MM-DD, got ${options.evaluationDate}`);
  const { enterprises, enterpriseOf } = groupEnterprises(parcels, facts);
  const classes = computeClassColumns(enterprises, ruleSet);
  // A class in the data on any of an enterprise's parcels stands for its other parcels too.
  // (The first such parcel in input order, as each enterprise lists its parcels in that order.)
  const dataClass = new Array<EvalClass | null>(enterprises.length).fill(null);
  for (let i = 0; i < parcels.length; i++) {
    const c = parcels[i]!.evalClass;
    if (c && dataClass[enterpriseOf[i]!] === null) dataClass[enterpriseOf[i]!] = c;
  }
  const ledger = indexLedger(options.ledger);
  const results: ParcelResult[] = new Array<ParcelResult>(parcels.length);
  const summary = new SummaryBuilder();

  const input: RuleInput = {
    parcel: parcels[0]!, facts: facts[0]!, areaMu: 0 as Mu, enterprise: enterprises[0]!, far: null, coverage: null,
    evalClass: null, evalClassComputed: false, industrial: true, development: 'unrecorded', ruleSet, evaluationDate,
  };
  for (let i = 0; i < parcels.length; i++) {
    const parcel = parcels[i]!;
    const f = facts[i]!;
    const e = enterpriseOf[i]!;
    const enterprise = enterprises[e]!;
    const computedClass = classes.classIndex[e]!;
    const given = parcel.evalClass ?? dataClass[e] ?? null;
    const evalClass = given ?? (computedClass < 0 ? null : CLASS_LETTERS[computedClass]!);
    const areaMu = muFromM2(f.areaM2);
    const far = floorAreaRatio(parcel.floorArea, f.areaM2);
    const coverage = f.footprintM2 === null ? null : buildingCoverage(f.footprintM2, f.areaM2);
    // One RuleInput reused for every parcel: rules are pure and keep no reference to it.
    input.parcel = parcel;
    input.facts = f;
    input.areaMu = areaMu;
    input.enterprise = enterprise;
    input.far = far;
    input.coverage = coverage;
    input.evalClass = evalClass;
    input.evalClassComputed = given === null && evalClass !== null;
    input.industrial = isIndustrial(parcel.landUse);
    input.development = developmentState(parcel);
    const outcomes = evaluateRules(input);
    const entries = ledger.get(parcel.parcelId);
    const reclaim = reclaimOf(areaMu, outcomes, entries);
    const idle = outcomes.idle;
    const stage = idle.status === 'met' ? idle.extra?.['stage'] : undefined;
    const town = townOf(parcel, f);
    const registered = parcel.registeredAreaMu;
    const m = enterprise.metrics;
    results[i] = {
      parcelId: parcel.parcelId,
      enterpriseKey: enterprise.key,
      enterpriseParcels: enterprise.parcels.length,
      town,
      areaM2: f.areaM2,
      areaMu,
      registeredAreaDiff: registered != null && registered > 0 ? (areaMu - registered) / registered : null,
      taxPerMu: m.taxPerMu,
      valuePerMu: m.valuePerMu,
      productivity: m.productivity,
      energyIntensity: m.energyIntensity,
      rdShare: m.rdShare,
      far,
      coverage,
      unbuiltM2: unbuiltArea(f.areaM2, f.footprintM2),
      evalClass,
      evalClassComputed: input.evalClassComputed,
      evalScore: computedClass < 0 ? null : classes.scores[e]!,
      idleStage: stage === 1 || stage === 2 || stage === 'negotiated' ? stage : null,
      reclaimableMu: reclaim.mu,
      reclaimKind: reclaim.kind,
      reclaimYear: reclaim.year,
      outcomes,
    };
    summary.add({ attributes: parcel, areaMu, town, enterprise, outcomes, reclaim }, entries);
  }
  return { parcels: results, summary: summary.finish(ruleSet, options.evaluationDate) };
}
