/**
 * The view in the URL, so a link reopens it: the map centre and zoom, the filter, the colouring, the
 * open side-panel tab and the selected parcel (by 地块编号, stable across reloads; a fid is not).
 * Pure: `encodeUrlState` writes query parameters onto a given search string (keeping any others,
 * e.g. `e2e`), `decodeUrlState` reads them back. A URL is user input: every value is checked, and
 * anything malformed, out of range or unknown is dropped on its own — never thrown, never half-read.
 *
 * Parameters: `v=lon,lat,zoom`, `c=<colouring>`, `tab=<tab>`, `p=<地块编号>`, `f=<filter as JSON>`.
 */
import { DISPOSAL_FILTER_VALUES } from '../domain/ledger';
import { RECLAIM_KINDS } from '../domain/reclaim';
import type { FilterSpec, NumberRange } from '../domain/filter';
import { isEmptyFilter } from '../domain/filter';
import { RULE_IDS, STATUS_CODES, type RuleId, type RuleStatus } from '../domain/rules/outcome';
import type { SidebarTab } from './uiSlice';

export interface MapViewState {
  lon: number;
  lat: number;
  zoom: number;
}

export interface UrlState {
  view?: MapViewState;
  colour?: string;
  tab?: SidebarTab;
  parcelId?: string;
  filter?: FilterSpec;
  /** The filter's chosen parcels (its `fids`) by 地块编号: a position names another parcel in other data. */
  filterIds?: string[];
}

const TABS: readonly SidebarTab[] = ['overview', 'explore', 'zones', 'shortlist', 'settings'];
const KEYS = ['v', 'c', 'tab', 'p', 'f'] as const;
/** Longest text value and list accepted from a URL. */
const MAX_TEXT = 200;
const MAX_LIST = 200;
/** Explicit fids beyond this are left out of the URL (a link would grow unusable). */
export const MAX_URL_FIDS = 2000;

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** `search` (e.g. location.search) with the state's parameters set and the others kept. */
export function encodeUrlState(search: string, state: UrlState): string {
  const params = new URLSearchParams(search);
  for (const k of KEYS) params.delete(k);
  if (state.view) params.set('v', `${round(state.view.lon, 5)},${round(state.view.lat, 5)},${round(state.view.zoom, 2)}`);
  if (state.colour) params.set('c', state.colour);
  if (state.tab) params.set('tab', state.tab);
  if (state.parcelId) params.set('p', state.parcelId);
  const ids = state.filterIds && state.filterIds.length > 0 && state.filterIds.length <= MAX_URL_FIDS ? state.filterIds : undefined;
  const rest = state.filter ? { ...state.filter, fids: undefined, fidIds: undefined } : {};
  if (!isEmptyFilter(rest) || ids) params.set('f', JSON.stringify({ ...rest, ...(ids ? { ids } : {}) }));
  const text = params.toString();
  return text ? `?${text}` : '';
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_TEXT;

/** The items of `v` that pass `ok`, deduplicated; undefined when none or `v` is not a short array. */
function listOf<T>(v: unknown, ok: (x: unknown) => x is T): T[] | undefined {
  if (!Array.isArray(v) || v.length > MAX_LIST * 50) return undefined;
  const out = [...new Set(v.filter(ok))];
  return out.length ? out : undefined;
}

const oneOf = <T extends string>(values: readonly T[]) => (x: unknown): x is T => typeof x === 'string' && (values as readonly string[]).includes(x);

function rangeOf(v: unknown): NumberRange | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const r: NumberRange = {};
  const { min, max } = v as Record<string, unknown>;
  if (typeof min === 'number' && Number.isFinite(min)) r.min = min;
  if (typeof max === 'number' && Number.isFinite(max)) r.max = max;
  return r.min === undefined && r.max === undefined ? undefined : r;
}

