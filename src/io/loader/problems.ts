/**
 * Problems the loader finds, tallied per kind: a count, a few examples and what was done about it, in
 * Chinese and English. 100k features with a bad date become one line "2,314 个要素的出让日期无法识别",
 * not 2,314 warnings.
 */
import type { IoWarning } from '../formats/types';
import { readerWarningText } from './reader-text';

export type ProblemCode =
  | 'no-geometry' | 'not-polygon' | 'non-finite' | 'unclosed-ring' | 'repeated-points' | 'too-few-points'
  | 'self-intersection' | 'outside-district' | 'absurd-size' | 'negative-area' | 'missing-id' | 'duplicate-id' | 'near-duplicate-id'
  | 'unreadable-value' | 'unreadable-date' | 'absurd-value' | 'value-converted' | 'future-date'
  | 'no-level' | 'no-name' | 'old-datum' | 'reader' | 'unit-detected' | 'unknown-town';

/** Problems that are a note about the whole layer in words of their own, not a count of features. */
export type LayerNoteCode = 'old-datum' | 'reader' | 'unit-detected' | 'unknown-town';
const LAYER_NOTES: ReadonlySet<ProblemCode> = new Set<LayerNoteCode>(['old-datum', 'reader', 'unit-detected', 'unknown-town']);
export const isLayerNote = (code: ProblemCode): boolean => LAYER_NOTES.has(code);

export type ProblemAction = 'repaired' | 'skipped' | 'value-dropped' | 'value-converted' | 'kept' | 'defaulted';

export interface ProblemExample {
  /** 0-based feature index in the file. */
  index: number;
  id?: string;
  detail: string;
}

export interface Problem {
  code: ProblemCode;
  severity: 'error' | 'warning';
  action: ProblemAction;
  /** For value problems: the source column. */
  field?: string;
  count: number;
  examples: ProblemExample[];
  text: ProblemText;
}

/** A problem's words: `en` follows a plural subject ("3 features have …"), `enOne` a singular one when it differs. */
export interface ProblemText {
  zh: string;
  en: string;
  enOne?: string;
}

/**
 * "1 feature has no geometry", "3 features have no geometry" (the count as given, e.g. formatted); a layer
 * note (a datum warning, a reader's message) is a sentence of its own: "…", "… (3 times)".
 */
export function problemSentenceEn(p: Pick<Problem, 'code' | 'count' | 'text'>, count: string | number = p.count): string {
  if (isLayerNote(p.code)) return p.count > 1 ? `${p.text.en} (${count} times)` : p.text.en;
  return p.count === 1 ? `${count} feature ${p.text.enOne ?? p.text.en}` : `${count} features ${p.text.en}`;
}

const MAX_EXAMPLES = 5;

