/** Loads the hand-made overlay cases (tests/fixtures/geo) and their GDAL oracle, for tests only. */
import { readFileSync } from 'node:fs';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { BlocklineLevel } from '../domain/facts';
import type { OverlayInput } from './overlay';

type Polygonal = Polygon | MultiPolygon;
const root = new URL('../../tests/fixtures/', import.meta.url);

export function readLayer(name: string): FeatureCollection<Polygonal, Record<string, string>> {
  return JSON.parse(readFileSync(new URL(`geo/${name}.geojson`, root), 'utf8')) as FeatureCollection<Polygonal, Record<string, string>>;
}

export interface OracleTable<R> { command: string; rows: R[] }
export interface CasesOracle {
  areas: OracleTable<{ id: string; area: number; valid: number }>;
  footprint: OracleTable<{ id: string; footprint: number }>;
  blockline: OracleTable<{ id: string; level: BlocklineLevel; overlap: number }>;
  parks: OracleTable<{ id: string; name: string; overlap: number }>;
  towns: OracleTable<{ id: string; name: string; overlap: number }>;
}

export const readOracle = (): CasesOracle =>
  JSON.parse(readFileSync(new URL('oracle/cases.json', root), 'utf8')) as CasesOracle;

/** Overlay input with every layer present, buildings as GeoJSON. */
export type FullInput = Required<OverlayInput> & { buildings: Polygonal[] };

/** The cases as overlay input, plus the parcel ids in input order. */
export function casesInput(): { ids: string[]; input: FullInput } {
  const parcels = readLayer('parcels').features;
  return {
    ids: parcels.map((f) => f.properties.id!),
    input: {
      parcels: parcels.map((f) => f.geometry),
      buildings: readLayer('buildings').features.map((f) => f.geometry),
      blocklines: readLayer('blocklines').features.map((f) => ({ geometry: f.geometry, level: f.properties.level as BlocklineLevel })),
      parks: readLayer('parks').features.map((f) => ({ geometry: f.geometry, name: f.properties.name! })),
      towns: readLayer('towns').features.map((f) => ({ geometry: f.geometry, name: f.properties.name! })),
    },
  };
}
