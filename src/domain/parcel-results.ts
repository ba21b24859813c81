/**
 * One analysis's per-parcel results, kept as columns; `at(i)` makes parcel i's ParcelResult when asked.
 *
 * Why columns: a result object per parcel, with its numbers boxed one by one, lived as long as the run
 * and was copied by every young-generation collection in between. At 100k parcels the CLI's whole run
 * took 0.28 s longer with them than with columns (6 alternated runs). The enterprise-level figures
 * (亩均税收 …) are read from the parcel's enterprise, and the parcel id from its attributes, so they
 * are not stored again.
 *
 * Codes are the worker's view codes (protocol.ts), so the view copies them: class index into
 * CLASS_LETTERS (-1 none), reclaim kind into RECLAIM_KINDS (-1 none), idle stage 1, 2, 3 = negotiated
 * (0 none). Numbers are NaN where the result says null (no result is NaN itself: the loader refuses
 * non-finite values and flags non-finite geometry). toEqual on two of them compares their columns and
 * parcels, not their enterprises' figures (kept privately): compare `toArray()` rows for those.
 */
import type { Enterprise } from './enterprise';
import { CLASS_LETTERS } from './evaluation';
import { nullIfNaN } from './metrics';
import type { EvalClass, ParcelAttributes } from './parcel';
import { RECLAIM_KINDS, type ReclaimKind } from './reclaim';
import type { IdleStage } from './rules/idle';
import type { Mu, SquareMetres } from './units';

export interface ParcelResult {
  parcelId: string;
  /** Grouping key of the parcel's enterprise (see enterprise.ts). */
  enterpriseKey: string;
  /** Parcels of the same enterprise (1 for most). */
  enterpriseParcels: number;
  /** 镇街 from the data, else from the towns layer; null when neither. */
  town: string | null;
  /**
   * The polygon's planar area. For a parcel with a geometryError it is the shoelace sum of an invalid
   * polygon, reported only to help find it: no figure, rule or district total uses it.
   */
  areaM2: SquareMetres;
  areaMu: Mu;
  /** (computed − registered) / registered, when a registered area exists and the geometry is valid. */
  registeredAreaDiff: number | null;
  /** Enterprise-level 亩均税收, 万元/亩; null when the enterprise's land is unknown (a flagged geometry). */
  taxPerMu: number | null;
  /** Enterprise-level 亩均增加值, 万元/亩; null as taxPerMu. */
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
  /** 亩 freed (achieved) or freeable (pipeline); 0 when none, and when the area is unknown (geometryError). */
  reclaimableMu: number;
  reclaimKind: ReclaimKind | null;
  reclaimYear: number | null;
}

export { RECLAIM_KINDS };

const classCode = new Map(CLASS_LETTERS.map((c, i) => [c, i]));
const reclaimCode = new Map(RECLAIM_KINDS.map((k, i) => [k, i]));

/** What analyzeParcels works out for one parcel (the rest of its result comes from its enterprise and attributes). */
export type ParcelFigures = Omit<ParcelResult, 'parcelId' | 'enterpriseKey' | 'enterpriseParcels' | 'taxPerMu' | 'valuePerMu' | 'productivity' | 'energyIntensity' | 'rdShare'>;

const orNaN = (v: number | null): number => (v === null ? NaN : v);

export class ParcelResults {
  readonly length: number;
  readonly town: (string | null)[];
  readonly areaM2: Float64Array;
  readonly areaMu: Float64Array;
  readonly registeredAreaDiff: Float64Array;
  readonly far: Float64Array;
  readonly coverage: Float64Array;
  readonly unbuiltM2: Float64Array;
  readonly evalScore: Float64Array;
  readonly reclaimableMu: Float64Array;
  readonly reclaimYear: Float64Array;
  readonly classIndex: Int8Array;
  readonly classComputed: Uint8Array;
  readonly idleStage: Int8Array;
  readonly reclaimKind: Int8Array;
  /** The row `at` made last: exports read a row's cells one by one. (Private: not part of what toEqual compares.) */
  #lastIndex = -1;
  #lastRow: ParcelResult | null = null;

  constructor(
    readonly parcels: readonly ParcelAttributes[],
    readonly enterprises: readonly Enterprise[],
    /** enterpriseOf[i]: parcel i's index into `enterprises`. */
    readonly enterpriseOf: Int32Array,
  ) {
    const n = parcels.length;
    this.length = n;
    this.town = new Array<string | null>(n).fill(null);
    const numbers = () => new Float64Array(n).fill(NaN);
    this.areaM2 = numbers();
    this.areaMu = numbers();
    this.registeredAreaDiff = numbers();
    this.far = numbers();
    this.coverage = numbers();
    this.unbuiltM2 = numbers();
    this.evalScore = numbers();
    this.reclaimableMu = new Float64Array(n);
    this.reclaimYear = numbers();
    this.classIndex = new Int8Array(n).fill(-1);
    this.classComputed = new Uint8Array(n);
    this.idleStage = new Int8Array(n);
    this.reclaimKind = new Int8Array(n).fill(-1);
  }

