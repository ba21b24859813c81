/**
 * The ONE typed boundary between the page and the analysis worker. Every request is a plain,
 * serialisable object; `RequestMap` pairs each request kind with its payload and its result.
 * Failures the user can act on (a missing file, a bad manifest) come back as values, never as throws.
 */
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import type { ParcelAttributes } from '../domain/parcel';
import type { Mu, SquareMetres } from '../domain/units';
import type { DatasetManifest, LayerId } from '../io/dataset';

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

export interface LoadedDataset {
  manifest: DatasetManifest;
  /** Every layer reprojected once to WGS84 lon/lat for display; parcels carry `ParcelDisplayProps`. */
  display: DisplayLayers;
  /** One WGS84 point per 镇街 (properties of the town), where its name is drawn. */
  townLabels: FeatureCollection<Point>;
  /** Indexed by fid. */
  parcels: ParcelRecord[];
  totals: { count: number; areaM2: SquareMetres; areaMu: Mu };
  /** [west, south, east, north] in degrees: the district outline, or the parcels when it is absent. */
  bounds: [number, number, number, number];
  /** Non-fatal problems (e.g. a non-polygon parcel skipped). */
  warnings: string[];
  timings: { fetchMs: number; parseMs: number; totalMs: number };
}

/** Request kind → payload and result. Add analyses here; the worker's handler table must follow. */
export interface RequestMap {
  load: { request: LoadRequest; response: LoadedDataset };
}

export type RequestKind = keyof RequestMap;

export type WorkerErrorCode = 'fetch-failed' | 'bad-manifest' | 'bad-file' | 'unknown-request' | 'internal';

export interface WorkerError {
  code: WorkerErrorCode;
  message: string;
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

/** Each handler answers one kind; it returns user errors as values and may throw only on bugs. */
export type Handlers = {
  [K in RequestKind]: (payload: RequestMap[K]['request']) => Promise<Result<RequestMap[K]['response']>>;
};

export type DisplayParcel = Feature<Geometry, ParcelDisplayProps>;
