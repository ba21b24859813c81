/**
 * Decides a layer's CRS: the user's choice, else what the file declares (.prj, GeoJSON `crs`, FlatGeobuf
 * header), else the coordinate ranges (geo/crs-detect.ts: the 40 zone prefix, lon/lat, swapped X/Y).
 * Decided per layer from all its features; features that do not fall in Ouhai under the decision are
 * reported one by one (outside-district), not allowed to sink the layer. A declaration the coordinates
 * plainly contradict (GDAL's "EPSG:4326" on a file of metres) gives way to the coordinates, with a warning.
 */
import { classifyBox, COORDINATE_KINDS, ELSEWHERE, SWAPPED_KIND, type CoordinateKind } from '../../geo/crs-detect';
import { OLD_DATUM, type CrsCode } from '../../geo/projection';
import type { DeclaredCrs } from '../source';

export interface CrsDecision {
  crs: CrsCode;
  /** X and Y are swapped in the file (northing first, as Chinese survey tables write them). */
  swapped: boolean;
  how: 'declared' | 'detected' | 'user';
  note: { zh: string; en: string };
  /** Something the user should check: an old datum, a declaration overruled. */
  warning?: { zh: string; en: string };
  /** Per feature: 1 when it lies in Ouhai under this decision, else 0. */
  fits: Uint8Array;
}

export type CrsOutcome = { ok: true; decision: CrsDecision } | { ok: false; text: { zh: string; en: string } };

/** The coordinate kind each CRS puts Ouhai in. */
const KIND_OF: Record<CrsCode, CoordinateKind> = {
  'EPSG:4549': 'EPSG:4549', 'EPSG:2385': 'EPSG:4549', 'EPSG:2437': 'EPSG:4549',
  'EPSG:4528': 'EPSG:4528', 'EPSG:2364': 'EPSG:4528', 'EPSG:2416': 'EPSG:4528',
  'EPSG:4490': 'geographic', 'EPSG:4326': 'geographic',
};

export const CRS_LABELS: Record<CrsCode, { zh: string; en: string }> = {
  'EPSG:4549': { zh: 'CGCS2000 3度带 中央经线120°E（EPSG:4549）', en: 'CGCS2000 3° GK CM 120°E (EPSG:4549)' },
  'EPSG:4528': { zh: 'CGCS2000 3度带 第40带 带号前缀（EPSG:4528）', en: 'CGCS2000 3° GK zone 40, with zone prefix (EPSG:4528)' },
  'EPSG:4490': { zh: 'CGCS2000 经纬度（EPSG:4490）', en: 'CGCS2000 lon/lat (EPSG:4490)' },
  'EPSG:4326': { zh: 'WGS84 经纬度（EPSG:4326）', en: 'WGS84 lon/lat (EPSG:4326)' },
  'EPSG:2385': { zh: '西安80 3度带 中央经线120°E（EPSG:2385）', en: 'Xian 1980 3° GK CM 120°E (EPSG:2385)' },
  'EPSG:2364': { zh: '西安80 3度带 第40带 带号前缀（EPSG:2364）', en: 'Xian 1980 3° GK zone 40, with prefix (EPSG:2364)' },
  'EPSG:2437': { zh: '北京54 3度带 中央经线120°E（EPSG:2437）', en: 'Beijing 1954 3° GK CM 120°E (EPSG:2437)' },
  'EPSG:2416': { zh: '北京54 3度带 第40带 带号前缀（EPSG:2416）', en: 'Beijing 1954 3° GK zone 40, with prefix (EPSG:2416)' },
};

const DETECTED_CRS: Partial<Record<CoordinateKind, CrsCode>> = {
  'EPSG:4549': 'EPSG:4549', 'EPSG:4528': 'EPSG:4528', geographic: 'EPSG:4490',
  'swapped-4549': 'EPSG:4549', 'swapped-4528': 'EPSG:4528', 'swapped-geographic': 'EPSG:4490',
};

/** A feature's kind by its number in COORDINATE_KINDS; NO_KIND for a feature with no usable geometry. */
export type KindCodes = Uint8Array;
const NO_KIND = 255;
const kindCode = (k: CoordinateKind): number => COORDINATE_KINDS.indexOf(k);
/** swapped-4549 → EPSG:4549, swapped-geographic → geographic; other kinds unchanged. */
const unswapped = (k: number): number => (k >= SWAPPED_KIND && k !== ELSEWHERE ? k - SWAPPED_KIND : k);

