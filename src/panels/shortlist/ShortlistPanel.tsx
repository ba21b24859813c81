/** The shortlist tab: named parcel lists, built from the filter or shift-clicks, their totals and exports (issue 9). */
import { lazy, Suspense, useMemo, useState } from 'react';
import { formatNumber } from '../../i18n/format';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { ExportBar } from './ExportBar';
import { ListControls } from './ListControls';
import { ListFiles } from './ListFiles';
import { pageTotals } from './listRows';
import { ShortlistTable } from './ShortlistTable';
import './shortlist.css';

const ReportView = lazy(() => import('../report/ReportView').then((m) => ({ default: m.ReportView })));

/** Fids of the filtered set (all parcels without a filter). */
function filteredFids(mask: Uint8Array | null, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (!mask || mask[i]) out.push(i);
  return out;
}

export function ShortlistPanel() {
  const t = useT();
  const unusable = useAppStore((s) => s.shortlistsUnusable);
  const dataset = useAppStore((s) => s.dataset);
  const analysis = useAppStore((s) => s.analysis);
  const mask = useAppStore((s) => s.filterMask);
  const lists = useAppStore((s) => s.shortlists);
  const activeId = useAppStore((s) => s.activeShortlistId);
  const add = useAppStore((s) => s.addToShortlist);
  const canUndo = useAppStore((s) => s.shortlistHistory.length > 0);
  const [report, setReport] = useState(false);
  const active = lists.find((l) => l.id === activeId) ?? null;
  const count = dataset?.parcels.length ?? 0;
  const filtered = useMemo(() => (mask ? mask.reduce((n, v) => n + (v ? 1 : 0), 0) : count), [mask, count]);
  const totals = useMemo(() => (active && dataset ? pageTotals(active.fids, dataset, analysis) : null), [active, dataset, analysis]);
  if (!dataset) return null;
  return (
    <div className="shortlist" data-testid="shortlist">
      {unusable > 0 && <p className="sl-status" role="status" data-testid="shortlists-unusable">{t('slUnusable', { count: unusable })}</p>}
      <ListControls active={active} />
      <div className="sl-buttons">
        <button type="button" className="btn btn-primary" data-testid="shortlist-add" disabled={filtered === 0} onClick={() => add(filteredFids(mask, count))}>
          {mask ? t('slAdd', { count: formatNumber(filtered, 0) }) : t('slAddAll', { count: formatNumber(filtered, 0) })}
        </button>
        <button type="button" className="btn" data-testid="shortlist-undo" disabled={!canUndo} onClick={() => useAppStore.getState().undoShortlist()}>{t('slUndo')}</button>
        <button type="button" className="btn" data-testid="shortlist-clear" disabled={!active || active.fids.length === 0} onClick={() => useAppStore.getState().clearShortlist()}>{t('slClear')}</button>
        <button
          type="button" className="btn" data-testid="shortlist-show" disabled={!active || active.fids.length === 0} title={t('slShowTitle')}
          onClick={() => active && useAppStore.getState().setFilter({ fids: active.fids })}
        >
          {t('slShow')}
        </button>
      </div>
      <p className="sl-note">{t('slHint')}</p>
      {!active && <p className="sl-empty">{t('slNoLists')}</p>}
      {totals && (
        <p className="sl-totals" data-testid="shortlist-totals" data-count={totals.count}>
          {t('slTotals', { count: formatNumber(totals.count, 0), mu: formatNumber(totals.areaMu, 1), tax: formatNumber(totals.taxWan, 1), free: formatNumber(totals.freeableMu, 1) })}
        </p>
      )}
      <ExportBar list={active} onReport={() => setReport(true)} />
      <ListFiles />
      {totals && active && <ShortlistTable fids={active.fids} dataset={dataset} analysis={analysis} />}
      {report && active && (
        <Suspense fallback={null}>
          <ReportView list={active} onClose={() => setReport(false)} />
        </Suspense>
      )}
    </div>
  );
}
