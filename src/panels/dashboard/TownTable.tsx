/**
 * The table by 镇街: `town-row` rows with `data-town` = the engine's town name. Clicking a row (or its
 * name button, for the keyboard) filters the map and list to that town and opens the explore tab.
 */
import type { KpiBlock } from '../../domain/summary';
import type { Translate } from '../../i18n';
import { useAppStore } from '../../state/store';
import { fmt, MU_DECIMALS, RATIO_DECIMALS } from './format';

export function TownTable({ towns, t }: { towns: [string, KpiBlock][]; t: Translate }) {
  const filterTo = (name: string) => {
    const s = useAppStore.getState();
    s.setFilter({ ...s.filter, towns: [name] });
    s.setSidebarTab('explore');
  };
  return (
    <table className="dash-table dash-towns" data-testid="town-table">
      <thead>
        <tr>
          <th scope="col">{t('dashTown')}</th>
          <th scope="col">{t('dashTownParcels')}</th>
          <th scope="col">{t('dashTownTaxPerMu')}</th>
          <th scope="col">{t('dashTownAchieved')}</th>
          <th scope="col">{t('dashTownPipeline')}</th>
          <th scope="col">{t('dashTownClosedUpgraded')}</th>
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
