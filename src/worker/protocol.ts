/**
 * The ONE typed boundary between the page and the analysis worker. Every request is a plain,
 * serialisable object; `RequestMap` pairs each request kind with its payload and its result.
 * Failures the user can act on (a missing file, a bad manifest) come back as values, never as throws.
 */
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import type { AnalysisRequest } from '../analysis/request';
import type { ParcelResult } from '../domain/analyze';
import type { ParcelGeoFacts } from '../domain/facts';
import type { LedgerEntry } from '../domain/ledger';
import type { LedgerProblem } from '../domain/ledger-check';
import type { ParcelAttributes } from '../domain/parcel';
import type { Figures, MissingInput, RuleId, RuleStatus } from '../domain/rules/outcome';
import type { DistrictSummary } from '../domain/summary';
import type { Mu, SquareMetres } from '../domain/units';
import type { ZoneStats, ZoneStatsRequest } from '../domain/zone-stats';
import type { CrsCode } from '../geo/projection';
import type { LayerId } from '../io/dataset';
import type { DatasetIdentity, ImportOptions, LoadReport } from '../io/loader/report';
import type { ExportRequest, ExportResult } from '../io/export/model';

/** Load a dataset folder (manifest + FlatGeobuf layers in EPSG:4549). */
export interface LoadRequest {
  /** Absolute URL of `manifest.json`; layer files are resolved relative to it. */
  manifestUrl: string;
}

/** One parcel's attributes and the figures computed from its geometry at load. */
export interface ParcelRecord {
  /** Index in the parcel layer; the display feature's id (MapLibre `promoteId: 'fid'`). */
  fid: number;
  attributes: ParcelAttributes;
  /** Planar area in EPSG:4549 (geo/area.ts `planarArea`). */
  areaM2: SquareMetres;
  areaMu: Mu;
  /** 亩均税收 = tax / areaMu, 万元/亩; null when tax or area is missing. */
  taxPerMu: number | null;
  /** Registered minus computed area, when a registered area exists and differs by > 0.5 %. */
  registeredAreaDiff: RegisteredAreaDiff | null;
}

export interface RegisteredAreaDiff {
  /** registered − computed, 亩. */
  diffMu: number;
  /** (registered − computed) / computed. */
  ratio: number;
}

/** Properties carried by each display parcel feature: just what the map styles and picks with. */
export interface ParcelDisplayProps {
  fid: number;
  parcelId: string;
  taxPerMu: number | null;
}

export type DisplayLayers = Partial<Record<LayerId, FeatureCollection<Geometry>>>;

/** What the page shows about the data it is looking at. */
export interface DatasetInfo {
  /** `ouhai`, or the name of the imported parcel file. */
  name: string;
  /** Chinese display label, e.g. `瓯海区示例数据`. */
  label: string;
  /** Generated data: the UI marks it 示例数据. */
  synthetic: boolean;
  source: 'embedded' | 'import';
  /** Date the data describes (ISO), when known. */
  asOf?: string;
  identity: DatasetIdentity;
  /** The loader's report: per layer its CRS, encoding, mapping and problems (shown in load-messages). */
  report: LoadReport;
}

