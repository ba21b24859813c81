/**
 * Land value from the grade table (国土资发〔2006〕307号 minimum industrial land prices, 元/m²), used by
 * the idle fee (令第53号 Art. 14) and the land-price floor (§四(二)).
 */
import type { RuleSet } from './rule-set';
import type { SquareMetres } from './units';

/** Minimum price of the parcel's land grade in 元/m²; the rule set's default (480) without a grade. */
export function gradePrice(landGrade: number | null | undefined, ruleSet: RuleSet): { price: number; fromGrade: boolean } {
  if (landGrade != null) {
    const price = ruleSet.landPrice.gradePrices[String(landGrade)];
    if (price !== undefined) return { price, fromGrade: true };
  }
  return { price: ruleSet.landPrice.defaultGradePrice, fromGrade: false };
}

/** Land price = grade price (元/m²) × area (m²) / 10 000 → 万元. */
export function landPriceWan(areaM2: SquareMetres, landGrade: number | null | undefined, ruleSet: RuleSet): number {
  return (gradePrice(landGrade, ruleSet).price * areaM2) / 10000;
}
