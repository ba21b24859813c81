/** Status-bar indicator of browsing a remote file by view: parcels held, bytes fetched and their share of the file. */
import { formatNumber } from '../i18n/format';
import type { Lang, Translate } from '../i18n';
import { fetchedPercent, STREAM_CAP } from '../io/formats/fgb/stream';
import { useT } from '../state/selectors';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore, type AppState } from '../state/store';

const MB = 1024 * 1024;

/** The read's error in `lang` (the worker gives both languages where it can; else its English). */
const errorIn = (e: NonNullable<AppState['streamError']>, lang: Lang): string => (typeof e === 'string' ? e : lang === 'en' ? e.en : e.zh);

type StreamInputs = Pick<AppState, 'streamState' | 'streamCount' | 'streamBytes' | 'streamFileBytes' | 'streamRefused' | 'streamError'>;

/** The indicator's words; none while no file is browsed by view (`off`, `armed`). */
export function streamStatusText(s: StreamInputs, t: Translate, lang: Lang = 'zh-CN'): string {
  const { streamState: state, streamCount: count, streamBytes: bytes, streamFileBytes: fileBytes } = s;
  if (state === 'off' || state === 'armed') return '';
  const fetched = formatNumber(bytes / MB, 1, 1);
  let text = fileBytes
    ? t('streamStatus', { count: formatNumber(count, 0), fetched, total: formatNumber(fileBytes / MB, 1, 1), percent: formatNumber(fetchedPercent(bytes, fileBytes), 1, 1) })
    : t('streamStatusNoSize', { count: formatNumber(count, 0), fetched });
  if (state === 'loading') text += ` · ${t('streamLoading')}`;
  if (state === 'too-many') text += ` · ${t('streamTooMany', { count: formatNumber(s.streamRefused, 0), cap: formatNumber(STREAM_CAP, 0) })}`;
  if (state === 'error' && s.streamError) text += ` · ${t('streamFailed', { message: errorIn(s.streamError, lang) })}`;
  return text;
}

/** What a screen reader hears: only a problem (too many parcels in view, a failed read), not every count. */
export function streamStatusSaid(s: StreamInputs, t: Translate, lang: Lang = 'zh-CN'): string {
  if (s.streamState === 'too-many') return t('streamTooMany', { count: formatNumber(s.streamRefused, 0), cap: formatNumber(STREAM_CAP, 0) });
  if (s.streamState === 'error' && s.streamError) return t('streamFailed', { message: errorIn(s.streamError, lang) });
  return '';
}

/**
 * `stream-status` is there only while a file is browsed by view (tests wait on it and its `data-state`); its
 * counts change with every pan, so it is no live region. A problem is said in a visually hidden `role="status"`
 * mounted empty (a region created with its text is seldom announced), out of the bar's flex flow.
 */
export function StreamStatus() {
  const t = useT();
  const s: StreamInputs = useAppStore(useShallow((a) => ({
    streamState: a.streamState, streamCount: a.streamCount, streamBytes: a.streamBytes,
    streamFileBytes: a.streamFileBytes, streamRefused: a.streamRefused, streamError: a.streamError,
  })));
  const lang = useAppStore((a) => a.lang);
  const text = streamStatusText(s, t, lang);
  const state = s.streamState;
  return (
    <>
      {text && (
        <span
          data-testid="stream-status"
          data-state={state}
          data-bytes={s.streamBytes}
          data-file-bytes={s.streamFileBytes ?? undefined}
          className={state === 'error' || state === 'too-many' ? 'stream-status status-error' : 'stream-status'}
        >
          {text}
        </span>
      )}
      <span className="visually-hidden" role="status">{streamStatusSaid(s, t, lang)}</span>
    </>
  );
}
