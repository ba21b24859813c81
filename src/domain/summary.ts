/**
 * District KPIs against the §二 targets, by 镇街 and by year (policy-rules.md "Targets", "Reclaimable
 * area"). Every additive figure is accumulated per parcel into its town and into the district, so the
 * towns always add up to the district (ratios keep their numerator and denominator for the same reason).
 * 亩均 indicators are Σ numerator / Σ denominator over the parcels of above-scale (规上) enterprises whose
 * enterprise-level figures are known.
 *
 * Three stages of the 亩均 ratios (policy-rules.md "Per-mu metrics", "Reclaimable area"), each against
 * the 2021 and 2023 targets on the dashboard:
 * - `baseline` 基期: the data as it is at its as-of date (every parcel; also the block's top-level
 *   taxPerMu / valuePerMu / productivity, the same Ratio objects);
 * - `current` 现状: after the recorded disposals — a parcel freed (reclaim kind `achieved`) leaves the
 *   numerator AND the denominator (its tax, value added, employees and its 亩);
 * - `afterPipeline` 全部腾出后: every freeable parcel freed too — whole-parcel kinds (idle,
 *   low-efficiency, D-class) leave like achieved ones; an under-used parcel keeps its enterprise's
 *   figures on its land minus the spare land (only the spare 亩 leave the denominator).
 *
 * A parcel whose geometry is flagged has no area: it counts in `parcels` and `areaUnknownParcels`,
 * adds nothing to `areaMu`, to land freed or freeable, and neither it nor the other parcels of its
 * enterprise (whose land is then unknown, enterprise.ts) enter the 亩均 ratios. Figures that need no
 * land (productivity, R&D share, energy, enterprise counts, rule counts) still take it.
 */
import { landShareOf, type Enterprise } from './enterprise';
import { CLOSURE_ACTION, firstCompleted, yearOf, type DisposalAction, type LedgerEntry } from './ledger';
import type { ParcelAttributes } from './parcel';
import type { Reclaim } from './reclaim';
import type { RuleSet } from './rule-set';
import { RULE_IDS, statusMask, type RuleId, type RuleOutcomes } from './rules';
import { PLAN_FIRST_YEAR, TARGET_YEARS, type TargetYear, type TargetYearKey } from './targets';
import { M2_PER_MU } from './units';

/** Town key for parcels with no 镇街 in the data or from the towns layer. */
export const UNASSIGNED_TOWN = '未划定镇街';

export interface Ratio {
  numerator: number;
  denominator: number;
  /** numerator / denominator, null when the denominator is 0. */
  value: number | null;
}

export interface YearFigures {
  /** 亩 achieved in the year. */
  achievedMu: number;
  /** tce/yr of the parcels freed in the year. */
  energyFreedTce: number;
  closedEnterprises: number;
  upgradedEnterprises: number;
}

/** The 亩均 stages (see the module comment): 基期, 现状, 全部腾出后. */
export const KPI_STAGES = ['baseline', 'current', 'afterPipeline'] as const;
export type KpiStage = (typeof KPI_STAGES)[number];

/** Above-scale ratios of one stage. */
export interface StageFigures {
  /** 亩均税收, 万元/亩. */
  taxPerMu: Ratio;
  /** 亩均增加值, 万元/亩. */
  valuePerMu: Ratio;
  /** 全员劳动生产率, 万元/人. */
  productivity: Ratio;
}

