/** Zones side by side (figures as rows, zones as columns) and the table as CSV (BOM, CRLF, guarded). */
import { formatNumber } from '../../i18n/format';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { COMPARE_ROWS, compareCsv, fatalProblem } from './compare-table';
import { saveFile } from '../save-file';
import { zoneLabel } from './zone-label';

export function ZoneCompare() {
  const t = useT();
  const zones = useAppStore((s) => s.zones);
  const stats = useAppStore((s) => s.zoneStats);
  const lang = useAppStore((s) => s.lang);
  if (zones.length < 2) return null;
  const names = zones.map((z, i) => zoneLabel(z, i, t));
  const fatal = zones.map((z) => fatalProblem(stats[z.id]?.stats));
  const exportCsv = () => {
    saveFile(compareCsv(names, zones.map((z) => stats[z.id]?.stats ?? null), t, lang), 'zones-compare.csv', 'text/csv;charset=utf-8');
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
            {fatal.some((p) => p) && (
              <tr className="zone-compare-problem" data-testid="zone-compare-problem">
                <th scope="row">{t('zoneCompareProblem')}</th>
                {zones.map((z, i) => <td key={z.id} className={fatal[i] ? 'bad' : ''}>{fatal[i] ? (lang === 'en' ? fatal[i].en : fatal[i].zh) : ''}</td>)}
              </tr>
            )}
            {COMPARE_ROWS.map((r) => (
              <tr key={r.label}>
                <th scope="row">{t('zoneCompareRowLabel', { label: t(r.label), unit: t(r.unit) })}</th>
                {zones.map((z, i) => {
                  const s = stats[z.id]?.stats;
                  // A refused outline has no figures: '—', never 0.
                  const v = s && !fatal[i] ? r.value(s) : null;
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
