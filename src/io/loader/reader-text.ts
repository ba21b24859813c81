/**
 * Chinese for the readers' messages. Readers name problems in English (the CLI's language, and the one
 * their tests pin); the app is Chinese first, so the loader puts a Chinese sentence of the same meaning in
 * front, keeping the English detail (line, record, byte counts) in brackets where it helps.
 */
import type { Bilingual } from './report';

interface Pattern {
  test: RegExp;
  zh: (m: RegExpExecArray, en: string) => string;
  fix: string;
}

const REEXPORT = '请从 GIS 软件重新导出该图层，或重新复制文件（复制或下载可能中断）';

const PATTERNS: readonly Pattern[] = [
  { test: /not valid JSON: the error is at line (\d+), column (\d+)/, zh: (m) => `不是有效的 JSON：第 ${m[1]} 行第 ${m[2]} 列有错误`, fix: '请从 GIS 软件重新导出，或用文本编辑器在该位置修复' },
  { test: /not valid JSON/, zh: () => '不是有效的 JSON，文件可能不完整', fix: '请从 GIS 软件重新导出，或用文本编辑器修复' },
  { test: /^The file is empty/, zh: () => '文件是空的', fix: '请选择存有该图层的文件' },
  { test: /has no features/, zh: () => '文件中没有要素', fix: '请选择正确的文件，或带要素重新导出' },
  { test: /not a FeatureCollection/, zh: () => '不是 GeoJSON 要素集合（FeatureCollection）', fix: '请导出为 GeoJSON 要素集合（每个地块一个 Feature）' },
  { test: /is not a GeoJSON Feature/, zh: () => '其中有一项不是 GeoJSON 要素（Feature）', fix: '每一项都应为 {"type": "Feature", "geometry": …, "properties": …}' },
  { test: /The \.shp of .* is missing/, zh: () => '缺少 .shp 文件（图形存放在 .shp 中）', fix: '请同时选择 .shp、.shx、.dbf、.prj、.cpg，或选择包含它们的 .zip' },
  { test: /not a \.shp file/, zh: () => '不是 .shp 文件（文件头不是 Shapefile 标识）', fix: REEXPORT },
  { test: /not FlatGeobuf|"fgb" signature|magic/i, zh: () => '不是 FlatGeobuf 文件（文件头标识不符）', fix: '请导出为 FlatGeobuf，例如 ogr2ogr -f FlatGeobuf out.fgb in.shp' },
  { test: /promises ([\d,]+) features but .* holds ([\d,]+)/, zh: (m) => `文件头声明 ${m[1]} 个要素，实际只有 ${m[2]} 个：文件不完整`, fix: REEXPORT },
  { test: /cut short|ends after|truncated|claims .* bytes|only [\d,]+ bytes|damaged/i, zh: () => '文件不完整或已损坏', fix: REEXPORT },
  { test: /quote/i, zh: () => 'CSV 中有未闭合的引号', fix: '请检查该行的引号是否成对，或从 Excel 重新另存为 CSV' },
  { test: /is not a text encoding/, zh: () => '浏览器不认识该字符编码', fix: '请选择 GB18030（GBK）、UTF-8、Big5 或 Windows-1252' },
  { test: /does not exist/, zh: () => '文件不存在', fix: '请检查路径' },
  { test: /more than may be read at once|more than the .* that may be/, zh: () => '文件太大，超过一次可以读取的上限（服务器不支持按范围读取，只能整个下载；或所选范围太大）', fix: '请让服务器支持 Range 请求（在其他网站时还需以 CORS 公开 Content-Range），只下载视野内的部分；或缩小范围、把文件拆成较小的几个' },
  { test: /The server sent more than the .* asked for/, zh: () => '服务器发送的数据超过所请求的范围', fix: '请检查地址；服务器须正确支持 Range 请求（在其他网站时还需以 CORS 公开 Content-Range）' },
  { test: /The server could not be reached/, zh: () => '无法连接服务器', fix: '请检查地址和网络；服务器须支持 Range 请求' },
  { test: /The server answered (\d+)/, zh: (m) => `服务器返回 ${m[1]}，没有给出文件`, fix: '请检查地址是否正确、文件是否仍在服务器上' },
  { test: /is on another site \(([^)]+)\)/, zh: (m) => `文件在其他网站（${m[1]}），本页面无法连接：本页面的内容安全策略默认只允许连接本站（connect-src，以免数据外传），或该服务器不允许本站访问（CORS），或服务器不可用`, fix: '请把文件放到本站；或请部署本应用的管理员在内容安全策略（index.html 与服务器响应头）的 connect-src 中加入该网站，并让该服务器以 CORS 允许本站、公开 Content-Range、支持 Range 请求' },
];