export interface KpiBlock {
  parcels: number;
  /** Σ 亩 of the parcels with a usable area. */
  areaMu: number;
  /** Parcels whose geometry is flagged (geometryError): counted in `parcels`, in no 亩 figure. */
  areaUnknownParcels: number;
  /** Above-scale 亩均税收, 万元/亩, at the data's as-of date (基期 = stages.baseline.taxPerMu). */
  taxPerMu: Ratio;
  /** Above-scale 亩均增加值, 万元/亩. */
  valuePerMu: Ratio;
  /** Above-scale 全员劳动生产率, 万元/人. */
  productivity: Ratio;
  /** Above-scale R&D / revenue, share. */
  rdShare: Ratio;
  /** Above-scale energy intensity, tce/万元. */
  energyIntensity: Ratio;
  /** 亩均税收 / 亩均增加值 / 劳动生产率 at 基期, 现状 and 全部腾出后. */
  stages: Record<KpiStage, StageFigures>;
  /** 亩 freed (ledger, completed land-freeing actions), all years. */
  achievedMu: number;
  /** 亩 that can be freed (rules), parcels not yet achieved. */
  pipelineMu: number;
  pipelineByKind: Record<'idle' | 'low-efficiency' | 'd-class' | 'under-used', number>;
  /** tce/yr of achieved parcels, and of pipeline parcels (whole parcels only; under-used spare excluded). */
  energyFreedTce: number;
  energyPipelineTce: number;
  /** tCO2 = energy × carbon factor. */
  carbonFreedT: number;
  closedEnterprises: number;
  upgradedEnterprises: number;
  /**
   * Toward the campaign's targets to date (what the dashboard shows as 已腾出 / 至今, by 镇街 and overall):
   * the achievements above counted from 2021 (PLAN_FIRST_YEAR) on, and undated ones — land freed before the
   * campaign is on the map as 已腾出 but not here. The towns' figures add up to the district's.
   */
  achievedInPlanMu: number;
  energyFreedInPlanTce: number;
  carbonFreedInPlanT: number;
  closedInPlanEnterprises: number;
  upgradedInPlanEnterprises: number;
  /** Parcels with each rule `met`. */
  ruleMet: Record<RuleId, number>;
  /** Parcels with each rule `unknown` (data gaps, shown next to the counts). */
  ruleUnknown: Record<RuleId, number>;
  /** Achievements by completion year ('undated' for completions without a date). */
  byYear: Record<string, YearFigures>;
}

export interface TargetProgress {
  year: TargetYearKey;
  target: TargetYear;
  /** Cumulative figures up to the end of `year` (achievements), or the 现状 figures (ratios: after the
   *  recorded disposals, stages.current). */
  actual: {
    taxPerMu: number | null;
    valuePerMu: number | null;
    productivity: number | null;
    rdShare: number | null;
    landFreedMu: number;
    energyFreedWanTce: number;
    carbonCutWanT: number;
    closedEnterprises: number;
    upgradedEnterprises: number;
  };
}

export interface DistrictSummary extends KpiBlock {
  evaluationDate: string;
  carbonFactor: number;
  byTown: Record<string, KpiBlock>;
  progress: TargetProgress[];
}

function emptyRatio(): Ratio {
  return { numerator: 0, denominator: 0, value: null };
}

function perRule(): Record<RuleId, number> {
  const r = {} as Record<RuleId, number>;
  for (const id of RULE_IDS) r[id] = 0;
  return r;
}

function emptyStage(): StageFigures {
  return { taxPerMu: emptyRatio(), valuePerMu: emptyRatio(), productivity: emptyRatio() };
}

export function emptyBlock(): KpiBlock {
  const baseline = emptyStage();
  return {
    parcels: 0, areaMu: 0, areaUnknownParcels: 0,
    ...baseline, rdShare: emptyRatio(), energyIntensity: emptyRatio(),
    stages: { baseline, current: emptyStage(), afterPipeline: emptyStage() },
    achievedMu: 0, pipelineMu: 0, pipelineByKind: { idle: 0, 'low-efficiency': 0, 'd-class': 0, 'under-used': 0 },
    energyFreedTce: 0, energyPipelineTce: 0, carbonFreedT: 0, closedEnterprises: 0, upgradedEnterprises: 0,
    achievedInPlanMu: 0, energyFreedInPlanTce: 0, carbonFreedInPlanT: 0, closedInPlanEnterprises: 0, upgradedInPlanEnterprises: 0,
    ruleMet: perRule(), ruleUnknown: perRule(), byYear: {},
  };
}

function yearRow(block: KpiBlock, year: number | null): YearFigures {
  const key = year === null ? 'undated' : String(year);
  return (block.byYear[key] ??= { achievedMu: 0, energyFreedTce: 0, closedEnterprises: 0, upgradedEnterprises: 0 });
}

