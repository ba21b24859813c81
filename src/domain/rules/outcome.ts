/**
 * The tagged outcome every policy rule returns (policy-rules.md, "Rules"). `met` means the rule's
 * condition holds (the parcel IS low-efficiency, IS idle, IS eligible …). `unknown` lists the data
 * that is missing and is never read as `not-met`. The UI switches on `reason`, never on message text.
 */
import type { ParcelField } from '../parcel';
import { missingInputsText } from '../missing-input';
import { yuanScale } from '../units';

export type RuleId =
  | 'scope'
  | 'low-efficiency'
  | 'two-high'
  | 'energy'
  | 'idle'
  | 'under-used'
  | 'd-class'
  | 'land-price'
  | 'floor-area'
  | 'dormitory'
  | 'block-line';

/** Stable order: CSV columns `<ruleId>.status` / `<ruleId>.reason`, panels, exports. */
export const RULE_IDS: readonly RuleId[] = [
  'scope', 'low-efficiency', 'two-high', 'energy', 'idle', 'under-used',
  'd-class', 'land-price', 'floor-area', 'dormitory', 'block-line',
];

export type RuleStatus = 'met' | 'not-met' | 'not-applicable' | 'unknown';

/** Rule statuses in column order: a status column (e.g. AnalysisResult.ruleStatus) holds indexes into this. */
export const STATUS_CODES: readonly RuleStatus[] = ['met', 'not-met', 'not-applicable', 'unknown'];

/** Index of `status` in STATUS_CODES (a switch: no map lookup per outcome). */
export function statusCode(status: RuleStatus): number {
  switch (status) {
    case 'met': return 0;
    case 'not-met': return 1;
    case 'not-applicable': return 2;
    case 'unknown': return 3;
  }
}

export interface Bilingual {
  zh: string;
  en: string;
}

/** Figures a rule used or produced, keyed by name (units in the rule module's JSDoc). */
export type Figures = Readonly<Record<string, number | string | boolean | null>>;

/** A layer the rule needs that was not loaded. */
export type MissingLayer = 'layer:buildings' | 'layer:blocklines' | 'layer:parks';
/**
 * What an `unknown` outcome lacks: a parcel field, a layer, or a computed input. `area`: the area is
 * zero; `geometry`: the parcel's (or, for the enterprise's figures, one of its parcels') geometry is
 * flagged (facts.geometryError), so its area and overlays are unknown.
 */
export type MissingInput = ParcelField | MissingLayer | 'area' | 'geometry';

export interface DecidedOutcome<R extends string = string> {
  rule: RuleId;
  status: 'met' | 'not-met';
  reason: R;
  /** The figures the decision used. */
  actual: Figures;
  /** The thresholds (from the rule set) it compared them with. */
  threshold: Figures;
  clause: string;
  /** Message template for the reason; fill it with renderMessage(outcome, lang). */
  message: Bilingual;
  /** Rule-specific results: fee, recovery, spare land, price floor, extra floor area … */
  extra?: Figures;
}

export interface NotApplicableOutcome<R extends string = string> {
  rule: RuleId;
  status: 'not-applicable';
  reason: R;
  clause: string;
  /** Message template for the reason; fill it with renderMessage(outcome, lang). */
  message: Bilingual;
}

export interface UnknownOutcome {
  rule: RuleId;
  status: 'unknown';
  reason: typeof MISSING_DATA;
  missing: MissingInput[];
  clause: string;
  /** Message template for the reason; fill it with renderMessage(outcome, lang). */
  message: Bilingual;
}

export const MISSING_DATA = 'missing-data';

export type RuleOutcome<R extends string = string> = DecidedOutcome<R> | NotApplicableOutcome<R> | UnknownOutcome;

/** Shared not-applicable reasons. */
export const NOT_INDUSTRIAL = 'not-industrial';
export const NOT_STARTED = 'not-started';

export function decided<R extends string>(
  rule: RuleId, clause: string, status: 'met' | 'not-met', reason: R,
  actual: Figures, threshold: Figures, message: Bilingual, extra?: Figures,
): DecidedOutcome<R> {
  return extra === undefined
    ? { rule, status, reason, actual, threshold, clause, message }
    : { rule, status, reason, actual, threshold, clause, message, extra };
}

/** Not-applicable and unknown outcomes carry no per-parcel figures, so each distinct one is built once and shared. */
const sharedOutcomes = new Map<string, NotApplicableOutcome | UnknownOutcome>();

