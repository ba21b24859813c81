/**
 * Zone statistics: what a planner's drawn consolidation zone (连片改造 / 小微园 / 整体腾退) holds, from
 * exact clipped areas (EPSG:4549 planar, true intersection — never centroids or boxes). A parcel cut
 * by the zone's edge counts by its clipped share: its 亩, and its enterprise figures (tax, value
 * added, employees, energy) × share. Pure types + the summing step; the geometry lives in
 * geo/zone-clip.ts and the worker request in worker/zones.ts.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { RECLAIM_KINDS, type ParcelResults } from './parcel-results';
import type { ParcelGeoFacts } from './facts';
import type { ParcelAttributes } from './parcel';
import { RULE_IDS, STATUS_CODES, type RuleId } from './rules/outcome';
import type { Ratio } from './summary';
import { addDelta, emptyDelta, type ZoneWhatIfBase } from './what-if';
import { muFromM2, squareMetres } from './units';
import { landShareOf } from './enterprise';

/** A zone's outline: what terra-draw gives (WGS84 lon/lat), or EPSG:4549 metres for the CLI and tests. */
export type ZoneGeometry = Polygon | MultiPolygon;

/** The what-if's targets; absent = the rule set's 2023 亩均税收 target and the zone's planned FAR default. */
export interface ZoneWhatIfInput {
  /** 万元/亩. */
  targetTaxPerMu?: number;
  /** Floor-area ratio the zone is redeveloped at. */
  targetFar?: number;
}

/**
 * The `zone-stats` request. Number each zone's requests with an increasing `seq`: a request of a zone
 * overtaken by a newer one of the SAME zone before its work starts is answered with the error
 * `cancelled` (drop it); requests of different zones (the compare table) never cancel each other.
 */
export interface ZoneStatsRequest {
  zoneId: string;
  /** Increasing per zone (e.g. one page-wide counter). */
  seq: number;
  geometry: ZoneGeometry;
  /** CRS of `geometry`: WGS84 lon/lat by default (terra-draw); EPSG:4549 metres for imported zones. */
  crs?: 'EPSG:4326' | 'EPSG:4549';
  whatIf?: ZoneWhatIfInput;
}

/** Why a zone has no figures (refused geometry) or why some figures are partial. */
export type ZoneProblemCode =
  | 'not-polygon' | 'empty' | 'non-finite' | 'unclosed' | 'short-ring' | 'self-intersection' | 'too-small'
  | 'no-parcels' | 'area-unknown-parcels' | 'clip-failed';

export interface ZoneProblem {
  code: ZoneProblemCode;
  /** Fatal problems refuse the zone (all figures 0); others only qualify figures. */
  fatal: boolean;
  /** Bilingual message naming the problem and what to do (e.g. where the outline crosses itself). */
  zh: string;
  en: string;
}

/** Block-line overlap by tier (m²): the zone's own area over block lines (industrial use must be kept there). */
export interface BlocklineTiers {
  一级: number;
  二级: number;
  未分级: number;
}

/** The parcels the zone meets. `fids` lists all, wholly-inside first; `clippedM2[i]`/`share[i]` go with `fids[i]`. */
export interface ZoneParcels {
  /** Parcels sharing area with the zone (wholly + partly inside). */
  count: number;
  whole: number;
  partial: number;
  fids: number[];
  wholeFids: number[];
  partialFids: number[];
  /** Clipped area of `fids[i]` inside the zone, m². */
  clippedM2: number[];
  /** clippedM2 / parcel area (1 for wholly inside). */
  share: number[];
  /** Parcels whose geometry is flagged (no usable area): counted here, in no 亩 figure. */
  areaUnknownFids: number[];
}

/**
 * What-if: the zone's land redeveloped at a target 亩均税收 and FAR, beside today's figures. District
 * figures are the dashboard's (summary.ts stages): today = 现状 (after the recorded disposals);
 * `afterFreeing` = the zone's freeable land freed as the engine counts it (idle / low-efficiency /
 * D-class parcels leave with their tax and 亩, under-used ones lose their spare 亩 — each × its clipped
 * share); `afterRedevelopment` = the zone's land, all of it, yielding the target 亩均税收 instead of
 * what its parcels yield today (亩均增加值 and productivity are not modelled there: null).
 */
