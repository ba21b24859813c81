/**
 * The table by 镇街: `town-row` rows with `data-town` = the engine's town name, and the district (全区) in the
 * table's foot. Clicking a row (or its name button, for the keyboard) filters the map and list to that town and
 * opens the explore tab. A column's header sorts by it (again: the other way); the order given (by land to free)
 * until then.
 *
 * Nine figures do not fit a 340-400 px panel (nor a 390 px phone) side by side: a selector shows one group of
 * them at a time — land (parcels, freed, can free), the 规上 亩均 ratios at 现状 graded against the 2021 and 2023
 * targets as the stage table grades them (GradedCell), and energy, carbon and enterprises. The table also
 * scrolls sideways inside its own box with the town column kept in view, should a group still be too wide.
 * 已腾出, energy, carbon and enterprises count toward the targets: from 2021 on (the *InPlan* figures), so the
 * towns add up to the district's 至今 and to `progress-reclaim`.
 */
import { useState, type ReactNode } from 'react';
import type { KpiBlock } from '../../domain/summary';
import type { TargetYear } from '../../domain/targets';
import type { MessageKey, Translate } from '../../i18n';
import { useAppStore } from '../../state/store';
import { fmt, MU_DECIMALS, WAN_T_DECIMALS } from './format';
import { GradedCell, GradeKey } from './grade';
import { RATIO_ROWS, type RatioKey } from './StageTable';

type FigureKey = 'parcels' | RatioKey | 'achieved' | 'pipeline' | 'energy' | 'carbon' | 'enterprises';
export type SortKey = 'town' | FigureKey;
export type TownGroup = 'land' | 'efficiency' | 'results';

interface Column {
  key: FigureKey;
  label: MessageKey;
  unit?: MessageKey;
  /** The figure sorted by (full precision; null: none, sorted last). */
  value: (b: KpiBlock) => number | null;
  /** The cell; ratios are graded against the targets. */
  cell: (b: KpiBlock, t2021: TargetYear, t2023: TargetYear) => ReactNode;
}

const plain = (key: FigureKey, v: number, decimals: number): ReactNode => <td key={key} data-col={key} data-value={v}>{fmt(v, decimals)}</td>;

const ratio = (key: RatioKey): Column => {
  const row = RATIO_ROWS.find((r) => r.key === key)!;
  const value = (b: KpiBlock) => b.stages.current[key].value;
  return {
    key, label: row.label, unit: row.unit, value,
    cell: (b, t2021, t2023) => <GradedCell key={key} col={key} block="current" value={value(b)} t2021={t2021[key]} t2023={t2023[key]} />,
  };
};

const COLUMNS: Record<FigureKey, Column> = {
  parcels: { key: 'parcels', label: 'dashTownParcels', value: (b) => b.parcels, cell: (b) => plain('parcels', b.parcels, 0) },
  achieved: { key: 'achieved', label: 'dashTownAchievedShort', unit: 'dashUnitMu', value: (b) => b.achievedInPlanMu, cell: (b) => plain('achieved', b.achievedInPlanMu, MU_DECIMALS) },
  pipeline: { key: 'pipeline', label: 'dashTownPipelineShort', unit: 'dashUnitMu', value: (b) => b.pipelineMu, cell: (b) => plain('pipeline', b.pipelineMu, MU_DECIMALS) },
  taxPerMu: ratio('taxPerMu'),
  valuePerMu: ratio('valuePerMu'),
  productivity: ratio('productivity'),
  energy: {
    key: 'energy', label: 'dashEnergyFreed', unit: 'dashUnitWanTce', value: (b) => b.energyFreedInPlanTce / 10000,
    cell: (b) => plain('energy', b.energyFreedInPlanTce / 10000, WAN_T_DECIMALS),
  },
  carbon: {
    key: 'carbon', label: 'dashCarbonCut', unit: 'dashUnitWanT', value: (b) => b.carbonFreedInPlanT / 10000,
    cell: (b) => plain('carbon', b.carbonFreedInPlanT / 10000, WAN_T_DECIMALS),
  },
  enterprises: {
    key: 'enterprises', label: 'dashTownClosedUpgradedShort', unit: 'dashUnitFirms', value: (b) => b.closedInPlanEnterprises + b.upgradedInPlanEnterprises,
    cell: (b) => (
      <td key="enterprises" data-col="enterprises" data-closed={b.closedInPlanEnterprises} data-upgraded={b.upgradedInPlanEnterprises}>
        {b.closedInPlanEnterprises} / {b.upgradedInPlanEnterprises}
      </td>
    ),
  },
};

