/**
 * The pure entry point of the domain engine, called by the worker, the CLI and the bench:
 * parcels + geometry facts + rule set (+ ledger) → one result per parcel and the district summary.
 * Per-mu figures are the enterprise's (summed over its parcels, as the policy evaluates it); FAR,
 * coverage and unbuilt land are the parcel's own.
 *
 * A parcel whose geometry is flagged (facts.geometryError) has no usable area (facts.ts
 * `usableAreaM2`): its FAR, coverage, unbuilt land and registered-area difference are null, its
 * enterprise's per-mu figures are null (enterprise.ts says why the whole enterprise), the rules that
 * need its land answer `unknown` (missing `geometry`), and it adds no 亩 to any district figure.
 */
import { parseIsoDate, type CalendarDate } from './dates';
import { groupEnterprises, type Enterprise, type EnterpriseGrouping } from './enterprise';
import { CLASS_LETTERS, computeClassColumns, type ClassColumns } from './evaluation';
import { usableAreaM2, type ParcelGeoFacts, type ParcelLand } from './facts';
import { indexLedger, type LedgerEntry } from './ledger';
import { buildingCoverage, floorAreaRatio, unbuiltArea } from './metrics';
import type { ParcelAttributes } from './parcel';
import { ParcelResults } from './parcel-results';
import { reclaimOf } from './reclaim';
import type { RuleSet } from './rule-set';
import { evaluateRules, RULE_IDS, type RuleInput, type RuleOutcome, type RuleOutcomes } from './rules';
import { reasonCell, STATUS_CODES, statusCode } from './rules/outcome';
import { developmentState, isIndustrial } from './rules/input';
import { SummaryBuilder, type DistrictSummary } from './summary';
import { muFromM2 } from './units';

export { RULE_IDS, STATUS_CODES };
export { ParcelResults, RECLAIM_KINDS, type ParcelResult } from './parcel-results';

/** A registered area differing from the computed one by more than this share is flagged (spec: 0.5 %). */
export const REGISTERED_AREA_TOLERANCE = 0.005;

export interface AnalyzeOptions {
  /** ISO date (YYYY-MM-DD) the idle rule and the ledger are evaluated at. */
  evaluationDate: string;
  ledger?: LedgerEntry[];
  /** The parcels' enterprises grouped beforehand (groupAhead); used when the facts give every parcel the same land. */
  ahead?: GroupedAhead;
}

/** The enterprise grouping of `parcels` on `land`, made before their overlay was known. */
export interface GroupedAhead {
  parcels: readonly ParcelAttributes[];
  land: readonly ParcelLand[];
  grouping: EnterpriseGrouping;
  /** The enterprises' computed classes under a rule set, if it was known then (they need the land, not the overlay). */
  classes?: { ruleSet: RuleSet; columns: ClassColumns };
}

/**
 * Groups `parcels` into enterprises on `land` (their area and geometry flag), which needs no overlay:
 * the CLI does it while its other thread still works out the overlay, and analyzeParcels takes it.
 * Given the rule set, their classes are computed too.
 */
export function groupAhead(parcels: readonly ParcelAttributes[], land: readonly ParcelLand[], ruleSet?: RuleSet): GroupedAhead {
  const grouping = groupEnterprises(parcels, land);
  return { parcels, land, grouping, ...(ruleSet ? { classes: { ruleSet, columns: computeClassColumns(grouping.enterprises, ruleSet) } } : {}) };
}

/** The classes computed ahead, if they were computed under a rule set equal to `ruleSet`. */
const classesAhead = (ahead: GroupedAhead, ruleSet: RuleSet): ClassColumns | undefined =>
  ahead.classes && (ahead.classes.ruleSet === ruleSet || JSON.stringify(ahead.classes.ruleSet) === JSON.stringify(ruleSet)) ? ahead.classes.columns : undefined;

/** Whether `ahead` was grouped from these parcels on the land these facts give (else it is grouped again). */
function fitsAhead(ahead: GroupedAhead, parcels: readonly ParcelAttributes[], facts: readonly ParcelGeoFacts[]): boolean {
  if (ahead.parcels !== parcels || ahead.land.length !== facts.length) return false;
  for (let i = 0; i < facts.length; i++) {
    const a = ahead.land[i]!, f = facts[i]!;
    if (a.areaM2 !== f.areaM2 || !a.geometryError !== !f.geometryError) return false;
  }
  return true;
}

