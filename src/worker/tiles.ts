/**
 * Vector tiles cut in the analysis worker: the big layers (parcels, buildings) never cross to the page
 * as GeoJSON. Each is indexed once with geojson-vt (in WGS84, as MapLibre tiles it) and a tile is encoded
 * to Mapbox Vector Tile bytes (tile-encode.ts, vt-pbf's bytes from the raw cut) only when MapLibre asks for it through the page's `tenglong://`
 * protocol (map/data-source.ts). A tile feature's id is its fid, so feature-state keyed by fid keeps working.
 * The parcels' tiles also carry the latest analysis' colouring codes as properties (`setProps`): the
 * geometry index stays, only the encoding of a tile reads the codes, so a new analysis costs no re-cut —
 * the page asks for the tiles again under a new URL (map/tiled-sources.ts askTiles).
 */
import type { Feature, Geometry, Position } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import { packedCodes, parcelTileProps } from '../map/parcel-codes';
import type { LedgerEntry } from '../domain/ledger';
import type { ParcelColumns } from './protocol';
import type { RawTile } from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import { encodeRawTile } from './tile-encode';
import type { PackedPolygons } from '../geo/packed';
import { toDisplayFast, toDisplayXY } from '../geo/projection';
import { flatIndex } from './tiles-flat';
import { packedRings, shapesOfFeatures, type ParcelShapes } from './parcel-shapes';

/** The layers served as vector tiles; each tile holds one source layer of the same name. */
export const TILE_LAYERS = ['parcels', 'buildings'] as const;
export type TileLayer = (typeof TILE_LAYERS)[number];

/** Deepest zoom cut; MapLibre over-zooms beyond it (extent 4096 at z16 ≈ 1 cm per unit here). */
export const TILE_MAX_ZOOM = 16;
const EXTENT = 4096;

/** geojson-vt options: no pre-cut index (tiles are cut on demand along the path to the one asked for). */
export const TILE_OPTIONS = { maxZoom: TILE_MAX_ZOOM, indexMaxZoom: 0, indexMaxPoints: 0, tolerance: 1, extent: EXTENT, buffer: 64, generateId: true } as const;

/**
 * A layer's source, made only when first asked for (buildings are drawn from zoom 15 only): its features
 * as GeoJSON, or its index made another way (tiles-flat.ts, with TILE_OPTIONS).
 */
export type LayerSource = () => Feature<Geometry, null>[] | GeoJSONVT;

/** A feature's tile properties by its fid (null: none). */
export type FeatureProps = (fid: number) => Record<string, number | boolean> | null;

/**
 * Packed polygons (EPSG:4549, open oriented rings: shells counter-clockwise, holes clockwise) as WGS84
 * features in the same order: a shell starts a new part, a hole joins the part before it.
 */
export function packedToDisplay(p: PackedPolygons): Feature<Geometry, null>[] {
  const out: Feature<Geometry, null>[] = new Array(p.count);
  for (let f = 0; f < p.count; f++) {
    const parts: Position[][][] = [];
    packedRings(p, f)((v0, v1, shell) => {
      const ring: Position[] = [];
      for (let v = v0; v < v1; v++) ring.push([p.xy[2 * v]!, p.xy[2 * v + 1]!]);
      ring.push(ring[0]!);
      if (shell) parts.push([ring]);
      else parts[parts.length - 1]!.push(ring);
    });
    out[f] = { type: 'Feature', properties: null, geometry: toDisplayFast({ type: 'MultiPolygon', coordinates: parts }) };
  }
  return out;
}

/**
 * The index geojson-vt makes of `packedToDisplay(p)`, made from the polygons' lon/lat arrays instead of
 * their GeoJSON (tiles-flat.ts; 300k building footprints at 100k parcels); null as `flatIndex`.
 * `lonLat`: `p.xy` already projected (`toDisplayXY`).
 */
export function packedIndex(p: PackedPolygons, lonLat: Float64Array = toDisplayXY(p.xy)): GeoJSONVT | null {
  return flatIndex(p.count, { xy: lonLat, closed: false }, (f) => packedRings(p, f), TILE_OPTIONS);
}


/** The parcels' ids per parcel list (the codes of every analysis of one dataset are keyed by them). */
const idsOf = new WeakMap<readonly object[], string[]>();

/** Whether (z, x, y) names a tile: integers, z in 0–24, x and y inside zoom z's grid. */
export function isTileAddress(z: number, x: number, y: number): boolean {
  if (!Number.isInteger(z) || z < 0 || z > 24 || !Number.isInteger(x) || !Number.isInteger(y)) return false;
  const side = 2 ** z;
  return x >= 0 && y >= 0 && x < side && y < side;
}

export class TileSet {
  private readonly indexes = new Map<TileLayer, GeoJSONVT | null>();
  private readonly sources = new Map<TileLayer, LayerSource>();
  private readonly props = new Map<TileLayer, FeatureProps>();
  /** What the properties were made from (an analysis run), so the same run set twice changes nothing. */
  private readonly propsOf = new Map<TileLayer, object>();
  /** Bumped by every change of properties; the lowest generation any served tile carried. */
  private propsGeneration = 0;
  private lowestServed = Infinity;

  /**
   * The parcels as pictures and veils draw them (parcel-shapes.ts): `parcelShapes` where the caller has
   * the arrays the parcels' source indexes, else made from the source's GeoJSON when it is indexed. Kept
   * for the session (the rings, ~20 MB at 100k parcels, held beside the index cut from them).
   */
  parcelShapes: ParcelShapes | null;

