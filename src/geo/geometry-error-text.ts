/**
 * A parcel's geometry problem (validate.ts, overlay.ts: English, as the CLI's CSV carries it) in the
 * reader's language: Chinese for the card, the status bar and the Excel export.
 */
type Lang = 'zh' | 'en';

const ringZh = (ring: string): string => (ring === 'the outer ring' ? '外环' : `第 ${/\d+/.exec(ring)?.[0] ?? '?'} 个环`);

const PATTERNS: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^self-intersection near (\(.*\))$/, (m) => `自相交（约在 ${m[1]} 附近）`],
  [/^a spike \(an edge doubling back\) near (\(.*\))$/, (m) => `有折回的尖刺边（约在 ${m[1]} 附近）`],
  [/^(the outer ring|ring \d+) touches itself near (\(.*\))$/, (m) => `${ringZh(m[1]!)}自身接触（约在 ${m[2]} 附近）`],
  [/^(the outer ring|ring \d+) has fewer than 3 distinct vertices$/, (m) => `${ringZh(m[1]!)}的不同顶点不足 3 个`],
  [/^(the outer ring|ring \d+) has no area$/, (m) => `${ringZh(m[1]!)}面积为零`],
  [/^a coordinate is missing or not a finite number$/, () => '有坐标缺失或不是有限数值'],
  [/^a ring is not closed/, () => '有环未闭合（首尾顶点不同）'],
  [/^a ring has fewer than 3 vertices$/, () => '有环的顶点不足 3 个'],
  [/^empty geometry$/, () => '几何为空'],
  [/^missing geometry$/, () => '缺少几何图形'],
  [/^expected Polygon or MultiPolygon, got (\w+)$/, (m) => `不是面（而是 ${m[1]}）`],
  [/^unreadable geometry: (.*)$/, (m) => `几何无法读取（${m[1]}）`],
  [/^overlay failed: (.*)$/, (m) => `叠加计算失败（${m[1]}）`],
];

export function geometryErrorText(message: string, lang: Lang): string {
  if (lang === 'en') return message;
  for (const [re, zh] of PATTERNS) {
    const m = re.exec(message);
    if (m) return zh(m);
  }
  return `几何问题（${message}）`;
}
