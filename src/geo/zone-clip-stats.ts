/**
 * computeZoneStats: a zone outline (EPSG:4549 metres) + the loaded layers + the latest analysis run →
 * the zone's statistics (domain/zone-stats.ts). Everything that depends on the layers or the run alone
 * is prepared once (`prepareZoneStats`, cached per layer / run object); per edit only the zone is
 * checked, tiled and clipped. The worker (worker/zones.ts), the CLI, the tests and the benchmark call this.
 */
import type { AnalysisLayers, AnalysisRun } from '../analysis/run';
import { enterpriseColumns, sumZoneParcels, type ZoneEngineInput, type ZoneGeometry, type ZoneProblem, type ZoneStats, type ZoneWhatIfInput } from '../domain/zone-stats';
import { muFromM2, squareMetres } from '../domain/units';
import { zoneWhatIf } from '../domain/what-if';
import { prepareOverlay } from './overlay';
import { validatePacked } from './validate';
import { intersection } from './clip';
import { clipParcelsToZone, prepareZone, prepareZoneParcels, ZONE_TOUCH_M2, zoneOverlapByGroup, type ZoneParcels } from './zone-clip';
import type { ZoneLayer } from './zone-layer';

/** Layers prepared for zone queries (per layer object). */
export interface ZoneLayersPrep {
  parcels: ZoneParcels;
  blocklines: ZoneLayer | null;
  parks: { layer: ZoneLayer; names: string[] } | null;
}

const NO_PARCELS: never[] = [];
const preparedLayers = new WeakMap<AnalysisLayers['parcels'], ZoneLayersPrep>();

/**
 * Packs and indexes the parcels for zone queries (once per parcel layer); the block-line and park
 * layers come tiled from the overlay's own cache (prepared at load), so they are not tiled twice.
 */
export function prepareZoneLayers(layers: AnalysisLayers): ZoneLayersPrep {
  let prep = preparedLayers.get(layers.parcels);
  if (!prep) {
    prep = { parcels: prepareZoneParcels(layers.parcels.map((p) => p.geometry)), blocklines: null, parks: null };
    preparedLayers.set(layers.parcels, prep);
  }
  const overlay = prepareOverlay({ parcels: NO_PARCELS, blocklines: layers.blocklines, parks: layers.parks });
  return { parcels: prep.parcels, blocklines: overlay.blocklines, parks: overlay.parks };
}

/** The run's per-parcel answers as the zone sum reads them. */
export function engineInput(layers: AnalysisLayers, run: AnalysisRun): ZoneEngineInput {
  const attributes = layers.parcels.map((p) => p.attributes);
  return { attributes, results: run.parcels, facts: run.facts, ruleStatus: run.ruleStatus, ...enterpriseColumns(run.parcels) };
}

const engineCache = new WeakMap<AnalysisRun, ZoneEngineInput>();
const cachedEngineInput = (layers: AnalysisLayers, run: AnalysisRun): ZoneEngineInput => {
  let e = engineCache.get(run);
  if (!e) { e = engineInput(layers, run); engineCache.set(run, e); }
  return e;
};

export interface ZoneStatsOptions {
  zoneId?: string;
  seq?: number;
  whatIf?: ZoneWhatIfInput;
  /** Turns a metre position into the one the user knows (lon/lat for a drawn zone), for messages. */
  describePoint?: (x: number, y: number) => string;
}

/** Below this (m²) a zone is a slip of the mouse, not a zone. */
export const MIN_ZONE_M2 = 1;

