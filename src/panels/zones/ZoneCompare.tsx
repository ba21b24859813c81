/** Zones side by side (figures as rows, zones as columns) and the table as CSV (BOM, CRLF, guarded). */
import { formatNumber } from '../../i18n/format';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { COMPARE_ROWS, compareCsv } from './compare-table';
import { saveFile } from '../save-file';
import { zoneLabel } from './zone-label';

export function ZoneCompare() {
  const t = useT();
  const zones = useAppStore((s) => s.zones);
  const stats = useAppStore((s) => s.zoneStats);
  if (zones.length < 2) return null;
  const names = zones.map((z, i) => zoneLabel(z, i, t));
  const exportCsv = () => {
    saveFile(compareCsv(names, zones.map((z) => stats[z.id]?.stats ?? null), t), 'zones-compare.csv', 'text/csv;charset=utf-8');
  };
  return (
    <section className="zone-compare">
      <h3 className="zones-h3">{t('zoneCompareTitle')}</h3>
      <div className="zone-table-wrap">
        <table className="zone-table" data-testid="zone-compare">
          <thead>
            <tr><th scope="col">{t('zoneCompareFigure')}</th>{names.map((n, i) => <th key={zones[i]!.id} scope="col">{n}</th>)}</tr>
          </thead>
          <tbody>
            {COMPARE_ROWS.map((r) => (
              <tr key={r.label}>
                <th scope="row">{t('zoneCompareRowLabel', { label: t(r.label), unit: t(r.unit) })}</th>
                {zones.map((z) => {
                  const s = stats[z.id]?.stats;
                  const v = s ? r.value(s) : null;
                  return <td key={z.id}>{v === null ? t('noValue') : formatNumber(v, r.digits, r.digits)}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" className="zone-tool" data-testid="zone-compare-csv" onClick={exportCsv}>{t('zoneCompareExport')}</button>
    </section>
  );
}
