/** Details of the selected parcel: every canonical field with its label and unit, and the computed area. */
import { useEffect } from 'react';
import { PARCEL_FIELDS } from '../domain/parcel';
import { formatFieldValue, formatNumber, formatPercent, formatSigned, formatUnit } from '../i18n/format';
import type { Lang, Translate } from '../i18n';
import { selectSelectedParcel, useT } from '../state/selectors';
import { useAppStore } from '../state/store';
import type { ParcelRecord } from '../worker/protocol';

function fieldRows(p: ParcelRecord, lang: Lang) {
  return PARCEL_FIELDS.map(({ key, zh, en, unit }) => {
    const value = p.attributes[key];
    const text = formatFieldValue(key, value, lang);
    const showUnit = unit && unit !== '%' && value !== null && value !== undefined;
    return { key, label: lang === 'en' ? en : zh, text: showUnit ? `${text} ${formatUnit(unit, lang)}` : text };
  });
}

function computedRows(p: ParcelRecord, t: Translate) {
  const rows = [
    { key: 'computedArea', label: t('computedArea'), text: `${formatNumber(p.areaM2, 2, 2)} ${t('unitM2')} · ${formatNumber(p.areaMu, 2, 2)} ${t('unitMu')}`, title: t('computedAreaNote') },
    { key: 'taxPerMu', label: t('taxPerMu'), text: p.taxPerMu === null ? t('noValue') : `${formatNumber(p.taxPerMu, 2)} ${t('unitTaxPerMu')}` },
  ];
  const d = p.registeredAreaDiff;
  if (d) rows.push({ key: 'areaDifference', label: t('areaDifference'), text: t('areaDifferenceValue', { diffMu: formatSigned(d.diffMu, 2), percent: `${d.ratio > 0 ? '+' : ''}${formatPercent(d.ratio, 2)}` }) });
  return rows;
}

export function ParcelPanel() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const parcel = useAppStore(selectSelectedParcel);
  const close = useAppStore((s) => s.selectParcel);
  const open = parcel !== null;
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, close]);
  if (!parcel) return null;
  return (
    <aside className="parcel-panel" data-testid="parcel-panel" aria-label={t('panelTitle')}>
      <div className="panel-head">
        <h2>{parcel.attributes.enterprise ?? parcel.attributes.parcelId}</h2>
        <button type="button" className="panel-close" aria-label={t('panelClose')} title={t('panelClose')} onClick={() => close(null)}>
          ×
        </button>
      </div>
      <dl className="panel-computed">
        {computedRows(parcel, t).map((r) => (
          <div key={r.key} className={r.key === 'areaDifference' ? 'row-warning' : undefined} title={'title' in r ? r.title : undefined}>
            <dt>{r.label}</dt>
            <dd>{r.text}</dd>
          </div>
        ))}
      </dl>
      <dl className="panel-fields">
        {fieldRows(parcel, lang).map((r) => (
          <div key={r.key} data-field={r.key}>
            <dt>{r.label}</dt>
            <dd>{r.text}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
