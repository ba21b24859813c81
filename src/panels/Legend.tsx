/** Legend of the parcel colouring (亩均税收 bands or 亩均效益 class, switched here) and the outline layers. */
import {
  BLOCKLINE_COLOURS, CLASS_COLOURS, CLASS_COMPUTED_COLOURS, NO_DATA_COLOUR, PARK_COLOUR, TAX_PER_MU_LEGEND, type LegendBand,
} from '../map/bands';
import { formatNumber } from '../i18n/format';
import type { Translate } from '../i18n';
import { useT } from '../state/selectors';
import { useAppStore } from '../state/store';
import type { ColourMode } from '../state/analysisSlice';
import { CLASS_LETTERS } from '../worker/protocol';

const bandLabel = (b: LegendBand): string =>
  b.from === null ? `< ${formatNumber(b.to!)}` : b.to === null ? `≥ ${formatNumber(b.from)}` : `${formatNumber(b.from)}–${formatNumber(b.to)}`;

function Swatch({ colour, label }: { colour: string; label: string }) {
  return (
    <li>
      <i className="swatch" style={{ background: colour }} />
      {label}
    </li>
  );
}

function colourItems(mode: ColourMode, t: Translate) {
  if (mode === 'tax') return TAX_PER_MU_LEGEND.map((b) => <Swatch key={b.colour} colour={b.colour} label={bandLabel(b)} />);
  return CLASS_LETTERS.map((cls, i) => (
    <li key={cls} className="legend-class">
      <i className="swatch" style={{ background: CLASS_COLOURS[i] }} title={t('legendClass', { cls })} />
      <i className="swatch swatch-computed" style={{ background: CLASS_COMPUTED_COLOURS[i] }} title={t('legendClassComputed', { cls })} />
      {t('legendClass', { cls })}
    </li>
  ));
}

export function Legend() {
  const t = useT();
  const mode = useAppStore((s) => s.colourMode);
  const setMode = useAppStore((s) => s.setColourMode);
  const hasUnclassified = useAppStore((s) => s.dataset?.display.blocklines?.features.some((f) => f.properties?.['level'] === '未分级') ?? false);
  return (
    <section className="legend" aria-label={t('legendTitle')} data-mode={mode}>
      <label className="legend-mode">
        {t('colourMode')}{' '}
        <select data-testid="colour-mode" value={mode} onChange={(e) => setMode(e.target.value === 'class' ? 'class' : 'tax')}>
          <option value="tax">{t('colourModeTax')}</option>
          <option value="class">{t('colourModeClass')}</option>
        </select>
      </label>
      <h2>{mode === 'tax' ? t('legendTitle') : t('legendTitleClass')}</h2>
      <ul>
        {colourItems(mode, t)}
        <Swatch colour={NO_DATA_COLOUR} label={t('legendNoData')} />
        {mode === 'class' && <li className="legend-note">{t('legendComputedNote')}</li>}
        <li>
          <i className="swatch-line" style={{ borderColor: BLOCKLINE_COLOURS.一级 }} />
          {t('legendBlockline1')}
        </li>
        <li>
          <i className="swatch-line dashed" style={{ borderColor: BLOCKLINE_COLOURS.二级 }} />
          {t('legendBlockline2')}
        </li>
        {hasUnclassified && (
          <li>
            <i className="swatch-line dotted" style={{ borderColor: BLOCKLINE_COLOURS.未分级 }} />
            {t('legendBlocklineUnclassified')}
          </li>
        )}
        <li>
          <i className="swatch-outline" style={{ borderColor: PARK_COLOUR }} />
          {t('legendPark')}
        </li>
      </ul>
    </section>
  );
}
