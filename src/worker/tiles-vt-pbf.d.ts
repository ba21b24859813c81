/** The part of vt-pbf 3.1.3 (CommonJS, untyped) that worker/tiles.ts uses. */
declare module 'vt-pbf' {
  import type { LegacyTile } from 'geojson-vt';

  /** Encodes geojson-vt tiles (one per source-layer name) as Mapbox Vector Tile bytes. */
  export function fromGeojsonVt(layers: Record<string, LegacyTile>, options?: { version?: 1 | 2; extent?: number }): Uint8Array;
}
