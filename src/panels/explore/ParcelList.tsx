/**
 * The filtered parcels as a sortable, virtualised table (`parcel-list`, rows `parcel-row` with
 * `data-parcel-id`): only the rows in view are in the DOM, so 100k rows scroll smoothly. A header
 * click sorts (numbers largest first on the first click, text A→Z; again to reverse; `aria-sort`).
 * A row click or Enter selects the parcel and flies to it; the selected parcel's row is highlighted
 * and scrolled into view, whichever way it was selected (map, search, list).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { MessageKey } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { CLASS_LETTERS } from '../../worker/protocol';
import { filterRows, freeableMuColumn, orderRows, sortValues, TEXT_KEYS, type Sort, type SortKey } from './listRows';

const ROW_HEIGHT = 32;
const HEAD_HEIGHT = 44;

const COLUMNS: { key: SortKey; label: MessageKey; numeric?: boolean }[] = [
  { key: 'parcelId', label: 'colParcelId' },
  { key: 'enterprise', label: 'colEnterprise' },
  { key: 'areaMu', label: 'colAreaMu', numeric: true },
  { key: 'reclaimMu', label: 'colReclaimMu', numeric: true },
  { key: 'taxPerMu', label: 'colTaxPerMu', numeric: true },
  { key: 'classIndex', label: 'colClass' },
  { key: 'idleStage', label: 'colIdleStage' },
  { key: 'town', label: 'colTown' },
];

const IDLE_KEYS: Record<number, MessageKey> = { 1: 'idleStage1', 2: 'idleStage2', 3: 'idleStageNegotiated' };

const num = (v: number, digits: number) => (Number.isFinite(v) ? formatNumber(v, digits, digits) : '—');

export function ParcelList() {
  const t = useT();
  const dataset = useAppStore((s) => s.dataset);
  const analysis = useAppStore((s) => s.analysis);
  const mask = useAppStore((s) => s.filterMask);
  const filter = useAppStore((s) => s.filter);
  const selectedFid = useAppStore((s) => s.selectedFid);
  const [sort, setSort] = useState<Sort | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  const parcels = dataset?.parcels;
  const ready = parcels && analysis && analysis.columns.taxPerMu.length === parcels.length ? analysis : null;
  // The whole dataset sorted once per sort (and analysis); a filter change only picks from that order.
  const order = useMemo(() => {
    if (!parcels || !ready || !sort) return null;
    return orderRows(null, parcels.length, sortValues(sort.key, parcels, ready.columns, ready.townNames), sort.dir);
  }, [parcels, ready, sort]);
  const rows = useMemo(() => {
    if (!parcels || !ready) return new Int32Array(0);
    const m = mask?.length === parcels.length ? mask : null;
    return order ? filterRows(order, m) : orderRows(m, parcels.length, null, 'asc');
  }, [parcels, ready, mask, order]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    paddingStart: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
    overscan: 8,
  });

  // A new sort or filter starts at the top; an analysis run again (a ledger edit, a setting) keeps the place.
  // The selected parcel's row is brought into view (only if out of view) when the selection changes, or when
  // it first appears in the rows (a link's selection applied before the list had rows).
  const last = useRef({ sort, filter, selectedFid, shown: false });
  useEffect(() => {
    const prev = last.current;
    const at = selectedFid === null ? -1 : rows.indexOf(selectedFid);
    last.current = { sort, filter, selectedFid, shown: at >= 0 };
    if (prev.sort !== sort || prev.filter !== filter) {
      scroller.current?.scrollTo({ top: 0 });
      return;
    }
    // A new selection, or the selected row just come into the rows (not one the user scrolled away from).
    if (at >= 0 && (prev.selectedFid !== selectedFid || !prev.shown)) virtualizer.scrollToIndex(at, { align: 'auto' });
  }, [selectedFid, rows, sort, filter, virtualizer]);

  if (!parcels || !ready) return null;
  const { columns, townNames } = ready;
  const freeableMu = freeableMuColumn(columns);

  const sortBy = (key: SortKey) =>
    setSort((s) => (s?.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: TEXT_KEYS.has(key) ? 'asc' : 'desc' }));
  const open = (fid: number) => useAppStore.getState().focusParcel(fid);
  const onRowKey = (e: KeyboardEvent<HTMLDivElement>, fid: number, index: number) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(fid);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = Math.max(0, Math.min(rows.length - 1, index + (e.key === 'ArrowDown' ? 1 : -1)));
      virtualizer.scrollToIndex(next, { align: 'auto' });
      // The row exists once the virtualiser has rendered it.
      requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus());
    }
  };

  return (
    <div className="parcel-list-wrap">
      <p className="parcel-list-caption" id="parcel-list-caption">
        {rows.length === 0 ? t('listEmpty') : t('listCount', { count: formatNumber(rows.length, 0) })}
      </p>
      <div
        ref={scroller}
        className="parcel-list"
        data-testid="parcel-list"
        role="table"
        aria-label={t('listLabel')}
        aria-describedby="parcel-list-caption"
        aria-rowcount={rows.length + 1}
        tabIndex={-1}
      >
        <div className="parcel-list-inner" style={{ height: virtualizer.getTotalSize() }}>
          <div role="rowgroup" className="parcel-list-headgroup">
            <div role="row" className="parcel-list-row parcel-list-head" aria-rowindex={1} style={{ height: HEAD_HEIGHT }}>
              {COLUMNS.map((c) => {
                const dir = sort?.key === c.key ? sort.dir : null;
                return (
                  <div key={c.key} role="columnheader" className={`cell cell-${c.key}`} aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}>
                    <button type="button" className="parcel-list-sort" data-sort-key={c.key} onClick={() => sortBy(c.key)}>
                      {t(c.label)}
                      <span aria-hidden="true" className="sort-mark">{dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : ''}</span>
                    </button>
                  </div>
                );
              })}
            </div>
          </div>
          <div role="rowgroup">
            {virtualizer.getVirtualItems().map((item) => {
              const fid = rows[item.index]!;
              const p = parcels[fid]!;
              const selected = fid === selectedFid;
              const cls = columns.classIndex[fid]!;
              const idle = IDLE_KEYS[columns.idleStage[fid]!];
              return (
                <div
                  key={fid}
                  role="row"
                  data-testid="parcel-row"
                  data-parcel-id={p.attributes.parcelId}
                  data-index={item.index}
                  aria-rowindex={item.index + 2}
                  aria-selected={selected}
                  tabIndex={0}
                  className={selected ? 'parcel-list-row selected' : 'parcel-list-row'}
                  style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                  onClick={() => open(fid)}
                  onKeyDown={(e) => onRowKey(e, fid, item.index)}
                >
                  <div role="cell" className="cell cell-parcelId">{p.attributes.parcelId}</div>
                  <div role="cell" className="cell cell-enterprise" title={p.attributes.enterprise ?? undefined}>{p.attributes.enterprise ?? '—'}</div>
                  <div role="cell" className="cell cell-areaMu">{num(p.areaMu, 1)}</div>
                  <div role="cell" className="cell cell-reclaimMu">{freeableMu[fid]! > 0 ? num(freeableMu[fid]!, 1) : '—'}</div>
                  <div role="cell" className="cell cell-taxPerMu">{num(columns.taxPerMu[fid]!, 1)}</div>
                  <div role="cell" className="cell cell-classIndex">{cls >= 0 ? CLASS_LETTERS[cls] : '—'}</div>
                  <div role="cell" className="cell cell-idleStage">{idle ? t(idle) : '—'}</div>
                  <div role="cell" className="cell cell-town">{townNames[columns.townIndex[fid]!] ?? '—'}</div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
