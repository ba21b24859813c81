/** The other parcels of the parcel's enterprise, each a button that selects it and flies the map there. */
import { formatNumber } from '../../i18n/format';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { otherParcelsOf } from '../../state/enterprise-parcels';

const SHOWN = 30;

export function EnterpriseParcels({ fid }: { fid: number }) {
  const t = useT();
  const parcels = useAppStore((s) => s.dataset?.parcels ?? null);
  const focus = useAppStore((s) => s.focusParcel);
  if (!parcels) return null;
  const others = otherParcelsOf(parcels, fid);
  if (others.length === 0) return null;
  return (
    <section className="enterprise-parcels" data-testid="enterprise-parcels">
      <h3>{t('cardEnterpriseParcels', { count: others.length })}</h3>
      <ul>
        {others.slice(0, SHOWN).map((f) => {
          const p = parcels[f]!;
          return (
            <li key={f}>
              <button type="button" data-fid={f} title={t('cardEnterpriseParcelTitle', { id: p.attributes.parcelId })} onClick={() => focus(f)}>
                {p.attributes.parcelId} · {formatNumber(p.areaMu, 2)} {t('unitMu')}
              </button>
            </li>
          );
        })}
      </ul>
      {others.length > SHOWN && <p className="panel-note">{t('ledgerPreviewMore', { count: others.length - SHOWN })}</p>}
    </section>
  );
}