export interface LoadedDataset {
  info: DatasetInfo;
  /**
   * The SMALL layers (boundary, towns, parks, block lines) reprojected once to WGS84 lon/lat. Parcels and
   * buildings are never here: the map gets them as vector tiles from the worker (`tiles`, `tile` request).
   */
  display: DisplayLayers;
  /** The worker's vector tiles of this dataset: `tile` requests name this key; the layers it serves. */
  tiles?: DatasetTiles;
  /** One WGS84 point per 镇街 (properties of the town), where its name is drawn. */
  townLabels: FeatureCollection<Point>;
  /** Indexed by fid. */
  parcels: ParcelRecord[];
  /** Each parcel's box in WGS84 degrees: [west, south, east, north] at fid × 4 (for zoom-to and fly-to). */
  parcelBounds: Float64Array;
  totals: { count: number; areaM2: SquareMetres; areaMu: Mu };
  /** [west, south, east, north] in degrees: the district outline, or the parcels when it is absent. */
  bounds: [number, number, number, number];
  /** Non-fatal problems (e.g. a non-polygon parcel skipped). */
  warnings: string[];
  /** The dataset's sample disposal ledger (`manifest.ledger.file`); null when it has none. */
  ledger: LedgerEntry[] | null;
  timings: { fetchMs: number; parseMs: number; buildMs: number; totalMs: number };
  /** The worker analyses the defaults right after this answer, before serving any tile (worker/load.ts). */
  analysedAhead?: boolean;
  /**
   * `display`, `townLabels` and `bounds` are those of the outline this load sent before its answer
   * (`OutlineMessage`): the page keeps the copy it already has on the map.
   */
  displayOfOutline?: boolean;
}

/**
 * The district's small layers of a dataset being loaded, sent as soon as they are read (long before the
 * parcels, at 100k), so that the map shows the district's outline while the parcels load.
 */
export interface DatasetOutline {
  display: DisplayLayers;
  townLabels: FeatureCollection<Point>;
  /** [west, south, east, north] in degrees: the district outline's. */
  bounds: [number, number, number, number];
}

/** Vector tiles of one loaded dataset, cut in the worker (worker/tiles.ts); one source layer per layer. */
export interface DatasetTiles {
  /** Names this dataset's tiles: a `tile` request with another key answers null (no stale tiles). */
  key: string;
  layers: ('parcels' | 'buildings')[];
  /** Deepest zoom cut; the map over-zooms beyond it. */
  maxzoom: number;
}

/** The filter veil of the dataset whose tiles are `key`: mask[fid] 1 = inside the filter, 0 = veiled; null = none. */
export interface VeilMaskRequest {
  key: string;
  mask: Uint8Array | null;
  /** The veil's colour (CSS), drawn opaque: the map's veil layer has the opacity. */
  colour: string;
}

/**
 * The parcels' pixels for the parcel picture of the dataset whose tiles are `key` (worker/veil.ts: raster
 * tiles of every parcel at district zoom): the opaque RGBA pixel of each colouring code `codes[i]` is
 * `pixels[i]`, holding the code's palette key that the map's ramp turns into its colour on the GPU
 * (map/picture-colours.ts keyPixel). The worker draws each parcel in its code's pixel (its codes: the tiles',
 * AnalysisView.colourCodes); a parcel whose code is not listed (a newer run's, not yet at the page) keeps
 * the pixel it had when `keepUnlisted` (its key means what it meant), else is left undrawn.
 */
/** The parcel picture's tiles are veil-tile requests whose key ends so (`<key>~picture`; map/style.ts pictureUrl). */
export const PICTURE_KEY_SUFFIX = '~picture';
/**
 * Side in CSS pixels of the veil's and the picture's raster tiles (times the pixel ratio in pixels): the
 * vector tiles' 512 (MapLibre's default tile size), so the grids match.
 */
export const VEIL_TILE_SIZE = 512;
/** Below this zoom the map shows the parcel picture, from it the vector colour layers (map/style.ts says why). */
export const PICTURE_MAX_ZOOM = 13;

export interface PictureColoursRequest {
  key: string;
  /** null: every parcel in `pixels[0]` (before an analysis, all grey). */
  codes: Float64Array | null;
  pixels: Uint32Array;
  /** Whether an unlisted parcel's old pixel still means its colour: not after the palette gave its keys out again, nor with keys per colouring. */
  keepUnlisted: boolean;
}

/**
 * The veil tiles the map shows now (at its raster zoom, map/veil-ahead.ts) of the dataset whose tiles are
 * `key`: their id rasters are made while the worker is idle, so the first filter in this view is a lookup.
 */