function addRatio(r: Ratio, num: number, den: number): void {
  r.numerator += num;
  r.denominator += den;
}

/** One parcel's share of the figures, as summary input. */
export interface SummaryParcel {
  attributes: ParcelAttributes;
  /** The parcel's 亩; null when its geometry is flagged. */
  areaMu: number | null;
  town: string | null;
  enterprise: Enterprise;
  outcomes: RuleOutcomes;
  reclaim: Reclaim;
}

type ShareKey = 'tax' | 'addedValue' | 'employees' | 'energyTce' | 'rdExpense' | 'revenue';
/** The parcel's part of its enterprise's figure `k`: by its land share (`byLand`), else its own record's. */
const shareOf = (ent: Enterprise, a: ParcelAttributes, byLand: number | null, k: ShareKey): number =>
  (byLand !== null ? (ent.figure(k) ?? 0) * byLand : (a[k] ?? 0));

/** Adds one parcel to its town's block and the district's (the same figures to both, so they reconcile). */
function addParcel(town: KpiBlock, district: KpiBlock, p: SummaryParcel): void {
  const a = p.attributes;
  const ent = p.enterprise;
  const above = ent.scale === 'above';
  const r = p.reclaim;
  const mu = p.areaMu;
  // The enterprise's figures are its own, often reported on one of its parcels only (enterprise.ts): each
  // parcel carries them by its share of the enterprise's land, so a parcel freed (or a town) takes its
  // enterprise's figures with its land, whichever parcel reports them. The district's sums are the same.
  const byLand = mu === null ? null : landShareOf(ent, mu * M2_PER_MU);
  const part = (k: ShareKey): number => shareOf(ent, a, byLand, k);
  const energy = part('energyTce');
  // The enterprise's land is known only when every one of its parcels' is (so then mu is too).
  const perMu = mu !== null && ent.figure('areaM2') !== null;
  const freedMu = r.mu ?? 0;
  // 现状: freed parcels leave; 全部腾出后: whole freeable parcels leave too, under-used ones lose their spare 亩.
  const inCurrent = r.kind !== 'achieved';
  const inAfter = r.kind === null || r.kind === 'under-used';
  const afterMu = mu === null ? 0 : r.kind === 'under-used' ? mu - freedMu : mu;
  for (let k = 0; k < 2; k++) {
    const block = k === 0 ? town : district;
    block.parcels += 1;
    if (mu === null) block.areaUnknownParcels += 1;
    else block.areaMu += mu;
    if (above) {
      const { current, afterPipeline } = block.stages;
      if (perMu && ent.figure('tax') !== null) {
        const tax = part('tax');
        addRatio(block.taxPerMu, tax, mu);
        if (inCurrent) addRatio(current.taxPerMu, tax, mu);
        if (inAfter) addRatio(afterPipeline.taxPerMu, tax, afterMu);
      }
      if (perMu && ent.figure('addedValue') !== null) {
        const value = part('addedValue');
        addRatio(block.valuePerMu, value, mu);
        if (inCurrent) addRatio(current.valuePerMu, value, mu);
        if (inAfter) addRatio(afterPipeline.valuePerMu, value, afterMu);
      }
      if (ent.figure('addedValue') !== null && ent.figure('employees') !== null) {
        const value = part('addedValue');
        const people = part('employees');
        addRatio(block.productivity, value, people);
        if (inCurrent) addRatio(current.productivity, value, people);
        if (inAfter) addRatio(afterPipeline.productivity, value, people);
      }
      if (ent.figure('rdExpense') !== null && ent.figure('revenue') !== null) addRatio(block.rdShare, part('rdExpense'), part('revenue'));
      if (ent.figure('energyTce') !== null && ent.figure('addedValue') !== null) addRatio(block.energyIntensity, energy, part('addedValue'));
    }
    if (r.kind === 'achieved') {
      block.achievedMu += freedMu;
      block.energyFreedTce += energy;
      const row = yearRow(block, r.year);
      row.achievedMu += freedMu;
      row.energyFreedTce += energy;
    } else if (r.kind !== null) {
      block.pipelineMu += freedMu;
      block.pipelineByKind[r.kind] += freedMu;
      if (r.kind !== 'under-used') block.energyPipelineTce += energy;
    }
  }
  const met = statusMask(p.outcomes, 'met');
  const unknown = statusMask(p.outcomes, 'unknown');
  if (met !== 0 || unknown !== 0) {
    for (let i = 0; i < RULE_IDS.length; i++) {
      const id = RULE_IDS[i]!;
      if (met & (1 << i)) {
        town.ruleMet[id] += 1;
        district.ruleMet[id] += 1;
      } else if (unknown & (1 << i)) {
        town.ruleUnknown[id] += 1;
        district.ruleUnknown[id] += 1;
      }
    }
  }
}

