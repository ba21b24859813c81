/**
 * The table by 镇街: `town-row` rows with `data-town` = the engine's town name. Clicking a row (or its
 * name button, for the keyboard) filters the map and list to that town and opens the explore tab. A column's
 * header sorts by it (again: the other way); the order given (by land to free) until then.
 */
import { useState } from 'react';
import type { KpiBlock } from '../../domain/summary';
import type { MessageKey, Translate } from '../../i18n';
import { useAppStore } from '../../state/store';
import { fmt, MU_DECIMALS, RATIO_DECIMALS } from './format';

type SortKey = 'town' | 'parcels' | 'taxPerMu' | 'achieved' | 'pipeline' | 'enterprises';
const COLUMNS: [SortKey, MessageKey][] = [
  ['town', 'dashTown'], ['parcels', 'dashTownParcels'], ['taxPerMu', 'dashTownTaxPerMu'], ['achieved', 'dashTownAchieved'],
  ['pipeline', 'dashTownPipeline'], ['enterprises', 'dashTownClosedUpgraded'],
];
const VALUE: Record<Exclude<SortKey, 'town'>, (b: KpiBlock) => number | null> = {
  parcels: (b) => b.parcels, taxPerMu: (b) => b.stages.current.taxPerMu.value, achieved: (b) => b.achievedMu,
  pipeline: (b) => b.pipelineMu, enterprises: (b) => b.closedEnterprises + b.upgradedEnterprises,
};

/** `towns` in the order of `key` (null: as given), descending unless `ascending`; no value last. */
export function sortedTowns(towns: readonly [string, KpiBlock][], key: SortKey | null, ascending: boolean): [string, KpiBlock][] {
  if (key === null) return [...towns];
  const dir = ascending ? 1 : -1;
  return [...towns].sort((a, b) => {
    if (key === 'town') return dir * a[0].localeCompare(b[0], 'zh-CN');
    const x = VALUE[key](a[1]);
    const y = VALUE[key](b[1]);
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    return dir * (x - y) || a[0].localeCompare(b[0], 'zh-CN');
  });
}

export function TownTable({ towns: given, t }: { towns: [string, KpiBlock][]; t: Translate }) {
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean } | null>(null);
  const towns = sortedTowns(given, sort?.key ?? null, sort?.ascending ?? false);
  const sortBy = (key: SortKey) => setSort((s) => ({ key, ascending: s?.key === key ? !s.ascending : key === 'town' }));
  const filterTo = (name: string) => {
    const s = useAppStore.getState();
    s.setFilter({ ...s.filter, towns: [name] });
    s.setSidebarTab('explore');
  };
  return (
    <table className="dash-table dash-towns" data-testid="town-table">
      <thead>
        <tr>
          {COLUMNS.map(([key, label]) => (
            <th key={key} scope="col" aria-sort={sort?.key === key ? (sort.ascending ? 'ascending' : 'descending') : undefined}>
              <button type="button" className="dash-sort" data-sort={key} onClick={() => sortBy(key)}>
                {t(label)}{sort?.key === key ? (sort.ascending ? ' ▲' : ' ▼') : ''}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {towns.map(([name, b]) => (
          <tr key={name} data-testid="town-row" data-town={name} className="dash-town-row" onClick={() => filterTo(name)}>
            <th scope="row">
              <button
                type="button" className="dash-town-button" title={t('dashTownFilter', { town: name })}
                onClick={(e) => { e.stopPropagation(); filterTo(name); }}
              >
                {name}
              </button>
            </th>
            <td>{fmt(b.parcels, 0)}</td>
            <td data-block="current">{fmt(b.stages.current.taxPerMu.value, RATIO_DECIMALS)}</td>
            <td>{fmt(b.achievedMu, MU_DECIMALS)}</td>
            <td>{fmt(b.pipelineMu, MU_DECIMALS)}</td>
            <td>
              {b.closedEnterprises} / {b.upgradedEnterprises}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