export interface VeilAheadRequest {
  key: string;
  tiles: [z: number, x: number, y: number][];
  ratio: number;
}

/** One veil tile (512 CSS px; `ratio` 2 = drawn at twice the pixels for a high-density screen). */
export interface VeilTileRequest {
  key: string;
  z: number;
  x: number;
  y: number;
  ratio?: number;
}

/**
 * A point of the parcel picture (map/picture-pick.ts): pixel (px, py) of its tile (z, x, y) at `ratio`, the
 * dataset's tiles `key`; `radius` pixels around it still pick a parcel.
 */
export interface PicturePickRequest {
  key: string;
  z: number;
  x: number;
  y: number;
  ratio: number;
  px: number;
  py: number;
  radius: number;
}

/** One vector tile of one layer (MapLibre asks through the page's `tenglong://` protocol). */
export interface TileRequest {
  key: string;
  layer: 'parcels' | 'buildings';
  z: number;
  x: number;
  y: number;
}

/** The files the user picked (File objects cross the worker boundary by structured clone), or a FlatGeobuf URL. */
export interface ImportReadRequest {
  files?: File[];
  /** A FlatGeobuf on a static server, read by bounding box with HTTP range requests. */
  url?: {
    href: string;
    /** Only the features whose boxes meet this one; null = all. In the file's CRS, unless `bboxCrs` says otherwise. */
    bbox: [minX: number, minY: number, maxX: number, maxY: number] | null;
    /** `EPSG:4326` for a box taken from the map's view. */
    bboxCrs?: CrsCode;
    /** Refuse (error `too-many`, with `count`) a box holding more features than this; the index tells before features are fetched. */
    maxFeatures?: number;
  };
}

/** The import preview: the loader's report on the pending import; nothing is replaced yet. */
export interface ImportPreview extends LoadReport {
  importId: number;
  /** Range reads only: bytes fetched from the server. */
  bytesFetched?: number;
  /** Where the worker spent the time: reading the files (unzip, parse, hash), and checking them. */
  timings: { readMs: number; evaluateMs: number };
}

export interface ImportOptionsRequest {
  importId: number;
  options: ImportOptions;
}

/** Class letters in column order: `classIndex` 0 = A … 3 = D, -1 = none. */
export { CLASS_LETTERS } from '../domain/evaluation';
/** Reclaim kinds in column order: `reclaimKind` index, -1 = nothing to free. */
export { RECLAIM_KINDS } from '../domain/parcel-results';
/** Rule statuses in column order: `ruleStatus[fid * RULE_IDS.length + r]` is an index into this (the engine's own). */
export { STATUS_CODES } from '../domain/rules/outcome';

/**
 * Per-parcel results as columns indexed by fid (typed arrays, moved as transferable buffers: 100k
 * parcels cost a few MB and no structured-clone walk). Missing numbers are NaN.
 */
export interface ParcelColumns {
  /** Enterprise-level 亩均税收, 万元/亩. */
  taxPerMu: Float64Array;
  /** Enterprise-level 亩均增加值, 万元/亩. */
  valuePerMu: Float64Array;
  /** Index into CLASS_LETTERS, -1 = no class. */
  classIndex: Int8Array;
  /** 1 when the class was computed by the engine rather than read from the data. */
  classComputed: Uint8Array;
  /** 亩 freed (achieved) or freeable (pipeline); 0 when none. */
  reclaimMu: Float64Array;
  /** Index into RECLAIM_KINDS, -1 = none. */
  reclaimKind: Int8Array;
  /** fid × RULE_IDS.length + rule → index into STATUS_CODES. */
  ruleStatus: Uint8Array;
  /** 1 when the overlay reported a geometry problem for the parcel. */
  geometryError: Uint8Array;
  /** Idle stage: 0 none, 1 stage 1, 2 stage 2, 3 negotiated (协议约定). */
  idleStage: Int8Array;
  /** Floor-area ratio and building coverage (0–1); NaN when unknown. */
  far: Float64Array;
  coverage: Float64Array;
  /** Overlap with block lines, m² by tier: 一级, 二级, 未分级 (NaN when no block-line layer). */
  blockline1M2: Float64Array;
  blockline2M2: Float64Array;
  blocklineUM2: Float64Array;
  /** 1 inside a park, 0 not, 255 when no park layer was loaded. */
  inPark: Uint8Array;
  /** The 镇街 the engine assigned (index into AnalysisView.townNames; -1 = none). */
  townIndex: Int16Array;
}

