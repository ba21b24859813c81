/** The explore tab: the filter controls (collapsible) above the filtered parcels' list (issue 7). */
import { useState } from 'react';
import { useT } from '../../state/selectors';
import { FilterPanel } from './FilterPanel';
import { ParcelList } from './ParcelList';
import './explore.css';

export function ExplorePanel() {
  const t = useT();
  // On a phone the filters start folded, so the list has the little room the bottom sheet gives.
  const [open, setOpen] = useState(() => typeof window === 'undefined' || !window.matchMedia?.('(max-width: 700px)').matches);
  return (
    <div className="explore-panel" data-testid="explore-panel">
      <details className="explore-filters" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{t('exploreFilters')}</summary>
        <FilterPanel />
      </details>
      <ParcelList />
    </div>
  );
}