  /** Stores parcel i's figures (analyzeParcels, once per parcel). */
  set(i: number, f: ParcelFigures): void {
    if (this.#lastIndex === i) this.#lastIndex = -1;
    this.town[i] = f.town;
    this.areaM2[i] = f.areaM2;
    this.areaMu[i] = f.areaMu;
    this.registeredAreaDiff[i] = orNaN(f.registeredAreaDiff);
    this.far[i] = orNaN(f.far);
    this.coverage[i] = orNaN(f.coverage);
    this.unbuiltM2[i] = orNaN(f.unbuiltM2);
    this.evalScore[i] = orNaN(f.evalScore);
    this.reclaimableMu[i] = f.reclaimableMu;
    this.reclaimYear[i] = orNaN(f.reclaimYear);
    this.classIndex[i] = f.evalClass === null ? -1 : classCode.get(f.evalClass)!;
    this.classComputed[i] = f.evalClassComputed ? 1 : 0;
    this.idleStage[i] = f.idleStage === null ? 0 : f.idleStage === 'negotiated' ? 3 : f.idleStage;
    this.reclaimKind[i] = f.reclaimKind === null ? -1 : reclaimCode.get(f.reclaimKind)!;
  }

  /** Parcel i's enterprise. */
  enterpriseAt(i: number): Enterprise {
    return this.enterprises[this.enterpriseOf[i]!]!;
  }

  /** Parcel i's result; undefined outside the parcels (as an array's `at`, but no negative indexes). */
  at(i: number): Readonly<ParcelResult> | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) return undefined;
    if (this.#lastIndex === i && this.#lastRow) return this.#lastRow;
    const row = this.row(i);
    this.#lastIndex = i;
    this.#lastRow = row;
    return row;
  }

  private row(i: number): ParcelResult {
    const e = this.enterpriseAt(i);
    const c = this.classIndex[i]!;
    const stage = this.idleStage[i]!;
    const kind = this.reclaimKind[i]!;
    // The same keys in the same order as the objects analyzeParcels used to make.
    return {
      parcelId: this.parcels[i]!.parcelId,
      enterpriseKey: e.key,
      enterpriseParcels: e.parcels.length,
      town: this.town[i]!,
      areaM2: this.areaM2[i]! as SquareMetres,
      areaMu: this.areaMu[i]! as Mu,
      registeredAreaDiff: nullIfNaN(this.registeredAreaDiff[i]!),
      taxPerMu: e.metric('taxPerMu'),
      valuePerMu: e.metric('valuePerMu'),
      productivity: e.metric('productivity'),
      energyIntensity: e.metric('energyIntensity'),
      rdShare: e.metric('rdShare'),
      far: nullIfNaN(this.far[i]!),
      coverage: nullIfNaN(this.coverage[i]!),
      unbuiltM2: nullIfNaN(this.unbuiltM2[i]!) as SquareMetres | null,
      evalClass: c < 0 ? null : CLASS_LETTERS[c]!,
      evalClassComputed: this.classComputed[i] === 1,
      evalScore: nullIfNaN(this.evalScore[i]!),
      idleStage: stage === 0 ? null : stage === 3 ? 'negotiated' : (stage as 1 | 2),
      reclaimableMu: this.reclaimableMu[i]!,
      reclaimKind: kind < 0 ? null : RECLAIM_KINDS[kind]!,
      reclaimYear: nullIfNaN(this.reclaimYear[i]!),
    };
  }

  /** Every parcel's result, made anew (tests and small tables; hot paths read the columns). */
  *[Symbol.iterator](): IterableIterator<ParcelResult> {
    for (let i = 0; i < this.length; i++) yield this.row(i);
  }

  /** Every parcel's result as an array, made anew (tests and small tables). */
  toArray(): ParcelResult[] {
    return this.map((r) => r);
  }

  map<T>(f: (r: ParcelResult, i: number) => T): T[] {
    const out = new Array<T>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = f(this.row(i), i);
    return out;
  }

  forEach(f: (r: ParcelResult, i: number) => void): void {
    for (let i = 0; i < this.length; i++) f(this.row(i), i);
  }
}
