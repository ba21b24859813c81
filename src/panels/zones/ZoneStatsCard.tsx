/**
 * The active zone's figures from the engine (`zone-stats`): parcels touched, clipped land and share,
 * idle / low-efficiency / under-used / freeable land, enterprise figures by clipped share, 亩均税收,
 * block-line and park overlap, policy parcels. Clicking a figure filters the map and the list.
 */
import type { FilterSpec } from '../../domain/filter';
import type { ZoneStats } from '../../domain/zone-stats';
import { muFromM2, squareMetres } from '../../domain/units';
import type { Lang, Translate } from '../../i18n';
import { formatNumber, formatPercent, formatWan } from '../../i18n/format';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { activeZoneStats } from '../../state/zonesSlice';
import { ZoneFigure } from './ZoneFigure';
import { fatalProblem } from './compare-table';
import { zoneLabel } from './zone-label';

const mu1 = (v: number) => formatNumber(v, 2, 2);
const filterTo = (spec: FilterSpec) => useAppStore.getState().setFilter(spec);

/**
 * What the card's live region says when the figures come: the zone, its parcels, land and freeable land — or why
 * it cannot be measured. Nothing while there are no figures (no zone, or still computing).
 */
export function zoneStatsSaid(stats: ZoneStats | null, name: string, t: Translate, lang: Lang): string {
  if (!stats) return '';
  const fatal = stats.problems.filter((p) => p.fatal).map((p) => (lang === 'en' ? p.en : p.zh));
  if (fatal.length > 0) return t('zoneStatsSaidRefused', { name, reason: fatal.join(lang === 'en' ? '; ' : '；') });
  return t('zoneStatsSaid', { name, count: formatNumber(stats.parcels.count, 0), mu: mu1(stats.landMu), free: mu1(stats.freeableMu) });
}

/**
 * The card with its live region mounted whatever it shows (no zone, computing, refused, figures), so the figures
 * are announced when they come — a region created together with its content is not.
 */
export function ZoneStatsCard() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const stats = useAppStore(activeZoneStats);
  // Figures answered while a shape is dragged come every few frames: said only once the shape is kept.
  const live = useAppStore((s) => s.liveZoneStats !== null && s.liveZoneStats === stats);
  const zones = useAppStore((s) => s.zones);
  const active = useAppStore((s) => s.activeZoneId);
  const i = zones.findIndex((z) => z.id === active);
  // A shape still being drawn is not in the list yet: it is "the zone's figures".
  const name = i < 0 ? t('zoneStatsTitle') : zoneLabel(zones[i]!, i, t);
  return (
    <div className="zone-stats-slot">
      <p className="visually-hidden" role="status" data-testid="zone-stats-said">{live ? '' : zoneStatsSaid(stats, name, t, lang)}</p>
      <ZoneStatsBody />
    </div>
  );
}

