/** The shortlist tab: named parcel lists, built from the filter or shift-clicks, their totals and exports (issue 9). */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Translate } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { firstFocusable, focusWasLost } from '../focus';
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

/** A change to the lists made in this panel, to be said in its status line. */
export type ShortlistChange =
  | { kind: 'removed'; id: string; left: number }
  | { kind: 'cleared'; name: string; count: number }
  | { kind: 'deleted'; name: string }
  | { kind: 'undone'; list: { name: string; count: number } | null }
  | { kind: 'added'; added: number; name: string; count: number }
  | { kind: 'created'; name: string };

/** The status line's words for a change (both languages through `t`); each undoable one says that 撤销 exists. */
export function shortlistSaid(c: ShortlistChange, t: Translate): string {
  const n = (v: number) => formatNumber(v, 0);
  switch (c.kind) {
    case 'removed': return t('slSaidRemoved', { id: c.id, count: n(c.left) });
    case 'cleared': return t('slSaidCleared', { name: c.name, count: n(c.count) });
    case 'deleted': return t('slSaidDeleted', { name: c.name });
    case 'undone': return c.list ? t('slSaidUndone', { name: c.list.name, count: n(c.list.count) }) : t('slSaidUndoneNone');
    case 'added': return c.added > 0 ? t('slSaidAdded', { added: n(c.added), name: c.name, count: n(c.count) }) : t('slSaidAddedNone', { name: c.name });
    case 'created': return t('slSaidCreated', { name: c.name });
  }
}

/** The active list as it is now (read right after a change). */
const activeNow = () => {
  const s = useAppStore.getState();
  return s.shortlists.find((l) => l.id === s.activeShortlistId) ?? null;
};

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
  // The newest undo step (the history is capped: its length can stay the same as steps come).
  const lastStep = useAppStore((s) => s.shortlistHistory.at(-1));
  const [report, setReport] = useState(false);
  // The report is of the active list: another list made active, or none (deleted in another tab), closes it.
  useEffect(() => setReport(false), [activeId]);
  // The status line: mounted empty, so what changed is announced; a new key makes the same words said again.
  // `step`: the newest undo step right after the change; a later change made elsewhere (the map, the card, a
  // zone) ends what the line says, whose 撤销 would now take back that one.
  const [said, setSaid] = useState<{ change: ShortlistChange; n: number; step: unknown } | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const undoButton = useRef<HTMLButtonElement>(null);
  const newButton = useRef<HTMLButtonElement>(null);
  /** Set by a change: once it is on screen, focus that went with its control (removed, disabled) moves on. */
  const keepFocus = useRef(false);
  const changed = useCallback((change: ShortlistChange) => {
    const step = useAppStore.getState().shortlistHistory.at(-1);
    setSaid((was) => ({ change, n: (was?.n ?? 0) + 1, step }));
    keepFocus.current = true;
  }, []);
  useEffect(() => {
    if (!keepFocus.current) return;
    keepFocus.current = false;
    // The shortlist table moves focus to a neighbouring row first (its effect runs before this one).
    if (focusWasLost(document.activeElement as HTMLButtonElement | null, document.body)) firstFocusable([addButton.current, undoButton.current, newButton.current])?.focus();
  });
  const active = lists.find((l) => l.id === activeId) ?? null;
  const count = dataset?.parcels.length ?? 0;
  const filtered = useMemo(() => (mask ? mask.reduce((n, v) => n + (v ? 1 : 0), 0) : count), [mask, count]);
  const totals = useMemo(() => (active && dataset ? pageTotals(active.fids, dataset, analysis) : null), [active, dataset, analysis]);
  if (!dataset) return null;
  return (
    <div className="shortlist" data-testid="shortlist">
      {unusable > 0 && <p className="sl-status" role="status" data-testid="shortlists-unusable">{t('slUnusable', { count: unusable })}</p>}
      <ListControls active={active} newRef={newButton} onChange={changed} />
      <div className="sl-buttons">
        <button
          type="button" className="btn btn-primary" data-testid="shortlist-add" disabled={filtered === 0} ref={addButton}
          onClick={() => {
            const before = activeNow()?.fids.length ?? 0;
            add(filteredFids(mask, count));
            const now = activeNow();
            if (now) changed({ kind: 'added', added: now.fids.length - before, name: now.name, count: now.fids.length });
          }}
        >
          {mask ? t('slAdd', { count: formatNumber(filtered, 0) }) : t('slAddAll', { count: formatNumber(filtered, 0) })}
        </button>
        <button
          type="button" className="btn" data-testid="shortlist-undo" disabled={!canUndo} ref={undoButton}
          onClick={() => {
            useAppStore.getState().undoShortlist();
            const now = activeNow();
            changed({ kind: 'undone', list: now && { name: now.name, count: now.fids.length } });
          }}
        >
          {t('slUndo')}
        </button>
        <button
          type="button" className="btn" data-testid="shortlist-clear" disabled={!active || active.fids.length === 0}
          onClick={() => {
            if (!active) return;
            useAppStore.getState().clearShortlist();
            changed({ kind: 'cleared', name: active.name, count: active.fids.length });
          }}
        >
          {t('slClear')}
        </button>
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
      <p className="sl-status" role="status" data-testid="shortlist-said">{said && said.step === lastStep && <span key={said.n}>{shortlistSaid(said.change, t)}</span>}</p>
      <ExportBar list={active} onReport={() => setReport(true)} />
      <ListFiles />
      {totals && active && <ShortlistTable fids={active.fids} dataset={dataset} analysis={analysis} onChange={changed} />}
      {report && active && (
        <Suspense fallback={null}>
          <ReportView list={active} onClose={() => setReport(false)} />
        </Suspense>
      )}
    </div>
  );
}
