/** Bottom bar: number of parcels and their total computed area (or the load state), the load report, and the analysis state. */
import { SaveProblems } from './SaveProblems';
import { useMemo } from 'react';
import { formatNumber } from '../i18n/format';
import { translator, type Lang, type Translate } from '../i18n';
import type { AnalysisView } from '../worker/protocol';
import { useAppStore, type AppState } from '../state/store';
import { useT } from '../state/selectors';
import { StreamStatus } from './StreamStatus';
import { geometryErrorText } from '../geo/geometry-error-text';

type AnalysisInputs = Pick<AppState, 'analysisStatus' | 'analysis' | 'analysisError' | 'lang'>;

function analysisText(s: AnalysisInputs, t: Translate): string {
  if (s.analysisStatus === 'running') return t('analysisRunning');
  if (s.analysisStatus === 'error' && s.analysisError) {
    // A rule-set error lists each invalid key in the user's language.
    const details = s.analysisError.details?.map((d) => (s.lang === 'en' ? d.en : d.zh)).join(s.lang === 'en' ? '; ' : '；');
    return t('analysisFailed', { message: details || s.analysisError.message });
  }
  if (s.analysisStatus === 'ready' && s.analysis) {
    const done = t('analysisReady', { date: s.analysis.request.evaluationDate, seconds: formatNumber(s.analysis.timings.totalMs / 1000, 2, 2) });
    const broken = s.analysis.geometryErrors.length;
    // Completions dated after the evaluation date are not wrong, only not counted yet: said apart, not as an error.
    const later = s.analysis.ledgerProblems.filter((p) => p.code === 'future-date').reduce((n, p) => n + p.count, 0);
    const leftOut = s.analysis.ledgerProblems.reduce((n, p) => n + p.count, 0) - later;
    let line = broken > 0 ? `${done} · ${t('analysisGeometryErrors', { count: broken })}` : done;
    if (leftOut > 0) line += ` · ${t('analysisLedgerLeftOut', { count: leftOut })}`;
    if (later > 0) line += ` · ${t('analysisLedgerLater', { count: later })}`;
    return line;
  }
  return '';
}

/**
 * The analysis state's element: always there (a `role="status"` region mounted empty, so 分析中… is announced
 * when it comes); `state` (its `data-state`, what tests and benchmarks wait on) only beside a text: an empty
 * element never claims `ready`.
 */
export function analysisStatusView(s: AnalysisInputs, t: Translate): { text: string; state: AppState['analysisStatus'] | undefined; error: boolean } {
  const text = analysisText(s, t);
  if (!text) return { text, state: undefined, error: false };
  const error = s.analysisStatus === 'error' || (s.analysis?.geometryErrors.length ?? 0) > 0 || (s.analysis?.ledgerProblems ?? []).some((p) => p.code !== 'future-date');
  return { text, state: s.analysisStatus, error };
}

/** Lines the analysis state's tooltip shows at most (10k broken parcels would make a multi-MB title). */
const TITLE_LINES = 20;

/** The analysis state's tooltip: the parcels with broken geometry and the ledger's problems, the first 20, then how many more. */
export function analysisTitle(analysis: AnalysisView | null, lang: Lang, t: Translate): string | undefined {
  if (!analysis) return undefined;
  const { geometryErrors: broken, ledgerProblems: ledger } = analysis;
  const lines: string[] = [];
  for (const b of broken.slice(0, TITLE_LINES)) lines.push(`${b.parcelId}: ${geometryErrorText(b.message, lang === 'en' ? 'en' : 'zh')}`);
  for (const p of ledger.slice(0, TITLE_LINES - lines.length)) lines.push(lang === 'en' ? p.message.en : p.message.zh);
  const more = broken.length + ledger.length - lines.length;
  if (more > 0) lines.push(t('statusMoreLines', { count: formatNumber(more, 0) }));
  return lines.join('\n') || undefined;
}

/** What the map's drawing state says: 地图绘制中… while it draws, nothing otherwise. */
export function mapStatusText(drawing: boolean, t: Translate): string {
  return drawing ? t('mapDrawing') : '';
}

/**
 * The map's drawing state: `map-status` comes and goes with the drawing (tests and benchmarks count on its
 * presence). Not a live region: it comes with every pan and zoom, and says nothing a screen reader needs.
 */
export function MapStatus({ text }: { text: string }) {
  return text ? <span data-testid="map-status" className="map-status">{text}</span> : null;
}

export function StatusBar() {
  const t = useT();
  const status = useAppStore((s) => s.loadStatus);
  const totals = useAppStore((s) => s.dataset?.totals);
  const error = useAppStore((s) => s.loadError);
  const lang = useAppStore((s) => s.lang);
  const analysisStatus = useAppStore((s) => s.analysisStatus);
  const analysis = useAppStore((s) => s.analysis);
  const analysisError = useAppStore((s) => s.analysisError);
  let text: string;
  if (status === 'error' && error) text = t('loadFailed', { message: error.details?.map((d) => (lang === 'en' ? d.en : d.zh)).join(lang === 'en' ? '; ' : '；') || error.message });
  else if (totals) text = t('statusParcels', { count: formatNumber(totals.count, 0), areaMu: formatNumber(totals.areaMu, 1, 1) });
  else text = status === 'loading' ? t('loadingStepData') : t('loading');
  const mapDrawing = useAppStore((s) => s.mapDrawing && !!s.dataset);
  const analysisLine = analysisStatusView({ analysisStatus, analysis, analysisError, lang }, t);
  // Once per analysis and language, not per render (every line goes through the message patterns).
  const title = useMemo(() => analysisTitle(analysis, lang, translator(lang)), [analysis, lang]);
  const info = useAppStore((s) => s.dataset?.info);
  const warnings = useAppStore((s) => s.dataset?.warnings.length ?? 0);
  const showLoadReport = useAppStore((s) => s.showLoadReport);
  const report = info?.report;
  // As many as load-messages lists.
  const messages = report ? warnings + report.fileProblems.length + report.layers.reduce((n, l) => n + l.problems.length + (l.blocked ? 1 : 0), 0) : 0;
  const reportErrors = report ? report.fileProblems.length > 0 || report.layers.some((l) => l.blocked || l.problems.some((p) => p.severity === 'error')) : false;
  return (
    <footer className="status-bar">
      <span
        data-testid="status-parcels" className={status === 'error' ? 'status-error' : undefined} role="status"
        {...(totals && status !== 'error' ? { 'data-count': totals.count, 'data-area-mu': totals.areaMu.toFixed(1) } : {})}
      >
        {text}
      </span>
      {report && (
        <button
          type="button"
          className={`status-report${reportErrors ? ' has-errors' : messages > 0 ? ' has-warnings' : ''}`}
          data-testid="load-report-open"
          aria-haspopup="dialog"
          onClick={() => showLoadReport(true)}
        >
          {info?.source === 'import' ? t('importReport') : t('loadReport')}
          {messages > 0 && <span className="status-report-count">{messages}</span>}
        </button>
      )}
      <StreamStatus />
      <SaveProblems />
      <MapStatus text={mapStatusText(mapDrawing, t)} />
      {/* Mounted empty, so the first 正在分析… is announced (analysisStatusView). */}
      <span
        data-testid="analysis-status"
        data-state={analysisLine.state}
        className={analysisLine.error ? 'analysis-status status-error' : 'analysis-status'}
        title={analysisLine.text ? title : undefined}
        role="status"
      >
        {analysisLine.text}
      </span>
    </footer>
  );
}