function ZoneStatsBody() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const stats = useAppStore(activeZoneStats);
  const active = useAppStore((s) => s.activeZoneId);
  if (!active) return <p className="zones-hint" data-testid="zone-stats-none">{t('zoneStatsNone')}</p>;
  if (!stats) return <p className="zones-hint" data-testid="zone-stats-waiting">{t('zoneStatsWaiting')}</p>;
  if (fatalProblem(stats)) return <RefusedZone stats={stats} />;
  const p = stats.parcels;
  const fids = p.fids;
  const share = stats.areaM2 > 0 ? stats.landM2 / stats.areaM2 : null;
  const wan = (v: number) => formatWan(v, lang, '', 1);
  const landOf = (m2: number) => mu1(muFromM2(squareMetres(m2)));
  // The engine names the parcels behind each land figure; a click filters the map and the list to them.
  const byFigure = (k: keyof ZoneStats['figureFids']) => {
    const f = stats.figureFids[k];
    return f.length > 0 ? () => filterTo({ fids: f }) : undefined;
  };
  return (
    <section className="zone-stats" data-testid="zone-stats" data-seq={stats.seq}>
      <h3 className="zones-h3">{t('zoneStatsTitle')}</h3>
      <p className="zones-note">{t('zoneClipNote')}</p>
      <dl className="zone-figures">
        <ZoneFigure label={t('zoneArea')} value={t('zoneLandValue', { mu: mu1(stats.areaMu) })} />
        <ZoneFigure label={t('zoneParcels')} testid="zone-parcels" raw={String(p.count)} value={t('zoneParcelsValue', { count: formatNumber(p.count, 0) })}
          note={t('zoneParcelsSplit', { whole: p.whole, partial: p.partial })} onClick={fids.length ? () => filterTo({ fids }) : undefined} />
        <ZoneFigure label={t('zoneLand')} testid="zone-land" raw={stats.landMu.toFixed(2)} value={t('zoneLandValue', { mu: mu1(stats.landMu) })}
          note={share === null ? undefined : t('zoneLandShare', { share: formatPercent(share) })} />
        <ZoneFigure label={t('zoneIdle')} value={t('zoneLandValue', { mu: mu1(stats.idleMu) })} onClick={byFigure('idle')} />
        <ZoneFigure label={t('zoneLowEfficiency')} value={t('zoneLandValue', { mu: mu1(stats.lowEfficiencyMu) })} onClick={byFigure('lowEfficiency')} />
        <ZoneFigure label={t('zoneUnderUsed')} value={t('zoneLandValue', { mu: mu1(stats.underUsedMu) })} onClick={byFigure('underUsed')} />
        <ZoneFigure label={t('zoneFreeable')} testid="zone-freeable" value={t('zoneLandValue', { mu: mu1(stats.freeableMu) })} onClick={byFigure('freeable')} />
        <ZoneFigure label={t('zoneAchieved')} value={t('zoneLandValue', { mu: mu1(stats.achievedMu) })} onClick={byFigure('achieved')} />
        <ZoneFigure label={t('zoneEnterprises')} value={t('zoneEnterprisesValue', { count: formatNumber(stats.enterprises, 0) })} />
        <ZoneFigure label={t('zoneEmployees')} value={t('zoneEmployeesValue', { count: formatNumber(stats.employees, 0) })} />
        <ZoneFigure label={t('zoneTax')} value={wan(stats.taxWan)} />
        <ZoneFigure label={t('zoneValueAdded')} value={wan(stats.valueAddedWan)} />
        <ZoneFigure label={t('zoneEnergy')} value={t('zoneEnergyValue', { value: formatNumber(stats.energyTce, 1) })} />
        <ZoneFigure label={t('zoneTaxPerMu')} value={stats.taxPerMu.value === null ? t('noValue') : formatWan(stats.taxPerMu.value, lang, 'mu')} />
      </dl>
      <h4 className="zones-h4">{t('zoneBlockline')}</h4>
      {stats.blocklineOverlapM2 ? (
        <>
          <ul className="zone-inline">
            {(['一级', '二级', '未分级'] as const).map((tier) => (
              <li key={tier}>{t('zoneBlocklineTier', { tier: lang === 'en' ? { 一级: 'Tier 1', 二级: 'Tier 2', 未分级: 'Untiered' }[tier] : tier, mu: landOf(stats.blocklineOverlapM2![tier]) })}</li>
            ))}
          </ul>
          {stats.blocklineFids.length > 0 && (
            <p className="zone-warning" role="note">
              <button type="button" className="zone-link" onClick={() => filterTo({ fids: stats.blocklineFids })}>{t('zoneParcelsValue', { count: stats.blocklineFids.length })}</button>{' '}
              {t('zoneBlocklineWarning')}
            </p>
          )}
        </>
      ) : (
        <p className="zones-note">{t('zoneBlocklineNone')}</p>
      )}
      <h4 className="zones-h4">{t('zonePark')}</h4>
      <ul className="zone-inline">
        {stats.parkOverlapM2 && Object.keys(stats.parkOverlapM2).length > 0
          ? Object.entries(stats.parkOverlapM2).map(([name, m2]) => <li key={name}>{t('zoneLabelValue', { label: name, value: t('zoneLandValue', { mu: landOf(m2) }) })}</li>)
          : <li>{t('zoneParkNone')}</li>}
      </ul>
      <h4 className="zones-h4">{t('zonePolicy')}</h4>
      <ul className="zone-inline">
        {([['landPrice', 'zonePolicyLandPrice'], ['floorArea', 'zonePolicyFloorArea'], ['dormitory', 'zonePolicyDormitory']] as const).map(([k, label]) => (
          <li key={k}>
            {t(label)}{t('zoneLabelSep')}
            {stats.policy[k].length > 0
              ? <button type="button" className="zone-link" onClick={() => filterTo({ fids: stats.policy[k] })}>{t('zoneParcelsValue', { count: stats.policy[k].length })}</button>
              : t('zoneParcelsValue', { count: 0 })}
          </li>
        ))}
      </ul>
      <p className="zones-note">{t('zoneFilterHint')}</p>
      {fids.length > 0 && (
        <button type="button" className="zone-tool" data-testid="zone-shortlist" onClick={() => useAppStore.getState().addToShortlist(fids)}>{t('zoneShortlist')}</button>
      )}
      {stats.problems.length > 0 && (
        <ul className="zone-problems" aria-label={t('zoneProblems')}>
          {stats.problems.map((pr, i) => <li key={i} className={pr.fatal ? 'bad' : ''}>{lang === 'en' ? pr.en : pr.zh}</li>)}
        </ul>
      )}
    </section>
  );
}

/**
 * A zone whose outline the engine refused (crosses itself, no area …): the reason first, then its figures as
 * '—' — not zeros, which would read as "nothing here".
 */
function RefusedZone({ stats }: { stats: ZoneStats }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const dash = t('noValue');
  const labels = ['zoneLand', 'zoneIdle', 'zoneLowEfficiency', 'zoneUnderUsed', 'zoneFreeable', 'zoneAchieved', 'zoneEnterprises', 'zoneEmployees', 'zoneTax', 'zoneValueAdded', 'zoneEnergy', 'zoneTaxPerMu'] as const;
  return (
    <section className="zone-stats" data-testid="zone-stats" data-seq={stats.seq} data-refused="true">
      <h3 className="zones-h3">{t('zoneStatsTitle')}</h3>
      <ul className="zone-problems" aria-label={t('zoneProblems')} data-testid="zone-refused">
        {stats.problems.filter((p) => p.fatal).map((pr, i) => <li key={i} className="bad">{lang === 'en' ? pr.en : pr.zh}</li>)}
      </ul>
      <p className="zones-note">{t('zoneFatalTitle')}</p>
      <dl className="zone-figures">
        <ZoneFigure label={t('zoneArea')} value={dash} />
        <ZoneFigure label={t('zoneParcels')} testid="zone-parcels" value={dash} />
        {labels.map((l) => <ZoneFigure key={l} label={t(l)} testid={l === 'zoneLand' ? 'zone-land' : undefined} value={dash} />)}
      </dl>
    </section>
  );
}