/** A FilterSpec from untrusted JSON text: each part kept only when valid. */
export function filterFromJson(text: string): FilterSpec | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const o = raw as Record<string, unknown>;
  const spec: FilterSpec = {};
  const short = <T>(xs: T[] | undefined) => (xs && xs.length <= MAX_LIST ? xs : undefined);
  const towns = short(listOf(o.towns, isText));
  if (towns) spec.towns = towns;
  const industries = short(listOf(o.industries, isText));
  if (industries) spec.industries = industries;
  const scale = listOf(o.scale, oneOf(['above', 'below'] as const));
  if (scale) spec.scale = scale;
  const classes = listOf(o.classes, oneOf(['A', 'B', 'C', 'D', 'none'] as const));
  if (classes) spec.classes = classes;
  const reclaim = listOf(o.reclaim, oneOf([...RECLAIM_KINDS, 'none', 'unknown'] as const));
  if (reclaim) spec.reclaim = reclaim;
  const disposal = listOf(o.disposal, oneOf(DISPOSAL_FILTER_VALUES));
  if (disposal) spec.disposal = disposal;
  if (typeof o.rules === 'object' && o.rules !== null && !Array.isArray(o.rules)) {
    const rules: Partial<Record<RuleId, RuleStatus[]>> = {};
    for (const id of RULE_IDS) {
      // Own properties only: `__proto__` or `constructor` in a URL are not rules.
      if (!Object.prototype.hasOwnProperty.call(o.rules, id)) continue;
      const statuses = listOf((o.rules as Record<string, unknown>)[id], oneOf(STATUS_CODES));
      if (statuses) rules[id] = statuses;
    }
    if (Object.keys(rules).length) spec.rules = rules;
  }
  for (const key of ['areaMu', 'taxPerMu', 'far', 'coverage'] as const) {
    const r = rangeOf(o[key]);
    if (r) spec[key] = r;
  }
  if (typeof o.inBlockline === 'boolean') spec.inBlockline = o.inBlockline;
  if (typeof o.inPark === 'boolean') spec.inPark = o.inPark;
  // Positions, as links before session 24 wrote them (ids now: decodeUrlState filterIds).
  const fids = listOf(o.fids, (x): x is number => Number.isInteger(x) && (x as number) >= 0);
  if (fids && fids.length <= MAX_URL_FIDS) spec.fids = fids;
  return isEmptyFilter(spec) ? undefined : spec;
}

/** The filter's chosen parcels by 地块编号 (`ids`), from untrusted JSON text. */
function idsFromJson(text: string): string[] | undefined {
  try {
    const ids = listOf((JSON.parse(text) as { ids?: unknown } | null)?.ids, isText);
    return ids && ids.length <= MAX_URL_FIDS ? ids : undefined;
  } catch {
    return undefined;
  }
}

function viewOf(text: string | null): MapViewState | undefined {
  if (!text) return undefined;
  const parts = text.split(',');
  if (parts.length !== 3 || parts.some((p) => p.trim() === '')) return undefined;
  const [lon, lat, zoom] = parts.map(Number) as [number, number, number];
  if (![lon, lat, zoom].every(Number.isFinite)) return undefined;
  if (lon < -180 || lon > 180 || lat < -85 || lat > 85 || zoom < 0 || zoom > 24) return undefined;
  return { lon, lat, zoom };
}

/** The state in `search`; only the parts that are present and valid. `isColour` checks a colouring name. */
export function decodeUrlState(search: string, isColour: (v: string) => boolean = () => true): UrlState {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return {};
  }
  const state: UrlState = {};
  const view = viewOf(params.get('v'));
  if (view) state.view = view;
  const colour = params.get('c');
  if (colour && colour.length <= 40 && isColour(colour)) state.colour = colour;
  const tab = params.get('tab');
  if (tab && oneOf(TABS)(tab)) state.tab = tab;
  const p = params.get('p');
  if (p && isText(p)) state.parcelId = p;
  const f = params.get('f');
  if (f && f.length <= 200_000) {
    const filter = filterFromJson(f);
    if (filter) state.filter = filter;
    const ids = idsFromJson(f);
    if (ids) state.filterIds = ids;
  }
  return state;
}
