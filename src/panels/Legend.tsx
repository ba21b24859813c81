/** Legend of the parcel colouring (亩均税收 bands) and the outline layers. */
import { BLOCKLINE_COLOURS, NO_DATA_COLOUR, PARK_COLOUR, TAX_PER_MU_LEGEND, type LegendBand } from '../map/bands';
import { formatNumber } from '../i18n/format';
import { useT } from '../state/selectors';

const bandLabel = (b: LegendBand): string =>
  b.from === null ? `< ${formatNumber(b.to!)}` : b.to === null ? `≥ ${formatNumber(b.from)}` : `${formatNumber(b.from)}–${formatNumber(b.to)}`;

export function Legend() {
  const t = useT();
  return (
    <section className="legend" aria-label={t('legendTitle')}>
      <h2>{t('legendTitle')}</h2>
      <ul>
        {TAX_PER_MU_LEGEND.map((b) => (
          <li key={b.colour}>
            <i className="swatch" style={{ background: b.colour }} />
            {bandLabel(b)}
          </li>
        ))}
        <li>
          <i className="swatch" style={{ background: NO_DATA_COLOUR }} />
          {t('legendNoData')}
        </li>
        <li>
          <i className="swatch-line" style={{ borderColor: BLOCKLINE_COLOURS.一级 }} />
          {t('legendBlockline1')}
        </li>
        <li>
          <i className="swatch-line dashed" style={{ borderColor: BLOCKLINE_COLOURS.二级 }} />
          {t('legendBlockline2')}
        </li>
        <li>
          <i className="swatch-outline" style={{ borderColor: PARK_COLOUR }} />
          {t('legendPark')}
        </li>
      </ul>
    </section>
  );
}
