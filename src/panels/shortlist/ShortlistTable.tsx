/**
 * The active list's parcels: sortable by any column, each removable; long lists show their first rows. The
 * list is sorted as fids (numbers and cached text ranks) and rows are made only for the rows shown.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { MessageKey } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import type { AnalysisView, LoadedDataset } from '../../worker/protocol';
import { neighbourAfterRemoval } from '../focus';
import { listRows, sortFids, type SortKey } from './listRows';
import type { ShortlistChange } from './ShortlistPanel';

const COLUMNS: { key: SortKey; label: MessageKey; numeric?: boolean }[] = [
  { key: 'parcelId', label: 'slColId' },
  { key: 'enterprise', label: 'slColEnterprise' },
  { key: 'town', label: 'slColTown' },
  { key: 'areaMu', label: 'slColMu', numeric: true },
  { key: 'taxPerMu', label: 'slColTax', numeric: true },
  { key: 'freeMu', label: 'slColFree', numeric: true },
];

/** Rows shown (and made) at most; the list's order is of all its parcels. */
const SHOWN = 300;

/**
 * After a row's × : the next row shown (in the table's order), else the previous one — the fid whose × takes
 * focus; null when the list is now empty (the panel then focuses 加入 / a control that stays).
 */
export const focusAfterRowRemoved = (shownFids: readonly number[], removed: number): number | null => neighbourAfterRemoval(shownFids, removed);

export function ShortlistTable({ fids, dataset, analysis, onChange }: { fids: readonly number[]; dataset: LoadedDataset; analysis: AnalysisView | null; onChange?: (c: ShortlistChange) => void }) {
  const t = useT();
  const remove = useAppStore((s) => s.removeFromShortlist);
  const focus = useAppStore((s) => s.focusParcel);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 } | null>(null);
  const sorted = useMemo(() => (sort ? sortFids(fids, sort.key, sort.dir, dataset, analysis) : fids), [fids, sort, dataset, analysis]);
  const rows = useMemo(() => listRows(sorted.slice(0, SHOWN), dataset, analysis), [sorted, dataset, analysis]);
  const removeButtons = useRef(new Map<number, HTMLButtonElement>());
  /** The row whose × takes focus once the removed row is gone. */
  const focusNext = useRef<number | null>(null);
  useEffect(() => {
    const fid = focusNext.current;
    focusNext.current = null;
    if (fid !== null) removeButtons.current.get(fid)?.focus();
  }, [rows]);
  const removeRow = (fid: number, parcelId: string) => {
    focusNext.current = focusAfterRowRemoved(rows.map((r) => r.fid), fid);
    remove([fid]);
    const s = useAppStore.getState();
    onChange?.({ kind: 'removed', id: parcelId, left: s.shortlists.find((l) => l.id === s.activeShortlistId)?.fids.length ?? 0 });
  };
  if (fids.length === 0) return <p className="sl-empty">{t('slEmpty')}</p>;
  const num = (v: number | null) => (v === null || !Number.isFinite(v) ? '—' : formatNumber(v, 2));
  return (
    <div className="sl-table-wrap">
      <table className="sl-table" data-testid="shortlist-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const on = sort?.key === c.key;
              return (
                <th key={c.key} aria-sort={on ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'} className={c.numeric ? 'num' : undefined}>
                  <button type="button" title={t('slSortBy', { col: t(c.label) })} onClick={() => setSort({ key: c.key, dir: on && sort.dir === 1 ? -1 : 1 })}>
                    {t(c.label)}{on ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              );
            })}
            <th><span className="visually-hidden">{t('slRemove')}</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.fid} data-testid="shortlist-row" data-parcel-id={r.parcelId}>
              <td><button type="button" className="sl-link" onClick={() => focus(r.fid)}>{r.parcelId}</button></td>
              <td>{r.enterprise}</td>
              <td>{r.town}</td>
              <td className="num">{num(r.areaMu)}</td>
              <td className="num">{num(r.taxPerMu)}</td>
              <td className="num">{r.freeMu > 0 ? num(r.freeMu) : ''}</td>
              <td>
                <button type="button" className="sl-remove" aria-label={t('slRemoveLabel', { id: r.parcelId })} title={t('slRemoveLabel', { id: r.parcelId })} onClick={() => removeRow(r.fid, r.parcelId)}
                  ref={(el) => { if (el) removeButtons.current.set(r.fid, el); else removeButtons.current.delete(r.fid); }}>×</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {fids.length > SHOWN && <p className="sl-note">{t('slShowing', { shown: SHOWN, count: fids.length })}</p>}
    </div>
  );
}
