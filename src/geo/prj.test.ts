import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePrj } from './prj';

/** .prj files written by GDAL 3.6 (tests/fixtures/io/shp/make-shp-fixtures.sh) and by hand as ArcGIS writes them. */
const PRJ_DIR = fileURLToPath(new URL('../../tests/fixtures/io/shp/prj/', import.meta.url));
const prj = (name: string): string => readFileSync(PRJ_DIR + name, 'utf8');

describe('parsePrj: the CRSs the app reads, by content', () => {
  it.each([
    ['esri-4549.prj', 'EPSG:4549', 'CGCS2000_3_Degree_GK_CM_120E'],
    ['esri-4528.prj', 'EPSG:4528', 'CGCS2000_3_Degree_GK_Zone_40'],
    ['esri-4490.prj', 'EPSG:4490', 'GCS_China_Geodetic_Coordinate_System_2000'],
    ['esri-4326.prj', 'EPSG:4326', 'GCS_WGS_1984'],
    ['esri-2385.prj', 'EPSG:2385', 'Xian_1980_3_Degree_GK_CM_120E'],
    ['esri-2364.prj', 'EPSG:2364', 'Xian_1980_3_Degree_GK_Zone_40'],
    ['esri-2437.prj', 'EPSG:2437', 'Beijing_1954_3_Degree_GK_CM_120E'],
    ['esri-2416.prj', 'EPSG:2416', 'Beijing_1954_3_Degree_GK_Zone_40'],
    ['arcgis-cgcs2000-cm-120e.prj', 'EPSG:4549', 'CGCS2000_3_Degree_GK_CM_120E'],
    ['arcgis-cgcs2000-zone-40.prj', 'EPSG:4528', 'CGCS2000_3_Degree_GK_Zone_40'],
    ['arcgis-xian80-cm-120e.prj', 'EPSG:2385', 'Xian_1980_3_Degree_GK_CM_120E'],
    ['wkt1-4549.prj', 'EPSG:4549', 'CGCS2000 / 3-degree Gauss-Kruger CM 120E'],
    ['wkt1-4528.prj', 'EPSG:4528', 'CGCS2000 / 3-degree Gauss-Kruger zone 40'],
    ['wkt1-2385.prj', 'EPSG:2385', 'Xian 1980 / 3-degree Gauss-Kruger CM 120E'],
    ['wkt1-4490.prj', 'EPSG:4490', 'China Geodetic Coordinate System 2000'],
    ['wkt1-4326.prj', 'EPSG:4326', 'WGS 84'],
    ['wkt2-4549.prj', 'EPSG:4549', 'CGCS2000 / 3-degree Gauss-Kruger CM 120E'],
    ['wkt2-4528.prj', 'EPSG:4528', 'CGCS2000 / 3-degree Gauss-Kruger zone 40'],
    ['wkt2-2385.prj', 'EPSG:2385', 'Xian 1980 / 3-degree Gauss-Kruger CM 120E'],
    ['wkt2-4490.prj', 'EPSG:4490', 'China Geodetic Coordinate System 2000'],
    ['wkt2-4326.prj', 'EPSG:4326', 'WGS 84'],
  ])('%s → %s', (file, crs, text) => {
    expect(parsePrj(prj(file))).toEqual({ crs, text, source: 'prj' });
  });
});