export interface ZoneWhatIf {
  targetTaxPerMu: number;
  /** Where the target came from: the request, or the rule set's 2023 target (53.13 万元/亩 by default). */
  targetTaxSource: 'request' | 'rule-set-2023';
  targetFar: number;
  /** The request, or the rule set's planned maximum FAR (floorArea.defaultPlannedMaxFar). */
  targetFarSource: 'request' | 'rule-set';
  /** The zone's clipped land (亩) the figures apply to. */
  landMu: number;
  /** Tax today (clipped shares), at the target (target × land), and the difference, 万元. */
  taxTodayWan: number;
  taxTargetWan: number;
  taxGainedWan: number;
  /** Floor area today (clipped shares of parcel floor area), at the target FAR × land, and the gain, m². */
  floorTodayM2: number;
  floorTargetM2: number;
  floorGainedM2: number;
  /** Land of the zone (亩) whose tax / floor area the data does not give: counted as 0 today, so the gains are upper bounds there. */
  taxUnknownMu: number;
  floorUnknownMu: number;
  district: { today: WhatIfKpis; afterFreeing: WhatIfKpis; afterRedevelopment: WhatIfKpis };
}

export interface WhatIfKpis {
  /** Above-scale 亩均税收, 万元/亩 (null when unknown). */
  taxPerMu: number | null;
  /** Above-scale 亩均增加值, 万元/亩 (null when unknown or not modelled). */
  valuePerMu: number | null;
  /** Above-scale 全员劳动生产率, 万元/人 (null when unknown or not modelled). */
  productivity: number | null;
  /** 亩 freed toward the 2023 target (achieved up to 2023 + what this scenario frees). */
  landFreedMu: number;
  /** The 2023 target (600 亩 by default, from the rule set). */
  landFreedTargetMu: number;
  /** landFreedMu / landFreedTargetMu. */
  landFreedShare: number | null;
}

/** The `zone-stats` answer. All 亩 / money figures are clipped shares. */
export interface ZoneStats {
  zoneId: string;
  seq: number;
  /** The zone's own planar area (EPSG:4549). */
  areaM2: number;
  areaMu: number;
  parcels: ZoneParcels;
  /** Σ clipped land of parcels with a usable area. */
  landM2: number;
  landMu: number;
  /** Clipped land of parcels the idle / low-efficiency / under-used rule finds (a parcel may be in several). */
  idleMu: number;
  lowEfficiencyMu: number;
  underUsedMu: number;
  /** Land that can be freed: the engine's no-double-count portion of each pipeline parcel × its share. */
  freeableMu: number;
  freeableByKind: Record<'idle' | 'low-efficiency' | 'd-class' | 'under-used', number>;
  /** Land already freed (achieved in the ledger) × share. */
  achievedMu: number;
  /**
   * Distinct enterprises with a parcel in the zone that is still theirs: a parcel already freed (achieved), one
   * with a flagged geometry, and a parcel with neither credit code nor enterprise name (no enterprise) count none.
   */
  enterprises: number;
  /** Clipped shares of the parcels' figures. */
  employees: number;
  taxWan: number;
  valueAddedWan: number;
  energyTce: number;
  /** Σ tax share / Σ land of the parcels whose tax is known, 万元/亩. */
  taxPerMu: Ratio;
  /** null when no block-line layer is loaded. */
  blocklineOverlapM2: BlocklineTiers | null;
  /**
   * Parcels whose part inside the zone overlaps a block line (their industrial use must be kept): the parcel's
   * overlap alone may lie outside the zone (computeZoneStats keeps only those whose clipped part meets it).
   */
  blocklineFids: number[];
  /** Zone area inside each park, m², by park name; null when no park layer is loaded. */
  parkOverlapM2: Record<string, number> | null;
  /** Parcels qualifying for each policy (the rule is met). */
  policy: { landPrice: number[]; floorArea: number[]; dormitory: number[] };
  /** The parcels behind each land figure, for "click a figure to filter": idleMu, lowEfficiencyMu, underUsedMu, freeableMu, achievedMu. */
  figureFids: { idle: number[]; lowEfficiency: number[]; underUsed: number[]; freeable: number[]; achieved: number[] };
  whatIf: ZoneWhatIf | null;
  problems: ZoneProblem[];
  timings: { ms: number };
}

/** The parcels a zone meets, from the geometry step (geo/zone-clip.ts): wholly-inside first. */
export interface ZoneClipInput {
  count: number;
  whole: number;
  fids: ArrayLike<number>;
  clippedM2: ArrayLike<number>;
  /** |planar area| of each parcel of the layer (indexed by fid), m². */
  parcelAreaM2: ArrayLike<number>;
}

/** What the engine said about every parcel (the latest analysis), indexed by fid. */
export interface ZoneEngineInput {
  attributes: readonly ParcelAttributes[];
  results: ParcelResults;
  facts: readonly Pick<ParcelGeoFacts, 'areaM2' | 'geometryError' | 'blocklineOverlapM2'>[];
  /** Each parcel's enterprise as a number (the analysis's enterprise index): counted without string hashing. */
  enterpriseOf: Int32Array;
  /** By enterprise number: 1 when above-scale (规上) — the district's 亩均 ratios count only their parcels. */
  aboveScale: Uint8Array;
  /** By enterprise number: 1 when it is an enterprise (a credit code or a name), 0 for a parcel with neither (enterprise.ts `parcel:` keys). */
  isEnterprise: Uint8Array;
  /** fid × RULE_IDS.length + r → index into STATUS_CODES. */
  ruleStatus: Uint8Array;
}