/** How many features have a kind, and the kind most of them have (on a tie, the one met first). */
function majorityKind(kinds: KindCodes): { usable: number; majority: number } {
  const counts = new Int32Array(COORDINATE_KINDS.length);
  const first = new Int32Array(COORDINATE_KINDS.length).fill(kinds.length);
  for (let i = 0; i < kinds.length; i++) {
    const k = kinds[i]!;
    if (k === NO_KIND) continue;
    if (counts[k]! === 0) first[k] = i;
    counts[k]!++;
  }
  let usable = 0;
  let majority = -1;
  for (let k = 0; k < counts.length; k++) {
    usable += counts[k]!;
    if (counts[k]! > 0 && (majority < 0 || counts[k]! > counts[majority]! || (counts[k] === counts[majority] && first[k]! < first[majority]!))) majority = k;
  }
  return { usable, majority: majority < 0 ? ELSEWHERE : majority };
}

const OLD_DATUM_WARNING = {
  zh: '旧坐标系（西安80/北京54）：未做七参数转换，位置可能偏差数十米；请用本局的转换参数转为 CGCS2000 后再导入以获得准确面积和叠加结果',
  en: 'old datum (Xian 80 / Beijing 54): no 7-parameter shift is applied, so positions may be off by tens of metres; convert to CGCS2000 with the bureau\'s parameters for exact overlays',
};

function decide(crs: CrsCode, swapped: boolean, how: CrsDecision['how'], kinds: KindCodes, note: CrsDecision['note'], warning?: CrsDecision['warning']): CrsDecision {
  const want = kindCode(KIND_OF[crs]) + (swapped ? SWAPPED_KIND : 0);
  const fits = new Uint8Array(kinds.length);
  for (let i = 0; i < kinds.length; i++) fits[i] = kinds[i] === want ? 1 : 0;
  const datum = OLD_DATUM.has(crs) ? OLD_DATUM_WARNING : undefined;
  const w = warning && datum ? { zh: `${warning.zh}；${datum.zh}`, en: `${warning.en}; ${datum.en}` } : (warning ?? datum);
  return { crs, swapped, how, note, fits, ...(w ? { warning: w } : {}) };
}

/** The end of an overruled declaration's warning: the import lets the user choose (zone import does not, zones-file.ts). */
export const CHOOSE_ADVICE = { zh: '；如不对请手动选择', en: ' — change it if wrong' };

const swappedNote = { zh: '（X/Y 互换：文件先写北坐标）', en: ' (X and Y swapped: the file writes the northing first)' };

/**
 * The coordinate kind of each feature from its bounding box in file coordinates, `boxes[4i … 4i+3]`
 * (minX, minY, maxX, maxY), as its number in COORDINATE_KINDS; NO_KIND (255) for a feature with no
 * usable geometry (minX NaN) or no vertex (an empty box). Numbers, not strings: 300k buildings.
 */
export function coordinateKinds(boxes: Float64Array): KindCodes {
  const kinds = new Uint8Array(boxes.length / 4);
  for (let i = 0; i < kinds.length; i++) {
    const minX = boxes[4 * i]!, minY = boxes[4 * i + 1]!, maxX = boxes[4 * i + 2]!, maxY = boxes[4 * i + 3]!;
    kinds[i] = minX <= maxX && minY <= maxY ? classifyBox(minX, minY, maxX, maxY) : NO_KIND;
  }
  return kinds;
}

const countOf = (fits: Uint8Array): number => {
  let n = 0;
  for (let i = 0; i < fits.length; i++) n += fits[i]!;
  return n;
};

/**
 * `kinds[i]` is feature i's coordinate kind (coordinateKinds; NO_KIND when it has no usable geometry).
 * `override` is the user's choice; `swap` their X/Y choice (undefined = as detected).
 */