/** Each problem in Chinese and in English, `en` for several features, `enOne` for one (none: a layer note's own words). */
const TEXT: Record<ProblemCode, (field?: string) => ProblemText> = {
  'no-geometry': () => ({ zh: '没有几何图形', en: 'have no geometry', enOne: 'has no geometry' }),
  'not-polygon': () => ({ zh: '不是面（点或线不能作地块）', en: 'are not polygons (points and lines cannot be parcels)', enOne: 'is not a polygon (points and lines cannot be parcels)' }),
  'non-finite': () => ({ zh: '坐标缺失或不是有限数值', en: 'have a missing or non-finite coordinate', enOne: 'has a missing or non-finite coordinate' }),
  'unclosed-ring': () => ({ zh: '环未闭合（首尾顶点不同）', en: 'have a ring that is not closed', enOne: 'has a ring that is not closed' }),
  'repeated-points': () => ({ zh: '有连续重复的顶点', en: 'have repeated consecutive vertices', enOne: 'has repeated consecutive vertices' }),
  'too-few-points': () => ({ zh: '环的顶点不足 3 个', en: 'have a ring with fewer than 3 corners', enOne: 'has a ring with fewer than 3 corners' }),
  'self-intersection': () => ({ zh: '自相交（其覆盖率、区块线等叠加结果不计）', en: 'intersect themselves (their overlay figures are left out)', enOne: 'intersects itself (its overlay figures are left out)' }),
  'outside-district': () => ({ zh: '位于瓯海区范围之外', en: 'lie outside Ouhai', enOne: 'lies outside Ouhai' }),
  'missing-id': () => ({ zh: '缺少地块编号', en: 'have no parcel id', enOne: 'has no parcel id' }),
  'duplicate-id': () => ({ zh: '地块编号与前面的要素重复', en: 'repeat an earlier parcel id', enOne: 'repeats an earlier parcel id' }),
  'near-duplicate-id': () => ({ zh: '地块编号与前面的要素仅差全角字符或不可见字符，视为重复', en: 'repeat an earlier parcel id but for full-width or invisible characters', enOne: 'repeats an earlier parcel id but for full-width or invisible characters' }),
  'absurd-size': () => ({ zh: '面积超过 2 平方公里（3000 亩），不像一宗工业地块（单位或坐标有误？），不计入全区数据', en: 'are larger than 2 km² (3,000 mu), not a plausible industrial parcel (wrong unit or coordinates?); kept out of the district figures', enOne: 'is larger than 2 km² (3,000 mu), not a plausible industrial parcel (wrong unit or coordinates?); kept out of the district figures' }),
  'negative-area': () => ({ zh: '面积为负：环的顺序有误（外环应在前、内环应在外环之内），未导入；请在 GIS 软件中修复几何后重新导出', en: 'have a negative area: rings out of order (the outer ring first, holes inside it); not imported: repair the geometry in GIS and export again', enOne: 'has a negative area: rings out of order (the outer ring first, holes inside it); not imported: repair the geometry in GIS and export again' }),
  'unreadable-value': (f) => ({ zh: `字段「${f}」的值无法识别，留空`, en: `have a value in "${f}" that cannot be read; left empty`, enOne: `has a value in "${f}" that cannot be read; left empty` }),
  'unreadable-date': (f) => ({ zh: `字段「${f}」的日期无法识别（请写成 2021-03-05 或 2021年3月），相关规则显示数据不足（待核实）`, en: `have a date in "${f}" that cannot be read (write it as 2021-03-05 or 2021年3月); rules that need it say data missing`, enOne: `has a date in "${f}" that cannot be read (write it as 2021-03-05 or 2021年3月); rules that need it say data missing` }),
  'absurd-value': (f) => ({ zh: `字段「${f}」的值不合理，已剔除`, en: `have an implausible value in "${f}"; dropped`, enOne: `has an implausible value in "${f}"; dropped` }),
  'value-converted': (f) => ({ zh: `字段「${f}」的值已换算（百分数→比例、人数取整）`, en: `have "${f}" converted (percentage to share, people rounded)`, enOne: `has "${f}" converted (percentage to share, people rounded)` }),
  'future-date': (f) => ({ zh: `字段「${f}」的日期晚于今天，已剔除`, en: `have a date in "${f}" after today; dropped`, enOne: `has a date in "${f}" after today; dropped` }),
  'no-level': () => ({ zh: '没有区块线级别，按「未分级」计入', en: 'have no block-line tier; counted as 未分级 (unclassified)', enOne: 'has no block-line tier; counted as 未分级 (unclassified)' }),
  'no-name': () => ({ zh: '没有名称，已编号命名', en: 'have no name; numbered instead', enOne: 'has no name; numbered instead' }),
  'old-datum': () => ({ zh: '', en: '' }),
  reader: () => ({ zh: '', en: '' }),
  'unit-detected': () => ({ zh: '', en: '' }),
  'unknown-town': () => ({ zh: '', en: '' }),
};

const ACTION_TEXT: Record<ProblemAction, { zh: string; en: string }> = {
  repaired: { zh: '已修复', en: 'repaired' },
  skipped: { zh: '已跳过，不载入', en: 'skipped, not loaded' },
  'value-dropped': { zh: '', en: '' },
  'value-converted': { zh: '', en: '' },
  kept: { zh: '保留并标记', en: 'kept and flagged' },
  defaulted: { zh: '', en: '' },
};

/** Collects problems by (code, field, action); `list()` gives them in the order first seen. */
export class ProblemTally {
  private readonly byKey = new Map<string, Problem>();

  add(code: ProblemCode, action: ProblemAction, example: ProblemExample, field?: string, severity: Problem['severity'] = 'warning'): void {
    const key = `${code}\u0000${field ?? ''}\u0000${action}`;
    let p = this.byKey.get(key);
    if (!p) {
      const base = TEXT[code](field);
      const act = ACTION_TEXT[action];
      const withAction = (words: string, sep: string, action: string) => (action ? `${words}${sep}${action}` : words);
      const text: ProblemText = { zh: withAction(base.zh, '，', act.zh), en: withAction(base.en, '; ', act.en) };
      if (base.enOne) text.enOne = withAction(base.enOne, '; ', act.en);
      p = { code, severity, action, field, count: 0, examples: [], text };
      this.byKey.set(key, p);
    }
    p.count++;
    if (p.examples.length < MAX_EXAMPLES) p.examples.push(example);
  }

  /** A layer-level note (a datum warning, a reader's warning, a unit read from the data …) with its own words. */
  note(code: LayerNoteCode, text: { zh: string; en: string }, example?: ProblemExample): void {
    const key = `${code}\u0000${text.en}`;
    const p: Problem = this.byKey.get(key) ?? { code, severity: 'warning', action: 'kept', count: 0, examples: [], text };
    p.count++;
    if (example && p.examples.length < MAX_EXAMPLES) p.examples.push(example);
    this.byKey.set(key, p);
  }

  /** A reader's IoWarnings, grouped by their code and field. */
  addReaderWarnings(warnings: readonly IoWarning[]): void {
    for (const w of warnings) {
      const text = readerWarningText(w.message);
      this.note('reader', text, w.feature ? { index: w.feature.index, id: w.feature.id, detail: w.message } : undefined);
    }
  }

  list(): Problem[] {
    return [...this.byKey.values()];
  }
}
