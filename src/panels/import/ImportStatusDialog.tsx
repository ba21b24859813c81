/**
 * While files are read: `import-progress` (a progress bar with the percent and the file names) and a
 * cancel button. After a read that failed: what went wrong, and a close button. The loaded dataset is
 * untouched in both.
 */
import { formatPercent } from '../../i18n/format';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { READ_SHARE } from '../../worker/protocol';
import { Dialog } from './Dialog';
import { errorLines } from './text';

export function ImportProgressDialog() {
  const t = useT();
  const progress = useAppStore((s) => s.importProgress);
  const files = useAppStore((s) => s.importFiles);
  const cancel = useAppStore((s) => s.cancelImport);
  const percent = formatPercent(Math.min(1, Math.max(0, progress)), 0);
  // Reading fills the bar up to READ_SHARE; checking the data (CRS, geometry, values) the rest.
  const checking = progress >= READ_SHARE;
  return (
    <Dialog
      testId="import-progress"
      className="import-progress-modal"
      title={t('importReadingTitle')}
      onEscape={() => void cancel()}
      busy
      footer={(
        <button type="button" className="btn" data-testid="import-cancel" onClick={() => void cancel()}>
          {t('importCancel')}
        </button>
      )}
    >
      <div className="import-progress">
        {/* No value before the first report or while checking: an indeterminate bar rather than a stuck 0 % or 100 %. */}
        <progress max={1} value={progress > 0 ? progress : undefined} aria-label={t('importReadingTitle')} aria-valuetext={checking ? t('importChecking') : percent} />
        <span className="import-percent" aria-live="polite">{checking ? `${t('importChecking')} ${percent}` : t('importReadingPercent', { percent })}</span>
      </div>
      <ul className="import-file-list">
        {files.map((name, i) => <li key={i}>{name}</li>)}
      </ul>
    </Dialog>
  );
}

export function ImportErrorDialog() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const error = useAppStore((s) => s.importError);
  const files = useAppStore((s) => s.importFiles);
  const dismiss = useAppStore((s) => s.dismissImportError);
  const lines = error ? errorLines(error, lang, t) : [];
  return (
    <Dialog
      testId="import-error"
      className="import-progress-modal"
      title={t('importFailed')}
      onEscape={dismiss}
      footer={<button type="button" className="btn btn-primary" onClick={dismiss}>{t('importClose')}</button>}
    >
      <div className="import-error" role="alert">
        <ul>{lines.map((line, i) => <li key={i}>{line}</li>)}</ul>
      </div>
      {files.length > 0 && (
        <ul className="import-file-list">
          {files.map((name, i) => <li key={i}>{name}</li>)}
        </ul>
      )}
    </Dialog>
  );
}