function addEnterpriseAction(block: KpiBlock, closed: boolean, year: number | null): void {
  if (closed) block.closedEnterprises += 1;
  else block.upgradedEnterprises += 1;
  const row = yearRow(block, year);
  if (closed) row.closedEnterprises += 1;
  else row.upgradedEnterprises += 1;
}

function finish(block: KpiBlock, carbonFactor: number): void {
  const { current, afterPipeline } = block.stages;
  for (const r of [block.taxPerMu, block.valuePerMu, block.productivity, block.rdShare, block.energyIntensity,
    current.taxPerMu, current.valuePerMu, current.productivity, afterPipeline.taxPerMu, afterPipeline.valuePerMu, afterPipeline.productivity])
    r.value = r.denominator > 0 ? r.numerator / r.denominator : null;
  block.carbonFreedT = block.energyFreedTce * carbonFactor;
  block.achievedInPlanMu = cumulative(block, Infinity, 'achievedMu');
  block.energyFreedInPlanTce = cumulative(block, Infinity, 'energyFreedTce');
  block.carbonFreedInPlanT = block.energyFreedInPlanTce * carbonFactor;
  block.closedInPlanEnterprises = cumulative(block, Infinity, 'closedEnterprises');
  block.upgradedInPlanEnterprises = cumulative(block, Infinity, 'upgradedEnterprises');
}

/** The 镇街 blocks, most land (freed toward the targets and to free) first, then by name: the dashboard's order and its export's. */
export function townsByLand(summary: Pick<DistrictSummary, 'byTown'>): [string, KpiBlock][] {
  const land = (b: KpiBlock) => b.achievedInPlanMu + b.pipelineMu;
  return Object.entries(summary.byTown).sort((a, b) => land(b[1]) - land(a[1]) || a[0].localeCompare(b[0], 'zh-CN'));
}

/**
 * Sum of a year-figure from the plan's first year (2021, §二: the targets are the campaign's, 2021-2023) up to and
 * including `year`. A completion dated earlier is land freed before the campaign: on the map as 已腾出, not
 * toward its targets. Undated completions count in every cumulative total (recorded done, year unknown).
 */
function cumulative(block: KpiBlock, year: number, key: keyof YearFigures): number {
  let total = 0;
  for (const [y, row] of Object.entries(block.byYear)) if (y === 'undated' || (Number(y) >= PLAN_FIRST_YEAR && Number(y) <= year)) total += row[key];
  return total;
}

function progress(block: KpiBlock, ruleSet: RuleSet): TargetProgress[] {
  return TARGET_YEARS.map((year) => {
    const y = Number(year);
    const energy = cumulative(block, y, 'energyFreedTce');
    return {
      year,
      target: ruleSet.targets[year],
      actual: {
        taxPerMu: block.stages.current.taxPerMu.value,
        valuePerMu: block.stages.current.valuePerMu.value,
        productivity: block.stages.current.productivity.value,
        rdShare: block.rdShare.value,
        landFreedMu: cumulative(block, y, 'achievedMu'),
        energyFreedWanTce: energy / 10000,
        carbonCutWanT: (energy * ruleSet.carbon.factor) / 10000,
        closedEnterprises: cumulative(block, y, 'closedEnterprises'),
        upgradedEnterprises: cumulative(block, y, 'upgradedEnterprises'),
      },
    };
  });
}