export function decideCrs(kinds: KindCodes, declared: DeclaredCrs | null, override?: CrsCode, swap?: boolean): CrsOutcome {
  const { usable, majority: code } = majorityKind(kinds);
  if (usable === 0) return { ok: false, text: { zh: '图层没有可用的坐标', en: 'the layer has no usable coordinates' } };
  const majority = COORDINATE_KINDS[code]!;
  const detectedSwap = code !== ELSEWHERE && code >= SWAPPED_KIND;

  if (override) {
    const swapped = swap ?? (kindCode(KIND_OF[override]) === unswapped(code) ? detectedSwap : false);
    const d = decide(override, swapped, 'user', kinds, { zh: `按用户选择读作 ${CRS_LABELS[override].zh}`, en: `read as ${CRS_LABELS[override].en}, as chosen` });
    if (countOf(d.fits) === 0) {
      return { ok: false, text: { zh: `按 ${CRS_LABELS[override].zh} 读取，没有一个要素落在瓯海区内；请换一个坐标系`, en: `read as ${CRS_LABELS[override].en}, no feature lies in Ouhai; choose another CRS` } };
    }
    return { ok: true, decision: d };
  }

  const detected = DETECTED_CRS[majority];
  if (declared?.crs) {
    const d = decide(declared.crs, swap ?? false, 'declared', kinds, { zh: `文件声明为 ${CRS_LABELS[declared.crs].zh}（${declared.text}），坐标范围相符`, en: `declared in the file as ${CRS_LABELS[declared.crs].en} (${declared.text}); the coordinates agree` });
    const fitting = countOf(d.fits);
    if (fitting * 2 >= usable || !detected) {
      if (fitting === 0) {
        return { ok: false, text: { zh: `文件声明为 ${declared.text}，但坐标不在瓯海区内；请确认文件覆盖瓯海区，或选择正确的坐标系`, en: `the file declares ${declared.text} but its coordinates are not in Ouhai; check that it covers Ouhai, or choose the right CRS` } };
      }
      return { ok: true, decision: d };
    }
    const warning = {
      zh: `文件声明为 ${declared.text}，但坐标明显是 ${CRS_LABELS[detected].zh}${detectedSwap ? swappedNote.zh : ''}，已按坐标读取${CHOOSE_ADVICE.zh}`,
      en: `the file declares ${declared.text} but its coordinates are plainly ${CRS_LABELS[detected].en}${detectedSwap ? swappedNote.en : ''}; read by the coordinates${CHOOSE_ADVICE.en}`,
    };
    return { ok: true, decision: decide(detected, detectedSwap, 'detected', kinds, { zh: `按坐标范围判断为 ${CRS_LABELS[detected].zh}`, en: `detected from the coordinate ranges as ${CRS_LABELS[detected].en}` }, warning) };
  }
  if (!detected) {
    const what = declared ? { zh: `文件声明的坐标系 ${declared.text} 本应用不支持，`, en: `the file declares ${declared.text}, which this app does not read, and ` } : { zh: '', en: '' };
    return {
      ok: false,
      text: {
        zh: `${what.zh}坐标不在任何支持的坐标系下的瓯海区范围内（4549：x 532 000–574 000，y 3 082 000–3 110 000；4528：x 前加 40；经纬度 120.3–120.8°E, 27.8–28.2°N）。请用 GIS 转为 EPSG:4549 后再导入`,
        en: `${what.en}the coordinates are not in Ouhai in any supported CRS (4549: x 532 000–574 000, y 3 082 000–3 110 000; 4528: 40 in front of x; lon/lat 120.3–120.8°E, 27.8–28.2°N). Reproject to EPSG:4549 in a GIS and import again`,
      },
    };
  }
  const swapped = swap ?? detectedSwap;
  const declaredUnsupported = declared ? { zh: `文件声明的 ${declared.text} 本应用不支持，`, en: `the file declares ${declared.text}, which this app does not read; ` } : undefined;
  const note = {
    zh: `文件未声明坐标系，按坐标范围判断为 ${CRS_LABELS[detected].zh}${swapped ? swappedNote.zh : ''}`,
    en: `no CRS in the file; detected from the coordinate ranges as ${CRS_LABELS[detected].en}${swapped ? swappedNote.en : ''}`,
  };
  const caveat = detected === 'EPSG:4490'
    ? undefined
    : { zh: '西安80/北京54 的坐标与之相近，老数据请核对', en: 'Xian 80 / Beijing 54 data look the same; check older files' };
  const warning = declaredUnsupported
    ? { zh: `${declaredUnsupported.zh}已按坐标读取`, en: `${declaredUnsupported.en}read by the coordinates` }
    : undefined;
  return { ok: true, decision: decide(detected, swapped, 'detected', kinds, caveat ? { zh: `${note.zh}（${caveat.zh}）`, en: `${note.en} (${caveat.en})` } : note, warning) };
}
