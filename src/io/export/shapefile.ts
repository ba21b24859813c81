/**
 * Shapefile export: one zip with `<name>.shp/.shx/.dbf/.prj/.cpg` in EPSG:4549 (the ESRI WKT ArcGIS
 * and GDAL write for CGCS2000 / 3° GK CM 120°E), the attribute table in UTF-8 (default) or GBK, and
 * beside them `<name>.shp.xml`: the field map (DBF name → canonical key → Chinese label) and the
 * metadata (evaluation date, rule set, dataset identity). `.shp.xml` is the metadata file desktop GIS
 * keeps beside a Shapefile, and readers (GDAL, the app's own loader) skip it, so the zip imports as is.
 */
import { strToU8, zipSync } from 'fflate';
import { encodeGbk } from '../formats/shapefile/gbk-encode';
import { writeDbf, writeShp, type DbfValue } from '../formats/shapefile/write';
import { SHAPEFILE_COLUMNS } from './gis-columns';
import { metaRecord, safeName, type ExportMeta, type ExportOptions, type ExportSource } from './model';

export const PRJ_4549 =
  'PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",' +
  'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
  'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],' +
  'PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** DBF language byte: 0x4D = code page 936 (as ArcGIS writes it); 0 = none (UTF-8 is said by the .cpg). */
const LDID_936 = 0x4d;

/** The layer's file stem inside the zip: the list name with characters GIS tools choke on replaced. */
const stemOf = (name: string): string => safeName(name).replace(/[\s.,;'`#%&{}$!+=[\]]/g, '_');

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The field map and the metadata, as the `.shp.xml` beside the layer. */
export function sidecarXml(about: Record<string, unknown>): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<metadata>', '  <tenglong>'];
  lines.push(`    <about>${xml(JSON.stringify(about))}</about>`);
  lines.push('    <fields>');
  for (const c of SHAPEFILE_COLUMNS) lines.push(`      <field dbf="${xml(c.short)}" key="${xml(c.key)}" zh="${xml(c.zh)}"/>`);
  lines.push('    </fields>', '  </tenglong>', '</metadata>', '');
  return lines.join('\n');
}

export function writeShapefileParts(source: ExportSource, fids: readonly number[], encoding: 'utf-8' | 'gbk') {
  const { shp, shx } = writeShp(fids.map((f) => source.parcels[f]!.geometry));
  const rows: DbfValue[][] = fids.map((fid) => SHAPEFILE_COLUMNS.map((c) => c.value(source, fid)));
  const encoder = new TextEncoder();
  const encode = encoding === 'gbk' ? encodeGbk : (s: string) => encoder.encode(s);
  const dbf = writeDbf(SHAPEFILE_COLUMNS.map((c) => ({ name: c.short, type: c.type })), rows, encode, encoding === 'gbk' ? LDID_936 : 0);
  return { shp, shx, dbf, prj: PRJ_4549, cpg: encoding === 'gbk' ? '936' : 'UTF-8' };
}

export function writeShapefileZip(source: ExportSource, fids: readonly number[], meta: ExportMeta, options: ExportOptions = {}): Uint8Array {
  const encoding = options.encoding ?? 'utf-8';
  const parts = writeShapefileParts(source, fids, encoding);
  options.progress?.(0.8);
  const stem = stemOf(meta.listName);
  const about = { ...metaRecord(meta), crs: 'EPSG:4549', encoding: encoding === 'gbk' ? 'GBK (cp936)' : 'UTF-8', parcels: fids.length };
  // Coordinates (doubles) hardly compress: stored, they cost no deflate time; the padded table compresses well.
  return zipSync({
    [`${stem}.shp`]: [parts.shp, { level: 0 }],
    [`${stem}.shx`]: [parts.shx, { level: 0 }],
    [`${stem}.dbf`]: parts.dbf,
    [`${stem}.prj`]: strToU8(parts.prj),
    [`${stem}.cpg`]: strToU8(parts.cpg),
    [`${stem}.shp.xml`]: strToU8(sidecarXml(about)),
  }, { level: 1 });
}
