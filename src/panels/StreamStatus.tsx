/** Status-bar indicator of browsing a remote file by view: parcels held, bytes fetched and their share of the file. */
import { formatNumber } from '../i18n/format';
import { fetchedPercent, STREAM_CAP } from '../io/formats/fgb/stream';
import { useT } from '../state/selectors';
import { useAppStore } from '../state/store';

const MB = 1024 * 1024;

export function StreamStatus() {
  const t = useT();
  const state = useAppStore((s) => s.streamState);
  const count = useAppStore((s) => s.streamCount);
  const bytes = useAppStore((s) => s.streamBytes);
  const fileBytes = useAppStore((s) => s.streamFileBytes);
  const refused = useAppStore((s) => s.streamRefused);
  const error = useAppStore((s) => s.streamError);
  if (state === 'off' || state === 'armed') return null;
  const fetched = formatNumber(bytes / MB, 1, 1);
  let text = fileBytes
    ? t('streamStatus', { count: formatNumber(count, 0), fetched, total: formatNumber(fileBytes / MB, 1, 1), percent: formatNumber(fetchedPercent(bytes, fileBytes), 1, 1) })
    : t('streamStatusNoSize', { count: formatNumber(count, 0), fetched });
  if (state === 'loading') text += ` · ${t('streamLoading')}`;
  if (state === 'too-many') text += ` · ${t('streamTooMany', { count: formatNumber(refused, 0), cap: formatNumber(STREAM_CAP, 0) })}`;
  if (state === 'error' && error) text += ` · ${t('streamFailed', { message: error })}`;
  return (
    <span
      data-testid="stream-status"
      data-state={state}
      data-bytes={bytes}
      data-file-bytes={fileBytes ?? undefined}
      className={state === 'error' || state === 'too-many' ? 'stream-status status-error' : 'stream-status'}
      role="status"
    >
      {text}
    </span>
  );
}
