/**
 * The import preview (`import-preview`): what will load (将载入 N 宗 · X 亩, 跳过 M 个要素), why it cannot
 * yet (blockers, in red), the files that could not be read, every warning and error (`load-messages`),
 * one card per layer with its role, CRS, encoding, field mapping and problems, and the choice for
 * geometry problems. Nothing is replaced until 确认导入; 取消 or Esc drops the import. Loaded on demand.
 */
import { useId } from 'react';
import { formatNumber } from '../i18n/format';
import type { GeometryMode } from '../io/loader/geometry-check';
import { useT } from '../state/selectors';
import { useAppStore } from '../state/store';
import { Dialog } from './import/Dialog';
import { LayerCard } from './import/LayerCard';
import { LoadMessages } from './import/LoadMessages';
import { errorLines, formatBytes, pick, roleLabel, skippedCount } from './import/text';

export function ImportPreview() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const preview = useAppStore((s) => s.importPreview);
  const status = useAppStore((s) => s.importStatus);
  const options = useAppStore((s) => s.importOptions);
  const updating = useAppStore((s) => s.importUpdating);
  const error = useAppStore((s) => s.importError);
  const remembered = useAppStore((s) => s.importRemembered);
  const update = useAppStore((s) => s.updateImportOptions);
  const confirm = useAppStore((s) => s.confirmImport);
  const cancel = useAppStore((s) => s.cancelImport);
  const geometryName = useId();
  if (!preview) return null;
  const committing = status === 'committing';
  const blocked = preview.blockers.length > 0;
  const skipped = skippedCount(preview.layers);
  const geometry: GeometryMode = options.geometry ?? 'repair';
  const others = preview.layers.filter((l) => l.role !== 'parcels' && l.role !== 'ignore' && !l.blocked && l.accepted > 0);

  const subtitle = (
    <div className="import-summary" role="status">
      <p className="import-totals">
        <strong>{t('importWillLoad', { count: formatNumber(preview.totals.parcels, 0), areaMu: formatNumber(preview.totals.areaMu, 1, 1) })}</strong>
        {skipped > 0 && <span className="import-skipped">{t('importWillSkip', { count: formatNumber(skipped, 0) })}</span>}
      </p>
      {others.length > 0 && (
        <p className="import-also">
          {t('importAlsoLoads', {
            list: others.map((l) => t('importAlsoItem', { role: roleLabel(l.role, t), count: formatNumber(l.accepted, 0) })).join(lang === 'en' ? ', ' : '，'),
          })}
        </p>
      )}
      {preview.bytesFetched !== undefined && <p className="import-also">{t('importBytesFetched', { size: formatBytes(preview.bytesFetched) })}</p>}
      {updating && <p className="import-updating">{t('importUpdating')}</p>}
    </div>
  );

  const footer = (
    <>
      <button type="button" className="btn" data-testid="import-cancel" disabled={committing} onClick={() => void cancel()}>
        {t('importCancel')}
      </button>
      <button type="button" className="btn btn-primary" data-testid="import-confirm" disabled={blocked || committing || updating} onClick={() => void confirm()}>
        {committing ? t('importCommitting') : t('importConfirm')}
      </button>
    </>
  );

  return (
    <Dialog
      testId="import-preview"
      className="import-modal"
      title={<>{t('importPreviewTitle')} · <span className="import-name">{preview.identity.name}</span></>}
      subtitle={subtitle}
      footer={footer}
      busy={updating || committing}
      onEscape={() => {
        if (!committing) void cancel();
      }}
    >
      {error && (
        <div className="import-error" role="alert">
          <strong>{t('importFailed')}</strong>
          <ul>{errorLines(error, lang, t).map((line, i) => <li key={i}>{line}</li>)}</ul>
        </div>
      )}
      {blocked && (
        <div className="import-blockers" role="alert">
          <strong>{t('importBlockers')}</strong>
          <ul>{preview.blockers.map((b, i) => <li key={i}>{pick(b, lang)}</li>)}</ul>
        </div>
      )}
      {preview.fileProblems.length > 0 && (
        <div className="import-file-problems">
          <strong>{t('importFileProblems')}</strong>
          <ul>
            {preview.fileProblems.map((p, i) => (
              <li key={i}>
                <span className="msg-source">{p.file}</span> {pick(p.text, lang)}
                {pick(p.fix, lang) && <span className="msg-fix">{t('importFix', { fix: pick(p.fix, lang) })}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}

      <LoadMessages report={preview} />

      {preview.layers.map((layer) => (
        <LayerCard
          key={layer.key}
          layer={layer}
          options={options.layers?.[layer.key]}
          remembered={remembered.includes(layer.key)}
          disabled={committing}
          onChange={(patch) => void update({ layers: { [layer.key]: patch } })}
        />
      ))}

      <fieldset className="import-geometry" disabled={committing}>
        <legend>{t('importGeometry')}</legend>
        {(['repair', 'skip'] as const).map((mode) => (
          <label key={mode} className="import-radio">
            <input type="radio" name={geometryName} value={mode} checked={geometry === mode} onChange={() => void update({ geometry: mode })} />
            {mode === 'repair' ? t('importGeometryRepair') : t('importGeometrySkip')}
          </label>
        ))}
      </fieldset>
    </Dialog>
  );
}

export default ImportPreview;
