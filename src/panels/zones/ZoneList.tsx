/** The kept zones: pick one, rename, recolour, delete (each undoable). */
import { useEffect, useRef, type RefObject } from 'react';
import type { DrawController } from '../../map/draw/controller';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { defaultZoneNumber } from '../../state/zone-names';
import { neighbourAfterRemoval } from '../focus';
import type { ZoneNotice } from './ZoneMessageLine';
import { zoneLabel } from './zone-label';

/**
 * After a zone is deleted from its row: the next row's 删除, else the previous row's, else (the list empty) the
 * list's heading — never <body>.
 */
export const focusAfterZoneDeleted = (zoneIds: readonly string[], deleted: string): { row: string } | 'heading' => {
  const next = neighbourAfterRemoval(zoneIds, deleted);
  return next === null ? 'heading' : { row: next };
};

export function ZoneList({ ctl, headingRef, onDeleted }: { ctl: DrawController | null; headingRef?: RefObject<HTMLHeadingElement | null>; onDeleted?: (n: ZoneNotice) => void }) {
  const t = useT();
  const zones = useAppStore((s) => s.zones);
  const active = useAppStore((s) => s.activeZoneId);
  const mode = useAppStore((s) => s.drawMode);
  const s = useAppStore.getState;
  const deleteButtons = useRef(new Map<string, HTMLButtonElement>());
  const ownHeading = useRef<HTMLHeadingElement>(null);
  const heading = headingRef ?? ownHeading;
  /** Where focus goes once the deleted row is gone (set on delete, used after the list re-renders). */
  const focusNext = useRef<ReturnType<typeof focusAfterZoneDeleted> | null>(null);
  useEffect(() => {
    const to = focusNext.current;
    if (!to) return;
    focusNext.current = null;
    (to === 'heading' ? heading.current : deleteButtons.current.get(to.row) ?? heading.current)?.focus();
  }, [zones, heading]);
  // Deleting leaves the edit tool (the zone may be the one selected); a shape being drawn is not touched.
  const remove = (id: string, name: string) => {
    if (mode === 'select') ctl?.setMode('static');
    focusNext.current = focusAfterZoneDeleted(zones.map((z) => z.id), id);
    s().deleteZone(id);
    // Said on the zones' message line (role="status"), with 撤销 to bring it back.
    s().setZoneMessage(null);
    onDeleted?.({ code: 'deleted', zoneId: id, name });
  };
  return (
    <section className="zone-list-section">
      <h3 className="zones-h3" ref={heading} tabIndex={-1}>{t('zoneListTitle')}</h3>
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
              <button
                type="button" className="zone-delete" data-testid="zone-delete" onClick={() => remove(z.id, label)}
                aria-label={t('zoneDeleteLabel', { name: label })}
                ref={(el) => { if (el) deleteButtons.current.set(z.id, el); else deleteButtons.current.delete(z.id); }}
              >
                {t('zoneDelete')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