export function notApplicable<R extends string>(rule: RuleId, clause: string, reason: R, message: Bilingual): NotApplicableOutcome<R> {
  const key = `${rule}|${reason}`;
  let o = sharedOutcomes.get(key);
  if (o === undefined) {
    o = Object.freeze({ rule, status: 'not-applicable' as const, reason, clause, message });
    sharedOutcomes.set(key, o);
  }
  return o as NotApplicableOutcome<R>;
}

export function unknown(rule: RuleId, clause: string, missing: MissingInput[]): UnknownOutcome {
  const key = `${rule}?${missing.join(',')}`;
  let o = sharedOutcomes.get(key);
  if (o === undefined) {
    o = Object.freeze({ rule, status: 'unknown' as const, reason: MISSING_DATA, missing: Object.freeze(missing) as MissingInput[], clause, message: MESSAGE_MISSING });
    sharedOutcomes.set(key, o);
  }
  return o as UnknownOutcome;
}

/** The reason cell of each shared unknown outcome, made once. */
const missingCells = new WeakMap<UnknownOutcome, string>();

/**
 * An outcome's reason as the results table shows it: its reason code, or for an unknown outcome
 * `missing-data:<the missing inputs joined by |>`.
 */
export function reasonCell(o: RuleOutcome): string {
  if (o.status !== 'unknown') return o.reason;
  let cell = missingCells.get(o);
  if (cell === undefined) missingCells.set(o, (cell = `${MISSING_DATA}:${o.missing.join('|')}`));
  return cell;
}

/**
 * The `{ failed: 'a,b' }` extras of rules that list every failed condition, shared per combination:
 * `extraOf(mask)` lists the names whose bit is set (bit i ↔ names[i]), in the names' order.
 */
export function failedExtras(names: readonly string[]): (mask: number) => Figures {
  const byMask: (Figures | undefined)[] = [];
  return (mask) => (byMask[mask] ??= Object.freeze({ failed: names.filter((_, i) => (mask & (1 << i)) !== 0).join(',') }));
}

/** The first of `names` whose bit is set in `mask` (bit i ↔ names[i]; mask ≠ 0). */
export function firstSet<T>(names: readonly T[], mask: number): T {
  return names[31 - Math.clz32(mask & -mask)]!;
}

export const MESSAGE_MISSING: Bilingual = { zh: '缺少数据：{missing}', en: 'missing data: {missing}' };

/**
 * Messages are shared templates (one object per reason, no per-parcel strings: 100k parcels × 11
 * rules must stay cheap). `{key}` is filled from the outcome's extra, actual, then threshold figures:
 * `{key}` → up to 2 decimals, `{key:N}` → N decimals, `{key%}` → a share shown as a percentage
 * (1 decimal), `{key$}` → a 万元 amount (the number in Chinese, whose template says 万元; yuan in English,
 * `CNY 298.3k`), `{missing}` → the missing inputs. renderMessage does the filling.
 */
const PLACEHOLDER = /\{([A-Za-z0-9]+)(%|\$|:\d)?\}/g;

function figure(o: RuleOutcome, key: string): number | string | boolean | null | undefined {
  if (o.status === 'met' || o.status === 'not-met') return o.extra?.[key] ?? o.actual[key] ?? o.threshold[key];
  return undefined;
}

/** The outcome's one-line message in `lang`, placeholders filled. */
export function renderMessage(o: RuleOutcome, lang: keyof Bilingual): string {
  return o.message[lang].replace(PLACEHOLDER, (whole, key: string, format: string | undefined) => {
    if (key === 'missing' && o.status === 'unknown') return missingInputsText(o.missing, lang);
    const v = figure(o, key);
    if (v === undefined) return whole;
    if (v === null) return '—';
    if (typeof v !== 'number') return String(v);
    if (format === '%') return fmt(v * 100, 1);
    if (format === '$') {
      if (lang === 'zh') return fmt(v);
      const y = yuanScale(v);
      return `CNY ${fmt(y.value, y.decimals)}${y.suffix}`;
    }
    if (format?.startsWith(':')) return fmt(v, Number(format.slice(1)));
    return fmt(v);
  });
}

/** Shared messages for the shared not-applicable reasons. */
export const MESSAGE_NOT_INDUSTRIAL: Bilingual = { zh: '非工业用地，不适用', en: 'not industrial land; does not apply' };
export const MESSAGE_NOT_STARTED: Bilingual = { zh: '项目未动工投产，不适用', en: 'project not started; does not apply' };

/** Formats a figure for a message: at most `digits` decimals, trailing zeros dropped. */
export function fmt(value: number, digits = 2): string {
  return String(Number(value.toFixed(digits)));
}
