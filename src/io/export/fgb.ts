/** FlatGeobuf export: EPSG:4549 metres with a spatial index, the GIS columns, the metadata in the header. */
import { writeFgb } from '../formats/fgb/write';
import { GIS_COLUMNS } from './gis-columns';
import { metaRecord, type ExportMeta, type ExportOptions, type ExportSource } from './model';

export function writeFlatGeobuf(source: ExportSource, fids: readonly number[], meta: ExportMeta, options: ExportOptions = {}): Uint8Array {
  const features = fids.map((fid) => ({ geometry: source.parcels[fid]!.geometry, values: GIS_COLUMNS.map((c) => c.value(source, fid)) }));
  options.progress?.(0.5);
  return writeFgb(GIS_COLUMNS.map((c) => ({ name: c.key, type: c.type })), features, {
    epsg: 4549, name: 'parcels', title: meta.listName, metadata: JSON.stringify({ ...metaRecord(meta), crs: 'EPSG:4549' }),
  });
}
