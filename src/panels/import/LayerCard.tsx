/**
 * One layer of the import preview: what it is (name, files, format, features), its role, CRS and
 * encoding with how each was decided and a control to change it, its field mapping and its problems.
 */
import { useId } from 'react';
import { CRS_CODES, type CrsCode } from '../../geo/projection';
import { CRS_LABELS } from '../../io/loader/crs';
import type { LayerOptions, LayerReport } from '../../io/loader/report';
import { LAYER_ROLES, type LayerRole, type RoleHow } from '../../io/loader/roles';
import { formatNumber } from '../../i18n/format';
import type { MessageKey } from '../../i18n';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { FieldTable } from './FieldTable';
import { FORMAT_LABELS, pick, problemText, roleLabel } from './text';

const ENCODINGS: readonly { label: string; text: string }[] = [
  { label: 'gb18030', text: 'GB18030 (GBK)' },
  { label: 'utf-8', text: 'UTF-8' },
  { label: 'big5', text: 'Big5' },
  { label: 'windows-1252', text: 'Windows-1252' },
];
/** WHATWG aliases of the choices above (a reader may report `gbk`). */
const ENCODING_ALIASES: Record<string, string> = { gbk: 'gb18030', gb2312: 'gb18030', utf8: 'utf-8', 'x-cp1252': 'windows-1252', cp1252: 'windows-1252' };

interface Props {
  layer: LayerReport;
  options: LayerOptions | undefined;
  remembered: boolean;
  disabled: boolean;
  onChange(patch: LayerOptions): void;
}

