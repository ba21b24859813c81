/** The zones' last message: a refused outline, an import's outcome. */
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

export function ZoneMessageLine() {
  const t = useT();
  const m = useAppStore((s) => s.zoneMessage);
  const lang = useAppStore((s) => s.lang);
  if (!m) return null;
  const params: Record<string, string | number> | undefined = m.code === 'import-failed' ? { text: m.text } : m.code === 'imported' || m.code === 'dropped-saved' ? { count: m.count } : undefined;
  const bad = m.code === 'self-intersection' || m.code === 'import-failed' || m.code === 'dropped-saved';
  return (
    <div className={bad ? 'zone-message bad' : 'zone-message'} role={bad ? 'alert' : 'status'} data-testid="zone-message" data-code={m.code}>
      <div>
        <span>{t(KEY[m.code], params)}</span>
        {m.code === 'imported' && m.notes && m.notes.length > 0 && (
          <ul className="zone-message-notes" data-testid="zone-import-notes">{m.notes.map((n, i) => <li key={i}>{lang === 'en' ? n.en : n.zh}</li>)}</ul>
        )}
      </div>
      <button type="button" className="zone-message-close" onClick={() => useAppStore.getState().setZoneMessage(null)} aria-label={t('zoneMsgClose')}>×</button>
    </div>
  );
}