/** The compact answer of an `analyze` request. */
export interface AnalysisView {
  /** The request that produced it (replayable). */
  request: AnalysisRequest;
  columns: ParcelColumns;
  /** Names for `columns.townIndex`. */
  townNames: string[];
  summary: DistrictSummary;
  /** Parcels whose geometry the overlay could not use, with the problem (the run went on). */
  geometryErrors: { fid: number; parcelId: string; message: string }[];
  /** Disposal-ledger entries the engine left out (unknown parcel, bad date …), by problem. */
  ledgerProblems: LedgerProblem[];
  timings: { overlayMs: number; rulesMs: number; totalMs: number };
  /** Every parcel tile served so far already carries this analysis' colouring codes: the map need not ask again. */
  tilesCurrent?: boolean;
  /** The distinct colouring codes (map/parcel-codes.ts packedCodes) the parcel tiles carry now, ascending; absent without tiles. */
  colourCodes?: Float64Array;
  /** How many parcels carry each of `colourCodes` (the legend's counts come from them). */
  colourCodeCounts?: Uint32Array;
}

/** One rule outcome with its message already rendered in both languages. */
export interface OutcomeDetail {
  rule: RuleId;
  status: RuleStatus;
  reason: string;
  clause: string;
  message: { zh: string; en: string };
  actual?: Figures;
  threshold?: Figures;
  extra?: Figures;
  /** For `unknown`: the data that is missing. */
  missing?: MissingInput[];
}

/** Everything the engine said about one parcel (the `parcel-detail` request). */
export interface ParcelDetail extends Pick<ParcelResult,
  'parcelId' | 'enterpriseKey' | 'enterpriseParcels' | 'town' | 'taxPerMu' | 'valuePerMu' | 'productivity'
  | 'energyIntensity' | 'rdShare' | 'far' | 'coverage' | 'unbuiltM2' | 'evalClass' | 'evalClassComputed' | 'evalScore'
  | 'idleStage' | 'reclaimableMu' | 'reclaimKind' | 'reclaimYear'> {
  fid: number;
  facts: ParcelGeoFacts;
  /** In RULE_IDS order. */
  outcomes: OutcomeDetail[];
}

export interface ParcelDetailRequest {
  fid: number;
}

