/**
 * What geometry tells the domain about one parcel. Computed in geo/ (planar, EPSG:4549) by the overlay
 * step and handed to the pure rules; a `null` means the layer needed for it was not loaded, so rules
 * that depend on it answer `unknown`, never `not-met`.
 */
import type { SquareMetres } from './units';

/** Block-line tiers; 未分级 for a block line whose data gives no tier (it still must keep industrial use). */
export type BlocklineLevel = '一级' | '二级' | '未分级';

/** Overlap by tier, m²; 未分级 only when the layer has unclassified block lines (absent = 0). */
export type BlocklineOverlap = Record<'一级' | '二级', SquareMetres> & { 未分级?: SquareMetres };

export interface ParcelGeoFacts {
  /**
   * Planar area of the parcel (holes subtracted, parts summed). When `geometryError` is set this is
   * the shoelace sum of a polygon that is not valid (a bow-tie's lobes cancel or add, a spike counts):
   * not an area. The domain reads areas only through `usableAreaM2`, which gives null for it.
   */
  areaM2: SquareMetres;
  /** Union of building footprints clipped to the parcel; null when no buildings layer is loaded. */
  footprintM2: SquareMetres | null;
  /** Overlap with block lines by tier; null when no block-line layer is loaded. */
  blocklineOverlapM2: BlocklineOverlap | null;
  /** Name of the park that contains the parcel (by the larger share of its area); null = in none;
   *  undefined = no park layer loaded. */
  park: string | null | undefined;
  /** 镇街 from the towns layer (largest overlap); null when no towns layer or outside every town. */
  townFromLayer: string | null;
  /** A geometry problem found for this parcel (self-intersection, empty, …); the run goes on. */
  geometryError?: string;
}

/** What geometry tells before any overlay: the parcel's area and whether its geometry is flagged. */
export type ParcelLand = Pick<ParcelGeoFacts, 'areaM2' | 'geometryError'>;

/**
 * The parcel's area as the domain may use it: null when its geometry is flagged (`geometryError`),
 * whose shoelace area is no area. Every per-mu figure, FAR, coverage, 亩 freed and rule that needs
 * the land reads the area through here, so a flagged parcel makes them unknown, never wrong.
 */
export function usableAreaM2(f: ParcelLand): SquareMetres | null {
  return f.geometryError ? null : f.areaM2;
}