describe('parsePrj: CRSs the app does not read are named with their key parameters', () => {
  it.each([
    ['esri-32651.prj', /^WGS_1984_UTM_Zone_51N \(Transverse_Mercator, central meridian 123°, false easting 500000 m, scale 0.9996, datum WGS 84\)$/],
    ['wkt1-32651.prj', /^WGS 84 \/ UTM zone 51N \(Transverse_Mercator, central meridian 123°/],
    ['wkt2-32651.prj', /^WGS 84 \/ UTM zone 51N \(Transverse Mercator, central meridian 123°/],
    ['esri-3857.prj', /^WGS_1984_Web_Mercator_Auxiliary_Sphere \(Mercator_Auxiliary_Sphere, central meridian 0°/],
    ['esri-4550.prj', /^CGCS2000_3_Degree_GK_CM_123E \(Gauss_Kruger, central meridian 123°, false easting 500000 m/],
    ['esri-4526.prj', /^CGCS2000_3_Degree_GK_Zone_38 \(Gauss_Kruger, central meridian 114°, false easting 38500000 m/],
    ['esri-4510.prj', /^CGCS2000_GK_CM_123E \(Gauss_Kruger, central meridian 123°/],
    ['esri-4610.prj', /^GCS_Xian_1980 \(longitude\/latitude, datum Xian 1980\)$/],
    ['esri-4214.prj', /^GCS_Beijing_1954 \(longitude\/latitude, datum Beijing 1954\)$/],
    // Named CM_120E but centred on 120.5°: the content decides, not the name.
    ['misnamed-cm-120_5.prj', /^CGCS2000_3_Degree_GK_CM_120E \(Gauss_Kruger, central meridian 120.5°/],
  ])('%s', (file, text) => {
    const d = parsePrj(prj(file));
    expect(d.crs).toBeNull();
    expect(d.text).toMatch(text);
  });
});

describe('parsePrj: other spellings', () => {
  const esri4549 = prj('esri-4549.prj');

  it('recognises a grid by ellipsoid numbers whatever its names', () => {
    const renamed = esri4549.replace(/"[^"]*China[^"]*"/g, '"local"').replace('"CGCS2000"', '"ellipsoid"');
    expect(parsePrj(renamed).crs).toBe('EPSG:4549');
  });

  it('refuses a grid with the right parameters on another ellipsoid, and in feet', () => {
    expect(parsePrj(esri4549.replace('6378137.0,298.257222101', '6378388.0,297.0')).crs).toBeNull();
    expect(parsePrj(esri4549.replace('UNIT["Meter",1.0]]', 'UNIT["Foot_US",0.3048006096012192]]')).text).toMatch(/unit 0.3048006096012192 m/);
  });

  it('recognises datums by name when the ellipsoid has no numbers, but not New Beijing', () => {
    expect(parsePrj('GEOGCS["x",DATUM["D_China_2000"]]').crs).toBe('EPSG:4490');
    expect(parsePrj('GEOGCS["New Beijing",DATUM["New_Beijing",SPHEROID["Krasovsky_1940",6378245.0,298.3]]]').crs).toBeNull();
  });

  it('trusts an EPSG authority only when the content does not say otherwise', () => {
    expect(parsePrj('GEOGCS["unnamed",AUTHORITY["EPSG","4490"]]').crs).toBe('EPSG:4490');
    expect(parsePrj(esri4549.replace(/\]$/, ',AUTHORITY["EPSG","4528"]]')).crs).toBe('EPSG:4549');
  });

  it('reads a bare EPSG code and a PROJ string', () => {
    expect(parsePrj('EPSG:4528\n')).toEqual({ crs: 'EPSG:4528', text: 'EPSG:4528', source: 'prj' });
    expect(parsePrj('EPSG:3857')).toEqual({ crs: null, text: 'EPSG:3857', source: 'prj' });
    expect(parsePrj('+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs').crs).toBe('EPSG:4549');
    expect(parsePrj('+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +a=6378140 +rf=298.257 +units=m').crs).toBe('EPSG:2364');
    expect(parsePrj('+proj=longlat +datum=WGS84 +no_defs').crs).toBe('EPSG:4326');
  });

  it('finds the horizontal CRS of a compound CRS and tolerates a BOM and parentheses', () => {
    const compound = `COMPD_CS["x + height",${esri4549},VERT_CS["Yellow Sea 1985 height",VERT_DATUM["Yellow Sea 1985",2005]]]`;
    expect(parsePrj(compound).crs).toBe('EPSG:4549');
    expect(parsePrj(`\uFEFF${esri4549.replace(/\[/g, '(').replace(/\]/g, ')')}`).crs).toBe('EPSG:4549');
  });

  it('says when a .prj is not WKT at all', () => {
    expect(parsePrj('hello world')).toEqual({ crs: null, text: 'an unreadable .prj ("hello world")', source: 'prj' });
    expect(parsePrj('PROJCS["cut short",GEOGCS[').crs).toBeNull();
  });
});