  /**
   * `key` names this set of tiles (one per loaded dataset), so a tile of an older dataset is never
   * drawn over a newer one. Features must be in fid order: a tile feature's id is its index.
   */
  constructor(readonly key: string, sources: Partial<Record<TileLayer, LayerSource>>, parcelShapes?: ParcelShapes) {
    for (const id of TILE_LAYERS) {
      const s = sources[id];
      if (s) this.sources.set(id, s);
    }
    this.parcelShapes = parcelShapes ?? null;
  }

  /** Indexes `layer` now, if not done yet (its first tile request, or ahead while the worker is idle). */
  prepare(layer: TileLayer): void {
    if (this.indexes.has(layer)) return;
    const source = this.sources.get(layer);
    this.sources.delete(layer);
    if (!source) {
      this.indexes.set(layer, null);
      return;
    }
    const made = source();
    if (layer === 'parcels' && !this.parcelShapes && !(made instanceof GeoJSONVT)) this.parcelShapes = shapesOfFeatures(made);
    const index = made instanceof GeoJSONVT ? made : made.length > 0 ? new GeoJSONVT({ type: 'FeatureCollection', features: made }, TILE_OPTIONS) : null;
    this.indexes.set(layer, index);
  }

  /**
   * The properties every later tile of `layer` carries (the latest analysis' codes); null: none. `from`
   * names what they were made of (the run; see `hasPropsFrom`).
   */
  setProps(layer: TileLayer, props: FeatureProps | null, from?: object): void {
    if (from !== undefined) this.propsOf.set(layer, from);
    else this.propsOf.delete(layer);
    if (props) this.props.set(layer, props);
    else this.props.delete(layer);
    this.propsGeneration++;
  }

  /** The parcels' packed colouring codes (map/parcel-codes.ts) the parcel tiles carry; null before an analysis. */
  parcelCodes: Float64Array | null = null;

  /** The parcel tiles carry `codes` (one per fid) of analysis run `from` from now on; the picture reads them too (worker/veil.ts). */
  setParcelCodes(codes: Float64Array, from: object): void {
    this.parcelCodes = codes;
    this.setProps('parcels', parcelTileProps(codes), from);
  }

  /**
   * The parcel tiles carry run `from`'s colouring codes (packed from its columns, the parcels' ids and the
   * request's ledger) from now on: packed once per run (the run made ahead after a load may have set them).
   */
  bakeAnalysis(from: object, columns: ParcelColumns, parcels: readonly { attributes: { parcelId: string } }[], ledger: readonly LedgerEntry[] | null): void {
    if (this.hasPropsFrom('parcels', from)) return;
    let ids = idsOf.get(parcels);
    if (!ids) idsOf.set(parcels, (ids = parcels.map((p) => p.attributes.parcelId)));
    this.setParcelCodes(packedCodes(columns, ids, ledger), from);
  }

  /** The cut tile of `layer` as geojson-vt holds it (tile units, fids as ids), or null: to draw from the same cut (worker/veil.ts). */
  rawTile(layer: TileLayer, z: number, x: number, y: number): RawTile | null {
    if (!isTileAddress(z, x, y)) return null;
    this.prepare(layer);
    return this.indexes.get(layer)?.getTileRaw(z, x, y) ?? null;
  }

  /** Whether `layer`'s properties were made from `from` (that run's codes are set already). */
  hasPropsFrom(layer: TileLayer, from: object): boolean {
    return this.propsOf.get(layer) === from;
  }

  /** Every tile served so far carried the current properties (none served counts too): no re-ask needed. */
  servedCurrent(): boolean {
    return this.lowestServed >= this.propsGeneration;
  }

  has(layer: TileLayer): boolean {
    return this.sources.has(layer) || !!this.indexes.get(layer);
  }

  /** The tile's bytes (one source layer named `layer`), or null when nothing of the layer is in it. */
  tile(layer: TileLayer, z: number, x: number, y: number): Uint8Array | null {
    if (!(TILE_LAYERS as readonly string[]).includes(layer)) return null;
    const raw = this.rawTile(layer, z, x, y);
    if (!raw || raw.features.length === 0) return null;
    const props = this.props.get(layer);
    // Only the parcels carry an analysis' codes; a building tile is current whatever was set.
    if (layer === 'parcels') this.lowestServed = Math.min(this.lowestServed, this.propsGeneration);
    const tagsOf = props ? (f: { id?: unknown }) => (typeof f.id === 'number' ? props(f.id) : null) ?? {} : (f: { tags?: unknown }) => (f.tags ?? null) as Record<string, number | boolean> | null;
    // Written straight from the raw cut (tile-encode.ts); vt-pbf's path for a feature kind it does not write.
    const bytes = encodeRawTile(layer, raw, EXTENT, tagsOf);
    if (bytes) return bytes;
    const tile = this.indexes.get(layer)!.getTile(z, x, y)!;
    // geojson-vt keeps its tiles: the properties go on copies of the features, never on its own.
    const out = props ? { ...tile, features: tile.features.map((f) => ({ ...f, tags: tagsOf(f) })) } : tile;
    return fromGeojsonVt({ [layer]: out }, { version: 2, extent: EXTENT });
  }
}
