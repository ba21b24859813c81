/** Export the kept zones as GeoJSON (WGS84 or EPSG:4549) and import them back; a bad file changes nothing. */
import type { MessageKey } from '../../i18n';
import type { ZonesFileCrs, ZonesFileProblem } from '../../io/zones-file';
import { newZoneId } from '../../state/zonesSlice';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { saveFile } from '../save-file';

const PROBLEM_KEY: Record<ZonesFileProblem['code'], MessageKey> = {
  'not-json': 'zoneImportNotJson',
  'not-geojson': 'zoneImportNotGeojson',
  'no-zones': 'zoneImportNoZones',
  'bad-geometry': 'zoneImportBadGeometry',
  'unknown-crs': 'zoneImportUnknownCrs',
  outside: 'zoneImportOutside',
};

export function ZoneFiles() {
  const t = useT();
  const zones = useAppStore((s) => s.zones);
  const name = useAppStore((s) => s.dataset?.info.name ?? 'zones');
  // The file code (with proj4) loads on first use, not with the page.
  const save = async (crs: ZonesFileCrs) => {
    const { zonesToGeoJson, zonesFileName } = await import('../../io/zones-file');
    saveFile(zonesToGeoJson(zones, crs), zonesFileName(`${name}-zones`, crs), 'application/geo+json');
  };
  const read = async (file: File) => {
    const s = useAppStore.getState();
    const { readZonesFile } = await import('../../io/zones-file');
    const r = readZonesFile(await file.text(), file.name, newZoneId);
    if (!r.ok) {
      const { code, ...params } = r.problem;
      s.setZoneMessage({ code: 'import-failed', text: t(PROBLEM_KEY[code], params as Record<string, string | number>) });
      return;
    }
    s.addZones(r.zones);
    s.setZoneMessage({ code: 'imported', count: r.zones.length });
  };
  return (
    <section className="zone-files">
      <h3 className="zones-h3">{t('zoneFilesTitle')}</h3>
      <div className="zone-tools">
        <button type="button" className="zone-tool" data-testid="zone-export-geojson" disabled={zones.length === 0} onClick={() => void save('EPSG:4326')}>{t('zoneExportWgs84')}</button>
        <button type="button" className="zone-tool" data-testid="zone-export-4549" disabled={zones.length === 0} onClick={() => void save('EPSG:4549')}>{t('zoneExport4549')}</button>
        <label className="zone-tool zone-import">
          {t('zoneImport')}
          <input type="file" accept=".geojson,.json,application/geo+json" data-testid="zone-import" className="visually-hidden"
            onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void read(f); }} />
        </label>
      </div>
    </section>
  );
}