/** The reader's problem and fix in both languages. */
export function readerText(problem: string, fix: string): { text: Bilingual; fix: Bilingual } {
  for (const p of PATTERNS) {
    const m = p.test.exec(problem);
    if (m) return { text: { zh: `${p.zh(m, problem)}（${problem}）`, en: problem }, fix: { zh: p.fix, en: fix } };
  }
  return { text: { zh: `文件无法读取（${problem}）`, en: problem }, fix: { zh: REEXPORT, en: fix } };
}

interface WarningPattern {
  test: RegExp;
  zh: (m: RegExpExecArray) => string;
}

const PICK_ALL_ZH = '请同时选择 .shp、.shx、.dbf、.prj、.cpg，或选择包含它们的 .zip';

/** The readers' warnings (a layer is read, with something to know), in Chinese. */
const WARNINGS: readonly WarningPattern[] = [
  { test: /there is no \.dbf beside (.+?), so/, zh: (m) => `${m[1]} 旁没有 .dbf 文件：图形没有属性（没有地块编号、名称和数值）。${PICK_ALL_ZH}` },
  { test: /the \.dbf says it has ([\d,]+) records but holds only ([\d,]+)/, zh: (m) => `.dbf 声明 ${m[1]} 条记录，实际只有 ${m[2]} 条（文件被截断），缺少的记录未读取` },
  { test: /the \.shp has ([\d,]+) records but the \.dbf ([\d,]+); only the first ([\d,]+)/, zh: (m) => `.shp 有 ${m[1]} 条记录而 .dbf 有 ${m[2]} 条，只按记录号读取了前 ${m[3]} 条；请确认 .shp 与 .dbf 属于同一图层` },
  { test: /([\d,]+) records? (?:is|are) marked deleted/, zh: (m) => `${m[1]} 条记录在 .dbf 中标为已删除，未读取` },
  { test: /([\d,]+) records? ha(?:s|ve) rings wound against the Shapefile rule/, zh: (m) => `${m[1]} 条记录的环方向不符合 Shapefile 规定（外环应为顺时针、内环逆时针）；已按环的相互包含关系区分外环与内环，面积与 GIS 的算法一致（扣除内环）` },
  { test: /the \.cpg says "(.*?)", a code page this app does not know; the text was read as ([^ ]+)/, zh: (m) => `.cpg 写的是“${m[1]}”，本应用不认识该代码页；文字已按 ${m[2]} 读取，请在预览中核对` },
  { test: /the \.cpg says .* but the attribute text is not UTF-8; it was read as GBK/, zh: () => '.cpg 写的是 UTF-8，但属性内容不是 UTF-8，已按 GBK（GB18030）读取；请核对中文是否正确，并在 GIS 中改正 .cpg' },
  { test: /field (.+?) is a memo field/, zh: (m) => `字段 ${m[1]} 是备注字段，其文字在未读取的 .dbt/.fpt 文件中，已留空` },
  { test: /^([\d,]+) values? of (.+?) \(type \w\) could not be read/, zh: (m) => `字段 ${m[2]} 有 ${m[1]} 个值无法读取，已留空` },
  { test: /the column name "(.+?)" appears (\d+) times; column (\d+) is read as "(.+?)"/, zh: (m) => `列名“${m[1]}”出现 ${m[2]} 次，第 ${m[3]} 列按“${m[4]}”读取` },
  { test: /the file is not UTF-8; read it as GB18030/, zh: () => '文件不是 UTF-8 编码，已按 GB18030（GBK）中文读取' },
  { test: /^row (\d+) \(line (\d+)\) has (\d+) values where the header has (\d+) columns/, zh: (m) => `第 ${m[1]} 行（文件第 ${m[2]} 行）有 ${m[3]} 个值，而表头有 ${m[4]} 列` },
  { test: /^row (\d+) \(line (\d+)\): .* is not valid WKT/, zh: (m) => `第 ${m[1]} 行（文件第 ${m[2]} 行）的 WKT 图形无效，该行按无图形读取` },
  { test: /^row (\d+) \(line (\d+)\): the coordinates .* are not two numbers/, zh: (m) => `第 ${m[1]} 行（文件第 ${m[2]} 行）的坐标不是两个数值，该行按无图形读取` },
  { test: /^and ([\d,]+) more rows/, zh: (m) => `另有 ${m[1]} 行同样情况` },
];

/** A reader's warning in both languages: a Chinese sentence, the English detail in brackets. */
export function readerWarningText(message: string): Bilingual {
  for (const w of WARNINGS) {
    const m = w.test.exec(message);
    if (m) return { zh: w.zh(m), en: message };
  }
  return { zh: `读取提示（${message}）`, en: message };
}
