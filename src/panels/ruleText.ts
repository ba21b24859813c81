/** Display text for rule outcomes and engine figures: labels only, no analysis. */
import { PARCEL_FIELDS, type ParcelField } from '../domain/parcel';
import type { Figures, MissingInput } from '../domain/rules/outcome';
import type { Lang, MessageKey, Translate } from '../i18n';
import { formatNumber } from '../i18n/format';

const FIELD_LABEL = new Map(PARCEL_FIELDS.map((f) => [f.key, f]));
const LAYER_LABEL: Record<string, MessageKey> = {
  'layer:buildings': 'missingLayerBuildings',
  'layer:blocklines': 'missingLayerBlocklines',
  'layer:parks': 'missingLayerParks',
  area: 'missingArea',
  geometry: 'missingGeometry',
};

/** The missing inputs of an `unknown` outcome, as field / layer names in `lang`. */
export function missingLabels(missing: readonly MissingInput[], lang: Lang, t: Translate): string {
  return missing
    .map((m) => {
      const layer = LAYER_LABEL[m];
      if (layer) return t(layer);
      const field = FIELD_LABEL.get(m as ParcelField);
      return field ? (lang === 'en' ? field.en : field.zh) : m;
    })
    .join(lang === 'en' ? ', ' : '、');
}

/** `key=value` pairs of a figures record, for a tooltip. */
export function figuresText(f: Figures | undefined): string {
  if (!f) return '—';
  return Object.entries(f)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v, 3) : String(v)}`)
    .join(', ');
}
