/**
 * The search box in the title bar (`search`): 地块编号, any part of an enterprise name, or a 统一社会信用代码.
 * Suggestions (`search-result`, best first) follow each keystroke; arrows move, Enter or a click
 * chooses, Esc closes. Choosing selects the parcel and flies the map to it (store.focusParcel). The
 * index (domain/search-index) is built when the box gets focus (in three short tasks), not at load.
 */
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { searchIndexOf, searchParcels, warmSearchIndex, type SearchHit } from '../../domain/search-index';
import type { Translate } from '../../i18n';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import './explore.css';

const LIMIT = 10;

/**
 * What the box's status line (role="status", visually hidden) says as the user types: nothing while the
 * suggestions are closed, 没有匹配的地块 when there are none, else how many (the list holds at most `limit`).
 */
export function searchStatusText(shown: boolean, hits: number, limit: number, t: Translate): string {
  if (!shown) return '';
  if (hits === 0) return t('searchNone');
  return t(hits >= limit ? 'searchResultsTop' : 'searchResultsCount', { count: hits });
}

export function SearchBox() {
  const t = useT();
  const parcels = useAppStore((s) => s.dataset?.parcels);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const hits: SearchHit[] = useMemo(
    () => (parcels && query.trim() ? searchParcels(searchIndexOf(parcels), query, LIMIT) : []),
    [parcels, query],
  );
  const shown = open && query.trim().length > 0;

  const choose = (hit: SearchHit | undefined) => {
    if (!hit) return;
    useAppStore.getState().focusParcel(hit.fid);
    setOpen(false);
    setQuery('');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (hits.length) setActive((a) => (e.key === 'ArrowDown' ? (a + 1) % hits.length : (a - 1 + hits.length) % hits.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(hits[Math.min(active, hits.length - 1)]);
    } else if (e.key === 'Escape') {
      if (shown) e.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <div className="search">
      <label className="visually-hidden" htmlFor={`${listId}-input`}>{t('searchLabel')}</label>
      <input
        id={`${listId}-input`}
        type="search"
        className="search-input"
        data-testid="search"
        role="combobox"
        aria-expanded={shown && hits.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown && hits[active] ? `${listId}-${active}` : undefined}
        placeholder={t('searchPlaceholder')}
        title={t('searchLabel')}
        autoComplete="off"
        spellCheck={false}
        value={query}
        disabled={!parcels}
        onChange={(e) => { setQuery(e.target.value); setActive(0); setOpen(true); }}
        onFocus={() => {
          setOpen(true);
          if (parcels) void warmSearchIndex(parcels);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {/* Mounted empty, so a screen reader hears "no match" or how many as the user types. */}
      <span className="visually-hidden" role="status" data-testid="search-status">{searchStatusText(shown, hits.length, LIMIT, t)}</span>
      {/* No match: said by the status line, shown here — not an item of an empty listbox. */}
      {shown && hits.length === 0 && <div className="search-results search-none" aria-hidden="true">{t('searchNone')}</div>}
      {shown && hits.length > 0 && (
        <ul className="search-results" id={listId} role="listbox" aria-label={t('searchResultsLabel')}>
          {hits.map((hit, i) => {
            const a = parcels![hit.fid]!.attributes;
            return (
              <li
                key={hit.fid}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                data-testid="search-result"
                data-parcel-id={a.parcelId}
                className={i === active ? 'search-result active' : 'search-result'}
                // mousedown, not click: the input's blur would close the list first.
                onMouseDown={(e) => { e.preventDefault(); choose(hit); }}
                onMouseEnter={() => setActive(i)}
              >
                <span className="search-result-id">{a.parcelId}</span>
                <span className="search-result-name">{a.enterprise ?? ''}</span>
                {hit.field === 'creditCode' && <span className="search-result-extra">{t('searchMatchCode', { code: a.creditCode ?? '' })}</span>}
                {a.town && <span className="search-result-extra">{a.town}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