const MET = STATUS_CODES.indexOf('met');
const R = RULE_IDS.length;
const rule = (id: RuleId): number => RULE_IDS.indexOf(id);
const R_IDLE = rule('idle'), R_LOW = rule('low-efficiency'), R_UNDER = rule('under-used');
const R_PRICE = rule('land-price'), R_FAR = rule('floor-area'), R_DORM = rule('dormitory');

/** The zone figures that depend on its parcels alone (no overlay layers, no what-if). */
export type ZoneParcelFigures = Pick<ZoneStats,
  'parcels' | 'landM2' | 'landMu' | 'idleMu' | 'lowEfficiencyMu' | 'underUsedMu' | 'freeableMu' | 'freeableByKind'
  | 'achievedMu' | 'enterprises' | 'employees' | 'taxWan' | 'valueAddedWan' | 'energyTce' | 'taxPerMu' | 'blocklineFids' | 'policy' | 'figureFids'>
  & {
    /** What the what-if starts from (domain/what-if.ts). */
    whatIfBase: ZoneWhatIfBase;
  };

/** Enterprises already counted in this sum: seen[e] === stamp (no Set of strings per edit). */
let seen = new Int32Array(0);
let stamp = 0;

/** The analysis's enterprise of each parcel, and which enterprises are above-scale (any parcel 规上, as enterprise.ts). */
export function enterpriseColumns(results: ParcelResults): Pick<ZoneEngineInput, 'enterpriseOf' | 'aboveScale' | 'isEnterprise'> {
  const aboveScale = Uint8Array.from(results.enterprises, (e) => (e.scale === 'above' ? 1 : 0));
  // Grouped by neither code nor name (enterprise.ts): the parcel's own `parcel:` group, no enterprise.
  const isEnterprise = Uint8Array.from(results.enterprises, (e) => (e.creditCode !== null || e.name !== null ? 1 : 0));
  return { enterpriseOf: results.enterpriseOf, aboveScale, isEnterprise };
}

const num = (v: number | null | undefined): number => (v != null && Number.isFinite(v) ? v : 0);

/**
 * Sums the zone's parcels: land by clipped area. The economic figures (tax, value added, employees, energy)
 * are the enterprise's, often reported on one of its parcels only (enterprise.ts): each parcel in the zone
 * carries its enterprise's summed figure × its clipped land / the enterprise's land, so an enterprise counts
 * by how much of its land the zone holds, whichever parcel reports its figures (where the enterprise's land
 * is unknown, the parcel's own figure × its share). A parcel already freed (reclaim `achieved`) counts in
 * `achievedMu` only: it is no longer idle, low-efficiency or under-used, and its enterprise's figures have
 * left (the dashboard's 现状), and it counts no enterprise. A parcel with a flagged geometry has no usable area
 * or share: it is listed (`areaUnknownFids`) but adds to no figure and counts no enterprise. A parcel of no
 * enterprise (neither credit code nor name) counts none either.
 */
