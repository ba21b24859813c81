/** Words for the loader's report: a problem as a sentence, bilingual values in the UI language. */
import type { Lang, MessageKey, Translate } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { isLayerNote, type Problem } from '../../io/loader/problems';
import type { Bilingual, LayerReport, LoadReport } from '../../io/loader/report';
import type { LayerRole } from '../../io/loader/roles';
import type { WorkerError } from '../../worker/protocol';

export const pick = (b: Bilingual, lang: Lang): string => (lang === 'en' ? b.en : b.zh) || b.zh || b.en;

export const roleLabel = (role: LayerRole, t: Translate): string => t(`role_${role}` as MessageKey);

/** "3 个要素没有几何图形，已跳过，不载入" / "3 features have no geometry; skipped, not loaded" / "1 feature has no geometry; …". */
export function problemText(p: Problem, lang: Lang, t: Translate): string {
  const text = pick(p.text, lang);
  // Layer notes (a datum warning, a reader's message, a unit read from the data) are whole sentences of their own.
  if (isLayerNote(p.code)) return p.count > 1 ? t('importProblemRepeat', { text, count: formatNumber(p.count, 0) }) : text;
  return t('importProblemLine', { count: formatNumber(p.count, 0), text: lang === 'en' && p.count === 1 ? (p.text.enOne ?? text) : text });
}

export interface Message {
  key: string;
  severity: 'error' | 'warning';
  /** Where: a layer or a file name (attribute text from the files: rendered as text only). */
  source: string;
  text: string;
  fix?: string;
}

/** Every blocker, file problem, blocked layer and layer problem of a report, as one compact list. */
export function reportMessages(report: LoadReport, lang: Lang, t: Translate): Message[] {
  const out: Message[] = [];
  report.blockers.forEach((b, i) => out.push({ key: `b${i}`, severity: 'error', source: report.identity.name, text: pick(b, lang) }));
  report.fileProblems.forEach((p, i) => {
    const fix = pick(p.fix, lang);
    out.push({ key: `f${i}`, severity: 'error', source: p.file, text: pick(p.text, lang), ...(fix ? { fix } : {}) });
  });
  for (const l of report.layers) {
    if (l.blocked) out.push({ key: `${l.key}:blocked`, severity: 'error', source: l.name, text: t('importLayerBlocked', { why: pick(l.blocked, lang) }) });
    l.problems.forEach((p, i) => out.push({ key: `${l.key}:${i}`, severity: p.severity, source: l.name, text: problemText(p, lang, t) }));
  }
  return out;
}

/** Features of imported layers that will not load (the user's 不导入 layers are not counted). */
export const skippedCount = (layers: readonly LayerReport[]): number =>
  layers.reduce((n, l) => (l.role === 'ignore' ? n : n + Math.max(0, l.featureCount - l.accepted)), 0);

export const FORMAT_LABELS: Record<LayerReport['format'], string> = {
  shapefile: 'Shapefile', geojson: 'GeoJSON', flatgeobuf: 'FlatGeobuf', csv: 'CSV',
};

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${formatNumber(n / 1024, 1)} KB`;
  return `${formatNumber(n / (1024 * 1024), 1)} MB`;
}

/** A worker error in the user's words: its bilingual details when it has any. */
export function errorLines(error: WorkerError, lang: Lang, t: Translate): string[] {
  if (error.details?.length) return error.details.map((d) => pick(d, lang));
  if (error.code === 'no-import') return [t('errorNoImport')];
  return [error.message];
}