/**
 * The result of one analysis. Rule outcomes are not kept per parcel (11 outcome objects with their
 * figures per parcel made most of the run's time, as retained garbage): the loop stores each outcome's
 * status and reason in two columns, and `outcomesOf` recomputes one parcel's full outcomes on demand.
 */
export interface AnalysisResult {
  parcels: ParcelResults;
  summary: DistrictSummary;
  /** Parcel i, rule RULE_IDS[r] → index into STATUS_CODES, at [i × RULE_IDS.length + r]. */
  ruleStatus: Uint8Array;
  /** The outcome's reason as the results table shows it (outcome.ts `reasonCell`), same layout as ruleStatus. */
  ruleReason: string[];
  /**
   * Parcel `index`'s outcomes, recomputed from the analysis inputs exactly as the run computed them
   * (rules are pure); RangeError for an index outside the parcels.
   */
  outcomesOf(index: number): RuleOutcomes;
}

function townOf(p: ParcelAttributes, f: ParcelGeoFacts): string | null {
  const t = p.town?.trim();
  return t ? t : f.townFromLayer;
}

/**
 * Everything the rules read for any parcel of one analysis: the inputs, the enterprises and their
 * classes. The result keeps it (and nothing per parcel) so that outcomesOf can re-evaluate a parcel.
 */
interface RuleContext {
  parcels: readonly ParcelAttributes[];
  facts: readonly ParcelGeoFacts[];
  enterprises: readonly Enterprise[];
  enterpriseOf: Int32Array;
  classes: ClassColumns;
  ruleSet: RuleSet;
  evaluationDate: CalendarDate;
}

function ruleContext(parcels: readonly ParcelAttributes[], facts: readonly ParcelGeoFacts[], ruleSet: RuleSet, evaluationDate: CalendarDate, ahead?: GroupedAhead): RuleContext {
  const fits = ahead !== undefined && fitsAhead(ahead, parcels, facts);
  const { enterprises, enterpriseOf } = fits ? ahead.grouping : groupEnterprises(parcels, facts);
  const classes = (fits ? classesAhead(ahead, ruleSet) : undefined) ?? computeClassColumns(enterprises, ruleSet);
  return { parcels, facts, enterprises, enterpriseOf, classes, ruleSet, evaluationDate };
}

function emptyInput(ctx: RuleContext): RuleInput {
  return {
    parcel: ctx.parcels[0]!, facts: ctx.facts[0]!, areaM2: null, areaMu: null, enterprise: ctx.enterprises[0]!, far: null, coverage: null,
    evalClass: null, evalClassComputed: false, industrial: true, development: 'unrecorded', ruleSet: ctx.ruleSet, evaluationDate: ctx.evaluationDate,
  };
}

/**
 * Fills `input` with parcel i (one RuleInput is reused for every parcel: rules are pure and keep no
 * reference to it). The class is the data's, else the enterprise's from the data, else computed.
 */
function fillInput(ctx: RuleContext, i: number, input: RuleInput): RuleInput {
  const parcel = ctx.parcels[i]!;
  const f = ctx.facts[i]!;
  const e = ctx.enterpriseOf[i]!;
  const enterprise = ctx.enterprises[e]!;
  const computedClass = ctx.classes.classIndex[e]!;
  // A class in the data on any of an enterprise's parcels stands for its other parcels too.
  const given = parcel.evalClass ?? enterprise.dataClass ?? null;
  const evalClass = given ?? (computedClass < 0 ? null : CLASS_LETTERS[computedClass]!);
  const areaM2 = usableAreaM2(f);
  input.parcel = parcel;
  input.facts = f;
  input.areaM2 = areaM2;
  input.areaMu = areaM2 === null ? null : muFromM2(areaM2);
  input.enterprise = enterprise;
  input.far = floorAreaRatio(parcel.floorArea, areaM2);
  input.coverage = f.footprintM2 === null ? null : buildingCoverage(f.footprintM2, areaM2);
  input.evalClass = evalClass;
  input.evalClassComputed = given === null && evalClass !== null;
  input.industrial = isIndustrial(parcel.landUse, ctx.ruleSet.industrialLand.uses);
  input.development = developmentState(parcel);
  return input;
}

