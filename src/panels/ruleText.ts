/** Display text for rule outcomes and engine figures: labels and units, never field names or raw codes; no analysis. */
import { missingInputsText } from '../domain/missing-input';
import type { ParcelField } from '../domain/parcel';
import type { Figures, MissingInput } from '../domain/rules/outcome';
import type { Lang, MessageKey, Translate } from '../i18n';
import { formatDate, formatFieldValue, formatNumber, formatPercent, formatWan } from '../i18n/format';

/** The missing inputs of an `unknown` outcome, as field / layer names in `lang`. */
export function missingLabels(missing: readonly MissingInput[], lang: Lang): string {
  return missingInputsText(missing, lang === 'en' ? 'en' : 'zh');
}

type Kind = 'wanPerMu' | 'wan' | 'mu' | 'm2' | 'pct' | 'count' | 'tce' | 'tcePerWan' | 'years' | 'date' | 'year' | 'number' | 'yuanPerM2' | 'bool' | 'text' | 'field' | 'stage' | 'failed';

/** How each figure the rules report is shown (rules/*.ts: actual, threshold, extra). */
const KIND: Record<string, Kind> = {
  taxPerMu: 'wanPerMu', minTaxPerMu: 'wanPerMu', taxPerMuBelow: 'wanPerMu',
  tax: 'wan', addedValue: 'wan', landPriceWan: 'wan', feeWan: 'wan', priceFloorWan: 'wan',
  landMu: 'mu', areaMu: 'mu', spareMu: 'mu', belowScaleMinMu: 'mu', minAreaMu: 'mu',
  areaM2: 'm2', footprintM2: 'm2', overlapM2: 'm2', level1M2: 'm2', level2M2: 'm2', unclassifiedM2: 'm2', spareM2: 'm2',
  extraFloorAreaM2: 'm2', currentSupportLandM2: 'm2', extraSupportLandM2: 'm2', supportLandCapM2: 'm2', supportFloorAreaCapM2: 'm2', minOverlapM2: 'm2',
  developedRatio: 'pct', investedRatio: 'pct', coverage: 'pct', share: 'pct', developedRatioMin: 'pct', investedRatioMin: 'pct', feeRate: 'pct',
  minCoverage: 'pct', floorRatio: 'pct', supportLandRatioFrom: 'pct', supportLandRatioTo: 'pct', supportFloorAreaRatio: 'pct',
  parcels: 'count',
  energyTce: 'tce', newMinTce: 'tce', oldMinTce: 'tce',
  energyIntensity: 'tcePerWan', maxIntensity: 'tcePerWan',
  yearsSinceAgreedStart: 'years', yearsSuspended: 'years', notStartedYears: 'years', suspendedYears: 'years', recoveryYears: 'years', idleYears: 'years',
  agreedStartDate: 'date', actualStartDate: 'date', suspendedSince: 'date', idleSince: 'date', idleFrom: 'date',
  builtYear: 'year', deadlineYear: 'year', sinceYear: 'year',
  far: 'number', minFar: 'number', farMultiplier: 'number', requiredFar: 'number', plannedMaxFar: 'number',
  gradePrice: 'yuanPerM2', priceFloorYuanPerM2: 'yuanPerM2',
  evalClassComputed: 'bool', computed: 'bool', priorityIndustry: 'bool', maxFarFromData: 'bool', recovery: 'bool', gradeFromData: 'bool',
  industry: 'text', park: 'text', level: 'text', evalClass: 'text', classes: 'text',
  scale: 'field', ownership: 'field', tenure: 'field',
  stage: 'stage', failed: 'failed',
};

const FAILED: Record<string, MessageKey> = {
  'not-priority': 'fail_notPriority', 'far-below': 'fail_farBelow', 'coverage-below': 'fail_coverageBelow', 'tax-below': 'fail_taxBelow',
  'not-private': 'fail_notPrivate', leased: 'fail_leased', 'far-at-max': 'fail_farAtMax',
};

/** Every figure key has a label and a way to be shown (tests check the rules' keys against this). */
export const hasFigureLabel = (key: string): boolean => key in KIND;

export function figureLabel(key: string, t: Translate): string {
  return key in KIND ? t(`fig_${key}` as MessageKey) : key;
}

/** One figure's value with its unit in `lang`. */
export function figureValue(key: string, v: string | number | boolean | null, lang: Lang, t: Translate): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return t('figNone');
  const kind = KIND[key] ?? 'text';
  if (typeof v === 'boolean') return t(v ? 'figYes' : 'figNo');
  if (typeof v === 'string') {
    if (kind === 'date') return formatDate(v, lang);
    if (kind === 'field') return formatFieldValue(key as ParcelField, v as never, lang);
    if (kind === 'stage') return t(`stage_${v}` as MessageKey);
    if (kind === 'failed') return v.split(',').map((c) => (FAILED[c] ? t(FAILED[c]) : c)).join(lang === 'en' ? ', ' : '、');
    return v;
  }
  switch (kind) {
    case 'wanPerMu': return formatWan(v, lang, 'mu');
    case 'wan': return formatWan(v, lang);
    case 'mu': return `${formatNumber(v, 2)} ${t('unitMu')}`;
    case 'm2': return `${formatNumber(v, v < 1 ? 2 : 0)} ${t('unitM2')}`;
    case 'pct': return formatPercent(v);
    case 'count': return t('figParcels', { n: formatNumber(v, 0) });
    case 'tce': return `${formatNumber(v, 2)} ${t('unitTce')}`;
    case 'tcePerWan': return `${formatNumber(v, 3)} ${t('unitTcePerWan')}`;
    case 'years': return t('figYears', { n: formatNumber(v, 0) });
    case 'year': return String(v);
    case 'yuanPerM2': return `${formatNumber(v, 0)} ${t('unitYuanPerM2')}`;
    case 'stage': return t(`stage_${v}` as MessageKey);
    default: return formatNumber(v, 2);
  }
}

/** A figures record as `label value unit` items, for a rule's tooltip and its details. */
export function figuresText(f: Figures | undefined, lang: Lang, t: Translate): string {
  if (!f) return '—';
  const sep = lang === 'en' ? '; ' : '；';
  return Object.entries(f)
    .map(([k, v]) => `${figureLabel(k, t)} ${figureValue(k, v, lang, t)}`)
    .join(sep);
}
