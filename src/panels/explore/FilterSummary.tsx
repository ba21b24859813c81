/**
 * The filtered set's count, 亩 and freeable 亩, always visible above the tabs. `filter-count` reads
 * `212 宗 · 1,830.5 亩`; with no filter set it shows the dataset's totals exactly as `status-parcels`
 * does. With a filter: the chips of what is set, a clear button, and a way to the list.
 */
import { useEffect, useRef } from 'react';
import { formatNumber } from '../../i18n/format';
import { isEmptyFilter } from '../../domain/filter';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { FilterChips } from './FilterChips';
import './explore.css';

export function FilterSummary() {
  const t = useT();
  const totals = useAppStore((s) => s.dataset?.totals);
  const figures = useAppStore((s) => s.filterFigures);
  const filter = useAppStore((s) => s.filterShown);
  const tab = useAppStore((s) => s.sidebarTab);
  const filtered = !isEmptyFilter(filter);
  // Clear, or the last chip's ×, takes its button away with the chips: focus goes to the label (it stays).
  const label = useRef<HTMLSpanElement>(null);
  const focusLabel = useRef(false);
  useEffect(() => {
    if (!focusLabel.current) return;
    focusLabel.current = false;
    if (!filtered) label.current?.focus();
  }, [filter, filtered]);
  if (!totals) return null;
  // No filter: the loaded totals (the status bar's figures). A filter: the engine's usable land of the set.
  const count = filtered ? figures?.count : totals.count;
  const areaMu = filtered ? figures?.areaMu : totals.areaMu;
  return (
    <section className={filtered ? 'filter-summary filtered' : 'filter-summary'} aria-live="polite">
      <div className="filter-summary-line">
        <span className="filter-summary-label" tabIndex={-1} ref={label}>{t(filtered ? 'exploreFiltered' : 'exploreAll')}</span>
        {count !== undefined && areaMu !== undefined ? (
          <span data-testid="filter-count" className="filter-count" data-count={count} data-area-mu={areaMu.toFixed(1)}>
            {t('exploreCount', { count: formatNumber(count, 0), areaMu: formatNumber(areaMu, 1, 1) })}
          </span>
        ) : (
          <span className="filter-summary-waiting">{t('exploreWaiting')}</span>
        )}
        {figures && (
          <span data-testid="filter-freeable" className="filter-freeable">
            {t('exploreFreeable', { freeable: formatNumber(figures.freeableMu, 1, 1), achieved: formatNumber(figures.achievedMu, 1, 1) })}
          </span>
        )}
      </div>
      {filtered && (
        <div className="filter-summary-actions">
          <FilterChips onEmptied={() => { focusLabel.current = true; }} />
          {tab !== 'explore' && (
            <button type="button" className="link-button" onClick={() => useAppStore.getState().setSidebarTab('explore')}>
              {t('exploreShowList')}
            </button>
          )}
          <button type="button" className="link-button" data-testid="filter-clear" onClick={() => { focusLabel.current = true; useAppStore.getState().clearFilter(); }}>
            {t('exploreClear')}
          </button>
        </div>
      )}
    </section>
  );
}
