/** Bottom bar: number of parcels and their total computed area, or the load state. */
import { formatNumber } from '../i18n/format';
import { useAppStore } from '../state/store';
import { useT } from '../state/selectors';

export function StatusBar() {
  const t = useT();
  const status = useAppStore((s) => s.loadStatus);
  const totals = useAppStore((s) => s.dataset?.totals);
  const error = useAppStore((s) => s.loadError);
  let text: string;
  if (status === 'error' && error) text = t('loadFailed', { message: error.message });
  else if (totals) text = t('statusParcels', { count: formatNumber(totals.count, 0), areaMu: formatNumber(totals.areaMu, 1, 1) });
  else text = t('loading');
  return (
    <footer className="status-bar">
      <span data-testid="status-parcels" className={status === 'error' ? 'status-error' : undefined} role="status">
        {text}
      </span>
    </footer>
  );
}