function zoneProblem(message: string, describe: (x: number, y: number) => string): ZoneProblem {
  const at = /\((-?[\d.]+), (-?[\d.]+)\)/.exec(message);
  const where = at ? describe(Number(at[1]), Number(at[2])) : '';
  if (/self-intersection|touches itself|spike/.test(message)) {
    return {
      code: 'self-intersection', fatal: true,
      zh: `区域边界自相交${where ? `（约在 ${where} 附近）` : ''}：请拖动顶点使边界不再交叉，或删除后重画。`,
      en: `The zone's outline crosses itself${where ? ` (near ${where})` : ''}: move a vertex so that its edges no longer cross, or delete it and draw it again.`,
    };
  }
  if (/not closed/.test(message)) return { code: 'unclosed', fatal: true, zh: '区域边界未闭合：首末顶点须相同，请重画。', en: 'The zone\'s outline is not closed (first and last positions differ): draw it again.' };
  if (/finite/.test(message)) return { code: 'non-finite', fatal: true, zh: '区域边界含缺失或无效坐标，请重画。', en: 'The zone\'s outline has a missing or invalid coordinate: draw it again.' };
  if (/empty/.test(message)) return { code: 'empty', fatal: true, zh: '区域没有边界，请重画。', en: 'The zone has no outline: draw it again.' };
  return { code: 'short-ring', fatal: true, zh: '区域边界少于 3 个不同顶点或没有面积，请重画。', en: 'The zone\'s outline has fewer than 3 distinct vertices or no area: draw it again.' };
}

const fmtMetres = (x: number, y: number): string => `X ${x.toFixed(1)} m, Y ${y.toFixed(1)} m`;

/** Checks the zone outline: null when it can be measured, else the fatal problem. */
export function checkZone(zone: ZoneGeometry, describe: (x: number, y: number) => string = fmtMetres): ZoneProblem | null {
  if (!zone || (zone.type !== 'Polygon' && zone.type !== 'MultiPolygon')) {
    return { code: 'not-polygon', fatal: true, zh: '区域须为面（Polygon 或 MultiPolygon）。', en: 'A zone must be a Polygon or MultiPolygon.' };
  }
  const prepared = prepareZone(zone);
  const message = validatePacked(prepared.packed, 0);
  if (message) return zoneProblem(message, describe);
  if (prepared.area < MIN_ZONE_M2) {
    return { code: 'too-small', fatal: true, zh: '区域面积不足 1 平方米，请画大一些。', en: 'The zone is smaller than 1 m²: draw a larger one.' };
  }
  return null;
}

/** Statistics of a zone with no figures (a refused outline). */
function emptyStats(zoneId: string, seq: number, problems: ZoneProblem[], ms: number): ZoneStats {
  return {
    zoneId, seq, areaM2: 0, areaMu: 0,
    parcels: { count: 0, whole: 0, partial: 0, fids: [], wholeFids: [], partialFids: [], clippedM2: [], share: [], areaUnknownFids: [] },
    landM2: 0, landMu: 0, idleMu: 0, lowEfficiencyMu: 0, underUsedMu: 0, freeableMu: 0,
    freeableByKind: { idle: 0, 'low-efficiency': 0, 'd-class': 0, 'under-used': 0 }, achievedMu: 0,
    enterprises: 0, employees: 0, taxWan: 0, valueAddedWan: 0, energyTce: 0, taxPerMu: { numerator: 0, denominator: 0, value: null },
    blocklineOverlapM2: null, blocklineFids: [], parkOverlapM2: null, policy: { landPrice: [], floorArea: [], dormitory: [] },
    figureFids: { idle: [], lowEfficiency: [], underUsed: [], freeable: [], achieved: [] }, whatIf: null, problems, timings: { ms },
  };
}

/**
 * The statistics of `zone` (EPSG:4549 metres) over `layers` as analysed by `run`. A refused outline
 * (self-intersecting, empty, < 1 m²) comes back with its problem and no figures; never throws on user input.
 */
