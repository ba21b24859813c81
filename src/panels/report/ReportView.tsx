/**
 * The printable report (export-report): a page laid out for A4 or A3 landscape — the map as drawn now
 * (captured from its canvas), its legend, a scale bar and north arrow, the list's totals against the
 * plan's targets, the parcel table, the dates, the rule set and the data source (示例数据 for synthetic
 * data). Print CSS shows only this page; the browser's 打印 → 另存为 PDF makes the PDF.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useModal } from '../import/use-modal';
import { createPortal } from 'react-dom';
import { ruleSetWith } from '../../domain/rule-set';
import { TARGET_LABELS, type TargetYear } from '../../domain/targets';
import { formatNumber } from '../../i18n/format';
import { captureMap, type MapCapture } from '../../map/createMap';
import { useT } from '../../state/selectors';
import type { Shortlist } from '../../state/shortlistSlice';
import { useAppStore } from '../../state/store';
import { legendItems, MODE_TITLE } from '../legend/items';
import { localToday } from '../save-file';
import { listRows, pageTotals } from '../shortlist/listRows';
import { scaleBar } from './scale';
import './report.css';

/** Every row of a list up to this many (about 100 printed pages); past it the table points to the Excel export. */
export const TABLE_ROWS = 3000;
const TARGET_KEYS: (keyof TargetYear)[] = ['taxPerMu', 'valuePerMu', 'productivity', 'landFreedMu'];