/** Request kind → payload and result. Add analyses here; the worker's handler table must follow. */
export interface RequestMap {
  load: { request: LoadRequest; response: LoadedDataset };
  /** Runs the analysis on the loaded layers (kept in metres inside the worker). */
  analyze: { request: AnalysisRequest; response: AnalysisView };
  /** The full result of one parcel from the latest analysis. */
  'parcel-detail': { request: ParcelDetailRequest; response: ParcelDetail };
  /** Reads files into a pending import (progress messages while reading) and answers with its preview. */
  'import-read': { request: ImportReadRequest; response: ImportPreview };
  /** The preview again under changed options (role, CRS, encoding, mapping, units, repair). */
  'import-update': { request: ImportOptionsRequest; response: ImportPreview };
  /** Replaces the loaded data with the pending import, atomically; the previous data stays on any failure. */
  'import-commit': { request: ImportOptionsRequest; response: LoadedDataset };
  /** Stops a read in progress and drops the pending import. */
  'import-cancel': { request: { importId?: number }; response: null };
  /** A shortlist written as Excel, CSV, GeoJSON, FlatGeobuf or a Shapefile zip (progress messages; bytes transferred). */
  export: { request: ExportRequest; response: ExportResult };
  /** Exact clipped statistics and what-if of a drawn zone (domain/zone-stats.ts); a newer seq of the same zone cancels an older one. */
  'zone-stats': { request: ZoneStatsRequest; response: ZoneStats };
  /** One Mapbox Vector Tile (bytes, transferred), or null when the tile is empty or of another dataset. */
  tile: { request: TileRequest; response: ArrayBuffer | null };
  /** The filter veil's mask (worker/veil.ts): the veil tiles asked for from now on are drawn from it. */
  'veil-mask': { request: VeilMaskRequest; response: null };
  /** The veil tiles in view, whose id rasters are to be made ahead (no answer waited for). */
  'veil-ahead': { request: VeilAheadRequest; response: null };
  /** One raster tile of the filter veil (transferred), or null when none of its parcels is veiled. */
  'veil-tile': { request: VeilTileRequest; response: ImageBitmap | null };
  /** The parcel picture's colours (worker/veil.ts): its tiles asked for from now on are drawn in them. */
  'picture-colours': { request: PictureColoursRequest; response: null };
  /** The parcel (fid) the picture draws at a point, or null: clicks below PICTURE_MAX_ZOOM, where no parcel tile is loaded. */
  'picture-pick': { request: PicturePickRequest; response: number | null };
  /**
   * The zh-CN collation rank of each parcel's 地块编号 or enterprise (i18n/collation), for the parcel list's
   * text sorts, made here while the page is idle; null when the worker holds another number of parcels.
   */
  'text-ranks': { request: TextRanksRequest; response: Float64Array | null };
}

export interface TextRanksRequest {
  key: 'parcelId' | 'enterprise';
  /** The page's parcel count: a check that both hold the same dataset. */
  count: number;
}

export type RequestKind = keyof RequestMap;

export type WorkerErrorCode =
  | 'fetch-failed' | 'bad-manifest' | 'bad-file' | 'unknown-request' | 'internal'
  | 'no-dataset' | 'no-analysis' | 'bad-request' | 'bad-rules' | 'cancelled' | 'no-import' | 'import-blocked' | 'too-many'
  /** A load or import commit dropped: one asked for after it swapped its dataset in first. */
  | 'superseded';

export interface WorkerError {
  code: WorkerErrorCode;
  message: string;
  /** Item-by-item problems (e.g. each invalid rule-set key), bilingual. */
  details?: { zh: string; en: string }[];
  /** `too-many`: the features the box holds, at least. */
  count?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: WorkerError };

export interface RequestMessage<K extends RequestKind = RequestKind> {
  id: number;
  kind: K;
  payload: RequestMap[K]['request'];
}

export interface ResponseMessage<K extends RequestKind = RequestKind> {
  id: number;
  result: Result<RequestMap[K]['response']>;
}

/** An import's progress: reading the files fills [0, READ_SHARE), checking them (CRS, geometry, values) the rest. */
export const READ_SHARE = 0.7;

/** Sent while a long request runs (reading files): how far it is, 0–1. Not an answer. */
export interface ProgressMessage {
  id: number;
  progress: number;
}

/** A load's outline, ahead of its answer. */
export interface OutlineMessage {
  id: number;
  outline: DatasetOutline;
}

/** What a handler may do besides answering: report progress of its request, or a load's outline. */
export interface HandlerContext {
  progress(fraction: number): void;
  /** A load's district outline, ahead of its answer. */
  outline?(outline: DatasetOutline): void;
}

/** Each handler answers one kind; it returns user errors as values and may throw only on bugs. */
export type Handlers = {
  [K in RequestKind]: (payload: RequestMap[K]['request'], ctx?: HandlerContext) => Promise<Result<RequestMap[K]['response']>>;
};

export type DisplayParcel = Feature<Geometry, ParcelDisplayProps>;
