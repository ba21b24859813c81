/**
 * Per-parcel figures computed once at load, from the planar area (geo/area.ts) and the attributes.
 * Kept tiny on purpose: the full metric and rule engine lives in domain/.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { ParcelAttributes } from '../domain/parcel';
import { muFromM2, squareMetres, type Mu } from '../domain/units';
import { planarArea } from '../geo/area';
import type { ParcelRecord, RegisteredAreaDiff } from './protocol';

/** Registered areas within this share of the computed one are treated as equal (policy-rules.md, "Units and area"). */
export const REGISTERED_AREA_TOLERANCE = 0.005;

/**
 * registered − computed, in 亩 and as a share of the computed area; null when there is no registered
 * area, no computed area, or |ratio| ≤ 0.5 %.
 */
export function registeredAreaDiff(computedMu: Mu, registeredMu: number | null | undefined): RegisteredAreaDiff | null {
  if (registeredMu === null || registeredMu === undefined || !Number.isFinite(registeredMu) || computedMu <= 0) return null;
  const diffMu = registeredMu - computedMu;
  const ratio = diffMu / computedMu;
  // 1e-12 absorbs float noise, so a difference of exactly 0.5 % (e.g. 20.1 vs 20 亩) is not reported.
  return Math.abs(ratio) > REGISTERED_AREA_TOLERANCE + 1e-12 ? { diffMu, ratio } : null;
}

/** 亩均税收 = tax (万元/年) / area (亩), 万元/亩 (policy-rules.md, "Per-mu metrics"); null if either is missing. */
export function taxPerMu(tax: number | null | undefined, areaMu: Mu): number | null {
  if (tax === null || tax === undefined || !Number.isFinite(tax) || areaMu <= 0) return null;
  return tax / areaMu;
}

/**
 * The record of parcel `fid` from its EPSG:4549 geometry and its mapped attributes (io/loader);
 * `knownArea` is the loader's `planarArea` of that geometry, when it worked it out already (the geometry,
 * which a loader may make only when first read, is then not read).
 */
export function parcelRecordOf(fid: number, parcel: { readonly geometry: Polygon | MultiPolygon; readonly attributes: ParcelAttributes }, knownArea?: number): ParcelRecord {
  const { attributes } = parcel;
  const areaM2 = knownArea === undefined ? planarArea(parcel.geometry) : squareMetres(knownArea);
  const areaMu = muFromM2(areaM2);
  return {
    fid,
    attributes,
    areaM2,
    areaMu,
    taxPerMu: taxPerMu(attributes.tax, areaMu),
    registeredAreaDiff: registeredAreaDiff(areaMu, attributes.registeredAreaMu),
  };
}
