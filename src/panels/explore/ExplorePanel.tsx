/** The explore tab: the filter controls (collapsible) above the filtered parcels' list (issue 7). */
import { useT } from '../../state/selectors';
import { FilterPanel } from './FilterPanel';
import { ParcelList } from './ParcelList';
import './explore.css';

export function ExplorePanel() {
  const t = useT();
  return (
    <div className="explore-panel" data-testid="explore-panel">
      <details className="explore-filters" open>
        <summary>{t('exploreFilters')}</summary>
        <FilterPanel />
      </details>
      <ParcelList />
    </div>
  );
}
