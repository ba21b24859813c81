/**
 * The zones' last message: a refused outline, an import's outcome, a zone deleted (with 撤销 to bring it back).
 * The live region is always mounted (empty when there is nothing to say), so a screen reader announces a
 * message when it comes; the × stays outside it, so it is not read with the message.
 */
import type { MessageKey } from '../../i18n';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import type { ZoneMessage } from '../../state/zonesSlice';

const KEY: Record<ZoneMessage['code'], MessageKey> = {
  'self-intersection': 'zoneMsgSelfIntersection',
  'no-draw': 'zonesLoadingDraw',
  'hole-not-drawn': 'zoneMsgHoleNotDrawn',
  'import-failed': 'zoneMsgImportFailed',
  imported: 'zoneMsgImported',
  'dropped-saved': 'zoneMsgDroppedSaved',
  'too-few-corners': 'zoneMsgTooFewCorners',
};

/** A message of the panel's own (not the store's): a zone deleted from the list. */
export interface ZoneNotice {
  code: 'deleted';
  zoneId: string;
  name: string;
}

/**
 * What the line shows: the store's message, else the panel's notice — unless the deleted zone is back (撤销),
 * when "deleted" would no longer be true.
 */
export function shownZoneMessage(m: ZoneMessage | null, notice: ZoneNotice | null, zoneIds: readonly string[]): ZoneMessage | ZoneNotice | null {
  if (m) return m;
  if (notice && !zoneIds.includes(notice.zoneId)) return notice;
  return null;
}

export function ZoneMessageLine({ notice = null, onDismiss }: { notice?: ZoneNotice | null; onDismiss?: () => void }) {
  const t = useT();
  const m = useAppStore((s) => s.zoneMessage);
  const lang = useAppStore((s) => s.lang);
  const zoneIds = useAppStore((s) => s.zones).map((z) => z.id);
  const shown = shownZoneMessage(m, notice, zoneIds);
  const text = !shown ? '' : shown.code === 'deleted' ? t('zoneSaidDeleted', { name: shown.name })
    : t(KEY[shown.code], shown.code === 'import-failed' ? { text: shown.text } : shown.code === 'imported' || shown.code === 'dropped-saved' ? { count: shown.count } : undefined);
  const bad = shown?.code === 'self-intersection' || shown?.code === 'import-failed' || shown?.code === 'dropped-saved';
  const dismiss = () => {
    useAppStore.getState().setZoneMessage(null);
    onDismiss?.();
  };
  return (
    <div className={!shown ? 'zone-message-slot' : bad ? 'zone-message bad' : 'zone-message'} data-testid={shown ? 'zone-message' : undefined} data-code={shown?.code}>
      {/* An error is said at once (as role="alert" did), the rest when the reader is free. */}
      <div className="zone-message-body" role="status" aria-live={bad ? 'assertive' : 'polite'} data-testid="zone-message-live">
        {shown && <span>{text}</span>}
        {shown?.code === 'imported' && shown.notes && shown.notes.length > 0 && (
          <ul className="zone-message-notes" data-testid="zone-import-notes">{shown.notes.map((n, i) => <li key={i}>{lang === 'en' ? n.en : n.zh}</li>)}</ul>
        )}
      </div>
      {shown && <button type="button" className="zone-message-close" onClick={dismiss} aria-label={t('zoneMsgClose')}>×</button>}
    </div>
  );
}
