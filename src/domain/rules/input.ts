/**
 * What a rule sees of one parcel: its attributes, its geometry facts, its enterprise's summed figures,
 * its class and the rule set. Built once per parcel by analyze.ts (and by the fixture test through it).
 */
import { parseIsoDate, type CalendarDate } from '../dates';
import type { Enterprise } from '../enterprise';
import type { ParcelGeoFacts } from '../facts';
import type { EvalClass, ParcelAttributes } from '../parcel';
import { DEFAULT_RULE_SET, type RuleSet } from '../rule-set-defaults';
import type { Mu, SquareMetres } from '../units';

/**
 * The geometry facts as rules see them: without `areaM2`, so that no rule can read the shoelace area of
 * a flagged polygon; rules take the area from RuleInput.areaM2, null when the geometry is flagged.
 */
export type RuleFacts = Omit<ParcelGeoFacts, 'areaM2'>;

export interface RuleInput {
  parcel: ParcelAttributes;
  facts: RuleFacts;
  /**
   * The parcel's own planar area, m² and 亩; null when its geometry is flagged (facts.geometryError):
   * a rule that needs it then answers `unknown` with `geometry` missing.
   */
  areaM2: SquareMetres | null;
  areaMu: Mu | null;
  /** The parcel's enterprise, its land and figures summed over all its parcels. */
  enterprise: Enterprise;
  /** The parcel's own FAR and building coverage (share 0–1); null when inputs (or the area) are missing. */
  far: number | null;
  coverage: number | null;
  /** Class from the data, else computed (evalClassComputed); null when neither is possible. */
  evalClass: EvalClass | null;
  evalClassComputed: boolean;
  /** isIndustrial(parcel.landUse) and developmentState(parcel), worked out once per parcel. */
  industrial: boolean;
  development: DevelopmentState;
  ruleSet: RuleSet;
  evaluationDate: CalendarDate;
}

/**
 * Industrial land use: the field absent (the parcel layer is industrial land by definition) or
 * containing one of `uses` (the rule set's industrialLand.uses: 工业, 新型产业 / M0, M1–M3, industrial…;
 * Latin letters in any case).
 */
export function isIndustrial(landUse: string | null | undefined, uses: readonly string[] = DEFAULT_RULE_SET.industrialLand.uses): boolean {
  if (landUse == null || landUse.trim() === '') return true;
  const text = landUse.toLowerCase();
  return uses.some((u) => u.trim() !== '' && text.includes(u.trim().toLowerCase()));
}

/**
 * Where the project stands: `not-started` (an agreed start date but no actual start and no built
 * year), `built` (a built year), `under-construction` (started, not built), `unrecorded` (no
 * dates at all: treated as an operating enterprise by the economic rules), or `unreadable` (an actual
 * start date is there but cannot be read, e.g. `2019年上半年`: something was recorded, so the parcel is
 * not taken as not started; the idle rule answers unknown, the economic rules treat it as unrecorded).
 */
export type DevelopmentState = 'not-started' | 'under-construction' | 'built' | 'unrecorded' | 'unreadable';

export function developmentState(p: ParcelAttributes): DevelopmentState {
  if (p.builtYear != null) return 'built';
  // The loader keeps a start date it cannot read as written (io/field-mapping.ts): not ISO, or a year outside 1949–2100.
  if (p.actualStartDate) {
    const year = parseIsoDate(p.actualStartDate)?.year;
    return year !== undefined && year >= 1949 && year <= 2100 ? 'under-construction' : 'unreadable';
  }
  if (p.agreedStartDate) return 'not-started';
  return 'unrecorded';
}
