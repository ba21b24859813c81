/**
 * Details of the selected parcel: the computed area, the engine's figures (from the worker's
 * `parcel-detail`), every rule outcome in RULE_IDS order, then every canonical field. Text is rendered
 * only through React (never as HTML).
 */
import { useEffect } from 'react';
import { PARCEL_FIELDS } from '../domain/parcel';
import { muFromM2, squareMetres } from '../domain/units';
import { formatFieldValue, formatNumber, formatPercent, formatSigned, formatUnit } from '../i18n/format';
import type { Lang, MessageKey, Translate } from '../i18n';
import { selectSelectedParcel, useT } from '../state/selectors';
import { useAppStore } from '../state/store';
import type { OutcomeDetail, ParcelDetail, ParcelRecord } from '../worker/protocol';
import { figuresText, missingLabels } from './ruleText';

interface Row {
  key: string;
  label: string;
  text: string;
  title?: string;
  warning?: boolean;
}

function fieldRows(p: ParcelRecord, lang: Lang): Row[] {
  return PARCEL_FIELDS.map(({ key, zh, en, unit }) => {
    const value = p.attributes[key];
    const text = formatFieldValue(key, value, lang);
    const showUnit = unit && unit !== '%' && value !== null && value !== undefined;
    return { key, label: lang === 'en' ? en : zh, text: showUnit ? `${text} ${formatUnit(unit, lang)}` : text };
  });
}

function areaRows(p: ParcelRecord, t: Translate): Row[] {
  const rows: Row[] = [
    { key: 'computedArea', label: t('computedArea'), text: `${formatNumber(p.areaM2, 2, 2)} ${t('unitM2')} · ${formatNumber(p.areaMu, 2, 2)} ${t('unitMu')}`, title: t('computedAreaNote') },
  ];
  const d = p.registeredAreaDiff;
  if (d) rows.push({ key: 'areaDifference', label: t('areaDifference'), warning: true, text: t('areaDifferenceValue', { diffMu: formatSigned(d.diffMu, 2), percent: `${d.ratio > 0 ? '+' : ''}${formatPercent(d.ratio, 2)}` }) });
  return rows;
}

const num = (v: number | null, unit: string, t: Translate, digits = 2): string => (v === null ? t('noValue') : `${formatNumber(v, digits)} ${unit}`);

const IDLE_STAGE: Record<string, MessageKey> = { '1': 'idleStage1', '2': 'idleStage2', negotiated: 'idleStageNegotiated' };