export function computeZoneStats(layers: AnalysisLayers, run: AnalysisRun, zone: ZoneGeometry, options: ZoneStatsOptions = {}): ZoneStats {
  const t0 = performance.now();
  const zoneId = options.zoneId ?? '';
  const seq = options.seq ?? 0;
  const refused = checkZone(zone, options.describePoint);
  if (refused) return emptyStats(zoneId, seq, [refused], performance.now() - t0);
  const prep = prepareZoneLayers(layers);
  const engine = cachedEngineInput(layers, run);
  const z = prepareZone(zone);
  const clip = clipParcelsToZone(prep.parcels, z);
  const figures = sumZoneParcels({ ...clip, parcelAreaM2: prep.parcels.area }, engine);
  let blocklineOverlapM2: ZoneStats['blocklineOverlapM2'] = null;
  if (prep.blocklines) {
    const o = zoneOverlapByGroup(prep.blocklines, z);
    blocklineOverlapM2 = { 一级: o[0]!, 二级: o[1]!, 未分级: o[2]! };
  }
  let parkOverlapM2: ZoneStats['parkOverlapM2'] = null;
  if (prep.parks) {
    const o = zoneOverlapByGroup(prep.parks.layer, z);
    // fromEntries: a park named `__proto__` is an own key like any other.
    parkOverlapM2 = Object.fromEntries(prep.parks.names.flatMap((name, g) => (o[g]! > 0 ? [[name, o[g]!] as const] : [])));
  }
  const problems: ZoneProblem[] = [];
  const blocklineFids = prep.blocklines ? blocklineParcelsInZone(figures.blocklineFids, new Set(figures.parcels.wholeFids), blocklineOverlapM2, prep.blocklines, layers, zone) : [];
  if (clip.failed.length > 0) {
    const ids = clip.failed.slice(0, 5).map((f) => layers.parcels[f]!.attributes.parcelId).join(', ');
    problems.push({
      code: 'clip-failed', fatal: false,
      zh: `${clip.failed.length} 宗地块无法与区域求交（${ids}${clip.failed.length > 5 ? ' 等' : ''}），未计入各项数字：请检查其几何。`,
      en: `${clip.failed.length} parcel(s) could not be clipped to the zone (${ids}${clip.failed.length > 5 ? ' …' : ''}) and are left out of every figure: check their geometry.`,
    });
  }
  if (clip.count === 0) problems.push({ code: 'no-parcels', fatal: false, zh: '区域内没有地块。', en: 'The zone holds no parcels.' });
  const unknown = figures.parcels.areaUnknownFids.length;
  if (unknown > 0) {
    problems.push({
      code: 'area-unknown-parcels', fatal: false,
      zh: `${unknown} 宗地块几何有误，面积未知：已计入宗数，未计入亩数与税收等数字。`,
      en: `${unknown} parcel(s) have a flagged geometry and no known area: counted as parcels, left out of the 亩 and money figures.`,
    });
  }
  const { whatIfBase, ...rest } = figures;
  const whatIf = zoneWhatIf(whatIfBase, run, options.whatIf);
  return {
    zoneId, seq, areaM2: z.area, areaMu: muFromM2(squareMetres(z.area)),
    ...rest, blocklineFids, blocklineOverlapM2, parkOverlapM2, whatIf, problems, timings: { ms: performance.now() - t0 },
  };
}

/**
 * Of the zone's parcels that overlap a block line (`candidates`), those whose part INSIDE the zone does: a
 * parcel cut by the zone's edge may meet the line only outside it. None when the zone itself meets no block
 * line; a wholly-inside parcel's overlap is inside; a cut one is clipped to the zone and measured again (a
 * clip that fails keeps the parcel: better one warning too many than a missing one).
 */
function blocklineParcelsInZone(
  candidates: readonly number[], whole: ReadonlySet<number>, zoneOverlap: ZoneStats['blocklineOverlapM2'],
  blocklines: ZoneLayer, layers: AnalysisLayers, zone: ZoneGeometry,
): number[] {
  if (candidates.length === 0 || !zoneOverlap || !(zoneOverlap.一级 + zoneOverlap.二级 + zoneOverlap.未分级 > ZONE_TOUCH_M2)) return [];
  return candidates.filter((f) => {
    if (whole.has(f)) return true;
    const g = layers.parcels[f]?.geometry;
    if (!g) return false;
    try {
      const inside = intersection(g, zone);
      if (inside.coordinates.length === 0) return false;
      const o = zoneOverlapByGroup(blocklines, prepareZone(inside));
      return o[0]! + o[1]! + o[2]! > ZONE_TOUCH_M2;
    } catch {
      return true;
    }
  });
}