/** The groups of figure columns the selector shows, one at a time. */
export const TOWN_GROUPS: readonly { group: TownGroup; label: MessageKey; columns: readonly FigureKey[] }[] = [
  { group: 'land', label: 'dashTownGroupLand', columns: ['parcels', 'achieved', 'pipeline'] },
  { group: 'efficiency', label: 'dashTownGroupEfficiency', columns: ['taxPerMu', 'valuePerMu', 'productivity'] },
  { group: 'results', label: 'dashTownGroupResults', columns: ['energy', 'carbon', 'enterprises'] },
];

/** `towns` in the order of `key` (null: as given), descending unless `ascending`; no value last. */
export function sortedTowns(towns: readonly [string, KpiBlock][], key: SortKey | null, ascending: boolean): [string, KpiBlock][] {
  if (key === null) return [...towns];
  const dir = ascending ? 1 : -1;
  const value = key === 'town' ? null : COLUMNS[key].value;
  return [...towns].sort((a, b) => {
    if (value === null) return dir * a[0].localeCompare(b[0], 'zh-CN');
    const x = value(a[1]);
    const y = value(b[1]);
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    return dir * (x - y) || a[0].localeCompare(b[0], 'zh-CN');
  });
}

interface Props {
  towns: [string, KpiBlock][];
  /** The district's figures, the table's foot (the towns add up to it). */
  district: KpiBlock;
  t2021: TargetYear;
  t2023: TargetYear;
  t: Translate;
  /** The group shown first (tests; the user picks with the selector). */
  initialGroup?: TownGroup;
}

export function TownTable({ towns: given, district, t2021, t2023, t, initialGroup = 'land' }: Props) {
  const [group, setGroup] = useState<TownGroup>(initialGroup);
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean } | null>(null);
  const columns = TOWN_GROUPS.find((g) => g.group === group)!.columns.map((k) => COLUMNS[k]);
  // A sort by a column of another group is not applied while its column is out of sight (and is again when it is back).
  const active = sort && (sort.key === 'town' || columns.some((c) => c.key === sort.key)) ? sort : null;
  const towns = sortedTowns(given, active?.key ?? null, active?.ascending ?? false);
  const sortBy = (key: SortKey) => setSort((s) => ({ key, ascending: s?.key === key ? !s.ascending : key === 'town' }));
  const filterTo = (name: string) => {
    const s = useAppStore.getState();
    s.setFilter({ ...s.filter, towns: [name] });
    s.setSidebarTab('explore');
  };
  const header = (key: SortKey, label: MessageKey, unit?: MessageKey) => (
    <th key={key} scope="col" aria-sort={active?.key === key ? (active.ascending ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="dash-sort" data-sort={key} onClick={() => sortBy(key)}>
        {t(label)}{active?.key === key ? (active.ascending ? ' ▲' : ' ▼') : ''}
        {unit && <span className="dash-unit">{t(unit)}</span>}
      </button>
    </th>
  );
  return (
    <div className="dash-towns-box" data-group={group}>
      <div className="dash-town-groups" role="group" aria-label={t('dashTownColumns')}>
        {TOWN_GROUPS.map((g) => (
          <button key={g.group} type="button" className="dash-town-group" data-group={g.group} aria-pressed={g.group === group} onClick={() => setGroup(g.group)}>
            {t(g.label)}
          </button>
        ))}
      </div>
      <div className="dash-scroll">
        <table className="dash-table dash-towns" data-testid="town-table">
          <thead>
            <tr>
              {header('town', 'dashTown')}
              {columns.map((c) => header(c.key, c.label, c.unit))}
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
                {columns.map((c) => c.cell(b, t2021, t2023))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="dash-town-total" data-town-total="">
              <th scope="row">{t('dashTownTotal')}</th>
              {columns.map((c) => c.cell(district, t2021, t2023))}
            </tr>
          </tfoot>
        </table>
      </div>
      {group === 'efficiency' ? <GradeKey t={t} /> : null}
      <p className="dash-note">{t(group === 'efficiency' ? 'dashTownEfficiencyNote' : 'dashTownInPlanNote')}</p>
    </div>
  );
}