export function LayerCard({ layer, options, remembered, disabled, onChange }: Props) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const id = useId();
  const howRole = t(`roleHow_${layer.roleHow satisfies RoleHow}` as MessageKey);
  const polygonal = layer.geometryKind === 'polygon' || layer.geometryKind === 'mixed';
  const imported = layer.role !== 'ignore';
  return (
    <section className={`import-layer${layer.blocked ? ' import-layer-blocked' : ''}${imported ? '' : ' import-layer-ignored'}`} aria-labelledby={`${id}-name`} data-layer={layer.key}>
      <header className="import-layer-head">
        <h3 id={`${id}-name`}>{layer.name}</h3>
        <span className="import-layer-meta">
          {FORMAT_LABELS[layer.format]} · {t('importLayerFeatures', { count: formatNumber(layer.featureCount, 0) })}
        </span>
        {imported && !layer.blocked && (
          <span className={`import-layer-accepted${layer.accepted < layer.featureCount ? ' partial' : ''}`}>
            {t('importLayerAccepted', { accepted: formatNumber(layer.accepted, 0), count: formatNumber(layer.featureCount, 0) })}
          </span>
        )}
      </header>
      <p className="import-files">
        <span className="import-muted">{t('importFiles')}</span>
        {layer.files.join(lang === 'en' ? ', ' : '、')}
      </p>
      {layer.blocked && <p className="import-blocked" role="alert">{t('importLayerBlocked', { why: pick(layer.blocked, lang) })}</p>}

      <div className="import-settings">
        <div className="import-setting">
          <label htmlFor={`${id}-role`}>{t('importRole')}</label>
          <div className="import-control">
            <select id={`${id}-role`} value={layer.role} disabled={disabled} onChange={(e) => onChange({ role: e.target.value as LayerRole })}>
              {LAYER_ROLES.map((r) => <option key={r} value={r}>{roleLabel(r, t)}</option>)}
            </select>
            <span className="how-badge">{howRole}</span>
          </div>
        </div>

        {imported && polygonal && (
          <div className="import-setting">
            <label htmlFor={`${id}-crs`}>{t('importCrs')}</label>
            <div className="import-control">
              <select
                id={`${id}-crs`}
                value={options?.crs ?? layer.crs.crs ?? ''}
                disabled={disabled}
                onChange={(e) => onChange({ crs: e.target.value as CrsCode })}
              >
                {!(options?.crs ?? layer.crs.crs) && <option value="" disabled>{t('importCrsChoose')}</option>}
                {CRS_CODES.map((c) => <option key={c} value={c}>{lang === 'en' ? CRS_LABELS[c].en : CRS_LABELS[c].zh}</option>)}
              </select>
              <label className="import-check">
                <input type="checkbox" checked={options?.swapXY ?? layer.crs.swapped} disabled={disabled} onChange={(e) => onChange({ swapXY: e.target.checked })} />
                {t('importSwapXY')}
              </label>
            </div>
            <p className="import-note">
              {layer.crs.how ? <span className="how-badge">{t(`crsHow_${layer.crs.how}` as MessageKey)}</span> : <span className="how-badge how-missing">{t('importCrsUndecided')}</span>}
              {pick(layer.crs.note, lang)}
            </p>
            {layer.crs.declared && layer.crs.how !== 'declared' && <p className="import-note import-muted">{t('importCrsDeclared', { text: layer.crs.declared })}</p>}
            {layer.crs.warning && <p className="import-warning">{pick(layer.crs.warning, lang)}</p>}
          </div>
        )}

        {imported && layer.encoding && <EncodingSetting layer={layer} encoding={layer.encoding} disabled={disabled} onChange={onChange} />}
      </div>

      {imported && polygonal && layer.fields.length > 0 && (
        <div className="import-fields">
          <h4>{t('importFields')}</h4>
          {remembered && <p className="import-note import-remembered">{t('importRemembered')}</p>}
          <FieldTable layerName={layer.name} role={layer.role as Exclude<LayerRole, 'ignore'>} fields={layer.fields} disabled={disabled} onChange={onChange} />
        </div>
      )}

      {!imported && <p className="import-muted">{t('importLayerIgnored')}</p>}

      {layer.problems.length > 0 && (
        <div className="import-problems">
          <h4>{t('importProblems')}</h4>
          <ul>
            {layer.problems.map((p, i) => (
              <li key={i} className={`problem problem-${p.severity}`} data-code={p.code}>
                <span className="problem-text">{problemText(p, lang, t)}</span>
                {p.examples.length > 0 && (
                  <details>
                    <summary>{t('importExamples', { count: p.examples.length })}</summary>
                    <ul className="problem-examples">
                      {p.examples.map((e, j) => (
                        <li key={j}>
                          <span className="example-where">
                            {t('importExample', { n: formatNumber(e.index + 1, 0) })}
                            {e.id !== undefined && ` · ${t('importExampleId', { id: e.id })}`}
                          </span>
                          {e.detail && <span className="example-detail">{e.detail}</span>}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function EncodingSetting({ layer, encoding, disabled, onChange }: { layer: LayerReport; encoding: NonNullable<LayerReport['encoding']>; disabled: boolean; onChange(patch: LayerOptions): void }) {
  const t = useT();
  const id = useId();
  const current = ENCODING_ALIASES[encoding.label.toLowerCase()] ?? encoding.label.toLowerCase();
  const known = ENCODINGS.some((e) => e.label === current);
  return (
    <div className="import-setting">
      <label htmlFor={id}>{t('importEncoding')}</label>
      <div className="import-control">
        <select id={id} value={current} disabled={disabled} onChange={(e) => onChange({ encoding: e.target.value })}>
          {!known && <option value={current}>{encoding.label}</option>}
          {ENCODINGS.map((e) => <option key={e.label} value={e.label}>{e.text}</option>)}
        </select>
        <span className="how-badge">
          {t(`encHow_${encoding.how}` as MessageKey)}
          {encoding.evidence ? ` · ${encoding.evidence}` : ''}
        </span>
      </div>
      {layer.encodingSample.length > 0 ? (
        <>
          <p className="import-note import-muted">{t('importEncodingSample')}</p>
          <ul className="encoding-sample" lang="zh-CN">
            {layer.encodingSample.map((s, i) => <li key={i}>{s}</li>)}
          </ul>
        </>
      ) : (
        <p className="import-note import-muted">{t('importEncodingNoSample')}</p>
      )}
    </div>
  );
}