function outcomesOfParcel(ctx: RuleContext, index: number): RuleOutcomes {
  if (!Number.isInteger(index) || index < 0 || index >= ctx.parcels.length) {
    throw new RangeError(`outcomesOf: no parcel ${index} (there are ${ctx.parcels.length})`);
  }
  return evaluateRules(fillInput(ctx, index, emptyInput(ctx)));
}

/** Writes one outcome into the status and reason columns at `at`. */
function put(o: RuleOutcome, at: number, status: Uint8Array, reason: string[]): void {
  status[at] = statusCode(o.status);
  reason[at] = reasonCell(o);
}

/** Writes a parcel's outcomes from `at` on, in RULE_IDS order (explicit reads: a keyed loop is megamorphic). */
function putOutcomes(o: RuleOutcomes, at: number, status: Uint8Array, reason: string[]): void {
  put(o.scope, at, status, reason);
  put(o['low-efficiency'], at + 1, status, reason);
  put(o['two-high'], at + 2, status, reason);
  put(o.energy, at + 3, status, reason);
  put(o.idle, at + 4, status, reason);
  put(o['under-used'], at + 5, status, reason);
  put(o['d-class'], at + 6, status, reason);
  put(o['land-price'], at + 7, status, reason);
  put(o['floor-area'], at + 8, status, reason);
  put(o.dormitory, at + 9, status, reason);
  put(o['block-line'], at + 10, status, reason);
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
  const ctx = ruleContext(parcels, facts, ruleSet, evaluationDate, options.ahead);
  const { enterprises, enterpriseOf, classes } = ctx;
  const ledger = indexLedger(options.ledger);
  const results = new ParcelResults(parcels, enterprises, enterpriseOf);
  const rules = RULE_IDS.length;
  if (rules !== 11) throw new Error('putOutcomes writes 11 rules'); // keep putOutcomes in step with RULE_IDS
  const ruleStatus = new Uint8Array(parcels.length * rules);
  const ruleReason = new Array<string>(parcels.length * rules);
  const summary = new SummaryBuilder();
  const input = emptyInput(ctx);
  for (let i = 0; i < parcels.length; i++) {
    const parcel = parcels[i]!;
    const f = facts[i]!;
    const e = enterpriseOf[i]!;
    const enterprise = enterprises[e]!;
    const { areaM2, areaMu, far, coverage, evalClass, evalClassComputed } = fillInput(ctx, i, input);
    // The outcomes live only for this iteration: two columns, the reclaim and the summary read them.
    const outcomes = evaluateRules(input);
    putOutcomes(outcomes, i * rules, ruleStatus, ruleReason);
    const entries = ledger.get(parcel.parcelId);
    const reclaim = reclaimOf(areaMu, outcomes, entries);
    const idle = outcomes.idle;
    const stage = idle.status === 'met' ? idle.extra?.['stage'] : undefined;
    const town = townOf(parcel, f);
    const registered = parcel.registeredAreaMu;
    // The polygon's own area, for the result row only (see ParcelResult.areaM2).
    const polygonMu = areaMu ?? muFromM2(f.areaM2);
    const computedClass = classes.classIndex[e]!;
    results.set(i, {
      town,
      areaM2: f.areaM2,
      areaMu: polygonMu,
      registeredAreaDiff: areaMu !== null && registered != null && registered > 0 ? (areaMu - registered) / registered : null,
      far,
      coverage,
      unbuiltM2: unbuiltArea(areaM2, f.footprintM2),
      evalClass,
      evalClassComputed,
      evalScore: computedClass < 0 ? null : classes.scores[e]!,
      idleStage: stage === 1 || stage === 2 || stage === 'negotiated' ? stage : null,
      reclaimableMu: reclaim.mu ?? 0,
      reclaimKind: reclaim.kind,
      reclaimYear: reclaim.year,
    });
    summary.add({ attributes: parcel, areaMu, town, enterprise, outcomes, reclaim }, entries);
  }
  return {
    parcels: results,
    summary: summary.finish(ruleSet, options.evaluationDate),
    ruleStatus,
    ruleReason,
    outcomesOf: (index) => outcomesOfParcel(ctx, index),
  };
}