export function sumZoneParcels(clip: ZoneClipInput, engine: ZoneEngineInput): ZoneParcelFigures {
  const fids: number[] = [], wholeFids: number[] = [], partialFids: number[] = [];
  const clippedM2: number[] = [], share: number[] = [], areaUnknownFids: number[] = [];
  let enterprises = 0;
  if (++stamp === 2 ** 31 - 1) { seen.fill(0); stamp = 1; }
  if (seen.length < engine.aboveScale.length) seen = new Int32Array(engine.aboveScale.length);
  const policy = { landPrice: [] as number[], floorArea: [] as number[], dormitory: [] as number[] };
  const blocklineFids: number[] = [];
  const figureFids = { idle: [] as number[], lowEfficiency: [] as number[], underUsed: [] as number[], freeable: [] as number[], achieved: [] as number[] };
  const freeableByKind = { idle: 0, 'low-efficiency': 0, 'd-class': 0, 'under-used': 0 };
  let landM2 = 0, idleM2 = 0, lowM2 = 0, underM2 = 0, freeableMu = 0, achievedMu = 0;
  let employees = 0, taxWan = 0, valueAddedWan = 0, energyTce = 0, floorAreaM2 = 0, taxUnknownM2 = 0, floorUnknownM2 = 0;
  const freeing = emptyDelta(), zoneShare = emptyDelta();
  const taxPerMu: Ratio = { numerator: 0, denominator: 0, value: null };
  for (let i = 0; i < clip.count; i++) {
    const f = clip.fids[i]!;
    const clipped = clip.clippedM2[i]!;
    const own = clip.parcelAreaM2[f]!;
    const s = i < clip.whole ? 1 : own > 0 ? Math.min(1, clipped / own) : 0;
    fids.push(f);
    (i < clip.whole ? wholeFids : partialFids).push(f);
    clippedM2.push(clipped);
    share.push(s);
    const a = engine.attributes[f]!;
    const facts = engine.facts[f]!;
    const e = engine.enterpriseOf[f]!;
    const st = engine.ruleStatus;
    if (st[f * R + R_PRICE] === MET) policy.landPrice.push(f);
    if (st[f * R + R_FAR] === MET) policy.floorArea.push(f);
    if (st[f * R + R_DORM] === MET) policy.dormitory.push(f);
    const bl = facts.blocklineOverlapM2;
    if (bl && bl.一级 + bl.二级 + (bl.未分级 ?? 0) > 0) blocklineFids.push(f);
    if (facts.geometryError) { areaUnknownFids.push(f); continue; }
    landM2 += clipped;
    const kindCode = engine.results.reclaimKind[f]!;
    const reclaimKind = kindCode < 0 ? null : RECLAIM_KINDS[kindCode]!;
    const reclaimableMu = engine.results.reclaimableMu[f]!;
    const freed = reclaimableMu * s;
    if (reclaimKind === 'achieved') {
      achievedMu += freed;
      figureFids.achieved.push(f);
      continue;
    }
    if (engine.isEnterprise[e] === 1 && seen[e] !== stamp) { seen[e] = stamp; enterprises++; }
    if (st[f * R + R_IDLE] === MET) { idleM2 += clipped; figureFids.idle.push(f); }
    if (st[f * R + R_LOW] === MET) { lowM2 += clipped; figureFids.lowEfficiency.push(f); }
    if (st[f * R + R_UNDER] === MET) { underM2 += clipped; figureFids.underUsed.push(f); }
    if (reclaimKind !== null) { freeableMu += freed; freeableByKind[reclaimKind] += freed; figureFids.freeable.push(f); }
    const ent = engine.results.enterpriseAt(f);
    const byLand = landShareOf(ent, clipped);
    const part = (k: 'tax' | 'addedValue' | 'employees' | 'energyTce'): number => (byLand !== null ? num(ent.figure(k)) * byLand : num(a[k]) * s);
    const tax = part('tax'), value = part('addedValue'), people = part('employees');
    employees += people;
    taxWan += tax;
    valueAddedWan += value;
    energyTce += part('energyTce');
    floorAreaM2 += num(a.floorArea) * s;
    if (a.floorArea == null) floorUnknownM2 += clipped;
    if (byLand !== null ? ent.figure('tax') === null : a.tax == null) taxUnknownM2 += clipped;
    if (engine.aboveScale[e] === 1) {
      // This parcel's share of the district's 现状 ratios (summary.ts's conditions).
      const mu = muFromM2(facts.areaM2) * s;
      const d = { tax: ent.metric('taxPerMu') !== null, value: ent.metric('valuePerMu') !== null, prod: ent.metric('productivity') !== null };
      addDelta(zoneShare, d, tax, value, people, mu);
      if (reclaimKind === 'under-used') addDelta(freeing, { tax: d.tax, value: d.value, prod: false }, 0, 0, 0, reclaimableMu * s);
      else if (reclaimKind !== null) addDelta(freeing, d, tax, value, people, mu);
    }
    // Over the land of every enterprise whose tax is known, above- and below-scale (labelled so: the dashboard's
    // district figures are above-scale only, as the plan's targets are).
    if (ent.figure('tax') !== null && (byLand !== null || (a.tax != null && Number.isFinite(a.tax)))) {
      taxPerMu.numerator += tax;
      taxPerMu.denominator += muFromM2(squareMetres(clipped));
    }
  }
  taxPerMu.value = taxPerMu.denominator > 0 ? taxPerMu.numerator / taxPerMu.denominator : null;
  const toMu = (m2: number): number => muFromM2(squareMetres(m2));
  return {
    parcels: { count: clip.count, whole: clip.whole, partial: clip.count - clip.whole, fids, wholeFids, partialFids, clippedM2, share, areaUnknownFids },
    landM2, landMu: toMu(landM2), idleMu: toMu(idleM2), lowEfficiencyMu: toMu(lowM2), underUsedMu: toMu(underM2),
    freeableMu, freeableByKind, achievedMu, enterprises,
    employees, taxWan, valueAddedWan, energyTce, taxPerMu, blocklineFids, policy, figureFids,
    whatIfBase: { landMu: toMu(landM2), taxWan, floorAreaM2, freeableMu, freeing, zoneShare, taxUnknownMu: toMu(taxUnknownM2), floorUnknownMu: toMu(floorUnknownM2) },
  };
}
