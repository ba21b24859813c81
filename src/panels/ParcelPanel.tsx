/**
 * The card of the selected parcel: its 地块编号 and a zoom-to at the top, the computed area, data
 * conflicts, the disposal record, the engine's figures (from the worker's `parcel-detail`), every rule
 * outcome in words by meaning, the enterprise's other parcels, then every canonical field. It opens at
 * its top for each parcel; on a phone it is a bottom sheet. Text is rendered only through React.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { PARCEL_FIELDS } from '../domain/parcel';
import { muFromM2, squareMetres } from '../domain/units';
import { formatFieldValue, formatNumber, formatPercent, formatSigned, formatUnit, formatWan, type WanPer } from '../i18n/format';
import type { Lang, MessageKey, Translate } from '../i18n';
import { selectSelectedParcel, useT } from '../state/selectors';
import { useAppStore } from '../state/store';
import type { ParcelDetail, ParcelRecord } from '../worker/protocol';
import './card/card.css';
import { dataConflicts } from './card/conflicts';
import { DisposalEditor } from './card/DisposalEditor';
import { EnterpriseParcels } from './card/EnterpriseParcels';
import { RuleList } from './card/RuleList';
import { geometryErrorText } from '../geo/geometry-error-text';

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
    // 万元 amounts as yuan in English (formatWan); other units after the number.
    if (showUnit && unit === '万元/年' && typeof value === 'number') return { key, label: lang === 'en' ? en : zh, text: formatWan(value, lang, 'yr') };
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

/** 加入名单 / 移出名单: the parcel in or out of the active shortlist (a new one when there is none), from the card. */
function ShortlistToggle({ fid }: { fid: number }) {
  const t = useT();
  const active = useAppStore((s) => s.shortlists.find((l) => l.id === s.activeShortlistId) ?? null);
  const inList = !!active?.fids.includes(fid);
  const toggle = () => {
    const s = useAppStore.getState();
    if (inList) s.removeFromShortlist([fid]);
    else s.addToShortlist([fid]);
  };
  return (
    <button type="button" className="card-zoom card-shortlist" data-testid="card-shortlist" aria-pressed={inList} title={active ? t('slCardTitle', { name: active.name }) : undefined} onClick={toggle}>
      {inList ? t('slCardRemove') : t('slCardAdd')}
    </button>
  );
}

const num = (v: number | null, unit: string, t: Translate, digits = 2): string => (v === null ? t('noValue') : `${formatNumber(v, digits)} ${unit}`);

const IDLE_STAGE: Record<string, MessageKey> = { '1': 'idleStage1', '2': 'idleStage2', negotiated: 'idleStageNegotiated' };

/** The engine's figures for the parcel; per-mu figures are the enterprise's (summed over its parcels). */
function figureRows(d: ParcelDetail, t: Translate, lang: Lang): Row[] {
  const scope = d.enterpriseParcels > 1 ? t('enterpriseScope', { count: d.enterpriseParcels }) : t('parcelScope');
  const withScope = (text: string, v: number | null) => (v === null ? text : t('scoped', { value: text, scope }));
  const wan = (v: number | null, per: WanPer) => (v === null ? t('noValue') : formatWan(v, lang, per));
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
    { key: 'taxPerMu', label: t('enterpriseTaxPerMu'), text: withScope(wan(d.taxPerMu, 'mu'), d.taxPerMu) },
    { key: 'valuePerMu', label: t('enterpriseValuePerMu'), text: withScope(wan(d.valuePerMu, 'mu'), d.valuePerMu) },
    { key: 'productivity', label: t('productivity'), text: wan(d.productivity, 'person') },
    { key: 'energyIntensity', label: t('energyIntensity'), text: num(d.energyIntensity, t('unitTcePerWan'), t, 3) },
    { key: 'far', label: t('far'), text: d.far === null ? t('noValue') : formatNumber(d.far, 2) },
    { key: 'coverage', label: t('coverage'), text: d.coverage === null ? t('noValue') : formatPercent(d.coverage) },
    { key: 'unbuilt', label: t('unbuilt'), text: d.unbuiltM2 === null ? t('noValue') : `${formatNumber(d.unbuiltM2, 0)} ${t('unitM2')} · ${formatNumber(muFromM2(squareMetres(d.unbuiltM2)), 2)} ${t('unitMu')}` },
    { key: 'evalClass', label: t('evalClass'), text: cls },
    { key: 'idleStage', label: t('idleStage'), text: d.idleStage === null ? t('noValue') : t(IDLE_STAGE[String(d.idleStage)]!) },
    { key: 'reclaim', label: t(d.reclaimKind === 'achieved' ? 'reclaimDone' : 'reclaim'), text: reclaim },
  ];
  if (d.facts.geometryError) rows.unshift({ key: 'geometryError', label: t('geometryError'), text: geometryErrorText(d.facts.geometryError, lang === 'en' ? 'en' : 'zh'), warning: true });
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

