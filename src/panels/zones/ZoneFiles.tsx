/**
 * Export the kept zones as GeoJSON (WGS84 or EPSG:4549); import them back, or from a GIS tool's Shapefile
 * (.zip, or its .shp/.dbf/.prj/.cpg picked together), GeoJSON or FlatGeobuf. A bad file changes nothing.
 */
import type { Lang, MessageKey, Translate } from '../../i18n';
import { inputFromFile } from '../../io/source';
import { useState } from 'react';
import type { ZoneGeometryProblem, ZonesFileCrs, ZonesFileProblem, ZonesFileResult } from '../../io/zones-file';
import { newZoneId } from '../../state/zonesSlice';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { saveFile } from '../save-file';

const GEOMETRY_KEY: Record<ZoneGeometryProblem['code'], MessageKey> = {
  'not-polygon': 'zoneGeomNotPolygon',
  'no-coordinates': 'zoneGeomNoCoordinates',
  'no-rings': 'zoneGeomNoRings',
  'short-ring': 'zoneGeomShortRing',
  'bad-position': 'zoneGeomBadPosition',
  'open-ring': 'zoneGeomOpenRing',
};

const GEOMETRY_TYPE_ZH: Record<string, string> = {
  Point: '点', MultiPoint: '多点', LineString: '线', MultiLineString: '多线', GeometryCollection: '几何集合', null: '空几何', undefined: '空几何',
};

/** What a zones file's problem is, in the user's language, with the way round it. */
export function zonesProblemText(p: ZonesFileProblem, t: Translate, lang: Lang): string {
  switch (p.code) {
    case 'not-json': return t('zoneImportNotJson', { detail: p.detail });
    case 'not-geojson': return t('zoneImportNotGeojson');
    case 'no-zones': return t('zoneImportNoZones');
    case 'bad-geometry': {
      const { code, ...params } = p.detail;
      // GeoJSON's type names in Chinese words (点, 线 …) in Chinese.
      const type = 'type' in params && lang !== 'en' ? (GEOMETRY_TYPE_ZH[params.type] ?? params.type) : undefined;
      return t('zoneImportBadGeometry', { feature: p.feature, detail: t(GEOMETRY_KEY[code], type === undefined ? params : { type }) });
    }
    case 'crs': return t('zoneImportCrs', { text: lang === 'en' ? p.text.en : p.text.zh });
    case 'outside': return t('zoneImportOutside', { feature: p.feature, crs: p.crs });
    case 'invalid-zone': return t('zoneImportInvalidZone', { feature: p.feature, reason: lang === 'en' ? p.reason.en : p.reason.zh });
    case 'read-failed': {
      const en = lang === 'en';
      // The readers' words, as one sentence each: no stop of their own before ours, the fix capitalised and ended.
      const text = (en ? p.text.en : p.text.zh).replace(/[.。]\s*$/, '');
      const fix = en ? p.fix.en : p.fix.zh;
      const ended = fix === '' ? '' : en ? `${fix[0]!.toUpperCase()}${fix.slice(1).replace(/\.?\s*$/, '.')}` : fix.replace(/。?\s*$/, '。');
      return t('zoneImportReadFailed', { file: p.file, text, fix: ended });
    }
    case 'not-polygons': return t('zoneImportNotPolygons', { layers: p.layers });
    case 'several-layers': return t('zoneImportSeveralLayers', { layers: p.layers });
  }
}

/** What the zone import takes: GeoJSON, a Shapefile's parts or its zip, FlatGeobuf. */
const ZONE_FILE_TYPES = '.geojson,.json,application/geo+json,.zip,.shp,.shx,.dbf,.prj,.cpg,.fgb';

export function ZoneFiles() {
  const t = useT();
  const zones = useAppStore((s) => s.zones);
  const name = useAppStore((s) => s.dataset?.info.name ?? 'zones');
  // The file code (with proj4) loads on first use, not with the page.
  const save = async (crs: ZonesFileCrs) => {
    const { zonesToGeoJson, zonesFileName } = await import('../../io/zones-file');
    saveFile(zonesToGeoJson(zones, crs), zonesFileName(`${name}-zones`, crs), 'application/geo+json');
  };
  const [reading, setReading] = useState(false);
  const read = async (files: File[]) => {
    const hashAtStart = useAppStore.getState().dataset?.info.identity.hash ?? null;
    setReading(true);
    let r: ZonesFileResult;
    try {
      const { readZoneInputs } = await import('../../io/zones-import');
      r = await readZoneInputs(files.map(inputFromFile), newZoneId);
    } catch (e) {
      // A file that changed after it was picked, a code chunk that failed to load: named, nothing imported.
      const detail = e instanceof Error ? e.message : String(e);
      r = { ok: false, problem: { code: 'read-failed', file: files.map((f) => f.name).join('、'), text: { zh: `读取出错（${detail}）`, en: `reading failed (${detail})` }, fix: { zh: '请重新选择文件', en: 'pick the files again' } } };
    } finally {
      setReading(false);
    }
    const s = useAppStore.getState();
    // Another dataset came in meanwhile: its zones are another list; these are not added to it.
    if ((s.dataset?.info.identity.hash ?? null) !== hashAtStart) return;
    if (!r.ok) {
      s.setZoneMessage({ code: 'import-failed', text: zonesProblemText(r.problem, t, s.lang) });
      return;
    }
    s.addZones(r.zones);
    s.setZoneMessage({ code: 'imported', count: r.zones.length, notes: r.notes });
  };
  return (
    <section className="zone-files">
      <h3 className="zones-h3">{t('zoneFilesTitle')}</h3>
      <div className="zone-tools">
        <button type="button" className="zone-tool" data-testid="zone-export-geojson" disabled={zones.length === 0} onClick={() => void save('EPSG:4326')}>{t('zoneExportWgs84')}</button>
        <button type="button" className="zone-tool" data-testid="zone-export-4549" disabled={zones.length === 0} onClick={() => void save('EPSG:4549')}>{t('zoneExport4549')}</button>
        <label className="zone-tool zone-import">
          {t('zoneImport')}
          <input type="file" multiple accept={ZONE_FILE_TYPES} data-testid="zone-import" className="visually-hidden" disabled={reading}
            onChange={(e) => { const files = [...(e.target.files ?? [])]; e.target.value = ''; if (files.length > 0) void read(files); }} />
        </label>
      </div>
    </section>
  );
}
