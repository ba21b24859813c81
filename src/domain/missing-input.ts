/** What an `unknown` rule outcome lacked, named for people: field labels and layer names, never code keys. */
import { PARCEL_FIELDS, type ParcelField } from './parcel';
import type { Bilingual, MissingInput } from './rules/outcome';

const FIELD_LABEL = new Map<string, Bilingual>(PARCEL_FIELDS.map((f) => [f.key, f]));
const OTHER_LABEL: Record<Exclude<MissingInput, ParcelField>, Bilingual> = {
  'layer:buildings': { zh: '建筑物图层', en: 'buildings layer' },
  'layer:blocklines': { zh: '工业区块线图层', en: 'block-line layer' },
  'layer:parks': { zh: '园区图层', en: 'parks layer' },
  area: { zh: '面积', en: 'area' },
  geometry: { zh: '有效的地块图形（几何错误）', en: 'valid parcel geometry (geometry error)' },
};

/** One missing input's name in `lang`. */
export function missingInputLabel(m: MissingInput, lang: keyof Bilingual): string {
  const label = (OTHER_LABEL as Record<string, Bilingual>)[m] ?? FIELD_LABEL.get(m);
  return label ? label[lang] : m;
}

/** The missing inputs as a list in `lang` (、 between Chinese names). */
export function missingInputsText(missing: readonly MissingInput[], lang: keyof Bilingual): string {
  return missing.map((m) => missingInputLabel(m, lang)).join(lang === 'en' ? ', ' : '、');
}