/** Where the data the rules judged on disagrees with the geometry. */
function ConflictList({ d, t }: { d: ParcelDetail; t: Translate }) {
  const list = dataConflicts(d.outcomes, d.coverage, d.far);
  if (list.length === 0) return null;
  return (
    <section className="data-conflicts" data-testid="data-conflicts">
      <h3>{t('cardConflicts')}</h3>
      <ul>
        {list.map((c) => (
          <li key={c.kind} data-conflict={c.kind}>
            {c.kind === 'idle-coverage'
              ? t('conflictIdleCoverage', { developed: formatPercent(c.developed ?? 0), coverage: formatPercent(c.coverage) })
              : c.kind === 'not-started-built'
                ? t('conflictNotStartedBuilt', { coverage: formatPercent(c.coverage) })
                : t('conflictFloorArea', { far: formatNumber(c.far ?? 0, 2), coverage: formatPercent(c.coverage) })}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ParcelPanel() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const parcel = useAppStore(selectSelectedParcel);
  const detail = useAppStore((s) => (s.detail && s.detail.fid === s.selectedFid ? s.detail : null));
  const detailError = useAppStore((s) => s.detailError);
  const close = useAppStore((s) => s.selectParcel);
  const focusParcel = useAppStore((s) => s.focusParcel);
  const open = parcel !== null;
  const ref = useRef<HTMLElement>(null);
  // Each parcel's card opens at its top (the panel stays mounted between parcels).
  useLayoutEffect(() => {
    if (ref.current) ref.current.scrollTop = 0;
  }, [parcel?.fid]);
  // Escape closes the card, but not while the user types elsewhere (a filter field, the search box) or a dialog
  // is open; focus then goes back to where the card was opened from, not to the page's body.
  useEffect(() => {
    if (!open) return;
    const card = ref.current;
    const opener = document.activeElement instanceof HTMLElement && !card?.contains(document.activeElement) ? document.activeElement : null;
    // On a tablet the card takes the side panel's place (card.css): focus left on a row under it would act unseen.
    if (opener?.closest('.sidebar') && getComputedStyle(opener).visibility === 'hidden') card?.querySelector<HTMLElement>('.panel-close')?.focus({ preventScroll: true });
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const target = e.target instanceof HTMLElement ? e.target : null;
      const typing = target !== null && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) && !card?.contains(target);
      if (typing || document.querySelector('[role=dialog][aria-modal=true]')) return;
      close(null);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      const inCard = document.activeElement === document.body || (document.activeElement !== null && card?.contains(document.activeElement));
      if (inCard && opener?.isConnected) opener.focus({ preventScroll: true });
    };
  }, [open, close]);
  if (!parcel) return null;
  return (
    <aside ref={ref} className="parcel-panel" data-testid="parcel-panel" data-fid={parcel.fid} aria-label={t('panelTitle')} data-map-overlay>
      <div className="panel-head">
        <h2>{parcel.attributes.enterprise ?? parcel.attributes.parcelId}</h2>
        <button type="button" className="panel-close" aria-label={t('panelClose')} title={t('panelClose')} onClick={() => close(null)}>
          ×
        </button>
      </div>
      <div className="card-id">
        <span className="card-id-label">{t('cardParcelId')}</span>
        <span className="card-id-value" data-testid="card-parcel-id">{parcel.attributes.parcelId}</span>
        <ShortlistToggle fid={parcel.fid} />
        <button type="button" className="card-zoom" data-testid="card-zoom" title={t('cardZoomToTitle')} onClick={() => focusParcel(parcel.fid)}>
          {t('cardZoomTo')}
        </button>
      </div>
      <Rows rows={areaRows(parcel, t)} className="panel-computed" />
      {detail && <ConflictList d={detail} t={t} />}
      <DisposalEditor key={parcel.attributes.parcelId} parcelId={parcel.attributes.parcelId} detail={detail} />
      {detail ? (
        <>
          <h3>{t('sectionFigures')}</h3>
          <Rows rows={figureRows(detail, t, lang)} className="panel-figures" />
          <h3>{t('sectionRules')}</h3>
          <RuleList outcomes={detail.outcomes} lang={lang} t={t} />
        </>
      ) : (
        <p className={detailError ? 'panel-note status-error' : 'panel-note'}>{detailError ? t('analysisFailed', { message: detailError.message }) : t('detailLoading')}</p>
      )}
      <EnterpriseParcels fid={parcel.fid} />
      <h3>{t('sectionFields')}</h3>
      <Rows rows={fieldRows(parcel, lang)} className="panel-fields" />
    </aside>
  );
}
