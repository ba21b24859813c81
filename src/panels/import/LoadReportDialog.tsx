/**
 * The report of the loaded dataset, reopened from the status bar after a load or an import: per layer
 * what was read and how (role, CRS, encoding, features loaded), and `load-messages`. Loaded on demand.
 */
import { formatNumber } from '../../i18n/format';
import type { MessageKey } from '../../i18n';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { Dialog } from './Dialog';
import { LoadMessages } from './LoadMessages';
import { FORMAT_LABELS, pick, roleLabel } from './text';

export function LoadReportDialog() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const dataset = useAppStore((s) => s.dataset);
  const show = useAppStore((s) => s.showLoadReport);
  if (!dataset) return null;
  const { info, totals } = dataset;
  const close = () => show(false);
  return (
    <Dialog
      testId="load-report"
      className="import-modal"
      title={<>{t('loadReportTitle')} · <span className="import-name">{info.label}</span></>}
      subtitle={(
        <p className="import-totals">
          <strong>{t('loadReportLoaded', { count: formatNumber(totals.count, 0), areaMu: formatNumber(totals.areaMu, 1, 1) })}</strong>
        </p>
      )}
      onEscape={close}
      footer={<button type="button" className="btn btn-primary" data-testid="load-report-close" onClick={close}>{t('importClose')}</button>}
    >
      <ul className="report-layers">
        {info.report.layers.map((l) => (
          <li key={l.key} className={l.blocked ? 'import-layer-blocked' : undefined}>
            <strong className="report-layer-name">{l.name}</strong>
            <span>{t('loadReportLayer', { role: roleLabel(l.role, t), format: FORMAT_LABELS[l.format], accepted: formatNumber(l.accepted, 0), count: formatNumber(l.featureCount, 0) })}</span>
            {l.crs.how && (
              <span className="import-note">
                <span className="how-badge">{t(`crsHow_${l.crs.how}` as MessageKey)}</span>
                {pick(l.crs.note, lang)}
              </span>
            )}
            {l.encoding && (
              <span className="import-note">
                {t('importEncoding')} {l.encoding.label} <span className="how-badge">{t(`encHow_${l.encoding.how}` as MessageKey)}</span>
              </span>
            )}
          </li>
        ))}
      </ul>
      <LoadMessages report={info.report} extra={dataset.warnings} />
      <p className="import-note import-muted">
        {t('loadReportIdentity')}<code>{info.identity.hash.slice(0, 16)}</code>
      </p>
    </Dialog>
  );
}

export default LoadReportDialog;
