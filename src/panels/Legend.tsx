/**
 * The map legend: the colouring select (`colour-mode`), what each colour means in words with the number
 * of parcels, the filter veil and selection marker, and the layer switches (legend/LayerToggles).
 */
import { useMemo, useState } from 'react';
import { COLOUR_MODES, DIM_COLOUR, isColourMode, TAX_PER_MU_BREAKS } from '../map/bands';
import { validateRuleSet } from '../domain/rule-set';
import { formatNumber } from '../i18n/format';
import { useT } from '../state/selectors';
import { useAppStore } from '../state/store';
import { codeModeCounts } from './legend/counts';
import { legendItems, MODE_LABEL, MODE_TITLE, type LegendItem } from './legend/items';
import { LayerToggles } from './legend/LayerToggles';
import './legend/legend.css';

function Entry({ item, countLabel }: { item: LegendItem; countLabel: (n: number) => string }) {
  return (
    <li className={item.redLine ? 'legend-redline' : undefined} data-key={item.key}>
      <i className="swatch" style={{ background: item.colour }} />
      {item.computedColour && <i className="swatch swatch-computed" style={{ background: item.computedColour }} />}
      <span className="legend-label">{item.label}</span>
      {item.count !== null && <span className="legend-count">{countLabel(item.count)}</span>}
    </li>
  );
}

export function Legend() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const mode = useAppStore((s) => s.colourMode);
  const setMode = useAppStore((s) => s.setColourMode);
  const analysis = useAppStore((s) => s.analysis);
  const dataset = useAppStore((s) => s.dataset);
  const filtered = useAppStore((s) => s.filterMask !== null);
  const selected = useAppStore((s) => s.selectedFid !== null);
  // On a phone the legend starts folded: open, it would cover most of the map.
  const [open, setOpen] = useState(() => typeof window === 'undefined' || !window.matchMedia?.('(max-width: 700px)').matches);

  // From the analysis' distinct colouring codes and their counts (the map's own codes, which every analysis
  // of a dataset with tiles carries), kept per analysis: switching back to a colouring counts nothing again.
  const current = analysis && (!dataset || analysis.columns.taxPerMu.length === dataset.parcels.length) ? analysis : null;
  const codes = current?.colourCodes;
  const codeCounts = current?.colourCodeCounts;
  const counts = useMemo(() => (codes && codeCounts ? codeModeCounts(mode, codes, codeCounts) : null), [mode, codes, codeCounts]);
  // The low-efficiency line of the rule set the analysis used (editable in the rule settings).
  const rules = current?.request.rules;
  const taxLine = useMemo(() => { const r = validateRuleSet(rules ?? {}); return r.ok ? r.value.lowEfficiency.taxPerMuBelow : null; }, [rules]);
  const onRedLine = taxLine === null || taxLine === TAX_PER_MU_BREAKS[0];
  const items = legendItems(mode, t, lang, counts, onRedLine).filter((i) => mode !== 'policies' || i.count === null || i.count > 0 || i.key === 'none');
  const countLabel = (n: number) => t('legendCount', { count: formatNumber(n, 0) });

  return (
    <section className="legend" aria-label={t(MODE_TITLE[mode])} data-mode={mode} data-testid="legend" data-open={open} data-map-overlay>
      <div className="legend-head">
        <label className="legend-mode">
          {t('colourMode')}{' '}
          <select data-testid="colour-mode" value={mode} onChange={(e) => isColourMode(e.target.value) && setMode(e.target.value)}>
            {COLOUR_MODES.map((m) => <option key={m} value={m}>{t(MODE_LABEL[m])}</option>)}
          </select>
        </label>
        <button type="button" className="legend-toggle" aria-expanded={open} onClick={() => setOpen(!open)} title={open ? t('legendCollapse') : t('legendExpand')} aria-label={open ? t('legendCollapse') : t('legendExpand')}>
          {open ? '−' : '+'}
        </button>
      </div>
      {open && (
        <div className="legend-body">
          <h2>{t(MODE_TITLE[mode])}</h2>
          <ul data-testid="legend-items">
            {items.map((item) => <Entry key={item.key} item={item} countLabel={countLabel} />)}
            {mode === 'tax' && <li className="legend-note">{t(onRedLine ? 'legendTaxLine' : 'legendTaxLineMoved', { value: formatNumber(taxLine ?? TAX_PER_MU_BREAKS[0]) })}</li>}
            {mode === 'value' && <li className="legend-note">{t('legendValueLine')}</li>}
            {mode === 'class' && <li className="legend-note">{t('legendComputedNote')}</li>}
            {filtered && (
              <li>
                <i className="swatch swatch-dim" style={{ background: DIM_COLOUR }} />
                <span className="legend-label">{t('legendDimmed')}</span>
              </li>
            )}
            {selected && (
              <li>
                <i className="swatch-marker" />
                <span className="legend-label">{t('legendSelected')}</span>
              </li>
            )}
            {selected && (
              <li>
                <i className="swatch-marker swatch-sibling" />
                <span className="legend-label">{t('legendSiblings')}</span>
              </li>
            )}
          </ul>
          <LayerToggles />
        </div>
      )}
    </section>
  );
}
