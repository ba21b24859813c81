/**
 * The on-disk shape of a dataset: a folder with a manifest and one FlatGeobuf file per layer, all in
 * EPSG:4549 metres. The embedded synthetic Ouhai dataset (data/ouhai/) is written in this shape by
 * `npm run data`, and the app and the CLI read it.
 */
export type LayerId = 'boundary' | 'towns' | 'parks' | 'blocklines' | 'parcels' | 'buildings';

export const LAYER_IDS: readonly LayerId[] = ['boundary', 'towns', 'parks', 'blocklines', 'parcels', 'buildings'];

export interface LayerEntry {
  /** File name relative to the manifest, e.g. `parcels.fgb`. */
  file: string;
  featureCount: number;
  /** SHA-256 of the file, hex; lets tests and caches notice a changed file. */
  sha256: string;
}

export interface DatasetManifest {
  /** Manifest format version. */
  version: 1;
  name: string;
  /** Chinese display label, e.g. `瓯海区示例数据`. */
  label: string;
  /** True for generated data: the UI marks it 示例数据. */
  synthetic: boolean;
  crs: 'EPSG:4549';
  seed?: number;
  generator?: string;
  /** Date the data describes (ISO); rules that depend on time (idle land) may default to it. */
  asOf?: string;
  /** A sample disposal ledger shipped with the dataset (JSON array of {parcelId, action, status, date, note}). */
  ledger?: { file: string; entries: number; sha256: string };
  /** Where each part comes from (the real outline's source note, the generator for the rest). */
  sources: string[];
  layers: Partial<Record<LayerId, LayerEntry>> & { parcels: LayerEntry };
}
