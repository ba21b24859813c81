/**
 * The field-mapping table of one layer: each source column with sample values, the field it feeds (a
 * `<select>` of the role's targets, or 不使用) and, for money/area/energy fields, its unit. Sample values
 * come from the user's file and are rendered as text only.
 */
import { useId } from 'react';
import { PARCEL_FIELDS, type ParcelField } from '../../domain/parcel';
import type { FieldReport, LayerOptions } from '../../io/loader/report';
import { ROLE_FIELDS, type LayerRole } from '../../io/loader/roles';
import { UNIT_CHOICES } from '../../io/loader/units';
import type { MessageKey } from '../../i18n';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';

interface Props {
  layerName: string;
  role: Exclude<LayerRole, 'ignore'>;
  fields: readonly FieldReport[];
  disabled: boolean;
  onChange(patch: LayerOptions): void;
}

/** The canonical fields a role's columns can feed, with their labels. */
function targetsOf(role: Exclude<LayerRole, 'ignore'>): readonly { key: string; zh: string; en: string }[] {
  return role === 'parcels' ? PARCEL_FIELDS : ROLE_FIELDS[role];
}

export function FieldTable({ layerName, role, fields, disabled, onChange }: Props) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const captionId = useId();
  const targets = targetsOf(role);
  if (targets.length === 0) return <p className="import-muted">{t('importLayerNoAttributes')}</p>;
  const label = (x: { zh: string; en: string }) => (lang === 'en' ? x.en : x.zh);
  return (
    <table className="field-table" aria-labelledby={captionId}>
      <caption id={captionId} className="visually-hidden">{t('importFieldsFor', { name: layerName })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('importFieldSource')}</th>
          <th scope="col">{t('importFieldSamples')}</th>
          <th scope="col">{t('importFieldTarget')}</th>
          <th scope="col">{t('importFieldUnit')}</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => {
          const units = role === 'parcels' && f.target ? UNIT_CHOICES[f.target as ParcelField] : undefined;
          return (
            <tr key={f.name} data-field={f.name} className={f.target ? 'mapped' : undefined}>
              <th scope="row" className="field-source">{f.name}</th>
              <td className="field-samples" data-label={t('importFieldSamples')}>
                {f.samples.length === 0 ? <span className="import-muted">{t('noValue')}</span> : f.samples.map((s, i) => <span key={i} className="sample">{s}</span>)}
              </td>
              <td className="field-target" data-label={t('importFieldTarget')}>
                <select
                  value={f.target ?? ''}
                  disabled={disabled}
                  aria-label={`${f.name} → ${t('importFieldTarget')}`}
                  onChange={(e) => onChange({ mapping: { [f.name]: e.target.value || null } })}
                >
                  <option value="">{t('importFieldUnused')}</option>
                  {targets.map((x) => <option key={x.key} value={x.key}>{label(x)}</option>)}
                </select>
                {f.how && <span className="field-how">{t(`fieldHow_${f.how}` as MessageKey)}</span>}
              </td>
              <td className="field-unit" data-label={t('importFieldUnit')}>
                {units && f.target ? (
                  <>
                    <select
                      value={String(f.unit?.factor ?? 1)}
                      disabled={disabled}
                      aria-label={`${f.name} · ${t('importFieldUnit')}`}
                      onChange={(e) => onChange({ factors: { [f.target!]: Number(e.target.value) } })}
                    >
                      {units.map((u) => <option key={u.label} value={String(u.factor)}>{u.label}</option>)}
                    </select>
                    {f.unit?.fromHeader && <span className="field-how">{t('importUnitFromHeader')}</span>}
                    {f.unit?.fromData && <span className="field-how">{t('importUnitFromData')}</span>}
                  </>
                ) : (
                  <span className="import-muted" aria-hidden="true">—</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
