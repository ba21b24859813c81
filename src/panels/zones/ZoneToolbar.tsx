/**
 * Drawing tools: draw-zone (polygon), rectangle, freehand, edit, done, cancel, undo/redo, snapping. 完成/Done
 * keeps a half-drawn shape of 3 or more corners as a zone (a tablet has no Enter key); 取消/Cancel discards it.
 */
import { loadDrawing } from '../../map/draw/lazy';
import type { DrawController } from '../../map/draw/controller';
import { zoneDrawable, type DrawMode } from '../../state/zonesSlice';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';

const start = async (mode: DrawMode) => (await loadDrawing()).setMode(mode);

export function ZoneToolbar({ ctl }: { ctl: DrawController | null }) {
  const t = useT();
  const mode = useAppStore((s) => s.drawMode);
  const snapping = useAppStore((s) => s.snapping);
  const active = useAppStore((s) => s.activeZoneId);
  // Kept, and a zone terra-draw can edit (one polygon without holes: the others are shown read-only).
  const isKept = useAppStore((s) => s.zones.some((z) => z.id === s.activeZoneId && zoneDrawable(z)));
  const canUndo = useAppStore((s) => s.zoneHistory.past.length > 0);
  const canRedo = useAppStore((s) => s.zoneHistory.future.length > 0);
  const drawing = mode === 'polygon' || mode === 'rectangle' || mode === 'freehand';
  const undo = () => {
    if (!(drawing && ctl?.undoVertex())) useAppStore.getState().undoZones();
  };
  const redo = () => {
    if (!(drawing && ctl?.redoVertex())) useAppStore.getState().redoZones();
  };
  const tool = (m: DrawMode, label: Parameters<typeof t>[0], testid?: string) => (
    <button type="button" data-testid={testid} aria-pressed={mode === m} className={mode === m ? 'zone-tool active' : 'zone-tool'} onClick={() => void start(m)}>
      {t(label)}
    </button>
  );
  return (
    <div className="zone-toolbar">
      <div className="zone-tools" role="group" aria-label={t('zonesTitle')}>
        {tool('polygon', 'zoneDrawPolygon', 'draw-zone')}
        {tool('rectangle', 'zoneDrawRectangle')}
        {tool('freehand', 'zoneDrawFreehand')}
        <button type="button" data-testid="zone-edit" className={mode === 'select' ? 'zone-tool active' : 'zone-tool'} aria-pressed={mode === 'select'} disabled={!ctl || !isKept} onClick={() => active && ctl?.edit(active)}>
          {t('zoneEdit')}
        </button>
        <button type="button" data-testid="zone-done" className="zone-tool" disabled={mode === 'static'} onClick={() => void start('static')}>
          {t('zoneDone')}
        </button>
        {drawing && (
          <button type="button" data-testid="zone-cancel" className="zone-tool" disabled={!ctl} onClick={() => ctl?.cancel()}>
            {t('zoneCancel')}
          </button>
        )}
      </div>
      <div className="zone-tools" role="group">
        <button type="button" data-testid="zone-undo" className="zone-tool" disabled={!canUndo && !drawing} onClick={undo}>{t('zoneUndo')}</button>
        <button type="button" data-testid="zone-redo" className="zone-tool" disabled={!canRedo && !drawing} onClick={redo}>{t('zoneRedo')}</button>
        <label className="zone-snap">
          <input type="checkbox" data-testid="zone-snapping" checked={snapping} onChange={(e) => useAppStore.getState().setSnapping(e.target.checked)} />
          {t('zoneSnapping')}
        </label>
      </div>
      {!ctl && <p className="zones-hint">{t('zonesLoadingDraw')}</p>}
      {drawing && <p className="zones-hint">{t('zoneDrawPolygonHint')}</p>}
      {mode === 'select' && <p className="zones-hint">{t('zoneEditHint')}</p>}
    </div>
  );
}