/** The engine's figures for the parcel; per-mu figures are the enterprise's (summed over its parcels). */
function figureRows(d: ParcelDetail, t: Translate): Row[] {
  const scope = d.enterpriseParcels > 1 ? t('enterpriseScope', { count: d.enterpriseParcels }) : t('parcelScope');
  const withScope = (text: string, v: number | null) => (v === null ? text : t('scoped', { value: text, scope }));
  const reclaim = d.reclaimKind === null
    ? t('reclaimNone')
    : `${formatNumber(d.reclaimableMu, 2)} ${t('unitMu')} · ${t(`reclaim_${d.reclaimKind}` as MessageKey)}${d.reclaimYear !== null ? ` · ${t('reclaimYear', { year: d.reclaimYear })}` : ''}`;
  const cls = d.evalClass === null
    ? t('noValue')
    : d.evalClassComputed
      ? t('evalClassComputed', { cls: d.evalClass, score: d.evalScore === null ? '—' : formatNumber(d.evalScore, 1) })
      : t('evalClassGiven', { cls: d.evalClass });
  const rows: Row[] = [
    { key: 'town', label: t('town'), text: d.town ?? t('noValue') },
    { key: 'taxPerMu', label: t('enterpriseTaxPerMu'), text: withScope(num(d.taxPerMu, t('unitWanPerMu'), t), d.taxPerMu) },
    { key: 'valuePerMu', label: t('enterpriseValuePerMu'), text: withScope(num(d.valuePerMu, t('unitWanPerMu'), t), d.valuePerMu) },
    { key: 'productivity', label: t('productivity'), text: num(d.productivity, t('unitWanPerPerson'), t) },
    { key: 'energyIntensity', label: t('energyIntensity'), text: num(d.energyIntensity, t('unitTcePerWan'), t, 3) },
    { key: 'far', label: t('far'), text: d.far === null ? t('noValue') : formatNumber(d.far, 2) },
    { key: 'coverage', label: t('coverage'), text: d.coverage === null ? t('noValue') : formatPercent(d.coverage) },
    { key: 'unbuilt', label: t('unbuilt'), text: d.unbuiltM2 === null ? t('noValue') : `${formatNumber(d.unbuiltM2, 0)} ${t('unitM2')} · ${formatNumber(muFromM2(squareMetres(d.unbuiltM2)), 2)} ${t('unitMu')}` },
    { key: 'evalClass', label: t('evalClass'), text: cls },
    { key: 'idleStage', label: t('idleStage'), text: d.idleStage === null ? t('noValue') : t(IDLE_STAGE[String(d.idleStage)]!) },
    { key: 'reclaim', label: t('reclaim'), text: reclaim },
  ];
  if (d.facts.geometryError) rows.unshift({ key: 'geometryError', label: t('geometryError'), text: d.facts.geometryError, warning: true });
  return rows;
}

function Rows({ rows, className }: { rows: Row[]; className: string }) {
  return (
    <dl className={className}>
      {rows.map((r) => (
        <div key={r.key} data-field={r.key} className={r.warning ? 'row-warning' : undefined} title={r.title}>
          <dt>{r.label}</dt>
          <dd>{r.text}</dd>
        </div>
      ))}
    </dl>
  );
}

function RuleItem({ o, lang, t }: { o: OutcomeDetail; lang: Lang; t: Translate }) {
  const reason = o.status === 'unknown' && o.missing ? t('ruleMissing', { missing: missingLabels(o.missing, lang, t) }) : o.message[lang === 'en' ? 'en' : 'zh'];
  const figures = o.actual ? t('ruleFigures', { actual: figuresText(o.actual), threshold: figuresText(o.threshold) }) : undefined;
  return (
    <li data-rule={o.rule} data-status={o.status} data-reason={o.reason} title={figures}>
      <div className="rule-head">
        <span className={`rule-badge status-${o.status}`}>{t(`status_${o.status}` as MessageKey)}</span>
        <span className="rule-name">{t(`rule_${o.rule}` as MessageKey)}</span>
      </div>
      <div className="rule-reason">{reason}</div>
      <div className="rule-clause">
        {t('ruleClause')}：{o.clause}
      </div>
    </li>
  );
}

export function ParcelPanel() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const parcel = useAppStore(selectSelectedParcel);
  const detail = useAppStore((s) => (s.detail && s.detail.fid === s.selectedFid ? s.detail : null));
  const detailError = useAppStore((s) => s.detailError);
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
      <Rows rows={areaRows(parcel, t)} className="panel-computed" />
      {detail ? (
        <>
          <h3>{t('sectionFigures')}</h3>
          <Rows rows={figureRows(detail, t)} className="panel-figures" />
          <h3>{t('sectionRules')}</h3>
          <ol className="rule-list" data-testid="rule-list">
            {detail.outcomes.map((o) => <RuleItem key={o.rule} o={o} lang={lang} t={t} />)}
          </ol>
        </>
      ) : (
        <p className={detailError ? 'panel-note status-error' : 'panel-note'}>{detailError ? t('analysisFailed', { message: detailError.message }) : t('detailLoading')}</p>
      )}
      <h3>{t('sectionFields')}</h3>
      <Rows rows={fieldRows(parcel, lang)} className="panel-fields" />
    </aside>
  );
}
