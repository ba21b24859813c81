/** The kept zones: pick one, rename, recolour, delete (each undoable). */
import type { DrawController } from '../../map/draw/controller';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { defaultZoneNumber } from '../../state/zone-names';
import { zoneLabel } from './zone-label';

export function ZoneList({ ctl }: { ctl: DrawController | null }) {
  const t = useT();
  const zones = useAppStore((s) => s.zones);
  const active = useAppStore((s) => s.activeZoneId);
  const mode = useAppStore((s) => s.drawMode);
  const s = useAppStore.getState;
  // Deleting leaves the edit tool (the zone may be the one selected); a shape being drawn is not touched.
  const remove = (id: string) => {
    if (mode === 'select') ctl?.setMode('static');
    s().deleteZone(id);
  };
  return (
    <section className="zone-list-section">
      <h3 className="zones-h3">{t('zoneListTitle')}</h3>
      <ul className="zone-list" data-testid="zone-list">
        {zones.length === 0 && <li className="zone-list-empty">{t('zoneListEmpty')}</li>}
        {zones.map((z, i) => {
          const label = zoneLabel(z, i, t);
          // A default name (saved as 片区 N) is the box's placeholder in the user's language, the box empty.
          const typed = defaultZoneNumber(z.name) !== null ? '' : z.name;
          return (
            <li key={z.id} className={z.id === active ? 'zone-row active' : 'zone-row'} data-testid="zone-row" data-zone-id={z.id}>
              <button type="button" className="zone-pick" aria-pressed={z.id === active} aria-label={t('zoneSelect', { name: label })} onClick={() => s().setActiveZone(z.id)}>
                <span className="zone-swatch" style={{ background: z.colour }} />
              </button>
              <input
                key={`${z.id}:${z.name}`} className="zone-name" aria-label={t('zoneName')} defaultValue={typed} placeholder={label} maxLength={60}
                onFocus={() => s().setActiveZone(z.id)}
                onBlur={(e) => e.target.value.trim() !== typed && s().renameZone(z.id, e.target.value.trim())}
                onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
              />
              <input
                key={`${z.id}:${z.colour}`} type="color" className="zone-colour" aria-label={t('zoneColour')} defaultValue={z.colour}
                onBlur={(e) => e.target.value !== z.colour && s().recolourZone(z.id, e.target.value)}
              />
              <button type="button" className="zone-delete" data-testid="zone-delete" onClick={() => remove(z.id)}>
                {t('zoneDelete')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