export function ReportView({ list, onClose }: { list: Shortlist; onClose(): void }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const dataset = useAppStore((s) => s.dataset);
  const analysis = useAppStore((s) => s.analysis);
  const rules = useAppStore((s) => s.rules);
  const mode = useAppStore((s) => s.colourMode);
  const [paper, setPaper] = useState<'A4' | 'A3'>('A4');
  const [map, setMap] = useState<MapCapture | null | 'pending'>('pending');
  useEffect(() => {
    let live = true;
    void captureMap().then((c) => { if (live) setMap(c); });
    return () => { live = false; };
  }, []);
  // Modal: the page behind inert, focus in and back to 打印报告 on close, Tab kept inside, Esc closes.
  const ref = useRef<HTMLDivElement>(null);
  const onKeyDown = useModal(ref, onClose);
  const ruleName = useMemo(() => { try { return ruleSetWith(rules).name; } catch { return '—'; } }, [rules]);
  const shownFids = useMemo(() => list.fids.slice(0, TABLE_ROWS), [list.fids]);
  const rows = useMemo(() => (dataset ? listRows(shownFids, dataset, analysis) : []), [shownFids, dataset, analysis]);
  const totals = useMemo(() => (dataset ? pageTotals(list.fids, dataset, analysis) : null), [list.fids, dataset, analysis]);
  if (!dataset || !totals) return null;
  const info = dataset.info;
  const legend = legendItems(mode, t, lang, null);
  const scale = map && map !== 'pending' ? scaleBar(map.metresPerPixel) : null;
  const num = (v: number | null | undefined, d = 2) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : formatNumber(v, d));
  const progress = analysis?.summary.progress ?? [];

  return createPortal(
    <div className="print-report" ref={ref} tabIndex={-1} onKeyDown={onKeyDown} data-testid="report" data-paper={paper} data-map={map === 'pending' ? 'pending' : map ? 'ready' : 'missing'} role="dialog" aria-modal="true" aria-label={t('rpTitle')}>
      <style>{`@page { size: ${paper} landscape; margin: 10mm; }`}</style>
      <div className="rp-toolbar">
        <label>
          {t('rpPaper')}{' '}
          <select data-testid="report-paper" value={paper} onChange={(e) => setPaper(e.target.value === 'A3' ? 'A3' : 'A4')}>
            <option value="A4">A4</option>
            <option value="A3">A3</option>
          </select>
        </label>
        <button type="button" className="btn btn-primary" data-testid="report-print" onClick={() => window.print()}>{t('rpPrint')}</button>
        <button type="button" className="btn" data-testid="report-close" onClick={onClose} autoFocus>{t('rpClose')}</button>
      </div>
      <article className={`rp-page rp-${paper}`}>
        <header className="rp-head">
          <h1>{t('rpTitle')}</h1>
          <p>{t('rpList', { name: list.name })}</p>
          <p>{t('rpDate', { date: analysis?.summary.evaluationDate ?? '—', rules: ruleName, today: localToday() })}</p>
          <p>
            {t('rpSource', { name: info.label || info.name, hash: info.identity.hash.slice(0, 12) })}
            {info.synthetic && <strong className="rp-synthetic">{' · '}{t('rpSynthetic')}</strong>}
          </p>
        </header>
        <div className="rp-body">
          <figure className="rp-map">
            {map && map !== 'pending' ? <img src={map.dataUrl} alt={t('rpTitle')} /> : <div className="rp-map-missing">{map === 'pending' ? '…' : t('rpMapMissing')}</div>}
            <svg className="rp-north" viewBox="0 0 40 56" width="32" height="45" role="img" aria-label={t('rpNorth')}>
              <polygon points="20,2 34,42 20,34 6,42" fill="#263238" />
              <text x="20" y="54" textAnchor="middle" fontSize="12" fontWeight="700">{t('rpNorth')}</text>
            </svg>
            {scale && (
              <div className="rp-scale" data-testid="report-scale">
                <div className="rp-scale-bar" style={{ width: `${scale.px}px` }} />
                <span>{scale.label}</span>
              </div>
            )}
            <figcaption className="rp-legend">
              <strong>{t(MODE_TITLE[mode])}</strong>
              <ul>
                {legend.map((l) => (
                  <li key={l.key}><span className="rp-swatch" style={{ background: l.colour }} />{l.label}</li>
                ))}
              </ul>
            </figcaption>
          </figure>
          <section className="rp-summary">
            <h2>{t('rpSummary')}</h2>
            <p data-testid="report-totals">{t('slTotals', { count: formatNumber(totals.count, 0), mu: num(totals.areaMu, 1), tax: num(totals.taxWan, 1), free: num(totals.freeableMu, 1) })}</p>
            {progress.map((p) => (
              <table key={p.year} className="rp-targets">
                <caption>{t('rpTarget', { year: p.year })}</caption>
                <tbody>
                  {TARGET_KEYS.map((k) => {
                    const actual = (p.actual as Record<string, number | null>)[k];
                    const label = lang === 'en' ? TARGET_LABELS[k].en : TARGET_LABELS[k].zh;
                    return (
                      <tr key={k}>
                        <th scope="row">{lang === 'en' ? `${label} (${TARGET_LABELS[k].unitEn})` : `${label}（${TARGET_LABELS[k].unit}）`}</th>
                        <td>{num(actual)}</td>
                        <td>/ {num(p.target[k])}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            ))}
            {progress.length > 0 && <p>{t('rpLandFreed', { done: num(analysis?.summary.achievedInPlanMu, 1), free: num(totals.freeableMu, 1), target: num(progress.at(-1)!.target.landFreedMu, 0) })}</p>}
          </section>
        </div>
        <section className="rp-table">
          <h2>{t('rpTable')}</h2>
          <table>
            <thead>
              <tr>
                <th>{t('slColId')}</th><th>{t('slColEnterprise')}</th><th>{t('slColTown')}</th>
                <th className="num">{t('slColMu')}</th><th className="num">{t('slColTax')}</th><th className="num">{t('slColFree')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.fid} data-testid="report-row">
                  <td>{r.parcelId}</td><td>{r.enterprise}</td><td>{r.town}</td>
                  <td className="num">{num(r.areaMu)}</td><td className="num">{num(r.taxPerMu)}</td><td className="num">{r.freeMu > 0 ? num(r.freeMu) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.fids.length > TABLE_ROWS && <p>{t('rpMoreRows', { count: list.fids.length - TABLE_ROWS })}</p>}
        </section>
      </article>
    </div>,
    document.body,
  );
}