/** An enterprise's decisive completed ledger entry (closure beats other actions; earliest first). */
interface Decisive {
  closed: boolean;
  entry: LedgerEntry;
  /** Town key of the entry's parcel. */
  town: string;
}

/**
 * Accumulates the summary parcel by parcel, so analyze.ts can feed it while it evaluates (no array
 * of per-parcel records). Enterprise counts: an enterprise with a completed 关停退出 counts once as
 * closed; otherwise one with any other completed action counts once as upgraded (整治提升); it counts
 * in the town and year of that entry's parcel and date.
 */
export class SummaryBuilder {
  private readonly district = emptyBlock();
  // A Map: a town named like an Object.prototype key (`__proto__`, `toString`) is a town like another.
  private readonly byTown = new Map<string, KpiBlock>();
  private readonly decisive = new Map<string, Decisive>();
  // Parcels come grouped by town more often than not: remember the last block looked up.
  private lastTown: string | null = null;
  private lastBlock: KpiBlock | null = null;

  /** Adds one parcel; `entries` are its ledger entries. The builder keeps no reference to `p`. */
  add(p: SummaryParcel, entries: readonly LedgerEntry[] | undefined): void {
    const town = p.town ?? UNASSIGNED_TOWN;
    addParcel(this.townBlock(town), this.district, p);
    if (!entries) return;
    const closure = firstCompleted(entries, isClosure);
    const other = closure ? null : firstCompleted(entries, isNotClosure);
    const entry = closure ?? other;
    if (!entry) return;
    const key = p.enterprise.key;
    const prev = this.decisive.get(key);
    const better = !prev || (closure !== null && !prev.closed)
      || (prev.closed === (closure !== null) && (entry.date ?? '\uffff') < (prev.entry.date ?? '\uffff'));
    if (better) this.decisive.set(key, { closed: closure !== null, entry, town });
  }

  finish(ruleSet: RuleSet, evaluationDate: string): DistrictSummary {
    const { district } = this;
    for (const { closed, entry, town } of this.decisive.values()) {
      const year = yearOf(entry.date);
      addEnterpriseAction(district, closed, year);
      addEnterpriseAction(this.townBlock(town), closed, year);
    }
    finish(district, ruleSet.carbon.factor);
    for (const block of this.byTown.values()) finish(block, ruleSet.carbon.factor);
    // (fromEntries makes every key an own property, `__proto__` too.)
    const byTown: Record<string, KpiBlock> = Object.fromEntries(this.byTown);
    return { ...district, evaluationDate, carbonFactor: ruleSet.carbon.factor, byTown, progress: progress(district, ruleSet) };
  }

  private townBlock(town: string): KpiBlock {
    if (town !== this.lastTown || this.lastBlock === null) {
      this.lastTown = town;
      let block = this.byTown.get(town);
      if (!block) this.byTown.set(town, (block = emptyBlock()));
      this.lastBlock = block;
    }
    return this.lastBlock;
  }
}

const isClosure = (a: DisposalAction) => a === CLOSURE_ACTION;
const isNotClosure = (a: DisposalAction) => a !== CLOSURE_ACTION;

/** District and per-town KPIs of `parcels` (see SummaryBuilder). */
export function summarize(
  parcels: readonly SummaryParcel[],
  ledgerByParcel: ReadonlyMap<string, LedgerEntry[]>,
  ruleSet: RuleSet,
  evaluationDate: string,
): DistrictSummary {
  const builder = new SummaryBuilder();
  for (const p of parcels) builder.add(p, ledgerByParcel.get(p.attributes.parcelId));
  return builder.finish(ruleSet, evaluationDate);
}

/** Progress of one town against the district targets (the plan sets no town targets). */
export function townProgress(block: KpiBlock, ruleSet: RuleSet): TargetProgress[] {
  return progress(block, ruleSet);
}
