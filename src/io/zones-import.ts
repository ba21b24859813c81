/**
 * Zones from the files a planner has them in: this app's GeoJSON, or what a GIS tool exports — a
 * Shapefile (its .shp with the .dbf, .prj and .cpg, or the .zip that holds them), a GeoJSON in any CRS
 * the importer reads, a FlatGeobuf. The parcel importer's readers do the reading (zips opened, parts grouped,
 * the .dbf's encoding found, the .prj read); zones-file.ts makes the zones. All zones of one layer, or none.
 */
import type { InputFile } from './source';
import { expandZips, groupInputs, readGroup, tooLarge, ZIP_UNPACKED_MAX_BYTES } from './loader/inputs';
import { readerWarningText } from './loader/reader-text';
import type { FileProblem } from './loader/report';
import { readZonesFile, zonesFromFeatures, type ZonesFileResult } from './zones-file';

const MISMATCH_FIX = { zh: '请确认 .shp 与 .dbf 来自同一次导出，或从 GIS 软件重新导出该图层', en: 'check that the .shp and .dbf come from the same export, or export the layer again' };

const isGeoJsonName = (name: string): boolean => /\.(geo)?json$/i.test(name);
const baseName = (name: string): string => name.replace(/^.*[\\/]/, '');

const failed = (p: FileProblem): ZonesFileResult => ({ ok: false, problem: { code: 'read-failed', file: baseName(p.file), text: p.text, fix: p.fix } });

/**
 * Reads the zones of `files` (picked together); a file that is not one of the above is named. A zip is
 * unpacked only up to `maxUnpacked` bytes (nested zips included), as the parcel importer's.
 */
export async function readZoneInputs(files: readonly InputFile[], newId: () => string, maxUnpacked = ZIP_UNPACKED_MAX_BYTES): Promise<ZonesFileResult> {
  const problems: FileProblem[] = [];
  const opened = await expandZips(files, problems, 2, maxUnpacked);
  if (problems.length > 0) return failed(problems[0]!);
  // One GeoJSON (picked, or alone in a zip): read as this app writes it (its crs member, a …-4549 name),
  // unless too large to decode as one string (groupInputs checks the others).
  if (opened.length === 1 && isGeoJsonName(opened[0]!.name)) {
    const f = opened[0]!;
    const large = tooLarge(f.name, f.size, 'geojson');
    if (large) return failed(large);
    return readZonesFile(new TextDecoder('utf-8').decode(await f.bytes()), newId);
  }
  const groups = groupInputs(opened, problems);
  if (problems.length > 0) return failed(problems[0]!);
  const layers = [];
  for (const group of groups) {
    const read = await readGroup(group, {});
    if (!read.ok) return failed(read.problem);
    layers.push(...read.layers);
  }
  if (layers.every((l) => l.features.length === 0)) return { ok: false, problem: { code: 'no-zones' } };
  const polygons = layers.filter((l) => l.geometryKind === 'polygon');
  if (polygons.length === 0) return { ok: false, problem: { code: 'not-polygons', layers: layers.map((l) => l.name).join('、') } };
  if (polygons.length > 1) return { ok: false, problem: { code: 'several-layers', layers: polygons.map((l) => l.name).join('、') } };
  const layer = polygons[0]!;
  // A .shp and .dbf of different exports: names matched by record number may be another zone's. All or none.
  const mismatch = layer.warnings.find((w) => w.code === 'record-mismatch');
  if (mismatch) return failed({ file: mismatch.file, text: readerWarningText(mismatch.message), fix: MISMATCH_FIX });
  const declared = layer.declaredCrs ? { crs: layer.declaredCrs.crs, text: layer.declaredCrs.text } : null;
  const read = zonesFromFeatures(layer.features, declared, newId);
  // The reader's other warnings (records marked deleted, a stray hole, text not decoded) go with the zones.
  return read.ok ? { ...read, notes: [...read.notes, ...layer.warnings.map((w) => readerWarningText(w.message))] } : read;
}
